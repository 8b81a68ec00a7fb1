package risk_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
)

// TestStarterRisks: the starter lists the risks the shipped scenarios drill,
// under the ids they use, plus two no scenario drills.
func TestStarterRisks(t *testing.T) {
	reg := risk.Starter()
	want := map[string][]string{
		"customer-data-stolen":        {"retail-card-breach"},
		"ransomware-leak-threat":      {"ransomware-extortion"},
		"vendor-breach":               {"vendor-breach"},
		"misdirected-sensitive-email": {"misdirected-phi-email"},
		"account-takeover":            {"credential-stuffing"},
		"exposed-cloud-storage":       {"cloud-bucket-exposed"},
		"executive-statement":         nil,
		"insider-data-sale":           nil,
		"children-data-exposed":       {"tutoring-app-leak"},
		"insider-leak-to-press":       {"insider-press-leak"},
		"extortion-claim-public":      {"leak-site-claim"},
	}
	if len(reg.Risks) != len(want) {
		t.Errorf("%d risks, want %d", len(reg.Risks), len(want))
	}
	ids := make([]string, len(reg.Risks))
	partial, withLoss := 0, 0
	for i, r := range reg.Risks {
		ids[i] = r.ID
		sc, ok := want[r.ID]
		if !ok {
			t.Errorf("unexpected risk %q", r.ID)
			continue
		}
		if !reflect.DeepEqual(r.Scenarios, sc) {
			t.Errorf("%s: scenarios %v, want %v", r.ID, r.Scenarios, sc)
		}
		if r.Owner == "" || r.Treatment == "" || !r.Plan.Exists() || len(r.Plan.Steps) == 0 {
			t.Errorf("%s: owner %q treatment %q plan %+v", r.ID, r.Owner, r.Treatment, r.Plan)
		}
		if strings.Count(r.Title, ". ") > 0 || !strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: the title is not one sentence: %q", r.ID, r.Title)
		}
		if len(r.Plan.Principles) < 7 {
			partial++
		}
		if r.HasLossEstimate() {
			withLoss++
		}
	}
	if !slices.IsSorted(ids) {
		t.Errorf("risks not in id order: %v", ids)
	}
	if partial < 3 || partial == len(reg.Risks) {
		t.Errorf("%d plans miss a principle; want some, not all", partial)
	}
	if withLoss < 3 || withLoss == len(reg.Risks) {
		t.Errorf("%d risks have a loss estimate; want some, not all", withLoss)
	}
	// A new value every time.
	reg.Risks[0].Title = "changed"
	if risk.Starter().Risks[0].Title == "changed" {
		t.Error("Starter shares its risks between calls")
	}
}

// TestStarterMatchesScenarios: every shipped scenario's risk is in the
// starter, and every scenario the starter names is shipped.
func TestStarterMatchesScenarios(t *testing.T) {
	reg := risk.Starter()
	files, _ := filepath.Glob("../../scenarios/*.toml")
	riskLine := regexp.MustCompile(`(?m)^risk = "([^"]+)"`)
	idLine := regexp.MustCompile(`(?m)^id = "([^"]+)"`)
	shipped := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := riskLine.FindSubmatch(src)
		if m == nil {
			continue
		}
		id := string(idLine.FindSubmatch(src)[1])
		shipped[id] = true
		r := reg.Risk(string(m[1]))
		if r == nil {
			t.Errorf("%s drills %q, which the starter does not list", id, m[1])
			continue
		}
		if !slices.Contains(r.Scenarios, id) {
			t.Errorf("the starter's %s does not name %s among its scenarios", r.ID, id)
		}
	}
	for _, r := range reg.Risks {
		for _, sc := range r.Scenarios {
			if !shipped[sc] {
				t.Errorf("%s names %q, which is not a shipped scenario", r.ID, sc)
			}
		}
	}
}

// TestStarterRoundTrip: the starter's canonical TOML parses back to an
// equal register, without warnings, and passes the schema.
func TestStarterRoundTrip(t *testing.T) {
	g := rubric(t)
	reg := risk.Starter()
	if reg.Guidance == nil || len(reg.Guidance.Principles) != 7 {
		t.Fatal("the starter is not tied to the shipped rubric")
	}
	out := reg.Marshal()
	back, err := engine.ParseRegister(engine.DefaultRegisterFile, out, g)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(back.Warnings) > 0 {
		t.Errorf("warnings: %v", back.Warnings)
	}
	if !reflect.DeepEqual(back, reg) {
		t.Errorf("the starter does not round-trip:\n got %+v\nwant %+v", back, reg)
	}
	if again := back.Marshal(); !bytes.Equal(again, out) {
		t.Error("Marshal of the starter is not a fixed point")
	}

	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(engine.RegisterSchema(g)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("risks.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("risks.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if _, err := toml.Decode(string(out), &m); err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(m)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("the starter fails the schema: %v", err)
	}
}

// TestStarterSaveLoad: the starter saved to disk loads back equal.
func TestStarterSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), engine.DefaultRegisterFile)
	reg := risk.Starter()
	if err := engine.SaveRegister(path, reg); err != nil {
		t.Fatal(err)
	}
	back, err := engine.LoadRegister(path, rubric(t))
	if err != nil {
		t.Fatal(err)
	}
	reg.File = path
	if !reflect.DeepEqual(back, reg) {
		t.Error("the saved starter loads back different")
	}
}

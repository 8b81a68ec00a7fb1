package engine_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

func rubric(t testing.TB) *engine.Guidance {
	t.Helper()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	return g[engine.DefaultGuidance]
}

// compareDiagnostics compares the diagnostics of a fixture with the .err
// file beside it, which go test -update rewrites.
func compareDiagnostics(t *testing.T, f string, ds engine.Diagnostics) {
	t.Helper()
	for _, d := range ds {
		if d.Line < 1 || d.Col < 1 {
			t.Errorf("diagnostic without a position: %v", d)
		}
		if d.Hint == "" {
			t.Errorf("diagnostic without a hint: %v", d)
		}
		if strings.Contains(d.Hint, "scenario-format") || strings.Contains(d.Message, "scenario file") {
			t.Errorf("a register diagnostic speaks of scenarios: %v (hint %q)", d, d.Hint)
		}
	}
	got := strings.ReplaceAll(ds.Error(), filepath.Dir(f)+string(filepath.Separator), "") + "\n"
	checkGolden(t, strings.TrimSuffix(f, ".toml")+".err", []byte(got))
}

// TestRegisterInvalid loads every file in testdata/risks/invalid and compares
// its errors, positions included, with the .err file beside it.
func TestRegisterInvalid(t *testing.T) {
	g := rubric(t)
	files, _ := filepath.Glob("../testdata/risks/invalid/*.toml")
	if len(files) < 15 {
		t.Fatalf("only %d invalid fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := engine.LoadRegister(f, g)
			var ds engine.Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("want diagnostics, got %v", err)
			}
			for _, d := range ds {
				if d.Severity != engine.Error {
					t.Errorf("a warning among the errors: %v", d)
				}
			}
			compareDiagnostics(t, f, ds)
		})
	}
}

// TestRegisterWarnings loads the files in testdata/risks/warnings: they load,
// and their warnings are those of the .err file beside them.
func TestRegisterWarnings(t *testing.T) {
	g := rubric(t)
	files, _ := filepath.Glob("../testdata/risks/warnings/*.toml")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			reg, err := engine.LoadRegister(f, g)
			if err != nil {
				t.Fatal(err)
			}
			if len(reg.Warnings) == 0 {
				t.Fatal("no warnings")
			}
			compareDiagnostics(t, f, reg.Warnings)
		})
	}
}

// TestRegisterValid loads every valid fixture without errors or warnings.
func TestRegisterValid(t *testing.T) {
	g := rubric(t)
	files, _ := filepath.Glob("../testdata/risks/valid/*.toml")
	if len(files) < 3 {
		t.Fatalf("only %d valid fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			reg, err := engine.LoadRegister(f, g)
			if err != nil {
				t.Fatal(err)
			}
			if len(reg.Warnings) > 0 {
				t.Errorf("warnings: %v", reg.Warnings)
			}
		})
	}
}

// TestRegisterValues checks what the loader makes of every key.
func TestRegisterValues(t *testing.T) {
	reg, err := engine.LoadRegister("../testdata/risks/valid/full.toml", rubric(t))
	if err != nil {
		t.Fatal(err)
	}
	if reg.Title != "Northwind Outfitters risk register" || reg.Currency != "EUR" || reg.Schema != "./ttx-risks.schema.json" {
		t.Errorf("header: %q %q %q", reg.Title, reg.Currency, reg.Schema)
	}
	if !reflect.DeepEqual(reg.Bands, engine.DefaultBands) {
		t.Errorf("bands %v", reg.Bands)
	}
	if len(reg.Risks) != 2 || reg.Risks[0].ID != "customer-data-stolen" || reg.Risks[1].ID != "executive-statement" {
		t.Fatalf("risks %v", reg.Risks)
	}
	r := reg.Risks[0]
	want := engine.Risk{
		ID:                 "customer-data-stolen",
		Title:              "An attacker exploits an unpatched web server, steals customer records and the theft becomes public.",
		Description:        "The online shop keeps **names, addresses and order history** for 400,000 customers.\nA breach would reach the press within days.\n",
		Category:           "cyber",
		Owner:              "CISO",
		Likelihood:         3,
		Impact:             5,
		ResidualLikelihood: 2,
		ResidualImpact:     5,
		Treatment:          engine.TreatReduce,
		Scenarios:          []string{"retail-card-breach"},
		Review:             time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC),
		AnnualProbability:  0.12,
		LossLow:            200000,
		LossHigh:           6000000,
		Plan: engine.Plan{
			Text:       "Contain first, then tell customers directly.",
			File:       "playbooks/data-breach.md",
			Principles: []string{"prepare", "contain", "notify"},
			Steps: []engine.PlanStep{
				{Who: "CISO", What: "Close the hole and confirm outsiders are out."},
				{Who: "Head of Comms", What: "Draft the customer notice with Legal."},
			},
		},
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got  %+v\nwant %+v", r, want)
	}
	if r.Severity() != 15 || reg.BandOf(r.Severity()).Name != "high" || r.ResidualSeverity() != 10 {
		t.Errorf("severity %d band %v residual %d", r.Severity(), reg.BandOf(r.Severity()), r.ResidualSeverity())
	}
	if p := reg.PlanPath(&r); p != filepath.Join("../testdata/risks/valid", "playbooks/data-breach.md") {
		t.Errorf("plan path %q", p)
	}
	e := reg.Risks[1]
	if e.Likelihood != 2 || e.Impact != 4 || !e.Review.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) || e.Plan.Exists() || e.HasLossEstimate() {
		t.Errorf("executive-statement: %+v", e)
	}

	custom, err := engine.LoadRegister("../testdata/risks/valid/custom-bands.toml", rubric(t))
	if err != nil {
		t.Fatal(err)
	}
	wantBands := []engine.Band{{"low", 1}, {"medium", 4}, {"high", 12}, {"critical", 20}}
	if !reflect.DeepEqual(custom.Bands, wantBands) {
		t.Errorf("bands %v", custom.Bands)
	}
	if a := custom.Risks[0]; a.Likelihood != 5 || a.Impact != 2 || custom.BandOf(a.Severity()).Name != "medium" {
		t.Errorf("account-takeover: %+v", a)
	}
}

// sameRegister compares two registers, ignoring their warnings.
func sameRegister(t *testing.T, got, want *engine.Register) {
	t.Helper()
	g, w := *got, *want
	g.Warnings, w.Warnings = nil, nil
	if !reflect.DeepEqual(g, w) {
		gj, _ := json.MarshalIndent(g.Risks, "", " ")
		wj, _ := json.MarshalIndent(w.Risks, "", " ")
		t.Errorf("registers differ\n got: %+v\n%s\nwant: %+v\n%s", g, gj, w, wj)
	}
}

// TestRegisterRoundTrip: Marshal then Parse gives an equal register, and
// Marshal is a fixed point.
func TestRegisterRoundTrip(t *testing.T) {
	g := rubric(t)
	files, _ := filepath.Glob("../testdata/risks/valid/*.toml")
	files = append(files, "../testdata/risks/warnings/warnings.toml")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			reg, err := engine.LoadRegister(f, g)
			if err != nil {
				t.Fatal(err)
			}
			out := reg.Marshal()
			back, err := engine.ParseRegister(f, out, g)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			sameRegister(t, back, reg)
			if again := back.Marshal(); !bytes.Equal(again, out) {
				t.Errorf("Marshal is not canonical:\n%s\n---\n%s", out, again)
			}
		})
	}
}

// TestRegisterRoundTripOddText: any text survives Marshal and Parse.
func TestRegisterRoundTripOddText(t *testing.T) {
	g := rubric(t)
	odd := []string{
		`quotes " and 'single' and \ backslash`,
		"three quotes \"\"\" inside\nand a newline",
		"ends with a quote\"",
		"ends with a newline\n",
		"\nstarts with a newline",
		"tab\there, unicode: é 日本 🙂, #not a comment",
		"\"\"\"\n\"\"\"",
		`\n is not an escape here`,
		"trailing backslash\\\nnext line",
	}
	for _, s := range odd {
		reg := &engine.Register{
			File: "odd.toml", Title: s, Currency: s, Bands: engine.DefaultBands, Guidance: g,
			Risks: []engine.Risk{{
				ID: "odd", Title: s, Description: s, Category: s, Owner: "x" + s, Likelihood: 1, Impact: 1, Treatment: engine.TreatAccept,
				Plan: engine.Plan{Text: s, Steps: []engine.PlanStep{{Who: "y" + s, What: "z" + s}}},
			}},
		}
		out := reg.Marshal()
		back, err := engine.ParseRegister("odd.toml", out, g)
		if err != nil {
			t.Fatalf("%q: %v\n%s", s, err, out)
		}
		// The loader trims the owner and the steps.
		reg.Risks[0].Owner = strings.TrimSpace(reg.Risks[0].Owner)
		reg.Risks[0].Plan.Steps[0] = engine.PlanStep{Who: strings.TrimSpace("y" + s), What: strings.TrimSpace("z" + s)}
		sameRegister(t, back, reg)
	}
}

// TestRegisterMarshalShape: the canonical form sorts the risks, writes the
// header, the schema line and the scales' labels, and leaves out empty keys.
func TestRegisterMarshalShape(t *testing.T) {
	reg := &engine.Register{
		Schema: "./ttx-risks.schema.json",
		Risks: []engine.Risk{
			{ID: "zeta", Title: "Z.", Owner: "CEO", Likelihood: 5, Impact: 1, Treatment: engine.TreatAvoid},
			{ID: "alpha", Title: "A.", Owner: "CFO", Likelihood: 1, Impact: 5, Treatment: engine.TreatAccept, AnnualProbability: 0.05, LossLow: 1500.5, LossHigh: 12345678},
		},
	}
	out := string(reg.Marshal())
	for _, want := range []string{
		"#:schema ./ttx-risks.schema.json\n# ttx risk register",
		"\n[bands]  # the least likelihood x impact of each band\nlow = 1\nmedium = 5\nhigh = 10\ncritical = 17\n",
		"likelihood = 1  # rare\nimpact = 5  # catastrophic\n",
		"annual_probability = 0.05\nloss_low = 1500.5\nloss_high = 12_345_678\n",
		"comments other than this header are not\n# kept.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Index(out, `id = "alpha"`) > strings.Index(out, `id = "zeta"`) {
		t.Error("risks are not in id order")
	}
	for _, absent := range []string{"[register]", "description", "category", "review", "scenarios", "[risks.plan]", "residual"} {
		if strings.Contains(out, absent) {
			t.Errorf("empty key %q written", absent)
		}
	}
	if _, err := engine.ParseRegister("shape.toml", []byte(out), rubric(t)); err != nil {
		t.Fatal(err)
	}
}

// TestSaveRegister: saving writes the canonical form atomically, keeps the
// previous version as .bak and the file's permissions.
func TestSaveRegister(t *testing.T) {
	g := rubric(t)
	dir := t.TempDir()
	path := filepath.Join(dir, engine.DefaultRegisterFile)
	reg, err := engine.LoadRegister("../testdata/risks/valid/minimal.toml", g)
	if err != nil {
		t.Fatal(err)
	}
	if err := engine.SaveRegister(path, reg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".bak"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a first save leaves a backup: %v", err)
	}
	first, _ := os.ReadFile(path)
	if !bytes.Equal(first, reg.Marshal()) {
		t.Error("the saved file is not the canonical form")
	}
	if runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	reg.Risks[0].Likelihood = 5
	if err := engine.SaveRegister(path, reg); err != nil {
		t.Fatal(err)
	}
	bak, _ := os.ReadFile(path + ".bak")
	if !bytes.Equal(bak, first) {
		t.Errorf("the backup is not the previous version:\n%s", bak)
	}
	back, err := engine.LoadRegister(path, g)
	if err != nil {
		t.Fatal(err)
	}
	if back.Risks[0].Likelihood != 5 {
		t.Error("the change was not saved")
	}
	if runtime.GOOS != "windows" {
		for _, p := range []string{path, path + ".bak"} {
			if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v, want 0600", p, st.Mode().Perm())
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := engine.SaveRegister(filepath.Join(dir, "missing", "risks.toml"), reg); err == nil {
		t.Error("saving into a missing folder succeeded")
	}
}

// TestRegisterLoadErrors covers errors about the file rather than its
// content, and files that are not text.
func TestRegisterLoadErrors(t *testing.T) {
	g := rubric(t)
	if _, err := engine.LoadRegister(filepath.Join(t.TempDir(), "nope.toml"), g); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
	for _, tc := range []struct{ name, src, want string }{
		{"nul", "[[risks]]\nid = \"a\x00\"\n", "reg.toml:2:8: the file contains a NUL byte"},
		{"utf8", "[[risks]]\ntitle = \"\xff\"\n", "reg.toml:2:10: the file is not valid UTF-8 text"},
		{"deep", "x = " + strings.Repeat("[", 20) + strings.Repeat("]", 20) + "\n", "reg.toml:1:"},
	} {
		_, err := engine.ParseRegister("reg.toml", []byte(tc.src), g)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "scenario") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestRegisterWithoutGuidance: with no rubric, any principle id is accepted
// and kept in the file's order.
func TestRegisterWithoutGuidance(t *testing.T) {
	src := `[[risks]]
id = "a"
title = "A."
owner = "CEO"
likelihood = 1
impact = 1
treatment = "accept"
  [risks.plan]
  principles = ["zeta", "alpha"]
`
	reg, err := engine.ParseRegister("a.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := reg.Risks[0].Plan.Principles; !reflect.DeepEqual(got, []string{"zeta", "alpha"}) {
		t.Errorf("principles %v", got)
	}
}

func registerSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(engine.RegisterSchema(rubric(t))))
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
	return s
}

// TestRegisterSchema: the schema accepts the valid fixtures and their
// canonical form, and rejects what editors should flag.
func TestRegisterSchema(t *testing.T) {
	s := registerSchema(t)
	g := rubric(t)
	files, _ := filepath.Glob("../testdata/risks/valid/*.toml")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		if err := s.Validate(tomlAsJSON(t, src)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		reg, err := engine.ParseRegister(f, src, g)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(tomlAsJSON(t, reg.Marshal())); err != nil {
			t.Errorf("%s, canonical: %v", f, err)
		}
	}
	for _, f := range []string{"unknown-key", "unknown-treatment", "unknown-principle", "scale-out-of-range", "bands-out-of-range", "probability-out-of-range", "missing-required", "wrong-type", "bad-id"} {
		src, err := os.ReadFile("../testdata/risks/invalid/" + f + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(tomlAsJSON(t, src)); err == nil {
			t.Errorf("%s passes the schema", f)
		}
	}
	if !json.Valid(engine.RegisterSchema(nil)) {
		t.Error("the schema without a rubric is not JSON")
	}
}

// TestRegisterDocs: the complete example of docs/risk-register.md is the
// fixture it says it is, and the errors it shows are the fixture's.
func TestRegisterDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/risk-register.md")
	if err != nil {
		t.Fatal(err)
	}
	block := func(fence string, n int) string {
		parts := strings.Split(string(doc), "```"+fence+"\n")
		if len(parts) <= n {
			t.Fatalf("no %s block %d", fence, n)
		}
		return parts[n][:strings.Index(parts[n], "```")]
	}
	full, err := os.ReadFile("../testdata/risks/valid/full.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := block("toml", 1); got != string(full) {
		t.Errorf("the example in the docs is not testdata/risks/valid/full.toml:\n%s", got)
	}
	errs, err := os.ReadFile("../testdata/risks/invalid/many-problems.err")
	if err != nil {
		t.Fatal(err)
	}
	if got := block("text", 1); got != string(errs) {
		t.Errorf("the errors in the docs are not many-problems.err:\n%s", got)
	}
}

package riskmap

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

var (
	golden    = uitest.Golden
	checkFits = uitest.CheckFits
	riskKeys  = uitest.Keys
)

// riskGuidance is the shipped rubric: the seven principles.
func riskGuidance(t testing.TB) *engine.Guidance {
	t.Helper()
	gs, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	return gs[engine.DefaultGuidance]
}

// riskRegister has risks in different cells: two in L4 x I5, one in L2 x
// I3 (where card-breach's residual also lands), one in L5 x I2, and
// bucket-leak's residual in L2 x I4.
func riskRegister() *engine.Register {
	return &engine.Register{File: "risks.toml", Title: "Acme PR risks", Bands: engine.DefaultBands, Risks: []engine.Risk{
		{ID: "card-breach", Title: "Card data stolen from the tills reaches the press", Category: "payments", Owner: "CISO",
			Likelihood: 4, Impact: 5, ResidualLikelihood: 2, ResidualImpact: 3, Treatment: engine.TreatReduce,
			Plan: engine.Plan{Text: "Isolate the tills, call the acquirer, publish a holding statement within the hour.",
				Principles: []string{"prepare", "contain", "notify"},
				Steps:      []engine.PlanStep{{Who: "CISO", What: "isolates the tills"}, {Who: "Comms lead", What: "issues the holding statement"}}},
			Scenarios: []string{"retail-card-breach"}, Review: time.Date(2099, 3, 31, 0, 0, 0, 0, time.UTC)},
		{ID: "bucket-leak", Title: "A public cloud bucket exposes customer records", Owner: "Head of Cloud",
			Likelihood: 4, Impact: 5, ResidualLikelihood: 2, ResidualImpact: 4, Treatment: engine.TreatReduce,
			Plan:      engine.Plan{File: "playbooks/bucket.md", Principles: []string{"contain", "own"}},
			Scenarios: []string{"cloud-bucket-exposed"}, Review: time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC)},
		{ID: "vendor-breach", Title: "The payroll vendor is breached", Owner: "COO", Likelihood: 2, Impact: 3, Treatment: engine.TreatTransfer},
		{ID: "phish", Title: "Staff credentials are phished", Owner: "IT lead", Likelihood: 5, Impact: 2, Treatment: engine.TreatAccept},
	}}
}

// riskSaves records what Save was called with.
type riskSaves struct {
	regs []engine.Register
	fail error
}

func (s *riskSaves) save(r *engine.Register) error {
	if s.fail != nil {
		return s.fail
	}
	c := *r
	c.Risks = slices.Clone(r.Risks)
	s.regs = append(s.regs, c)
	return nil
}

// riskTest is the risk map screen in a terminal: the model, run as the
// root would run it (its View is the screen with the help).
type riskTest struct {
	*Model
	page *uitest.Page
}

// View is the screen over its help.
func (r *riskTest) View() string { return r.page.View() }

// went reports whether the screen asked to go back.
func (r *riskTest) went() bool {
	for _, n := range r.page.Navs {
		if n.Kind == common.NavBack {
			return true
		}
	}
	return false
}

// newRiskTest is the risk map of a register in a w by h terminal, with a
// fixed clock, saves recorded and the readiness of card-breach known.
func newRiskTest(t testing.TB, reg *engine.Register, w, h int) (*riskTest, *riskSaves) {
	t.Helper()
	saves := &riskSaves{}
	c := common.New(uitest.Plain(), nil, func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) })
	m := New(c, Config{Register: reg, Guidance: riskGuidance(t), Save: saves.save,
		Readiness: func(*engine.Register) (map[string][]string, error) {
			return map[string][]string{"card-breach": {"Drilled 3 times · last 2026-05-02", "Best score 82%"}}, nil
		}})
	return start(c, m, w, h), saves
}

// start runs m in a w by h terminal, its Init's work done.
func start(c *common.Common, m *Model, w, h int) *riskTest {
	r := &riskTest{Model: m, page: uitest.NewPage(c, m, w, h)}
	return riskSend(r, uitest.Messages(r.page.Init())...)
}

// riskSend feeds messages to the screen, running the commands they return
// (a save) as the program would.
func riskSend(r *riskTest, msgs ...tea.Msg) *riskTest {
	uitest.Send(r.page, msgs...)
	return r
}

func riskSized(r *riskTest, w, h int) *riskTest {
	r.page.Resize(w, h)
	return r
}

// riskIDs lists the ids of the risks in the cursor cell, residual ones
// with a leading dot.
func riskIDs(m *riskTest) []string {
	var out []string
	for _, e := range m.entries(m.curL, m.curI) {
		id := m.reg.Risks[e.idx].ID
		if e.residual {
			id = "·" + id
		}
		out = append(out, id)
	}
	return out
}

func riskFind(reg *engine.Register, id string) *engine.Risk {
	for i := range reg.Risks {
		if reg.Risks[i].ID == id {
			return &reg.Risks[i]
		}
	}
	return nil
}

func TestRiskMapGoldens(t *testing.T) {
	for _, s := range [][2]int{{100, 30}, {80, 24}} {
		m, _ := newRiskTest(t, riskRegister(), s[0], s[1])
		v := m.View()
		checkFits(t, v, s[0], s[1])
		golden(t, fmt.Sprintf("riskmap-%dx%d", s[0], s[1]), v)
		for _, want := range []string{"Risk map", "2·1 = 2 inherent, 1 residual", "card-breach", "bucket-leak", "CRITICAL", "1·1", "·1"} {
			if !strings.Contains(v, want) {
				t.Errorf("%v: the map lacks %q:\n%s", s, want, v)
			}
		}
	}
	m, _ := newRiskTest(t, riskRegister(), 80, 24)
	m = riskSend(m, riskKeys("j", "j", "h", "h", "tab", "j")...)
	golden(t, "riskmap-list-80x24", m.View())
	m = riskSend(m, riskKeys("e")...)
	golden(t, "riskform-edit-80x24", m.View())
}

// TestRiskMapCursor moves over the cells: the cursor's cell lists its
// risks, inherent then residual, and the detail follows the selection.
func TestRiskMapCursor(t *testing.T) {
	m, _ := newRiskTest(t, riskRegister(), 100, 30)
	if m.curL != 4 || m.curI != 5 || !slices.Equal(riskIDs(m), []string{"card-breach", "bucket-leak"}) {
		t.Fatalf("starts at L%d I%d with %v, want the most severe cell", m.curL, m.curI, riskIDs(m))
	}
	m = riskSend(m, riskKeys("j", "j", "h", "left")...)
	if m.curL != 2 || m.curI != 3 {
		t.Fatalf("at L%d I%d after j j h left", m.curL, m.curI)
	}
	if got := riskIDs(m); !slices.Equal(got, []string{"vendor-breach", "·card-breach"}) {
		t.Errorf("cell L2 I3 lists %v", got)
	}
	v := m.View()
	for _, want := range []string{"L2 unlikely × I3 moderate · 6 medium", "vendor-breach The payroll vendor", "·card-breach Card data", "The payroll vendor is breached", "COO"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
	// tab into the list; down selects the residual entry.
	m = riskSend(m, riskKeys("tab", "j")...)
	if m.focus != focusList || m.selected().ID != "card-breach" {
		t.Fatalf("focus %v, selected %v", m.focus, m.selected())
	}
	if v := m.View(); !strings.Contains(v, "Isolate the tills") || !strings.Contains(v, "Drilled 3 times") {
		t.Errorf("the detail does not show card-breach:\n%s", v)
	}
	// esc leaves the list, not the screen; the cursor stops at the edges.
	m = riskSend(m, riskKeys("esc", "k", "k", "k", "k", "k", "h", "right", "l", "l", "l", "l", "h", "h", "h")...)
	if m.focus != focusMap || m.curL != 5 || m.curI != 2 || !slices.Equal(riskIDs(m), []string{"phish"}) {
		t.Fatalf("at L%d I%d (focus %v) with %v, want L5 I2 with phish", m.curL, m.curI, m.focus, riskIDs(m))
	}
	// An empty cell says so; tab has nothing to go to.
	m = riskSend(m, riskKeys("j", "tab")...)
	if len(riskIDs(m)) != 0 || m.focus != focusMap || !strings.Contains(m.View(), "No risk sits in this cell") {
		t.Errorf("empty cell L4 I2:\n%s", m.View())
	}
	// esc on the map goes back.
	m = riskSend(m, riskKeys("esc")...)
	if !m.went() {
		t.Error("esc does not go back")
	}
}

// TestRiskMapDetail scrolls the detail pane and opens it full screen where
// the terminal is too small for it.
func TestRiskMapDetail(t *testing.T) {
	m, _ := newRiskTest(t, riskRegister(), 80, 24)
	if strings.Contains(m.View(), "Best score 82%") {
		t.Fatal("the end of the detail fits at 80x24: the scroll is not tested")
	}
	m = riskSend(m, riskKeys("pgdown", "pgdown")...)
	if v := m.View(); !strings.Contains(v, "Best score 82%") || !strings.Contains(v, "↑ more") {
		t.Errorf("pgdn did not scroll the detail:\n%s", v)
	}
	m = riskSend(m, riskKeys("tab", "j")...) // bucket-leak: overdue, a playbook file
	if v := m.View(); !strings.Contains(v, "2020-01-15 overdue") || !strings.Contains(v, "file: playbooks/") || !strings.Contains(v, "Misses     prepare, notify,") {
		t.Errorf("bucket-leak's detail:\n%s", v)
	}
	s, _ := newRiskTest(t, riskRegister(), 40, 12)
	if strings.Contains(s.View(), "Owner") {
		t.Errorf("a detail at 40x12:\n%s", s.View())
	}
	s = riskSend(s, riskKeys("enter")...)
	v := s.View()
	checkFits(t, v, 40, 12)
	if !s.full || !strings.Contains(v, "card-breach") || !strings.Contains(v, "CISO") {
		t.Errorf("enter did not open the detail:\n%s", v)
	}
	s = riskSend(s, riskKeys("esc")...)
	if s.full || !strings.Contains(s.View(), "impact →") {
		t.Errorf("esc did not close the detail:\n%s", s.View())
	}
}

// riskType types each field's text into the form in order: a field's
// existing text is cleared first, and nil skips a field.
func riskType(m *riskTest, fields ...*string) *riskTest {
	for i, f := range fields {
		if f != nil {
			m = riskSend(m, riskKeys("ctrl+u")...)
			if m.form.form.Focus() == rfPlan {
				m.form.form.SetValue(rfPlan, "")
			}
			if *f != "" {
				m = riskSend(m, riskKeys(*f)...)
			}
		}
		if i < len(fields)-1 {
			m = riskSend(m, riskKeys("tab")...)
		}
	}
	return m
}

func sp(s string) *string { return &s }

// riskChoose picks options of a choice field with its keys: from wherever
// the focus is, it tabs to the field, then for a choice of one presses →
// until the option is chosen, and for a choice of several moves over each
// option and presses space on those to pick or unpick.
func riskChoose(t *testing.T, m *riskTest, field int, want ...string) *riskTest {
	t.Helper()
	for m.form.form.Focus() != field {
		m = riskSend(m, riskKeys("tab")...)
	}
	if field == rfTreatment {
		for range 5 {
			if m.form.form.Value(field) == want[0] {
				return m
			}
			m = riskSend(m, riskKeys("right")...)
		}
		t.Fatalf("→ never chose %q", want[0])
	}
	for _, id := range riskGuidance(t).Principles {
		picked := slices.Contains(m.form.form.Values(field), id.ID)
		if picked != slices.Contains(want, id.ID) {
			m = riskSend(m, riskKeys("space")...)
		}
		m = riskSend(m, riskKeys("right")...)
	}
	if got := m.form.form.Values(field); !slices.Equal(got, want) {
		t.Fatalf("picked %q, want %q", got, want)
	}
	return m
}

func TestRiskMapAddRisk(t *testing.T) {
	m, saves := newRiskTest(t, riskRegister(), 100, 30)
	m = riskSend(m, riskKeys("a")...)
	if !m.formOpen || !m.Typing() || m.form.form.Value(rfLikelihood) != "4" || m.form.form.Value(rfImpact) != "5" {
		t.Fatalf("a did not open a form rated at the cursor cell: open %v, L %q I %q", m.formOpen, m.form.form.Value(rfLikelihood), m.form.form.Value(rfImpact))
	}
	// The rating filled in from the cell is replaced by what is typed.
	m = riskType(m, sp("press-leak"), sp("A journalist publishes leaked board minutes"), sp("General counsel"), sp("governance"))
	m = riskSend(m, riskKeys("tab", "3", "tab", "4", "tab", "2", "tab", "2")...)
	m = riskChoose(t, m, rfTreatment, "avoid")
	m = riskType(m, nil, sp("Call legal first."))
	m = riskChoose(t, m, rfPrinciples, "prepare", "own")
	m = riskType(m, nil, sp("retail-card-breach"), sp("2027-01-31"))
	m = riskSend(m, riskKeys("ctrl+s")...)
	if m.formOpen {
		t.Fatalf("the form is still open: %q\n%s", m.form.form.Errors(), m.View())
	}
	r := riskFind(m.reg, "press-leak")
	if len(m.reg.Risks) != 5 || r == nil {
		t.Fatalf("the register has %d risks, press-leak %v", len(m.reg.Risks), r)
	}
	want := engine.Risk{ID: "press-leak", Title: "A journalist publishes leaked board minutes", Owner: "General counsel", Category: "governance",
		Likelihood: 3, Impact: 4, ResidualLikelihood: 2, ResidualImpact: 2, Treatment: engine.TreatAvoid,
		Plan:      engine.Plan{Text: "Call legal first.", Principles: []string{"prepare", "own"}},
		Scenarios: []string{"retail-card-breach"}, Review: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}
	if fmt.Sprintf("%+v", *r) != fmt.Sprintf("%+v", want) {
		t.Errorf("added\n%+v\nwant\n%+v", *r, want)
	}
	if len(saves.regs) != 1 || riskFind(&saves.regs[0], "press-leak") == nil || len(saves.regs[0].Risks) != 5 || saves.regs[0].File != "risks.toml" {
		t.Fatalf("Save was called with %+v", saves.regs)
	}
	v := m.View()
	if !strings.Contains(v, "Saved to risks.toml: added press-leak.") {
		t.Errorf("no saved status:\n%s", v)
	}
	if m.curL != 3 || m.curI != 4 || m.selected().ID != "press-leak" {
		t.Errorf("the new risk is not selected: L%d I%d %v", m.curL, m.curI, m.selected())
	}
}

func TestRiskMapEditRisk(t *testing.T) {
	m, saves := newRiskTest(t, riskRegister(), 100, 30)
	before := *riskFind(m.reg, "card-breach")
	m = riskSend(m, riskKeys("e")...)
	if !m.formOpen || m.form.form.Value(rfID) != "card-breach" || m.form.form.Value(rfPlan) != before.Plan.Text ||
		m.form.form.Value(rfPrinciples) != "prepare, contain, notify" || m.form.form.Value(rfReview) != "2099-03-31" {
		t.Fatalf("e did not open the form on card-breach:\n%s", m.View())
	}
	m = riskType(m, nil, nil, sp("CFO"))
	m = riskType(m, nil, nil, sp("3")) // from the owner field: the likelihood
	m = riskSend(m, riskKeys("ctrl+s")...)
	if m.formOpen {
		t.Fatalf("the form is still open: %q", m.form.form.Errors())
	}
	r := riskFind(m.reg, "card-breach")
	if len(m.reg.Risks) != 4 || r.Owner != "CFO" || r.Likelihood != 3 || &m.reg.Risks[0] != r {
		t.Fatalf("after the edit: %+v", m.reg.Risks)
	}
	// What the form does not show is kept; everything else is as it was.
	after := *r
	after.Owner, after.Likelihood = before.Owner, before.Likelihood
	if fmt.Sprintf("%+v", after) != fmt.Sprintf("%+v", before) {
		t.Errorf("the edit changed more than the owner and likelihood:\n%+v\n%+v", after, before)
	}
	if len(saves.regs) != 1 || riskFind(&saves.regs[0], "card-breach").Owner != "CFO" {
		t.Errorf("Save was called with %+v", saves.regs)
	}
	if !strings.Contains(m.View(), "Saved to risks.toml: updated card-breach.") || m.curL != 3 || m.curI != 5 {
		t.Errorf("after the edit, at L%d I%d:\n%s", m.curL, m.curI, m.View())
	}
	// esc cancels an edit: nothing changes, nothing is saved.
	m = riskSend(m, riskKeys("e")...)
	m = riskType(m, nil, sp("Changed"))
	m = riskSend(m, riskKeys("esc", "y")...)
	if m.formOpen || riskFind(m.reg, "card-breach").Title != before.Title || len(saves.regs) != 1 {
		t.Errorf("esc did not cancel: open %v, %d saves", m.formOpen, len(saves.regs))
	}
}

func TestRiskMapDeleteRisk(t *testing.T) {
	m, saves := newRiskTest(t, riskRegister(), 100, 30)
	m = riskSend(m, riskKeys("tab", "j", "x")...)
	if !m.confirm || !strings.Contains(m.View(), "Delete the risk bucket-leak?") {
		t.Fatalf("x did not ask:\n%s", m.View())
	}
	checkFits(t, m.View(), 100, 30)
	m = riskSend(m, riskKeys("n")...)
	if m.confirm || len(m.reg.Risks) != 4 || len(saves.regs) != 0 {
		t.Fatalf("n deleted: confirm %v, %d risks, %d saves", m.confirm, len(m.reg.Risks), len(saves.regs))
	}
	m = riskSend(m, riskKeys("x", "esc")...)
	if m.confirm || len(m.reg.Risks) != 4 {
		t.Fatal("esc did not keep the risk")
	}
	m = riskSend(m, riskKeys("x", "y")...)
	if len(m.reg.Risks) != 3 || riskFind(m.reg, "bucket-leak") != nil {
		t.Fatalf("y did not delete: %+v", m.reg.Risks)
	}
	if len(saves.regs) != 1 || len(saves.regs[0].Risks) != 3 || riskFind(&saves.regs[0], "bucket-leak") != nil {
		t.Fatalf("Save was called with %+v", saves.regs)
	}
	if v := m.View(); !strings.Contains(v, "Saved to risks.toml: deleted bucket-leak.") || m.selected().ID != "card-breach" {
		t.Errorf("after the delete (selected %v):\n%s", m.selected().ID, v)
	}
}

// TestRiskMapValidation: each bad field gets its own error, the register's
// own rules (an owner and a treatment are required, as the loader requires
// them), and nothing is saved until all are fixed; a save the rules take is
// a file the loader takes.
func TestRiskMapValidation(t *testing.T) {
	m, saves := newRiskTest(t, riskRegister(), 100, 30)
	m = riskSend(m, riskKeys("a")...)
	m = riskType(m, sp("Bad ID"), sp(""), nil, nil, sp("7"), nil, sp("2"), nil, nil, nil, nil, sp("Not An Id"), sp("2027-02-30"))
	m = riskSend(m, riskKeys("ctrl+s")...)
	if !m.formOpen || len(saves.regs) != 0 || len(m.reg.Risks) != 4 {
		t.Fatalf("a bad form was saved: open %v, %d saves", m.formOpen, len(saves.regs))
	}
	v := m.View()
	checkFits(t, v, 100, 30)
	errs := m.form.form.Errors()
	for f, want := range map[int]string{
		rfID:         `the risk id "Bad ID" may only use lowercase letters, digits and hyphens`,
		rfTitle:      "needs a title",
		rfOwner:      "needs an owner: one named role or person",
		rfLikelihood: "likelihood 7 is outside the scale",
		rfResL:       "residual_likelihood needs residual_impact too",
		rfTreatment:  "needs a treatment: accept, reduce, transfer or avoid",
		rfScenarios:  `the scenario id "Not An Id" may only use lowercase letters`,
		rfReview:     `"2027-02-30" is not a day of the calendar: February 2027 has 28 days`,
		rfImpact:     "",
		rfCategory:   "",
		rfPrinciples: "",
	} {
		if !strings.Contains(errs[f], want) || (want == "" && errs[f] != "") {
			t.Errorf("field %d: error %q, want %q", f, errs[f], want)
		}
	}
	if !strings.Contains(v, "8 fields need fixing.") {
		t.Errorf("no count of the fields to fix:\n%s", v)
	}
	// Back to the top: a duplicate id, then a good form.
	for range rfCount - 1 {
		m = riskSend(m, riskKeys("shift+tab")...)
	}
	if m.form.form.Focus() != rfID {
		t.Fatalf("focus %d after shift+tab round", m.form.form.Focus())
	}
	m = riskType(m, sp("card-breach"), sp("A duplicate"), sp("COO"), nil, sp("1"), nil, sp(""), nil)
	m = riskChoose(t, m, rfTreatment, "accept")
	m = riskType(m, nil, nil, nil, sp(""), sp(""))
	m = riskSend(m, riskKeys("ctrl+s")...)
	if v := m.View(); !strings.Contains(m.form.form.Errors()[rfID], `the risk id "card-breach" is used twice`) || !strings.Contains(v, "1 field needs fixing.") {
		t.Errorf("the duplicate id is not refused: %q\n%s", m.form.form.Errors(), v)
	}
	for range rfCount - 1 {
		m = riskSend(m, riskKeys("shift+tab")...)
	}
	m = riskType(m, sp("card-breach-2"))
	m = riskSend(m, riskKeys("ctrl+s")...)
	if m.formOpen || len(saves.regs) != 1 || riskFind(m.reg, "card-breach-2") == nil {
		t.Fatalf("the fixed form was not saved: %q", m.form.form.Errors())
	}
	riskLoads(t, saves.regs[0])
}

// riskLoads fails t when the loader refuses a saved register (its
// playbook files, which the test register only names, aside).
func riskLoads(t *testing.T, reg engine.Register) {
	t.Helper()
	reg.Risks = slices.Clone(reg.Risks)
	for i := range reg.Risks {
		reg.Risks[i].Plan.File = ""
	}
	if _, err := engine.ParseRegister("risks.toml", reg.Marshal(), riskGuidance(t)); err != nil {
		t.Errorf("the saved register does not load: %v", err)
	}
}

// TestRiskMapLoaderTakesEverySave: whatever the form saves (an owner left
// out, the last risk deleted) is a register the loader takes back.
func TestRiskMapLoaderTakesEverySave(t *testing.T) {
	// An owner cleared on edit: refused under the field, nothing saved.
	m, saves := newRiskTest(t, riskRegister(), 100, 30)
	m = riskSend(m, riskKeys("e")...)
	m = riskType(m, nil, nil, sp(""))
	m = riskSend(m, riskKeys("ctrl+s")...)
	if !m.formOpen || len(saves.regs) != 0 || !strings.Contains(m.form.form.Errors()[rfOwner], "needs an owner") {
		t.Fatalf("a risk without an owner: open %v, %d saves, errors %q", m.formOpen, len(saves.regs), m.form.form.Errors())
	}
	// Every risk deleted, one by one: each save loads, the last one empty.
	m, saves = newRiskTest(t, riskRegister(), 100, 30)
	for len(m.reg.Risks) > 0 {
		id := m.reg.Risks[0].ID
		m.selectRisk(id)
		m = riskSend(m, riskKeys("x", "y")...)
		if riskFind(m.reg, id) != nil {
			t.Fatalf("%s was not deleted:\n%s", id, m.View())
		}
	}
	if len(saves.regs) != 4 || len(saves.regs[3].Risks) != 0 {
		t.Fatalf("%d saves", len(saves.regs))
	}
	for _, reg := range saves.regs {
		riskLoads(t, reg)
	}
	checkFits(t, m.View(), 100, 30)
}

// TestRiskMapFormAsksBeforeDiscarding: esc closes an unchanged form at
// once, and asks before it throws changes away.
func TestRiskMapFormAsksBeforeDiscarding(t *testing.T) {
	m, saves := newRiskTest(t, riskRegister(), 80, 24)
	m = riskSend(m, riskKeys("e", "esc")...)
	if m.formOpen {
		t.Fatal("esc did not close an unchanged form")
	}
	m = riskSend(m, riskKeys("e")...)
	m = riskType(m, nil, sp("A new title"))
	m = riskSend(m, riskKeys("esc")...)
	if !m.formOpen || !m.form.form.Asking() || !strings.Contains(m.View(), "Discard the changes?") || !strings.Contains(m.View(), "y discard the changes") {
		t.Fatalf("esc on a changed form did not ask:\n%s", m.View())
	}
	m = riskSend(m, riskKeys("n")...)
	if !m.formOpen || m.form.form.Value(rfTitle) != "A new title" {
		t.Fatal("n did not keep the changes")
	}
	m = riskSend(m, riskKeys("esc", "y")...)
	if m.formOpen || len(saves.regs) != 0 || riskFind(m.reg, "card-breach").Title == "A new title" {
		t.Fatalf("y did not discard: open %v, %d saves", m.formOpen, len(saves.regs))
	}
}

// TestRiskMapFormFlags: a scenario ttx does not know and a review date
// already past are flagged, without stopping the save.
func TestRiskMapFormFlags(t *testing.T) {
	m, saves := newRiskTest(t, riskRegister(), 100, 40)
	cat, err := scenarios.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	m.c.Catalog = cat
	m = riskSend(m, riskKeys("e")...)
	for m.form.form.Focus() != rfScenarios {
		m = riskSend(m, riskKeys("tab")...)
	}
	m = riskType(m, sp("retail-card-breach, no-such-drill"), sp("2026-01-15"))
	m = riskSend(m, riskKeys("ctrl+s")...)
	w := m.form.form.Warnings()
	if m.formOpen || len(saves.regs) != 1 {
		t.Fatalf("flags stopped the save: %q %q", m.form.form.Errors(), w)
	}
	if !strings.Contains(w[rfScenarios], "no scenario no-such-drill") || !strings.Contains(w[rfReview], "this date has passed") {
		t.Errorf("warnings %q", w)
	}
}

// TestRiskMapSaveFails keeps the form and the register as they were when
// the file cannot be written; ctrl+s tries again.
func TestRiskMapSaveFails(t *testing.T) {
	m, saves := newRiskTest(t, riskRegister(), 80, 24)
	saves.fail = errors.New("disk full")
	m = riskSend(m, riskKeys("a")...)
	m = riskType(m, sp("new-risk"), sp("Something new"), sp("COO"))
	m = riskChoose(t, m, rfTreatment, "accept")
	m = riskSend(m, riskKeys("ctrl+s")...)
	if !m.formOpen || len(m.reg.Risks) != 4 || !strings.Contains(m.View(), "Not saved: disk full") {
		t.Fatalf("a failed save: open %v, %d risks:\n%s", m.formOpen, len(m.reg.Risks), m.View())
	}
	saves.fail = nil
	m = riskSend(m, riskKeys("ctrl+s")...)
	if m.formOpen || len(m.reg.Risks) != 5 || len(saves.regs) != 1 {
		t.Fatalf("the retry: open %v, %d risks, %d saves", m.formOpen, len(m.reg.Risks), len(saves.regs))
	}
	// A delete that cannot be written leaves the risk in place.
	saves.fail = errors.New("read-only file system")
	m = riskSend(m, riskKeys("x", "y")...)
	if len(m.reg.Risks) != 5 || !strings.Contains(m.View(), "Not saved: read-only file system") {
		t.Errorf("a failed delete:\n%s", m.View())
	}
}

// TestRiskMapFits draws every mode of the screen in a burst of sizes down
// to 40x12, with the short and the full help: always within the terminal.
func TestRiskMapFits(t *testing.T) {
	mode := func(keys ...string) *riskTest {
		m, _ := newRiskTest(t, riskRegister(), 80, 24)
		return riskSend(m, riskKeys(keys...)...)
	}
	modes := map[string]*riskTest{
		"map":      mode(),
		"list":     mode("tab", "j"),
		"empty":    mode("h", "h", "h"),
		"detail":   mode("enter", "pgdown"),
		"scrolled": mode("pgdown", "pgdown", "pgdown"),
		"form":     mode("a"),
		"edit":     mode("e", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab"),
		"errors":   mode("a", "ctrl+s"),
		"confirm":  mode("x"),
	}
	sizes := [][2]int{{40, 12}, {40, 30}, {79, 24}, {80, 12}, {100, 30}, {200, 60}, {41, 13}}
	for i := 0; i < 60; i++ {
		sizes = append(sizes, [2]int{40 + (i*37)%140, 12 + (i*17)%50})
	}
	for name, m := range modes {
		for _, showAll := range []bool{false, true} {
			for _, s := range sizes {
				m.c.Help.ShowAll = showAll
				m = riskSized(m, s[0], s[1])
				v := m.View()
				if len(strings.Split(v, "\n")) > s[1] || strings.Contains(v, "\t") {
					t.Errorf("%s at %v (full help %v)", name, s, showAll)
				}
				checkFits(t, v, s[0], s[1])
			}
		}
		m.c.Help.ShowAll = false
	}
}

// riskSGR matches the select-graphic-rendition sequences the UI's own
// styles emit.
var riskSGR = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// TestRiskMapEscapesNeverRendered: texts from the register file and typed
// into the form hold escape sequences; the screen shows their visible text
// and none of the sequences, and what is typed is stored sanitized.
func TestRiskMapEscapesNeverRendered(t *testing.T) {
	reg := riskRegister()
	reg.Title = "Evil\x1b]0;owned-title\x07 register"
	reg.File = "risks\x1b[2J.toml"
	r := &reg.Risks[0]
	r.Title = "Evil\x1b]0;owned-title\x07 title \x1b[31mred\x1b[0m"
	r.Owner = "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07"
	r.Plan.Text = "Body \x1b]52;c;b3duZWQ=\x07 text \u202eabc"
	r.Plan.Steps = []engine.PlanStep{{Who: "Comms \x1b[5m", What: "Notes \u009b2J here"}}
	r.Scenarios = []string{"retail\x1b[1A-card"}
	fresh := func(keys ...string) *riskTest {
		m, _ := newRiskTest(t, reg, 100, 30)
		m.cfg.Readiness = func(*engine.Register) (map[string][]string, error) {
			return map[string][]string{r.ID: {"Drilled \x1b]0;owned\x07 twice"}}, nil
		}
		m = riskSend(m, uitest.Messages(m.checkReadiness())...)
		return riskSend(m, riskKeys(keys...)...)
	}
	views := []string{fresh().View(), fresh("enter").View(), fresh("x").View(), fresh("e").View()}
	// Typed text: a title with sequences in it, through the form.
	m, saves := newRiskTest(t, reg, 100, 30)
	m = riskSend(m, riskKeys("a")...)
	m = riskType(m, sp("typed"), sp("Typed \x1b]0;owned\x07 \x1b[2Jtitle\u202e"), sp("Owner\x1b[31m"))
	m = riskChoose(t, m, rfTreatment, "accept")
	m = riskSend(m, riskKeys("ctrl+s")...)
	views = append(views, m.View(), riskSend(m, riskKeys("enter")...).View())
	for i, v := range views {
		v = riskSGR.ReplaceAllString(v, "")
		if strings.ContainsAny(v, "\x1b\x07\u009b\u202e") || strings.Contains(v, "owned") || strings.Contains(v, "evil.example") {
			t.Errorf("view %d: an escape sequence reached the screen: %q", i, v)
		}
	}
	if !strings.Contains(views[1], "Evil title red") || !strings.Contains(views[1], "link") || !strings.Contains(views[1], "Body text abc") {
		t.Errorf("the visible text is missing:\n%s", views[1])
	}
	typed := riskFind(m.reg, "typed")
	if typed == nil || len(saves.regs) != 1 {
		t.Fatalf("the typed risk was not saved:\n%s", views[4])
	}
	for _, s := range []string{typed.Title, typed.Owner} {
		if engine.HasControl(s) || strings.Contains(s, "owned") {
			t.Errorf("stored unsanitized: %q", s)
		}
	}
	if !strings.Contains(typed.Title, "Typed") || !strings.Contains(typed.Title, "title") {
		t.Errorf("typed title %q", typed.Title)
	}
}

// TestRiskMapWaitsForSave: while the save runs, esc neither cancels the form
// nor leaves the screen, so that the answer finds it.
func TestRiskMapWaitsForSave(t *testing.T) {
	m, saves := newRiskTest(t, riskRegister(), 80, 24)
	m = riskSend(m, riskKeys("a")...)
	m = riskType(m, sp("slow-save"), sp("A save that takes its time"), sp("COO"))
	m = riskChoose(t, m, rfTreatment, "accept")
	_, cmd := m.page.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if !m.pending || cmd == nil || !strings.Contains(m.View(), "Saving…") {
		t.Fatalf("ctrl+s: pending %v:\n%s", m.pending, m.View())
	}
	_, esc := m.page.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if esc != nil || !m.formOpen || m.went() {
		t.Fatal("esc acted while the save ran")
	}
	m = riskSend(m, cmd())
	if m.pending || m.formOpen || riskFind(m.reg, "slow-save") == nil || len(saves.regs) != 1 {
		t.Fatalf("after the answer: pending %v, open %v", m.pending, m.formOpen)
	}
}

// TestRiskMapBareConfig: no guidance, no status, no save function; any
// principle id is accepted, and the change is kept for the session only.
func TestRiskMapBareConfig(t *testing.T) {
	c := common.New(uitest.Plain(), nil, nil)
	reg := riskRegister()
	reg.Bands = nil // the default bands apply
	m := start(c, New(c, Config{Register: reg}), 80, 24)
	m = riskSend(m, riskKeys("a")...)
	m = riskType(m, sp("bare"), sp("A bare risk"), sp("Someone"))
	m = riskChoose(t, m, rfTreatment, "accept")
	m = riskType(m, nil, nil, sp("own-words"))
	m = riskSend(m, riskKeys("ctrl+s")...)
	r := riskFind(m.reg, "bare")
	if m.formOpen || r == nil || !slices.Equal(r.Plan.Principles, []string{"own-words"}) {
		t.Fatalf("not added: %q", m.form.form.Errors())
	}
	v := m.View()
	checkFits(t, v, 80, 24)
	if !strings.Contains(v, "Not saved: there is no file to save to") || !strings.Contains(v, "Covers     own-words") || strings.Contains(v, "Readiness") {
		t.Errorf("bare config:\n%s", v)
	}
	if start(c, New(c, Config{}), 40, 12).View() == "" {
		t.Error("no view without a register")
	}
}

// TestRiskMapWithoutColour: colour is never the only signal. Without
// colour each cell and the legend carry the band's letter; in 256 colours
// the four bands are four colours; the scales' points are named in full,
// never abbreviated.
func TestRiskMapWithoutColour(t *testing.T) {
	m, _ := newRiskTest(t, riskRegister(), 80, 30)
	v := m.View()
	flat := strings.Join(strings.Fields(v), " ")
	for _, want := range []string{"L low · M medium · H high", "C critical", "impact: 1 insignificant, 2 minor", "4 major, 5 catastrophic", "likelihood: 1 rare"} {
		if !strings.Contains(v, want) && !strings.Contains(flat, want) {
			t.Errorf("the map lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "insi.") || strings.Contains(v, "cata.") || strings.Contains(v, "almost c.") {
		t.Errorf("a label is abbreviated:\n%s", v)
	}
	// The top row: rare to almost certain likelihood 5, impact 1 to 5:
	// medium, high, high, critical, critical by the default bands.
	top := strings.Split(v, "\n")[1]
	if got := regexp.MustCompile(`\b[LMHC]\b`).FindAllString(top, -1); strings.Join(got, "") != "MHHCC" {
		t.Errorf("the top row's letters are %q:\n%s", got, top)
	}
	r := uitest.Renderer(termenv.ANSI256)
	st := common.DefaultStyles(r)
	seen := map[string]bool{}
	for _, b := range st.RiskMap.Bands {
		seen[b.Cell.Render(" ")] = true
	}
	if len(seen) != common.BandRanks {
		t.Errorf("in 256 colours the bands are %d colours, not %d", len(seen), common.BandRanks)
	}
}

package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "ttx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRecordsAsItPlays: each decision is in the store before the next screen
// shows; the finished drill is a result; hotwash and actions are saved with
// it and offered in the next briefing of the scenario.
func TestRecordsAsItPlays(t *testing.T) {
	s := openStore(t)
	o := opts(t)
	o.Store, o.Start, o.Team = s, scenario(t, "mini"), "Red"
	m := sized(New(o), 100, 30)
	m = send(m, keys("enter")...) // briefing -> drill; the run begins
	if m.drill.runID == 0 {
		t.Fatalf("no run begun (%s)", m.drill.recordErr)
	}
	m = send(m, keys("1", "enter")...)
	r, err := s.Get(m.drill.runID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Finished || len(r.Record.Decisions) != 1 || r.Record.Decisions[0] != "act" || r.Team != "Red" {
		t.Fatalf("after one decision the store has %+v", r)
	}
	m = send(m, keys("1", "space", "enter")...)
	if m.screen != screenDebrief {
		t.Fatalf("screen %v", m.screen)
	}
	r, _ = s.Get(m.debrief.runID)
	if !r.Finished || r.Ending != "done" || len(r.Record.Decisions) != 2 || r.Total != m.debrief.result.TotalPercent {
		t.Fatalf("finished run %+v", r)
	}
	// The hotwash, with one action.
	m = send(m, keys("h")...)
	if m.screen != screenHotwash {
		t.Fatalf("h opened %v", m.screen)
	}
	m = send(m, keys("W", "e", "l", "l", "tab", "S", "l", "o", "w", "tab", "F", "i", "x", "tab")...)
	m = send(m, keys("o", "w", "n", "tab", "C", "I", "S", "O", "tab", "2", "0", "2", "7", "-", "0", "1", "-", "3", "1")...)
	m = send(m, ctrlS())
	if !strings.Contains(m.View(), "Saved.") {
		t.Fatalf("not saved:\n%s", m.View())
	}
	r, _ = s.Get(m.debrief.runID)
	if r.Hotwash.WentWell != "Well" || r.Hotwash.Improve != "Slow" || len(r.Actions) != 1 || r.Actions[0].What != "Fix" ||
		r.Actions[0].Principle != "own" || r.Actions[0].Owner != "CISO" || r.Actions[0].Due.Format("2006-01-02") != "2027-01-31" {
		t.Fatalf("hotwash %+v actions %+v", r.Hotwash, r.Actions)
	}
	// The next briefing of the scenario shows the open action.
	m = send(m, keys("esc", "enter")...) // back to the debrief, then home
	m = send(m, openBriefingMsg{scenario(t, "mini")})
	if !strings.Contains(m.View(), "Open actions from earlier drills") || !strings.Contains(m.View(), "Fix") {
		t.Errorf("the briefing does not carry the action over:\n%s", m.View())
	}
}

// TestResumeContinuesExactly: a drill stopped after a decision is listed on
// the home screen and continues at the same scene, clock and seed.
func TestResumeContinuesExactly(t *testing.T) {
	s := openStore(t)
	o := opts(t)
	o.Store, o.Start, o.Team = s, scenario(t, "rules"), "Blue"
	m := send(sized(New(o), 100, 30), keys("enter", "1", "enter")...) // notify
	id := m.drill.runID
	hours := m.drill.d.Hours()
	// A new program: the home screen lists the unfinished drill.
	o2 := opts(t)
	o2.Store = s
	h := sized(New(o2), 100, 30)
	h = send(h, immediate(h.Init())...)
	if !strings.Contains(h.View(), "Resume: Rules fixture") || !strings.Contains(h.View(), "stopped after 1 decisions") {
		t.Fatalf("home does not offer the resume:\n%s", h.View())
	}
	h = send(h, keys("enter")...) // the first entry is the resume
	if h.screen != screenDrill || h.drill.runID != id || h.drill.d.Scene().ID != "mid" || h.drill.d.Hours() != hours || h.drill.d.Seed() != 7 {
		t.Fatalf("resumed at %v %s T+%v seed %d", h.screen, h.drill.d.Scene().ID, h.drill.d.Hours(), h.drill.d.Seed())
	}
	h = send(h, keys("1", "space", "enter")...)
	for len(h.drill.injects) > 0 {
		h = send(h, keys("enter")...)
	}
	r, _ := s.Get(id)
	if !r.Finished || len(r.Record.Decisions) != 2 {
		t.Fatalf("run after resuming: %+v", r)
	}
}

// TestResultsScreen lists runs in a table that sorts, and opens a debrief.
func TestResultsScreen(t *testing.T) {
	s := openStore(t)
	sc := scenario(t, "mini")
	for _, tc := range []struct{ team, first string }{{"Alpha", "act"}, {"Bravo", "wait"}} {
		d := engine.NewDrill(sc, 1)
		id, err := s.Begin(&store.Run{Record: d.Record(), Team: tc.team, Started: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		for i, dec := range []string{tc.first, "sorry"} {
			if err := d.Choose(dec); err != nil {
				t.Fatal(err)
			}
			if err := s.AppendDecision(id, i, d.Record().Decisions[i]); err != nil {
				t.Fatal(err)
			}
		}
		res, err := d.Result(tc.team)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Finish(id, res, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	o := opts(t)
	o.Store = s
	m := sized(New(o), 120, 30)
	m = send(m, immediate(m.Init())...)
	m = send(m, openResultsMsg{})
	v := m.View()
	if m.screen != screenResults || !strings.Contains(v, "Alpha") || !strings.Contains(v, "Bravo") || !strings.Contains(v, "2 recorded drills") {
		t.Fatalf("results screen:\n%s", v)
	}
	// Sort by total, highest first: Alpha acted, Bravo waited.
	for m.results.sortBy != 5 {
		m = send(m, keys("s")...)
	}
	if !m.results.desc {
		m = send(m, keys("r")...)
	}
	if m.results.runs[0].Team != "Alpha" {
		t.Errorf("sorted by total, the first run is %s", m.results.runs[0].Team)
	}
	m = send(m, keys("r")...)
	if m.results.runs[0].Team != "Bravo" {
		t.Errorf("reversed, the first run is %s", m.results.runs[0].Team)
	}
	m = send(m, keys("enter")...)
	if m.screen != screenDebrief || m.debrief.team != "Bravo" || !strings.Contains(m.View(), "DEBRIEF") {
		t.Fatalf("enter opened %v for %q", m.screen, m.debrief.team)
	}
	if got := len(m.debrief.d.Decisions()); got != 2 || !strings.Contains(m.View(), "Bravo · 2 decisions") {
		t.Errorf("the debrief replays %d decisions:\n%s", got, m.View())
	}
}

func ctrlS() tea.Msg { return tea.KeyMsg{Type: tea.KeyCtrlS} }

// TestDrillKnowsTheMap: with a register listing the scenario's risk, the
// briefing shows the risk and its plan, p shows the plan during the drill,
// and prepare is scored with the plan.
func TestDrillKnowsTheMap(t *testing.T) {
	sc := scenario(t, "retail-card-breach")
	reg := &engine.Register{Bands: engine.DefaultBands, Risks: []engine.Risk{{
		ID: "customer-data-stolen", Title: "Attackers steal card data from our checkout", Owner: "CISO",
		Likelihood: 4, Impact: 5, Plan: engine.Plan{Text: "Close the hole, tell customers within a day.",
			Principles: []string{"contain", "notify"}, Steps: []engine.PlanStep{{Who: "CISO", What: "pull the script"}}},
	}}}
	o := opts(t)
	o.Start, o.Team, o.Register = sc, "Gold", reg
	m := sized(New(o), 100, 40)
	v := m.View()
	for _, want := range []string{"The risk this drills", "Attackers steal card data", "critical risk · owner CISO", "CISO: pull the script", "not covered: prepare, own"} {
		if !strings.Contains(v, want) {
			t.Errorf("the briefing lacks %q:\n%s", want, v)
		}
	}
	m = send(m, keys("enter", "p")...)
	if !strings.Contains(m.View(), "Your plan for this risk") {
		t.Errorf("p does not show the plan:\n%s", m.View())
	}
	// Play to the end: the debrief's prepare counts the plan.
	d := engine.NewDrill(sc, 7)
	m.drill.d = d
	for _, dec := range strings.Split("open-plan,pull-now,notify-acquirer,notify-customers,offer-monitoring,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,root-cause-program,publish-report", ",") {
		if err := d.Choose(strings.Split(dec, "+")...); err != nil {
			t.Fatal(err)
		}
	}
	m = send(m, drillEndedMsg{d: d, team: "Gold"})
	// The guidance path followed the plan wherever it applied, and a plan
	// never lowers a score: prepare stays at 100%, with the plan's use kept.
	p, _ := sc.Guidance.PrincipleIndex("prepare")
	s := m.debrief.result.Scores[p]
	if s.Percent != 100 || s.PlanUse == nil || s.PlanUse.Followed != s.PlanUse.Offered || s.PlanUse.Offered == 0 {
		t.Errorf("prepare %v with plan use %+v, want 100%% and the plan followed throughout", s.Percent, s.PlanUse)
	}
}

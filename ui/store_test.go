package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/pages/briefing"
	"github.com/ttx-dev/ttx/ui/pages/compare"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
	"github.com/ttx-dev/ttx/ui/pages/drill"
	"github.com/ttx-dev/ttx/ui/pages/hotwash"
	"github.com/ttx-dev/ttx/ui/pages/results"
)

func openStore(t *testing.T) store.Store {
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
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := openStore(t)
		o := opts(t)
		o.Store, o.Start, o.Team = s, scenario(t, "mini"), "Red"
		o.Now = func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
		m := started(o, 100, 30)
		m = send(m, keys("enter")...) // briefing -> drill; the run begins
		dr := top[*drill.Model](t, m)
		if dr.RunID() == 0 {
			t.Fatalf("no run begun (%s)", dr.RecordErr())
		}
		m = send(m, keys("1", "enter")...)
		r, err := s.Get(dr.RunID())
		if err != nil {
			t.Fatal(err)
		}
		if r.Finished || len(r.Record.Decisions) != 1 || r.Record.Decisions[0] != "act" || r.Team != "Red" {
			t.Fatalf("after one decision the store has %+v", r)
		}
		m = send(m, keys("1", "space", "enter")...)
		db := top[*debrief.Model](t, m)
		r, _ = s.Get(db.RunID())
		if !r.Finished || r.Ending != "done" || len(r.Record.Decisions) != 2 || r.Total != db.Result().TotalPercent {
			t.Fatalf("finished run %+v", r)
		}
		// The hotwash, with one action.
		m = send(m, keys("h")...)
		top[*hotwash.Model](t, m)
		m = send(m, keys("W", "e", "l", "l", "tab", "S", "l", "o", "w", "tab", "F", "i", "x", "tab")...)
		m = send(m, keys("right", "right", "tab", "C", "I", "S", "O", "tab", "2", "0", "2", "7", "-", "0", "1", "-", "3", "1")...) // principle: none, contain, own
		m = send(m, keys("ctrl+s")...)
		if !strings.Contains(m.View(), "Saved the notes and the action “Fix”.") {
			t.Fatalf("not saved:\n%s", m.View())
		}
		r, _ = s.Get(db.RunID())
		if r.Hotwash.WentWell != "Well" || r.Hotwash.Improve != "Slow" || len(r.Actions) != 1 || r.Actions[0].What != "Fix" ||
			r.Actions[0].Principle != "own" || r.Actions[0].Owner != "CISO" || r.Actions[0].Due.Format("2006-01-02") != "2027-01-31" {
			t.Fatalf("hotwash %+v actions %+v", r.Hotwash, r.Actions)
		}
		// esc goes back to the debrief, enter home; the next briefing of the
		// scenario shows the open action.
		m = send(m, keys("esc")...)
		top[*debrief.Model](t, m)
		m = send(m, keys("enter")...)
		m.c.Push(briefing.New(m.c, scenario(t, "mini")))
		m = send(m, uitest.Messages(m.navigate())...)
		if !strings.Contains(m.View(), "Open actions from earlier drills") || !strings.Contains(m.View(), "Fix") {
			t.Errorf("the briefing does not carry the action over:\n%s", m.View())
		}
	})
}

// TestResumeContinuesExactly: a drill stopped after a decision is listed on
// the home screen and continues at the same scene, clock and seed.
func TestResumeContinuesExactly(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := openStore(t)
		o := opts(t)
		o.Store, o.Start, o.Team = s, scenario(t, "rules"), "Blue"
		m := send(started(o, 100, 30), keys("enter", "1", "enter")...) // notify
		dr := top[*drill.Model](t, m)
		id, hours := dr.RunID(), dr.Drill().Hours()
		// A new program: the home screen lists the unfinished drill.
		o2 := opts(t)
		o2.Store = s
		h := started(o2, 100, 30)
		if !strings.Contains(h.View(), "Resume: Rules fixture") || !strings.Contains(h.View(), "stopped after 1 decision") {
			t.Fatalf("home does not offer the resume:\n%s", h.View())
		}
		h = send(h, keys("enter")...) // the first entry is the resume
		hd := top[*drill.Model](t, h)
		if hd.RunID() != id || hd.Drill().Scene().ID != "mid" || hd.Drill().Hours() != hours || hd.Drill().Seed() != 7 {
			t.Fatalf("resumed at %s T+%v seed %d", hd.Drill().Scene().ID, hd.Drill().Hours(), hd.Drill().Seed())
		}
		h = send(h, keys("1", "space", "enter")...)
		for hd.Injects() > 0 {
			h = send(h, keys("enter")...)
		}
		r, _ := s.Get(id)
		if !r.Finished || len(r.Record.Decisions) != 2 {
			t.Fatalf("run after resuming: %+v", r)
		}
	})
}

// twoRuns is a store of two finished runs of mini: Alpha acted, Bravo
// waited.
func twoRuns(t *testing.T) store.Store {
	s := openStore(t)
	played(t, s, "Alpha", "act", time.Now())
	played(t, s, "Bravo", "wait", time.Now())
	return s
}

// resultsOf is a session on s in a w by h terminal, at the results screen.
func resultsOf(t *testing.T, s store.Store, w, h int) *Model {
	o := opts(t)
	o.Store = s
	m := started(o, w, h)
	m.c.Push(results.New(m.c))
	return send(m, uitest.Messages(m.navigate())...)
}

// played records a finished run of mini for team, first choosing first.
func played(t *testing.T, s store.Store, team, first string, started time.Time) int64 {
	t.Helper()
	sc := scenario(t, "mini")
	d := engine.NewDrill(sc, 1)
	id, err := s.Begin(&store.Run{Record: d.Record(), Team: team, Started: started}, sc.Source())
	if err != nil {
		t.Fatal(err)
	}
	for i, dec := range []string{first, "sorry"} {
		if err := d.Choose(dec); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendDecision(id, i, d.Record().Decisions[i]); err != nil {
			t.Fatal(err)
		}
	}
	res, err := d.Result(team)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(id, res, started); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestResultsScreen lists runs in a table that sorts, opens a debrief, and
// goes back to the results from it.
func TestResultsScreen(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		m := resultsOf(t, twoRuns(t), 120, 30)
		v := m.View()
		res := top[*results.Model](t, m)
		if !strings.Contains(v, "Alpha") || !strings.Contains(v, "Bravo") || !strings.Contains(v, "2 recorded drills") {
			t.Fatalf("results screen:\n%s", v)
		}
		// Sort by total, highest first: Alpha acted, Bravo waited.
		for col, _ := res.SortedBy(); col != 3; col, _ = res.SortedBy() {
			m = send(m, keys("s")...)
		}
		if _, desc := res.SortedBy(); !desc {
			m = send(m, keys("r")...)
		}
		if res.Runs()[0].Team != "Alpha" {
			t.Errorf("sorted by total, the first run is %s", res.Runs()[0].Team)
		}
		m = send(m, keys("r")...)
		if res.Runs()[0].Team != "Bravo" {
			t.Errorf("reversed, the first run is %s", res.Runs()[0].Team)
		}
		m = send(m, keys("enter")...)
		db := top[*debrief.Model](t, m)
		if db.Team() != "Bravo" || !strings.Contains(m.View(), "DEBRIEF") {
			t.Fatalf("enter opened the debrief of %q:\n%s", db.Team(), m.View())
		}
		if got := len(db.Drill().Decisions()); got != 2 || !strings.Contains(m.View(), "Bravo · 2 decisions") {
			t.Errorf("the debrief replays %d decisions:\n%s", got, m.View())
		}
		m = send(m, keys("esc")...)
		top[*results.Model](t, m)
	})
}

// TestDrillKnowsTheMap: with a register listing the scenario's risk, the
// briefing shows the risk and its plan, p shows the plan during the drill,
// and prepare is scored with the plan.
func TestDrillKnowsTheMap(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := scenario(t, "retail-card-breach")
		reg := &engine.Register{Bands: engine.DefaultBands, Risks: []engine.Risk{{
			ID: "customer-data-stolen", Title: "Attackers steal card data from our checkout", Owner: "CISO",
			Likelihood: 4, Impact: 5, Plan: engine.Plan{Text: "Close the hole, tell customers within a day.",
				Principles: []string{"contain", "notify"}, Steps: []engine.PlanStep{{Who: "CISO", What: "pull the script"}}},
		}}}
		o := opts(t)
		o.Start, o.Team, o.Register = sc, "Gold", reg
		m := started(o, 100, 60)
		v := strings.Join(strings.Fields(m.View()), " ")
		for _, want := range []string{"The risk this drills", "Attackers steal card data", "critical risk · owner CISO", "CISO: pull the script", "Covers: Close the hole first; Tell the people affected", "not covered: Map the risks before they happen"} {
			if !strings.Contains(v, want) {
				t.Errorf("the briefing lacks %q:\n%s", want, v)
			}
		}
		m = send(m, keys("enter", "enter", "p")...) // the briefing, the module's opening
		if !strings.Contains(m.View(), "Your plan for this risk") {
			t.Errorf("p does not show the plan:\n%s", m.View())
		}
		// The debrief of the guidance path: prepare credits the plan where the
		// team followed it.
		d := engine.NewDrill(sc, 7)
		for _, dec := range strings.Split("open-plan,pull-now,notify-acquirer,notify-customers,offer-monitoring,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,root-cause-program,publish-report", ",") {
			if err := d.Choose(strings.Split(dec, "+")...); err != nil {
				t.Fatal(err)
			}
		}
		m.c.Replace(debrief.New(m.c, d, "Gold", 0))
		m = send(m, uitest.Messages(m.navigate())...)
		// The guidance path followed the plan wherever it applied, and a plan
		// never lowers a score: prepare stays at 100%, with the plan's use kept.
		p, _ := sc.Guidance.PrincipleIndex("prepare")
		s := top[*debrief.Model](t, m).Result().Scores[p]
		if s.Percent != 100 || s.PlanUse == nil || s.PlanUse.Followed != s.PlanUse.Offered || s.PlanUse.Offered == 0 {
			t.Errorf("prepare %v with plan use %+v, want 100%% and the plan followed throughout", s.Percent, s.PlanUse)
		}
		// The debrief says what the plan did, in the engine's words.
		m = sized(m, 100, 400)
		if v := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(v, s.PlanStatement()) {
			t.Errorf("the debrief does not say %q:\n%s", s.PlanStatement(), m.View())
		}
	})
}

// TestCtrlCSaysTheDrillIsKept: ctrl+c in a recorded drill quits at once,
// and the program's end says the drill is saved and how to continue it.
func TestCtrlCSaysTheDrillIsKept(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := openStore(t)
		o := opts(t)
		o.Store, o.Start, o.Team = s, scenario(t, "rules"), "Blue"
		m := send(started(o, 100, 30), keys("enter", "1", "enter")...)
		id := top[*drill.Model](t, m).RunID()
		_, cmd := m.Update(uitest.Key("ctrl+c"))
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Fatal("ctrl+c does not quit")
		}
		want := fmt.Sprintf("the drill is saved after 1 decision; `ttx resume %d` continues it", id)
		if st := m.Stopped(); st == nil || st.Signal != os.Interrupt || st.Note != want {
			t.Errorf("stopped %+v, want the note %q", st, want)
		}
	})
}

// TestResultsFitAndCompare: at 80 columns the total and a principle show,
// every number whole and the headers readable, hidden columns counted; two
// runs marked with space compare side by side with c, and where their
// paths parted; runs of two scenarios are refused.
func TestResultsFitAndCompare(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := twoRuns(t)
		for _, w := range []int{60, 80, 120, 200} {
			m := resultsOf(t, s, w, 24)
			v := m.View()
			fits(t, v, w, 24)
			for _, want := range []string{"Total", "Contain", "Date ▼", "A minimal"} {
				if w == 60 && want != "Total" {
					continue
				}
				if !strings.Contains(v, want) {
					t.Errorf("at %d columns the results lack %q:\n%s", w, want, v)
				}
			}
			if w == 60 && !regexp.MustCompile(`columns hidden \(\+\d\)`).MatchString(v) {
				t.Errorf("at %d columns the hidden columns are not counted:\n%s", w, v)
			}
			for _, cut := range regexp.MustCompile(`\d+…|…\d+`).FindAllString(v, -1) {
				t.Errorf("at %d columns a number is cut: %q\n%s", w, cut, v)
			}
		}
		m := resultsOf(t, s, 100, 30)
		m = send(m, keys("c")...)
		top[*results.Model](t, m) // c needs two runs marked
		m = send(m, keys("space", "down", "space")...)
		if v := m.View(); !strings.Contains(v, "2 marked") || strings.Count(v, "✓") != 2 {
			t.Fatalf("space did not mark two runs:\n%s", v)
		}
		m = send(m, keys("c")...)
		v := strings.Join(strings.Fields(top[*compare.Model](t, m).View()), " ")
		for _, want := range []string{"Comparing 2 runs", "Alpha", "Bravo", "Total", "Close the hole first", "parted at decision 1, “The first call”", "chose “Act now”", "chose “Wait and see”"} {
			if !strings.Contains(v, want) {
				t.Errorf("the comparison lacks %q:\n%s", want, m.View())
			}
		}
		m = send(m, keys("esc")...)
		top[*results.Model](t, m)
	})
}

// TestResultsMarkEstimatedBounds: a run scored against estimated bounds
// shows its total marked with ~, and the title says what the mark means
// where it fits; a run scored exactly is not marked.
func TestResultsMarkEstimatedBounds(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := openStore(t)
		played(t, s, "Alpha", "act", time.Now())
		sc := scenario(t, "mini")
		d := engine.NewDrill(sc, 1)
		id, err := s.Begin(&store.Run{Record: d.Record(), Team: "Bravo", Started: time.Now()}, sc.Source())
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Choose("act"); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendDecision(id, 0, d.Record().Decisions[0]); err != nil {
			t.Fatal(err)
		}
		res, err := d.Result("Bravo")
		if err != nil {
			t.Fatal(err)
		}
		res.BoundsEstimated, res.BoundsNote = true, "Score bounds are estimated."
		if err := s.Finish(id, res, time.Now()); err != nil {
			t.Fatal(err)
		}
		v := resultsOf(t, s, 120, 24).View()
		var bravo, alpha string
		for _, line := range strings.Split(v, "\n") {
			switch {
			case strings.Contains(line, "Bravo"):
				bravo = line
			case strings.Contains(line, "Alpha"):
				alpha = line
			}
		}
		if !regexp.MustCompile(`~\d+%`).MatchString(bravo) || strings.Contains(alpha, "~") || !strings.Contains(v, "~ estimated bounds") {
			t.Errorf("the estimated run is not marked, or the exact one is:\n%s", v)
		}
		// Each total is followed by the run's overall rating.
		runs, err := s.List(store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			line := map[string]string{"Alpha": alpha, "Bravo": bravo}[r.Team]
			if rating, _ := r.Overall(); !strings.Contains(line, fmt.Sprintf("%.0f%% %s", r.Total, rating.Code)) {
				t.Errorf("%s's total is not followed by its rating %s:\n%s", r.Team, rating.Code, line)
			}
		}
		if v := resultsOf(t, s, 40, 24).View(); strings.Contains(v, "estimated bounds") {
			t.Errorf("the title's note is shown where it does not fit:\n%s", v)
		}
	})
}

// TestHomeUnfinishedDrills: a drill left before its first decision is not
// offered; one with decisions is, "stopped after 1 decision", enter says
// it resumes, and x discards it after asking.
func TestHomeUnfinishedDrills(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := openStore(t)
		sc := scenario(t, "mini")
		if _, err := s.Begin(&store.Run{Record: engine.NewDrill(sc, 1).Record(), Team: "Empty"}, sc.Source()); err != nil {
			t.Fatal(err)
		}
		d := engine.NewDrill(sc, 1)
		id, err := s.Begin(&store.Run{Record: d.Record(), Team: "Half"}, sc.Source())
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Choose("act"); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendDecision(id, 0, "act"); err != nil {
			t.Fatal(err)
		}
		o := opts(t)
		o.Store = s
		m := started(o, 100, 30)
		v := m.View()
		if strings.Contains(v, "Empty") || !strings.Contains(v, "Half · stopped after 1 decision") || !strings.Contains(v, "enter resume the drill") ||
			!strings.Contains(v, "x discard the drill") {
			t.Fatalf("the unfinished drills on the home screen:\n%s", v)
		}
		m = send(m, keys("x")...)
		if v := m.View(); !strings.Contains(v, "Discard this unfinished drill?") || !strings.Contains(v, "y discard it") {
			t.Fatalf("x did not ask:\n%s", v)
		}
		fits(t, m.View(), 100, 30)
		m = send(m, keys("n")...)
		if un, _ := s.Unfinished(); len(un) != 2 || !strings.Contains(m.View(), "Half") {
			t.Fatalf("n discarded: %d unfinished", len(un))
		}
		m = send(m, keys("x", "y")...)
		if _, err := s.Get(id); !errors.Is(err, store.ErrNotFound) || strings.Contains(m.View(), "Half") {
			t.Fatalf("y did not discard: %v\n%s", err, m.View())
		}
	})
}

package ui

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
	"github.com/ttx-dev/ttx/ui/pages/drill"
	"github.com/ttx-dev/ttx/ui/pages/hotwash"
	"github.com/ttx-dev/ttx/ui/pages/results"
	"github.com/ttx-dev/ttx/ui/pages/riskmap"
)

// sgr matches the select-graphic-rendition sequences of the UI's styles.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// cannedStore is a results store holding what an import could bring: runs,
// notes and actions with any text at all.
type cannedStore struct {
	runs    []store.Run
	actions []engine.Action
}

func (s *cannedStore) Begin(*store.Run, []byte) (int64, error) { return 99, nil }
func (s *cannedStore) Scenario(string) (*store.StoredScenario, error) {
	return nil, fmt.Errorf("no stored scenario: %w", store.ErrNotFound)
}
func (s *cannedStore) AppendDecision(int64, int, string) error       { return nil }
func (s *cannedStore) SetTimeLeft(int64, int, time.Duration) error   { return nil }
func (s *cannedStore) Discard(int64) error                           { return nil }
func (s *cannedStore) Finish(int64, *engine.Result, time.Time) error { return nil }
func (s *cannedStore) SaveHotwash(int64, engine.Hotwash) error       { return nil }
func (s *cannedStore) AddAction(engine.Action) (int64, error)        { return 1, nil }
func (s *cannedStore) List(store.Filter) ([]store.Run, error)        { return slices.Clone(s.runs), nil }
func (s *cannedStore) OpenActions(string) ([]engine.Action, error) {
	return slices.Clone(s.actions), nil
}

func (s *cannedStore) Get(id int64) (*store.Run, error) {
	for _, r := range s.runs {
		if r.ID == id {
			return &r, nil
		}
	}
	return nil, fmt.Errorf("no run %d", id)
}

func (s *cannedStore) Unfinished() ([]store.Run, error) {
	var out []store.Run
	for _, r := range s.runs {
		if !r.Finished {
			out = append(out, r)
		}
	}
	return out, nil
}

// hostileStore holds a finished run of mini and an unfinished one whose
// every text is h.
func hostileStore(t *testing.T, h string) *cannedStore {
	d := engine.NewDrill(scenario(t, "mini"), 1)
	for _, c := range []string{"act", "sorry"} {
		if err := d.Choose(c); err != nil {
			t.Fatal(err)
		}
	}
	res, err := d.Result(h)
	if err != nil {
		t.Fatal(err)
	}
	scores := make([]store.RunScore, len(res.Scores))
	for i, sc := range res.Scores {
		scores[i] = store.RunScore{Principle: h, Title: h, Scored: sc.Scored, Percent: sc.Percent}
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	unfinished := engine.Record{Scenario: h, Seed: 1, Decisions: []string{h}}
	return &cannedStore{
		runs: []store.Run{
			{ID: 1, Record: d.Record(), Team: h, Participants: []engine.Participant{{Name: h, Role: h}}, Started: at, Ended: at,
				Finished: true, Ending: h, Total: res.TotalPercent, Scores: scores, Hotwash: engine.Hotwash{WentWell: h, Improve: h},
				Actions: []engine.Action{{ID: 1, Run: 1, What: h, Owner: h, Principle: h}}},
			{ID: 2, Record: unfinished, Team: h, Started: at, DecisionCount: 1},
		},
		actions: []engine.Action{{ID: 1, Run: 1, Scenario: "retail-card-breach", What: h, Owner: h, Principle: h, Due: at}},
	}
}

// hostileRegister is a register whose risk of the flagship has h for every
// text, its playbook's file name included.
func hostileRegister(h string) *engine.Register {
	return &engine.Register{File: "risks.toml", Title: h, Bands: engine.DefaultBands, Risks: []engine.Risk{{
		ID: "customer-data-stolen", Title: h, Owner: h, Category: h, Description: h, Likelihood: 4, Impact: 5,
		Treatment: engine.Treatment(h), Scenarios: []string{h},
		Plan: engine.Plan{Text: h, File: h, Principles: []string{h}, Steps: []engine.PlanStep{{Who: h, What: h}}},
	}}}
}

// TestHostileTextFromTheStoreAndRegister: text from the results store (an
// imported run: team, ending, scenario, participants, notes, actions) and
// from the risk register (titles, owners, the playbook's file name) reaches
// the screen cleaned, on every screen that shows it, for each of the
// hostile strings.
func TestHostileTextFromTheStoreAndRegister(t *testing.T) {
	t.Parallel()
	for i, h := range hostile.Strings {
		synctest.Test(t, func(t *testing.T) {
			check := func(where string, m *Model) {
				t.Helper()
				// Glamour sets bold and italic even without colour: the
				// UI's own SGR sequences go (none of the hostile strings
				// is one).
				hostile.Terminal(t, fmt.Sprintf("string %d, %s", i, where), sgr.ReplaceAllString(m.View(), ""))
			}
			o := opts(t)
			o.Store = hostileStore(t, h)
			o.Register = hostileRegister(h)
			m := started(o, 120, 40)
			check("home (a drill to resume)", m)

			m.c.Push(results.New(m.c))
			m = send(m, uitest.Messages(m.navigate())...)
			check("results", m)
			m = send(m, keys("enter")...) // the finished run is the first row
			top[*debrief.Model](t, m)
			check("debrief of an imported run", m)
			m = send(m, keys("h")...)
			top[*hotwash.Model](t, m)
			check("hotwash of an imported run", m)

			o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
			b := started(o, 120, 60)
			check("briefing (the register's plan, the open actions)", b)
			b = send(b, keys("enter", "p")...)
			top[*drill.Model](t, b)
			check("drill (the register's plan)", b)

			o.Start, o.OpenRiskMap = nil, true
			r := started(o, 120, 40)
			top[*riskmap.Model](t, r)
			check("risk map", r)
			check("risk map, the risk's detail", send(r, keys("enter")...))
		})
	}
}

package engine_test

import (
	"html"
	"reflect"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// choicesOf writes a path as ttx run --choose takes it: decisions by ",",
// picks by "+".
func choicesOf(sc *engine.Scenario, p engine.Path) string {
	var decs []string
	for _, s := range p {
		var ids []string
		for _, c := range s.Choices {
			_, ch := sc.ChoiceByIndex(c)
			ids = append(ids, ch.ID)
		}
		decs = append(decs, strings.Join(ids, "+"))
	}
	return strings.Join(decs, ",")
}

// loadBestTie loads the fixture of the best path's ties.
func loadBestTie(t testing.TB) *engine.Scenario {
	t.Helper()
	sc, err := engine.Load("../testdata/bestpath/best-tie.toml", guides(t))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestBestPathBreaksTiesByTotal: of the paths that reach a principle's
// best, the one shown has the best total over all principles, whether the
// analysis is exact, estimated (the guided search) or read from the cache.
// In the best-tie fixture report-narrow ties report-wide on notify, costs
// improve and comes first in the file, so the first path found to reach
// notify's best would take it.
func TestBestPathBreaksTiesByTotal(t *testing.T) {
	t.Parallel()
	sc := loadBestTie(t)
	small := engine.Budget{MaxStates: 1}
	cache := &engine.AnalysisCache{Dir: t.TempDir()}
	fromCache := func(b engine.Budget) *engine.Analysis {
		t.Helper()
		if err := cache.Put(sc, b, engine.Analyze(sc, b)); err != nil {
			t.Fatal(err)
		}
		a, ok := cache.Get(sc, b)
		if !ok {
			t.Fatal("the cache does not give back what it was given")
		}
		return a
	}
	want := map[string]string{
		"notify":  "report-wide,mail-now",
		"own":     "report-wide,check-first",
		"improve": "report-wide,check-first",
	}
	for _, tc := range []struct {
		name      string
		a         *engine.Analysis
		estimated bool
	}{
		{"exact", engine.Analyze(sc, engine.Budget{}), false},
		{"estimated", engine.Analyze(sc, small), true},
		{"exact, from the cache", fromCache(engine.Budget{}), false},
		{"estimated, from the cache", fromCache(small), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.a.Estimated != tc.estimated {
				t.Fatalf("estimated %v, want %v", tc.a.Estimated, tc.estimated)
			}
			for id, path := range want {
				p := principle(t, sc, id)
				if got := choicesOf(sc, tc.a.BestPath[p]); got != path {
					t.Errorf("%s: best path %s, want %s", id, got, path)
				}
			}
			if n := principle(t, sc, "notify"); tc.a.BestReached[n] != 5 {
				t.Errorf("the notify path reaches %d, want 5", tc.a.BestReached[n])
			}
			checkPathsReach(t, sc, tc.a, true)
		})
	}
}

// TestBestMoves: what the debrief shows of the best notify path to a team
// that held the report and checked the addresses: the wide report (no cost)
// and the letters mailed at once, which lead on notify and cost own.
func TestBestMoves(t *testing.T) {
	t.Parallel()
	sc := loadBestTie(t)
	d := engine.NewDrill(sc, 1)
	for _, c := range []string{"hold", "check-first"} {
		if err := d.Choose(c); err != nil {
			t.Fatal(err)
		}
	}
	res, err := d.Result("Blue")
	if err != nil {
		t.Fatal(err)
	}
	own := sc.Guidance.Principles[principle(t, sc, "own")]
	type move struct {
		Choice string
		Points int
		Costs  []engine.Cost
	}
	for _, tc := range []struct {
		principle string
		want      []move
	}{
		{"notify", []move{{"report-wide", 2, nil}, {"mail-now", 3, []engine.Cost{{Principle: "own", Title: own.Title, Points: -1}}}}},
		{"improve", []move{}}, // the team's hold loses nothing on improve
		{"own", []move{}},     // the team reached own's best
	} {
		got := []move{}
		for _, m := range sc.BestMoves(res, principle(t, sc, tc.principle)) {
			if sc.Scenes[m.Scene].ID != "scope" && sc.Scenes[m.Scene].ID != "letters" {
				t.Errorf("%s: %s is in scene %s", tc.principle, m.Choice.ID, sc.Scenes[m.Scene].ID)
			}
			got = append(got, move{m.Choice.ID, m.Points, m.Costs})
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: best moves %+v, want %+v", tc.principle, got, tc.want)
		}
	}
}

func TestCostPhrase(t *testing.T) {
	t.Parallel()
	two := []engine.Cost{{Principle: "improve", Title: "Fix <the> cause", Points: -2}, {Principle: "contain", Title: "Close it", Points: -1}}
	for _, tc := range []struct {
		name  string
		costs []engine.Cost
		esc   func(string) string
		want  string
	}{
		{"none", nil, html.EscapeString, ""},
		{"one", two[1:], html.EscapeString, "costs Close it -1"},
		{"two, escaped", two, html.EscapeString, "costs Fix &lt;the&gt; cause -2; Close it -1"},
	} {
		if got := engine.CostPhrase(tc.costs, tc.esc); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

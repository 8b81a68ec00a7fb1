package engine_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// TestDriftScenarioScores is the measured case of issue 13: a valid scenario
// of 100 scenes, two drifting numbers and eight flags, far too many states
// to explore. It plays and scores, with bounds that say they are estimated,
// and every random playthrough scores within them, so percentages stay in
// 0..100 without clamping.
func TestDriftScenarioScores(t *testing.T) {
	t.Parallel()
	sc, err := engine.Parse("drift.toml", genDrift(100), guides(t))
	if err != nil {
		t.Fatal(err)
	}
	// A small budget keeps the test fast; the default one ends the same
	// way, later (docs/performance.md).
	sc.SetAnalyst(&engine.Analyst{Budget: engine.Budget{MaxStates: 20_000}})
	a, err := sc.Bounds()
	if err != nil {
		t.Fatal(err)
	}
	if !a.Estimated || a.Limit != engine.LimitStates || a.Unbounded || !strings.Contains(a.Note, "more than 20,000 distinct states") {
		t.Fatalf("want bounds estimated past 20,000 states; got estimated %v, limit %q, unbounded %v: %s", a.Estimated, a.Limit, a.Unbounded, a.Note)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		d := engine.NewDrill(sc, uint64(i))
		for !d.Ended() {
			off := d.Offered()
			if err := d.ChooseIndex(off[rng.IntN(len(off))]); err != nil {
				t.Fatal(err)
			}
		}
		r, err := d.Result("")
		if err != nil {
			t.Fatal(err)
		}
		if !r.BoundsEstimated || r.BoundsNote != a.Note {
			t.Fatalf("the result does not say its bounds are estimated: %v %q", r.BoundsEstimated, r.BoundsNote)
		}
		total := 0
		for p, s := range r.Scores {
			total += s.Raw
			if s.Raw > a.Best[p] || s.Raw < a.Worst[p] {
				t.Fatalf("playthrough %d scores %d in %s, outside the bounds %d..%d", i, s.Raw, s.Principle, a.Worst[p], a.Best[p])
			}
			if s.Percent < 0 || s.Percent > 100 {
				t.Fatalf("percentage %v", s.Percent)
			}
		}
		if total > a.BestTotal || total < a.WorstTotal {
			t.Fatalf("playthrough %d totals %d, outside %d..%d", i, total, a.WorstTotal, a.BestTotal)
		}
	}
	// The paths shown are real: played, they score what the analysis says
	// they reach.
	checkPathsReach(t, sc, a, true)
}

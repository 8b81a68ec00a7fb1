package engine

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// shippedGuides loads the rubric of the shipped scenarios.
func shippedGuides(t testing.TB) Guides {
	t.Helper()
	src, err := os.ReadFile("../scenarios/guidance.toml")
	if err != nil {
		t.Fatal(err)
	}
	g, err := ParseGuidance("guidance.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	return Guides{g.ID: g}
}

// estimateCorpus loads the scenarios the estimate is checked on: the valid
// fixtures, the shipped scenarios, and the fixtures of its corner cases.
func estimateCorpus(t *testing.T) []*Scenario {
	t.Helper()
	g := shippedGuides(t)
	var files []string
	for _, glob := range []string{"../testdata/valid/*.toml", "../scenarios/*.toml", "testdata/estimate/*.toml"} {
		fs, _ := filepath.Glob(glob)
		files = append(files, fs...)
	}
	// The six largest shipped scenarios take one to two seconds each to
	// explore; the three others (and the fixtures) have their shapes.
	skip := map[string]bool{"guidance.toml": true}
	for _, big := range []string{"cloud-bucket-exposed", "credential-stuffing", "leak-site-claim", "ransomware-extortion", "retail-card-breach", "tutoring-app-leak"} {
		skip[big+".toml"] = true
	}
	var out []*Scenario
	for _, f := range files {
		if skip[filepath.Base(f)] {
			continue
		}
		sc, err := Load(f, g)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, sc)
	}
	return out
}

// abstractAt runs the estimate of sc at a given tier, without budget.
func abstractAt(sc *Scenario, tier int) *abstraction {
	a := newAbstraction(sc, tier)
	a.maxWork = 1 << 40
	if tier < 3 && !a.fixpoint() {
		panic("the fixpoint ran out of work")
	}
	a.build()
	a.solve()
	return a
}

// TestEstimateIsSound checks, at every tier, that the estimate never
// understates a best nor overstates a worst that the exact exploration
// finds, and never rules out a scene or ending it reaches.
func TestEstimateIsSound(t *testing.T) {
	t.Parallel()
	for _, sc := range estimateCorpus(t) {
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			exact := Analyze(sc, Budget{})
			if exact.Estimated {
				t.Fatalf("%s: the exploration did not fit its budget", sc.ID)
			}
			for tier := 1; tier <= 3; tier++ {
				a := abstractAt(sc, tier)
				est := a.analysis()
				for p, pr := range sc.Guidance.Principles {
					if a.ubBest[p] || a.ubWorst[p] {
						continue // a loop without limit: the bound may fall short, and says so
					}
					if est.Best[p] < exact.Best[p] || est.Worst[p] > exact.Worst[p] {
						t.Errorf("%s, tier %d, %s: estimate %d..%d does not hold exact %d..%d", sc.ID, tier, pr.ID, est.Worst[p], est.Best[p], exact.Worst[p], exact.Best[p])
					}
				}
				if !a.ubBest[a.np] && !a.ubWorst[a.np] && (est.BestTotal < exact.BestTotal || est.WorstTotal > exact.WorstTotal) {
					t.Errorf("%s, tier %d, total: estimate %d..%d does not hold exact %d..%d", sc.ID, tier, est.WorstTotal, est.BestTotal, exact.WorstTotal, exact.BestTotal)
				}
				for i, ok := range exact.Reachable {
					if ok && !est.Reachable[i] {
						t.Errorf("%s, tier %d: scene %s is reached but the estimate rules it out", sc.ID, tier, sc.Scenes[i].ID)
					}
				}
				for i, ok := range exact.EndingReachable {
					if ok && !est.EndingReachable[i] {
						t.Errorf("%s, tier %d: ending %s is reached but the estimate rules it out", sc.ID, tier, sc.Endings[i].ID)
					}
				}
				for i, texts := range exact.TextShown {
					for k, ok := range texts {
						if ok && !est.TextShown[i][k] {
							t.Errorf("%s, tier %d: scene %s shows its text %d but the estimate rules it out", sc.ID, tier, sc.Scenes[i].ID, k)
						}
					}
				}
			}
		})
	}
}

// TestEstimateCombinedIsBounded checks that the estimate Analyze falls back
// to (the most precise tier, narrowed by the linear one) holds every
// fixture without a loop it cannot bound.
func TestEstimateCombinedIsBounded(t *testing.T) {
	t.Parallel()
	for _, sc := range estimateCorpus(t) {
		a := abstractBounds(sc, Budget{}.withDefaults(), time.Now())
		if a.tier != 1 || a.unbounded {
			t.Errorf("%s: tier %d, unbounded %v", sc.ID, a.tier, a.unbounded)
		}
	}
}

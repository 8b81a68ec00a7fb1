package scenarios_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/exercise"
	"github.com/ttx-dev/ttx/engine/exercise/exercisetest"
	"github.com/ttx-dev/ttx/internal/htmlcheck"
	"github.com/ttx-dev/ttx/scenarios"
)

// shipped loads every shipped scenario.
func shipped(t testing.TB) []*engine.Scenario {
	t.Helper()
	c, err := scenarios.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var out []*engine.Scenario
	for _, e := range c.Entries {
		out = append(out, e.Scenario)
	}
	if len(out) < 7 {
		t.Fatalf("only %d shipped scenarios", len(out))
	}
	return out
}

// pack builds sc's package and checks every document (exercisetest.Check).
func pack(t *testing.T, sc *engine.Scenario, opt exercise.Options) map[string]*html.Node {
	t.Helper()
	docs, err := exercise.Build(sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	return exercisetest.Check(t, docs)
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestShippedPackages: the package of every shipped scenario is well formed
// and self-contained, with one role card per role and one inject card per
// event the parameters leave in play; the guide holds every answer, the
// manual none.
func TestShippedPackages(t *testing.T) {
	t.Parallel()
	for _, sc := range shipped(t) {
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			pages := pack(t, sc, exercise.Options{Team: "Board"})
			roles := htmlcheck.Find(pages["role-cards"], "section", "role")
			if len(roles) != len(sc.RoleInfo) || len(roles) == 0 {
				t.Errorf("%d role cards for %d roles", len(roles), len(sc.RoleInfo))
			}
			for i, r := range sc.RoleInfo {
				if i < len(roles) && (!strings.Contains(exercisetest.Text(roles[i]), r.Title) || r.Brief == "" || r.Private == "") {
					t.Errorf("role card %d: %q lacks its title, or the role a brief or private information", i, r.Title)
				}
			}
			events := 0
			for i := range sc.Events {
				if !sc.RuledOut(sc.Events[i].When) {
					events++
				}
			}
			if injects := htmlcheck.Find(pages["inject-cards"], "section", "inject"); len(injects) != events {
				t.Errorf("%d inject cards for %d events in play", len(injects), events)
			}
			guide, manual := exercisetest.Text(pages["facilitator-guide"]), exercisetest.Text(pages["situation-manual"])
			for _, s := range sc.Scenes {
				for j, a := range s.Answers {
					if a == "" {
						t.Errorf("scene %s: prompt %d has no answer", s.ID, j+1)
						continue
					}
					if !strings.Contains(guide, flat(a)[:min(40, len(flat(a)))]) {
						t.Errorf("scene %s: the guide lacks the answer %q", s.ID, a)
					}
				}
				for _, c := range s.Choices {
					if c.Why != "" && strings.Contains(manual, flat(c.Why)) {
						t.Errorf("the situation manual gives away why %q scores", c.ID)
					}
				}
			}
			if len(sc.Modules) == 0 {
				t.Errorf("no modules")
			}
		})
	}
}

// TestUnlistedPackages: the shipped scenarios that declare `listed`, packed
// for a company not listed, put no SEC clock in play and show the players
// (the manual, the role and inject cards) no SEC filing; and the guide
// sets out no scene that no drill reaches then (the SEC's questions of
// ransomware-extortion and leak-site-claim), but names each once as left
// out.
func TestUnlistedPackages(t *testing.T) {
	t.Parallel()
	var leftOut atomic.Int32
	t.Cleanup(func() {
		if leftOut.Load() == 0 {
			t.Errorf("no scene is left out of any guide: the check of the guide tests nothing")
		}
	})
	for _, sc := range shipped(t) {
		if p, ok := sc.Param("listed"); !ok || p.Kind != engine.ParamBool {
			continue
		}
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			bound, err := sc.WithParams(map[string]string{"listed": "false"})
			if err != nil {
				t.Fatal(err)
			}
			pages := pack(t, bound, exercise.Options{})
			plan := exercisetest.Text(pages["exercise-plan"])
			_, clocks, _ := strings.Cut(plan, "Regulator clocks in play")
			clocks, _, _ = strings.Cut(clocks, "Not in play")
			if strings.Contains(clocks, "SEC") {
				t.Errorf("the Exercise Plan puts an SEC clock in play: %s", clocks)
			}
			for _, name := range []string{"situation-manual", "role-cards", "inject-cards"} {
				for _, w := range []string{"SEC", "8-K"} {
					if strings.Contains(exercisetest.Text(pages[name]), w) {
						t.Errorf("the %s names %q", name, w)
					}
				}
			}
			leftOut.Add(int32(checkLeftOut(t, bound, exercisetest.Text(pages["facilitator-guide"]))))
		})
	}
}

// checkLeftOut fails for each scene of sc that no drill reaches and that
// the guide sets out anyway (its id, its notes), or does not name once as
// left out; it returns how many scenes no drill reaches.
func checkLeftOut(t *testing.T, sc *engine.Scenario, guide string) int {
	t.Helper()
	a, err := sc.Bounds()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(guide, "In no run") {
		t.Errorf("the guide sets out a scene that comes up in no run")
	}
	n := 0
	for i, s := range sc.Scenes {
		if a.Reachable[i] {
			continue
		}
		n++
		title := s.Title.Source(sc)
		if strings.Contains(guide, "Scene "+s.ID+" ") || (s.Notes != "" && strings.Contains(guide, flat(s.Notes)[:min(60, len(flat(s.Notes)))])) {
			t.Errorf("the guide sets out scene %s, which no drill reaches", s.ID)
		}
		if strings.Count(guide, "“"+title+"”") != 1 || !strings.Contains(guide, "Left out of this module: “"+title+"”") {
			t.Errorf("the guide does not name scene %s (%q) once as left out", s.ID, title)
		}
	}
	return n
}

// TestRegionsPackages: insider-press-leak packed for the people in its files
// living in fewer places than its default three: what the players read (the
// manual, the role and inject cards) names no regulator the regions leave
// out, and for people in the US alone the guide leaves out the regulator's
// letter, which no drill reaches then.
func TestRegionsPackages(t *testing.T) {
	t.Parallel()
	dutch, ico := []string{"Dutch", "Autoriteit"}, []string{"ICO", "Information Commissioner"}
	for _, tc := range []struct {
		regions   string
		gone, has []string
		leftOut   int
	}{
		{"us", append(dutch, ico...), nil, 1},
		{"uk", dutch, []string{"Information Commissioner's Office"}, 0},
		{"eu,us", ico, []string{"Autoriteit Persoonsgegevens"}, 0},
	} {
		t.Run(tc.regions, func(t *testing.T) {
			t.Parallel()
			bound := scenarios.WithRegions(t, tc.regions)
			pages := pack(t, bound, exercise.Options{})
			var players strings.Builder
			for _, name := range []string{"situation-manual", "role-cards", "inject-cards"} {
				players.WriteString(exercisetest.Text(pages[name]))
			}
			for _, w := range tc.gone {
				if strings.Contains(players.String(), w) {
					t.Errorf("what the players read names %q", w)
				}
			}
			for _, w := range tc.has {
				if !strings.Contains(players.String(), w) {
					t.Errorf("what the players read never names %q", w)
				}
			}
			if n := checkLeftOut(t, bound, exercisetest.Text(pages["facilitator-guide"])); n != tc.leftOut {
				t.Errorf("%d scenes left out of the guide, want %d", n, tc.leftOut)
			}
		})
	}
}

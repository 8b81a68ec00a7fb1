package engine_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

func principle(t testing.TB, sc *engine.Scenario, id string) int {
	p, ok := sc.Guidance.PrincipleIndex(id)
	if !ok {
		t.Fatalf("no principle %s", id)
	}
	return p
}

func TestAnalyzeRules(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	a := engine.Analyze(sc, engine.Budget{})
	for _, tc := range []struct {
		id          string
		best, worst int
	}{
		{"notify", 5, -2}, // notify at once (+2) and the check (+3); hide (-2)
		{"own", 6, -2},    // a+b twice through the leak loop; c twice... c only while exposed
	} {
		p := principle(t, sc, tc.id)
		if a.Best[p] != tc.best || a.Worst[p] != tc.worst {
			t.Errorf("%s: best %d worst %d, want %d %d", tc.id, a.Best[p], a.Worst[p], tc.best, tc.worst)
		}
	}
	if a.BestTotal != 8 || a.WorstTotal != -3 {
		t.Errorf("total best %d worst %d, want 8 -3", a.BestTotal, a.WorstTotal)
	}
	for i, ok := range a.EndingReachable {
		if !ok {
			t.Errorf("ending %s not reached", sc.Endings[i].ID)
		}
	}
	for i, ok := range a.Reachable {
		if !ok {
			t.Errorf("scene %s not reached", sc.Scenes[i].ID)
		}
	}
	if len(a.DeadEnds) != 0 || a.Loops {
		t.Errorf("dead ends %v loops %v", a.DeadEnds, a.Loops)
	}
	// The best path for own goes through the leak, the press and the
	// statement twice.
	p := principle(t, sc, "own")
	var got []string
	for _, s := range a.BestPath[p] {
		got = append(got, sc.Scenes[s.Scene].ID)
	}
	if strings.Join(got, ",") != "start,mid,press,mid" {
		t.Errorf("best own path visits %v", got)
	}
}

// TestAnalyzePathsReplay checks that every best and worst path without
// chance events, played as a drill, scores what the analysis says.
func TestAnalyzePathsReplay(t *testing.T) {
	for _, name := range []string{"rules.toml", "bucket-leak.toml", "mini.toml"} {
		sc := loadValid(t, name)
		checkPathsReach(t, sc, engine.Analyze(sc, engine.Budget{}), false)
	}
}

// checkPathsReach plays each principle's best and worst path of a and
// checks that it scores what a says it reaches (the best and worst, when
// exact). A path that needs a chance event the seed does not give is passed
// over, unless every path must reach its end.
func checkPathsReach(t *testing.T, sc *engine.Scenario, a *engine.Analysis, mustEnd bool) {
	t.Helper()
	for p, pr := range sc.Guidance.Principles {
		for _, tc := range []struct {
			path engine.Path
			want int
		}{{a.BestPath[p], a.BestReached[p]}, {a.WorstPath[p], a.WorstReached[p]}} {
			d, ok := playPath(t, sc, tc.path)
			if !ok {
				if mustEnd {
					t.Errorf("%s %s: the path does not reach its end", sc.ID, pr.ID)
				}
				continue
			}
			r, err := d.Result("")
			if err != nil {
				t.Fatal(err)
			}
			if r.Scores[p].Raw != tc.want {
				t.Errorf("%s %s: the path scores %d, the analysis says %d", sc.ID, pr.ID, r.Scores[p].Raw, tc.want)
			}
		}
	}
}

// playPath plays a path with seed 0; ok is false when the events that fire
// differ from the path's.
func playPath(t *testing.T, sc *engine.Scenario, path engine.Path) (*engine.Drill, bool) {
	d := engine.NewDrill(sc, 0)
	for _, s := range path {
		var ids []string
		for _, c := range s.Choices {
			_, ch := sc.ChoiceByIndex(c)
			ids = append(ids, ch.ID)
		}
		if err := d.Choose(ids...); err != nil {
			t.Fatal(err)
		}
		dec := d.Decisions()[len(d.Decisions())-1]
		if len(dec.Events) != len(s.Events) {
			return nil, false
		}
	}
	return d, d.Ended()
}

const analyzeBase = `
[scenario]
id = "a"
title = "A"
start = "s"
[vars]
n = 0
[[endings]]
id = "end"
title = "End"
`

func TestAnalyzeDeadEndsLoopsAndLimits(t *testing.T) {
	g := guides(t)
	for _, tc := range []struct {
		name  string
		src   string
		check func(*engine.Scenario, *engine.Analysis) string
	}{
		{"dead end", analyzeBase + `
[[scenes]]
id = "s"
title = "S"
  [[scenes.choices]]
  id = "go"
  text = "Go"
  add = { n = 1 }
  goto = "t"
[[scenes]]
id = "t"
title = "T"
  [[scenes.choices]]
  id = "only-at-zero"
  text = "X"
  when = "n == 0"
  goto = "end"
`, func(sc *engine.Scenario, a *engine.Analysis) string {
			if a.Estimated || len(a.DeadEnds) != 1 || sc.Scenes[a.DeadEnds[0]].ID != "t" || a.EndingReachable[0] {
				return "want dead end at t and no ending"
			}
			return ""
		}},
		{"loop", analyzeBase + `
[[scenes]]
id = "s"
title = "S"
  [[scenes.choices]]
  id = "again"
  text = "Again"
  goto = "s"
  [[scenes.choices]]
  id = "stop"
  text = "Stop"
  goto = "end"
`, func(sc *engine.Scenario, a *engine.Analysis) string {
			if a.Estimated || !a.Loops || a.States != 1 || !a.EndingReachable[0] {
				return "want a loop in one state"
			}
			return ""
		}},
		{"unbounded counter", analyzeBase + `
[[scenes]]
id = "s"
title = "S"
  [[scenes.choices]]
  id = "again"
  text = "Again"
  add = { n = 1 }
  goto = "s"
  [[scenes.choices]]
  id = "stop"
  text = "Stop"
  when = "n > 1e12"
  goto = "end"
`, func(sc *engine.Scenario, a *engine.Analysis) string {
			if !a.Estimated || a.Limit != engine.LimitStates || !strings.Contains(a.Note, "more than 1,000 distinct states") || !a.EndingReachable[0] {
				return "want estimated bounds past 1,000 states, and the ending possibly reached"
			}
			return ""
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := engine.Parse(tc.name+".toml", []byte(tc.src), g)
			if err != nil {
				t.Fatal(err)
			}
			a := engine.Analyze(sc, engine.Budget{MaxStates: 1000})
			if msg := tc.check(sc, a); msg != "" {
				t.Errorf("%s; got %+v", msg, a)
			}
		})
	}
}

// TestAnalyzeCountsPaths checks path counting on scenarios whose paths can
// be counted by hand: k scenes of two choices each give 2^k paths, and 2^70
// saturates the count.
func TestAnalyzeCountsPaths(t *testing.T) {
	for _, k := range []int{10, 70} {
		var b strings.Builder
		b.WriteString("[scenario]\nid = \"p\"\ntitle = \"P\"\nstart = \"s0\"\n[[endings]]\nid = \"end\"\ntitle = \"E\"\n")
		for i := 0; i < k; i++ {
			next := "end"
			if i+1 < k {
				next = "s" + strconv.Itoa(i+1)
			}
			fmt.Fprintf(&b, "[[scenes]]\nid = \"s%d\"\ntitle = \"S\"\n", i)
			for _, c := range []string{"a", "b"} {
				fmt.Fprintf(&b, "[[scenes.choices]]\nid = \"%s%d\"\ntext = \"X\"\ngoto = %q\n", c, i, next)
			}
		}
		sc, err := engine.Parse("p.toml", []byte(b.String()), guides(t))
		if err != nil {
			t.Fatal(err)
		}
		a := engine.Analyze(sc, engine.Budget{})
		if a.States != k {
			t.Errorf("k=%d: %d states", k, a.States)
		}
		if k == 10 && (a.Paths != 1024 || a.PathsSaturated) {
			t.Errorf("k=10: %d paths", a.Paths)
		}
		if k == 70 && !a.PathsSaturated {
			t.Errorf("k=70: %d paths, not saturated", a.Paths)
		}
	}
}

func TestSample(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	a, err := engine.Sample(sc, 400, 9)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := engine.Sample(sc, 400, 9)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("the same seed gave two distributions")
	}
	n := 0
	for _, h := range a.Histogram {
		n += h
	}
	ends := 0
	for _, c := range a.Endings {
		ends += c
	}
	if n != 400 || ends != 400 || a.Unfinished != 0 {
		t.Errorf("histogram %v endings %v", a.Histogram, a.Endings)
	}
	if !(a.Percentile["p10"] <= a.Percentile["p50"] && a.Percentile["p50"] <= a.Percentile["p90"]) || a.Mean <= 0 || a.Mean >= 100 {
		t.Errorf("percentiles %v mean %v", a.Percentile, a.Mean)
	}
	if a.Endings["collapse"] == 0 || a.Endings["end-ok"] == 0 {
		t.Errorf("random play should reach both endings: %v", a.Endings)
	}
}

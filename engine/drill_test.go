package engine_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

func loadValid(t testing.TB, name string) *engine.Scenario {
	t.Helper()
	sc, err := engine.Load("../testdata/valid/"+name, guides(t))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func val(t testing.TB, d *engine.Drill, name string) float64 {
	t.Helper()
	for i, v := range d.Scenario().Vars {
		if v.Name == name {
			return d.State().Vals[i]
		}
	}
	t.Fatalf("no variable %s", name)
	return 0
}

// seedWhere finds a seed for which the leak event does (or does not) fire
// after "hide", so that tests need no knowledge of the generator's output.
func seedWhere(t *testing.T, sc *engine.Scenario, fires bool) uint64 {
	for seed := uint64(0); seed < 100; seed++ {
		d := engine.NewDrill(sc, seed)
		if err := d.Choose("hide"); err != nil {
			t.Fatal(err)
		}
		if (len(d.Decisions()[0].Events) > 0) == fires {
			return seed
		}
	}
	t.Fatalf("no seed in 0..99 where leak fires=%v", fires)
	return 0
}

func TestDrillRules(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	noLeak := seedWhere(t, sc, false)
	leak := seedWhere(t, sc, true)
	for _, tc := range []struct {
		name    string
		seed    uint64
		choices [][]string
		scene   string // scene waiting, or "" when ended
		ending  string
		hours   float64
		vars    map[string]float64
		events  []string // events after the last decision
	}{
		{"add clamps to bounds, set applies", 1, [][]string{{"notify"}}, "mid", "", 2, map[string]float64{"trust": 100, "exposed": 0}, nil},
		{"set evaluates against the state before", noLeak, [][]string{{"recompute"}}, "mid", "", 1, map[string]float64{"calls": 1, "trust": 50}, nil},
		{"an ending preempts the events", 1, [][]string{{"panic"}}, "", "collapse", 1, map[string]float64{"trust": 2}, nil},
		{"chance event fires and redirects", leak, [][]string{{"hide"}}, "press", "", 1, map[string]float64{"trust": 20}, []string{"leak"}},
		{"chance event does not fire", noLeak, [][]string{{"hide"}}, "mid", "", 1, map[string]float64{"trust": 30}, nil},
		{"pick advances by the largest hours", 1, [][]string{{"notify"}, {"a", "b"}}, "", "end-ok", 5, map[string]float64{"calls": 3}, []string{"always"}},
		{"pick of one", 1, [][]string{{"notify"}, {"a"}}, "", "end-ok", 3, map[string]float64{"calls": 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := engine.NewDrill(sc, tc.seed)
			for _, c := range tc.choices {
				if err := d.Choose(c...); err != nil {
					t.Fatal(err)
				}
			}
			if tc.scene == "" {
				if !d.Ended() {
					t.Fatalf("drill still at %s", d.Scene().ID)
				}
				if got := d.Ending(); got == nil || got.ID != tc.ending {
					t.Fatalf("ending %v, want %s", got, tc.ending)
				}
			} else if d.Ended() || d.Scene().ID != tc.scene {
				t.Fatalf("at %s (ended %v), want %s", d.Scene().ID, d.Ended(), tc.scene)
			}
			if d.Hours() != tc.hours {
				t.Errorf("hours %v, want %v", d.Hours(), tc.hours)
			}
			for k, v := range tc.vars {
				if got := val(t, d, k); got != v {
					t.Errorf("%s = %v, want %v", k, got, v)
				}
			}
			last := d.Decisions()[len(d.Decisions())-1]
			var events []string
			for _, e := range last.Events {
				events = append(events, sc.Events[e].ID)
			}
			if !reflect.DeepEqual(events, tc.events) {
				t.Errorf("events %v, want %v", events, tc.events)
			}
		})
	}
}

func TestDrillRejects(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	for _, tc := range []struct {
		name    string
		before  [][]string
		choice  []string
		wantMsg string
	}{
		{"unknown choice", nil, []string{"nope"}, `choice "nope" is not offered here; scene "start" offers notify, hide, panic, recompute`},
		{"choice of another scene", nil, []string{"a"}, `choice "a" is not offered here`},
		{"two in an ordinary scene", nil, []string{"notify", "hide"}, "this scene takes 1 choice(s), not 2"},
		{"too many picks", [][]string{{"hide"}}, []string{"a", "b", "c"}, "this scene takes 1 to 2 choices, not 3"},
		{"same pick twice", [][]string{{"notify"}}, []string{"a", "a"}, `choice "a" is picked twice`},
		{"choice whose when fails", [][]string{{"notify"}}, []string{"c"}, `choice "c" is not offered here; scene "mid" offers a, b`},
		{"after the end", [][]string{{"panic"}}, []string{"a"}, "the drill has ended"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := engine.NewDrill(sc, seedWhere(t, sc, false))
			for _, c := range tc.before {
				if err := d.Choose(c...); err != nil {
					t.Fatal(err)
				}
			}
			n := len(d.Decisions())
			err := d.Choose(tc.choice...)
			if err == nil || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Fatalf("got %v, want %q", err, tc.wantMsg)
			}
			if len(d.Decisions()) != n {
				t.Error("a rejected decision was recorded")
			}
		})
	}
}

func TestClocks(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	noLeak := seedWhere(t, sc, false)
	for _, tc := range []struct {
		name    string
		choices [][]string
		want    engine.ClockState
		left    float64
	}{
		{"running at the start", nil, engine.ClockRunning, 3},
		{"met in time", [][]string{{"notify"}}, engine.ClockMet, 1},
		{"still running", [][]string{{"hide"}}, engine.ClockRunning, 2},
		{"missed", [][]string{{"hide"}, {"b"}}, engine.ClockMissed, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := engine.NewDrill(sc, noLeak)
			for _, c := range tc.choices {
				if err := d.Choose(c...); err != nil {
					t.Fatal(err)
				}
			}
			cs := d.Clocks()[0]
			if cs.State != tc.want || cs.Left != tc.left {
				t.Errorf("clock %v with %v left, want %v with %v", cs.State, cs.Left, tc.want, tc.left)
			}
		})
	}
}

func TestInterpolation(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	d := engine.NewDrill(sc, 1)
	if got, want := d.Render(d.Scene().Text), "Trust is 50; {braces} stay."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if err := d.Choose("notify"); err != nil {
		t.Fatal(err)
	}
	if err := d.Choose("a"); err != nil {
		t.Fatal(err)
	}
	if got, want := d.Render(d.Ending().Text), "The week ends with trust at 100."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestChanceIsSeeded(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	fired := map[bool]int{}
	for seed := uint64(0); seed < 400; seed++ {
		a, b := engine.NewDrill(sc, seed), engine.NewDrill(sc, seed)
		_ = a.Choose("hide")
		_ = b.Choose("hide")
		if !reflect.DeepEqual(a.Decisions(), b.Decisions()) {
			t.Fatalf("seed %d: two drills differ", seed)
		}
		fired[len(a.Decisions()[0].Events) > 0]++
	}
	// chance = 0.5: over 400 seeds each outcome lands well inside 150..250.
	if fired[true] < 150 || fired[false] < 150 {
		t.Errorf("leak fired %d of 400 times at chance 0.5", fired[true])
	}
}

// TestReplay plays random drills, stores their records and replays them: the
// replay must reproduce every decision, event and score.
func TestReplay(t *testing.T) {
	for _, name := range []string{"rules.toml", "bucket-leak.toml"} {
		sc := loadValid(t, name)
		for seed := uint64(0); seed < 50; seed++ {
			d := playRandom(t, sc, seed)
			rec := d.Record()
			r, err := engine.Replay(sc, rec)
			if err != nil {
				t.Fatalf("%s seed %d: %v", name, seed, err)
			}
			if !reflect.DeepEqual(r.Decisions(), d.Decisions()) || !reflect.DeepEqual(r.State(), d.State()) || r.Ended() != d.Ended() {
				t.Fatalf("%s seed %d: replay differs", name, seed)
			}
			a, _ := d.Result("t")
			b, _ := r.Result("t")
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%s seed %d: results differ", name, seed)
			}
		}
	}
}

func TestReplayRefusesChangedScenario(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	d := engine.NewDrill(sc, 1)
	_ = d.Choose("notify")
	rec := d.Record()
	rec.Hash = "0000"
	if _, err := engine.Replay(sc, rec); err == nil || !strings.Contains(err.Error(), "has changed") {
		t.Errorf("got %v", err)
	}
	rec.Hash, rec.Decisions = "", []string{"notify", "zzz"}
	if _, err := engine.Replay(sc, rec); err == nil || !strings.Contains(err.Error(), "decision 2") {
		t.Errorf("got %v", err)
	}
}

// playRandom plays sc to its end with choices drawn from the seed.
func playRandom(t testing.TB, sc *engine.Scenario, seed uint64) *engine.Drill {
	d := engine.NewDrill(sc, seed)
	x := seed*2654435761 + 1
	for steps := 0; !d.Ended() && steps < 100; steps++ {
		off := d.Offered()
		x = x*6364136223846793005 + 1442695040888963407
		lo, _ := d.PickRange()
		picks := make([]int, 0, lo)
		for k := 0; k < lo; k++ {
			picks = append(picks, off[(int(x>>33)+k)%len(off)])
		}
		if err := d.ChooseIndex(picks...); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func TestRatingBands(t *testing.T) {
	for _, tc := range []struct {
		pct  float64
		code string
	}{{100, "P"}, {85, "P"}, {84.9, "S"}, {65, "S"}, {64.9, "M"}, {40, "M"}, {39.9, "U"}, {0, "U"}} {
		if got := engine.RatingFor(tc.pct).Code; got != tc.code {
			t.Errorf("%v%%: %s, want %s", tc.pct, got, tc.code)
		}
	}
}

func TestLength(t *testing.T) {
	for _, tc := range []struct {
		file         string
		fewest, most int
	}{
		{"rules.toml", 2, 2},       // start, then the statement
		{"bucket-leak.toml", 3, 3}, // the call, the statement, the morning after
		{"mini.toml", 2, 2},
	} {
		sc := loadValid(t, tc.file)
		if f, m := sc.Length(); f != tc.fewest || m != tc.most {
			t.Errorf("%s: %d..%d decisions, want %d..%d", tc.file, f, m, tc.fewest, tc.most)
		}
	}
}

func TestDisplayAndChannels(t *testing.T) {
	sc := loadFlagship(t)
	if len(sc.Display.Meters) != 1 || sc.Vars[sc.Display.Meters[0].Var].Name != "trust" || len(sc.Display.Flags) != 4 {
		t.Errorf("display %+v", sc.Display)
	}
	got := map[engine.Channel]int{}
	for _, e := range sc.Events {
		got[e.Channel]++
	}
	if got[engine.ChannelPress] != 4 || got[engine.ChannelSocial] != 2 || got[engine.ChannelCall] != 2 || got[engine.ChannelEmail] != 4 || got[engine.ChannelInternal] != 2 {
		t.Errorf("channels %v", got)
	}
}

// TestPlanScore: a plan scores 40 for existing, up to 40 for the share of
// the principles it covers, and 20 when it is owned and every step says who.
func TestPlanScore(t *testing.T) {
	t.Parallel()
	sc := loadFlagship(t)
	all := []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"}
	for _, tc := range []struct {
		name string
		risk *engine.Risk
		plan float64
	}{
		{"no plan", &engine.Risk{Owner: "CISO"}, 0},
		{"full plan", &engine.Risk{Owner: "CISO", Plan: engine.Plan{Text: "x", Principles: all, Steps: []engine.PlanStep{{Who: "CISO", What: "y"}}}}, 100},
		{"half the principles, a step without who", &engine.Risk{Owner: "CISO", Plan: engine.Plan{File: "p.md", Principles: []string{"contain", "notify", "own"}, Steps: []engine.PlanStep{{What: "y"}}}}, 40 + 40*3.0/7},
		{"no owner", &engine.Risk{Plan: engine.Plan{Text: "x", Principles: all}}, 80},
	} {
		if got := engine.PlanScore(tc.risk, sc.Guidance); math.Abs(got-tc.plan) > 1e-9 {
			t.Errorf("%s: plan score %v, want %v", tc.name, got, tc.plan)
		}
	}
}

// TestMissedChecks: a check that would have scored but did not hold is
// reported as missed, so the debrief can say what the team could have done.
func TestMissedChecks(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	p := principle(t, sc, "notify")
	for _, tc := range []struct {
		first  string
		missed int
	}{{"notify", 0}, {"panic", 1}} {
		d := engine.NewDrill(sc, 1)
		if err := d.Choose(tc.first); err != nil {
			t.Fatal(err)
		}
		r, _ := d.Result("")
		if got := len(r.Scores[p].Missed); got != tc.missed {
			t.Errorf("after %s: %d missed checks, want %d", tc.first, got, tc.missed)
		}
		if tc.missed > 0 && r.Scores[p].Missed[0].Why != "Notified at once." {
			t.Errorf("missed %+v", r.Scores[p].Missed)
		}
	}
}

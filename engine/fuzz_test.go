package engine_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// loadBudget is how long loading, validating, analyzing and playing one file
// may take while fuzzing.
const loadBudget = 2 * time.Second

// fuzzBudget bounds the analysis of a fuzzed file.
var fuzzBudget = engine.Budget{MaxStates: 2000}

// FuzzLoad parses arbitrary files: the loader never crashes and never reports
// an internal error, every diagnostic points inside the file and carries no
// control characters, and whatever loads can be linted, played, scored and
// explored within loadBudget, with bounds that hold: the estimate holds the
// exact bounds, and a drill scores within them.
func FuzzLoad(f *testing.F) {
	for _, glob := range []string{"../testdata/valid/*.toml", "../testdata/invalid/*.toml", "testdata/estimate/*.toml"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			f.Add(readFile(f, p))
		}
	}
	g := guides(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		engine.FuzzWithin(loadBudget, func() { checkLoad(t, g, src) })
	})
}

// checkLoad is the body of FuzzLoad.
func checkLoad(t *testing.T, g engine.Guides, src []byte) {
	sc, err := engine.Parse("fuzz.toml", src, g)
	lines := strings.Count(string(src), "\n") + 1
	if err != nil {
		ds, ok := err.(engine.Diagnostics)
		if !ok {
			t.Fatalf("error is not diagnostics: %v", err)
		}
		for _, d := range ds {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("internal error: %v", d)
			}
			if d.Line < 0 || d.Line > lines || d.Col < 0 {
				t.Fatalf("position %d:%d outside the file's %d lines: %v", d.Line, d.Col, lines, d)
			}
			if engine.HasControl(d.Message) || engine.HasControl(d.Source) {
				t.Fatalf("control characters in a diagnostic: %q", d.Pretty())
			}
		}
		return
	}
	a := engine.Analyze(sc, fuzzBudget)
	sc.Lint(a)
	if !a.Estimated {
		// The estimate holds what the exploration found.
		est := engine.Analyze(sc, engine.Budget{MaxStates: 1})
		for p := range sc.Guidance.Principles {
			if !est.Unbounded && (est.Best[p] < a.Best[p] || est.Worst[p] > a.Worst[p]) {
				t.Fatalf("principle %d: the estimate %d..%d does not hold the exact %d..%d", p, est.Worst[p], est.Best[p], a.Worst[p], a.Best[p])
			}
		}
	}
	sc.SetAnalyst(&engine.Analyst{Budget: fuzzBudget})
	for seed := uint64(0); seed < 3; seed++ {
		d := playRandom(t, sc, seed)
		_ = d.Render(d.Scene().Text)
		r, err := d.Result("")
		if err != nil {
			t.Fatal(err)
		}
		for p, s := range r.Scores {
			if s.Percent < 0 || s.Percent > 100 {
				t.Fatalf("%s: %v%%", s.Principle, s.Percent)
			}
			// A finished drill of a scenario without loops scores within
			// the bounds, exact or estimated.
			if d.Ended() && !a.Loops && !a.Estimated && (s.Raw > a.Best[p] || s.Raw < a.Worst[p]) {
				t.Fatalf("%s: raw %d outside %d..%d", s.Principle, s.Raw, a.Worst[p], a.Best[p])
			}
		}
	}
}

// TestSlowInputs pins the inputs that once stalled FuzzLoad (the analyzer
// listed every combination of picks or chance events before it checked its
// budget): each now ends within the fuzz budget, rejected by the loader or
// cut off by the budget it ran out of.
func TestSlowInputs(t *testing.T) {
	t.Parallel()
	g := guides(t)
	for _, tc := range []struct {
		seed  string
		err   string       // the load error, when it is rejected
		limit engine.Limit // the budget its analysis runs out of
	}{
		{"wide-pick", "a pick scene may offer at most 16 choices", ""},
		{"chance-events", "", engine.LimitOutcomes},
		{"endless-counter", "", engine.LimitStates},
	} {
		t.Run(tc.seed, func(t *testing.T) {
			t.Parallel()
			src := fuzzSeed(t, "testdata/fuzz/FuzzLoad/"+tc.seed)
			sc, err := engine.Parse(tc.seed+".toml", src, g)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			a := engine.Analyze(sc, fuzzBudget)
			if !a.Estimated || a.Limit != tc.limit {
				t.Errorf("estimated %v, limit %q; want the %s budget to run out", a.Estimated, a.Limit, tc.limit)
			}
		})
	}
}

// fuzzSeed reads the input of a file of the fuzz corpus.
func fuzzSeed(t *testing.T, path string) []byte {
	t.Helper()
	lines := strings.SplitN(string(readFile(t, path)), "\n", 3)
	if len(lines) < 2 || lines[0] != "go test fuzz v1" {
		t.Fatalf("%s is not a fuzz corpus file", path)
	}
	lit, ok := strings.CutPrefix(strings.TrimSuffix(lines[1], ")"), "[]byte(")
	if !ok {
		t.Fatalf("%s holds no []byte", path)
	}
	s, err := strconv.Unquote(lit)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return []byte(s)
}

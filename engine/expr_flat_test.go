package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// wideScenario has more flags, choices, scenes and events than State and
// the exploration keep as bits (bitSlots), two numbers and parameters:
// f00..f69, n and m, scenes s0..s69 whose one choice each is c0..c69, every
// choice and scene tracked in order, so that slot k is choice or scene k,
// and manual events e0..e69.
func wideScenario(t testing.TB) *Scenario {
	t.Helper()
	const n = bitSlots + 6
	var b strings.Builder
	b.WriteString("[scenario]\nid = \"wide\"\ntitle = \"Wide\"\nstart = \"s0\"\n[params]\nlevel = 3\nregions = [\"eu\"]\n[vars]\nn = 0\nm = 0\n")
	for i := range n {
		fmt.Fprintf(&b, "f%02d = false\n", i)
	}
	for i := range n {
		next := fmt.Sprintf("s%d", i+1)
		if i == n-1 {
			next = "end"
		}
		fmt.Fprintf(&b, "[[scenes]]\nid = \"s%d\"\ntitle = \"S\"\n  [[scenes.choices]]\n  id = \"c%d\"\n  text = \"C\"\n  goto = %q\n", i, i, next)
	}
	for i := range n {
		fmt.Fprintf(&b, "[[events]]\nid = \"e%d\"\nmanual = true\ntext = \"E\"\n", i)
	}
	b.WriteString("[[endings]]\nid = \"end\"\ntitle = \"End\"\n")
	g, err := ParseGuidance("g.toml", []byte("[guidance]\nid = \"breach-pr\"\ntitle = \"G\"\n[[principles]]\nid = \"own\"\ntitle = \"Own\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Parse("wide.toml", []byte(b.String()), Guides{"breach-pr": g})
	if err != nil {
		t.Fatal(err)
	}
	if sc.varIdx["f65"] != 65 {
		t.Fatal("flag f65 is not variable 65")
	}
	for i := range sc.choices {
		if sc.track(i) != i {
			t.Fatalf("choice %d has another slot", i)
		}
	}
	for i := range sc.Scenes {
		if sc.trackScene(i) != i {
			t.Fatalf("scene %d has another slot", i)
		}
	}
	return sc
}

// randomState sets every flag, number, choice and scene of a wideScenario
// state at random, numbers and clocks among values that compare in every
// way with the constants of the conditions below (NaN and -0 among them);
// the choices and scenes of the slots in except are left unmade and unseen.
func randomState(sc *Scenario, rng *rand.Rand, except ...int) State {
	nums := []float64{-3, -2, 0, math.Copysign(0, -1), 1, 2.5, 3, 40, math.NaN(), math.Inf(1)}
	clocks := []float64{0, 2, 5, 24, Never}
	st := sc.newState()
	for i, v := range sc.Vars {
		if v.Bool {
			st.setVal(i, b2f(rng.IntN(2) == 0), true)
		} else {
			st.setVal(i, nums[rng.IntN(len(nums))], false)
		}
	}
	st.Hours = clocks[rng.IntN(len(clocks)-1)]
	for k := range sc.choseSlots.items {
		if rng.IntN(3) == 0 && !slices.Contains(except, k) {
			st.markMade(k, clocks[rng.IntN(len(clocks))])
		}
	}
	for k := range sc.visitSlots.items {
		if rng.IntN(3) == 0 && !slices.Contains(except, k) {
			st.markSeen(k)
		}
	}
	return st
}

// exprEnv is what expr itself needs to evaluate a condition against st.
func exprEnv(sc *Scenario, st *State) map[string]any {
	env := map[string]any{
		"hours":    st.Hours,
		"chose":    func(id string) bool { return st.choseAt(sc.choseSlots.get(sc.choiceIdx[id])) < Never },
		"hours_at": func(id string) float64 { return st.choseAt(sc.choseSlots.get(sc.choiceIdx[id])) },
		"visited": func(id string) bool {
			_, ok := st.findSeen(int32(sc.visitSlots.get(sc.sceneIdx[id])))
			return ok
		},
		"param": map[string]any{"level": 3, "regions": []any{"eu"}},
	}
	for i, v := range sc.Vars {
		if v.Bool {
			env[v.Name] = st.Vals[i] != 0
		} else {
			env[v.Name] = st.Vals[i]
		}
	}
	return env
}

// TestCondMatchesExpr checks the compiled conditions (expr_flat.go: chains,
// guards, tests of bits and of lists past them) against expr's own
// evaluation of the same source, on random states.
func TestCondMatchesExpr(t *testing.T) {
	t.Parallel()
	sc := wideScenario(t)
	conds := []string{
		"f01", "!f01", "not f02", "f01 && f02", "f01 and !f03 and f65", "f01 || f66 || !f02",
		"f01 && (f02 || f03)", "(f01 || f02) && (f03 || !f65)", "!(f01 && f02)", "!(f01 || chose('c3'))",
		"f01 || f02 && f03 || f04", "f01 && !f01", "f01 || !f01", "f64 && !f64 || f00",
		"chose('c1')", "!chose('c1')", "chose('c1') && !chose('c1')", "visited('s2') || !visited('s2')",
		"chose('c65') && visited('s66')", "!chose('c66') || !visited('s65')", "visited('s1') && chose('c2') && f03",
		"n < 3", "3 > n", "-2 <= n", "n == 2.5", "n != 0", "n == 0", "!(n < 3)", "hours >= 24",
		"24 <= hours && f01", "n > m", "n + 1 > 3", "hours_at('c2') < 10", "hours_at('c65') <= hours",
		"n < param.level", "-param.level < n && f05", "'eu' in param.regions && f01", "'us' in param.regions || f06",
		"f01 == f02", "f01 != (n > 0)", "f01 ? n > 0 : m < 0", "true && f01", "false || f01", "(n > 0) == true",
		"f01 && n < 3 && chose('c2') && visited('s3') && f65 && hours >= 5 && !(m > 0 || f04)",
		"(chose('c1') || visited('s1')) && (chose('c67') || visited('s67')) && !(f07 && f08)",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	states := make([]State, 300)
	for i := range states {
		states[i] = randomState(sc, rng)
	}
	for _, src := range conds {
		c, cerr := newExprCompiler(sc).Cond(src)
		if cerr != nil {
			t.Fatalf("%s: %v", src, cerr)
		}
		var prog *vm.Program
		for i := range states {
			st := &states[i]
			env := exprEnv(sc, st)
			if prog == nil {
				var err error
				if prog, err = expr.Compile(src, expr.Env(env), expr.AsBool()); err != nil {
					t.Fatalf("%s: %v", src, err)
				}
			}
			want, err := expr.Run(prog, env)
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if got := c.Eval(st); got != want {
				t.Errorf("%s: got %v, expr says %v in state %d", src, got, want, i)
			}
		}
	}
}

// TestStateBits checks the bits State keeps against what they repeat: the
// flags against the values, chose and visits against the lists.
func TestStateBits(t *testing.T) {
	t.Parallel()
	sc := wideScenario(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		st := randomState(sc, rng)
		cp := sc.newState()
		copyState(&cp, &st)
		for _, s := range []*State{&st, &cp} {
			for i, v := range sc.Vars {
				if got, want := s.flags>>i&1 != 0, v.Bool && i < bitSlots && s.Vals[i] != 0; got != want {
					t.Fatalf("flag %d: bit %v, value %v", i, got, s.Vals[i])
				}
			}
			for k := range sc.choseSlots.items {
				if got, want := s.chosen(k), s.choseAt(k) < Never; got != want {
					t.Fatalf("choice slot %d: chosen %v, made at %v", k, got, s.choseAt(k))
				}
			}
			for k := range sc.visitSlots.items {
				_, want := s.findSeen(int32(k))
				if got := s.visited(k); got != want {
					t.Fatalf("scene slot %d: visited %v, listed %v", k, got, want)
				}
			}
		}
	}
}

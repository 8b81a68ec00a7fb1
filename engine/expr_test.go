package engine

import (
	"math"
	"strings"
	"testing"
)

// exprScenario is a scenario with a few variables, choices and scenes for
// expressions to read.
func exprScenario(t testing.TB) *Scenario {
	t.Helper()
	src := `
[scenario]
id = "expr"
title = "Expressions"
start = "one"
[vars]
trust = 40
ratio = 0.5
media = true
[[scenes]]
id = "one"
title = "One"
  [[scenes.choices]]
  id = "go"
  text = "Go"
  goto = "two"
[[scenes]]
id = "two"
title = "Two"
  [[scenes.choices]]
  id = "stop"
  text = "Stop"
  goto = "end"
[[endings]]
id = "end"
title = "End"
`
	g, err := ParseGuidance("g.toml", []byte("[guidance]\nid = \"breach-pr\"\ntitle = \"G\"\n[[principles]]\nid = \"own\"\ntitle = \"Own\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Parse("expr.toml", []byte(src), Guides{"breach-pr": g})
	if err != nil {
		t.Fatal(err)
	}
	// Track every choice, so that states made before an expression is
	// compiled have room for what it reads.
	for i := range sc.choices {
		sc.track(i)
	}
	for i := range sc.Scenes {
		sc.trackScene(i)
	}
	return sc
}

func TestExprEval(t *testing.T) {
	sc := exprScenario(t)
	st := sc.newState()
	st.Hours = 5
	st.markMade(sc.choseSlots.get(0), 2) // "go" chosen at T+2
	st.markSeen(sc.visitSlots.get(0))
	for _, tc := range []struct {
		src  string
		want any // bool or float64
	}{
		{"trust > 30", true},
		{"trust >= 40 && media", true},
		{"trust < 40 || !media", false},
		{"not media or trust == 40", true},
		{"media == true", true},
		{"media != media", false},
		{"trust + 2 * 5", 50.0},
		{"trust / 8 - 1", 4.0},
		{"2 ** 3 + 2 ^ 2", 12.0},
		{"-trust", -40.0},
		{"ratio * 4", 2.0},
		{"hours", 5.0},
		{"hours >= 4 ? trust : 0", 40.0},
		{"media ? false : true", false},
		{"chose('go')", true},
		{"chose('stop')", false},
		{"hours_at('go')", 2.0},
		{"hours_at('stop')", Never},
		{"visited('one') && !visited('two')", true},
		{"abs(-3) + floor(1.7) + ceil(1.2) + round(2.5)", 9.0},
		{"max(trust, 90, 3)", 90.0},
		{"min(trust, 90, 3)", 3.0},
		{`chose("go")`, true},
	} {
		t.Run(tc.src, func(t *testing.T) {
			c := newExprCompiler(sc)
			switch want := tc.want.(type) {
			case bool:
				k, err := c.Cond(tc.src)
				if err != nil {
					t.Fatal(err)
				}
				if got := k.Eval(&st); got != want {
					t.Errorf("got %v, want %v", got, want)
				}
			case float64:
				n, err := c.Num(tc.src, false)
				if err != nil {
					t.Fatal(err)
				}
				if got := n.Eval(&st); math.Abs(got-want) > 1e-9 {
					t.Errorf("got %v, want %v", got, want)
				}
			}
		})
	}
}

func TestExprErrors(t *testing.T) {
	sc := exprScenario(t)
	for _, tc := range []struct {
		src  string
		off  int // rune offset of the error in src
		want string
	}{
		{"trsut > 3", 0, "`trsut` is not a declared variable or function (did you mean \"trust\"?)"},
		{"media && chose('og')", 15, "chose('og') names no choice (did you mean \"go\"?)"},
		{"visited('three')", 8, "visited('three') names no scene"},
		{"hours_at(trust) > 1", 9, "cannot use float64 as argument (type string) to call hours_at"},
		{"trust % 7 > 1", 6, "`%` is not available in scenario expressions"},
		{"trust = 5", 6, "`=` is not an operator here; compare with `==`"},
		{"trust + 1", 0, "this must be a condition"},
		{"trust > 'a'", 6, "invalid expression"},
		{"media +", 6, "invalid expression: unexpected token EOF"},
		{"len('abc') > 1", 0, "`len` is not a declared variable or function"},
		{"'a' in ['a']", 4, "the operator `in` is not available"},
		{"trust matches 'x'", 6, "invalid expression"},
		{"let x = 1; x > 0", 4, "not available in scenarios"},
		{"", 0, "the expression is empty"},
		{strings.Repeat("(", 33) + "media" + strings.Repeat(")", 33), 32, "brackets nest deeper than 32"},
		{strings.Repeat("media && ", 250) + "media", 0, "the expression is 2255 characters long"},
		{strings.Repeat("1+", 400) + "1 > 0", 501, "the expression is too large (more than 500 parts)"},
	} {
		t.Run(tc.src[:min(len(tc.src), 30)], func(t *testing.T) {
			c := newExprCompiler(sc)
			_, err := c.Cond(tc.src)
			if err == nil {
				t.Fatal("compiled")
			}
			if !strings.Contains(err.msg, tc.want) || err.off != tc.off {
				t.Errorf("got %q at %d, want %q at %d", err.msg, err.off, tc.want, tc.off)
			}
		})
	}
}

func TestExprNumForBool(t *testing.T) {
	sc := exprScenario(t)
	c := newExprCompiler(sc)
	if _, err := c.Num("trust > 3", false); err == nil {
		t.Error("a condition was accepted as a number")
	}
	if _, err := c.Num("trust", true); err == nil {
		t.Error("a number was accepted as a boolean")
	}
	n, err := c.Num("trust > 3", true)
	if err != nil {
		t.Fatal(err)
	}
	st := sc.newState()
	if n.Eval(&st) != 1 {
		t.Error("true should be 1")
	}
}

// TestExprCache checks that identical sources compile once.
func TestExprCache(t *testing.T) {
	sc := exprScenario(t)
	c := newExprCompiler(sc)
	for i := 0; i < 3; i++ {
		if _, err := c.Cond("trust > 3 && media"); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.cache) != 1 {
		t.Errorf("cache holds %d entries", len(c.cache))
	}
}

func TestExprDoesNotAllocate(t *testing.T) {
	sc := exprScenario(t)
	c := newExprCompiler(sc)
	k, err := c.Cond("trust > 30 && (hours_at('go') <= 2 || visited('two')) && max(trust, 3) > 1")
	if err != nil {
		t.Fatal(err)
	}
	st := sc.newState()
	if n := testing.AllocsPerRun(100, func() { k.Eval(&st) }); n != 0 {
		t.Errorf("%v allocations per evaluation", n)
	}
}

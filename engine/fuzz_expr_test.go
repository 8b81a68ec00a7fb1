package engine

import (
	"testing"
	"unicode/utf8"
)

// FuzzExpr compiles arbitrary expressions against a small scenario: compiling
// never panics, errors point inside the source, whatever compiles evaluates
// without panicking, and all of it takes less than quickBudget.
func FuzzExpr(f *testing.F) {
	for _, s := range []string{
		"trust > 30 && media", "hours_at('go') <= 2", "visited('one') || chose('stop')",
		"max(trust, 3) / 0", "media ? trust : -trust", "((((trust))))", "trust ** 0.5 > 1",
		"not media and trust != 40", "abs(-ratio) + round(1.5)", "'x' + 1", "[1,2][0]",
		"trust |> max()", "let a = 1; a", "#", "1..3", "nil", "trust ?? 1", "{a: 1}.a",
	} {
		f.Add(s)
	}
	sc := exprScenario(f)
	st := sc.newState()
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) {
			return
		}
		within(quickBudget, func() {
			c := newExprCompiler(sc)
			n := utf8.RuneCountInString(src)
			k, err := c.Cond(src)
			if err != nil {
				if err.off < 0 || err.off > n {
					t.Fatalf("error offset %d outside %d runes: %s", err.off, n, err.msg)
				}
			} else {
				k.Eval(&st)
			}
			for _, b := range []bool{false, true} {
				if v, err := c.Num(src, b); err == nil {
					v.Eval(&st)
				}
			}
		})
	})
}

package engine_test

import (
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

func TestLint(t *testing.T) {
	sc, err := engine.Load("../testdata/lint/warnings.toml", guides(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range sc.Lint(nil) {
		if d.Severity != engine.Warning || d.Hint == "" {
			t.Errorf("not a warning with a hint: %v", d)
		}
		got = append(got, strings.TrimPrefix(d.Error(), "../testdata/lint/"))
	}
	want := []string{
		`warnings.toml:3:1: principle "prepare" is never scored in this scenario`,
		`warnings.toml:3:1: principle "contain" is never scored in this scenario`,
		`warnings.toml:3:1: principle "notify" is never scored in this scenario`,
		`warnings.toml:3:1: principle "remedy" is never scored in this scenario`,
		`warnings.toml:3:1: principle "update" is never scored in this scenario`,
		`warnings.toml:3:1: principle "improve" is never scored in this scenario`,
		"warnings.toml:10:1: variable `unused` is never read: no condition, value, text or display uses it",
		`warnings.toml:24:3: choice "idle" changes nothing: no effect, no score, and it leads where the others do`,
		`warnings.toml:29:1: every choice of scene "stuck" has a ` + "`when`" + `, so the drill may reach it with nothing to choose`,
		`warnings.toml:29:1: scene "stuck" can be reached with no choice offered, so the drill stops there without an ending`,
		`warnings.toml:39:1: scene "orphan" is never reached: no path from the start leads to it`,
		`warnings.toml:52:1: ending "never" is never reached`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLintStateLimit judges reachability from the estimate past the state
// limit, and says so.
func TestLintStateLimit(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	ds := sc.Lint(engine.Analyze(sc, engine.Budget{MaxStates: 2}))
	if len(ds) == 0 || !strings.Contains(ds[0].Message, "could not be explored in full, so dead ends may be missed; score bounds are estimated, as the scenario has more than 2 distinct states") {
		t.Errorf("got %v", ds)
	}
}

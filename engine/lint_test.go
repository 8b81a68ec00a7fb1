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
		`warnings.toml:3:1: no decision sets principles against each other; a drill needs at least 2 where no choice is best on every principle it scores`,
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

// TestLintDesign: each authoring check warns once, at its position, on its
// fixture, and about nothing else there.
func TestLintDesign(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ file, want, hint string }{
		{"length-tell.toml", `length-tell.toml:5:1: the best-scoring choice is also the longest text in 3 of 4 decisions ("first", "second", "third"), so a team can find it by its length`,
			"give the tempting choices the detail of a real argument"},
		{"short-tell.toml", `short-tell.toml:5:1: the best-scoring choice is also the shortest text in 3 of 4 decisions ("first", "second", "third"), so a team can find it by its length`,
			"give the right choice its own cost and detail"},
		{"tension.toml", `tension.toml:4:1: only 1 decision sets principles against each other ("statement"); a drill needs at least 2 where no choice is best on every principle it scores`,
			"law enforcement to hold the customer notice"},
		{"clock-unwatched.toml", "clock-unwatched.toml:12:1: clock \"unwatched\" can pass unmet with no consequence: no event, check, ending or choice reacts to the time going by while its `done` is false",
			`when = "hours >= 72 && !(regulator_told)"`},
	} {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			sc, err := engine.Load("../testdata/lint/"+c.file, guides(t))
			if err != nil {
				t.Fatal(err)
			}
			ds := sc.Lint(nil)
			if len(ds) != 1 {
				t.Fatalf("got %d warnings, want 1:\n%s", len(ds), ds.Pretty())
			}
			if got := strings.TrimPrefix(ds[0].Error(), "../testdata/lint/"); got != c.want || ds[0].Severity != engine.Warning {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			if !strings.Contains(ds[0].Hint, c.hint) {
				t.Errorf("hint %q does not say %q", ds[0].Hint, c.hint)
			}
		})
	}
}

// TestLintDesignQuiet: the authoring checks stay quiet about a best choice
// that is the longest in only half the decisions (a tie for the longest is
// no tell), a statement whose honest lines reach the best of every principle
// (no tension) beside two real tensions, and a clock a check watches through
// hours_at.
func TestLintDesignQuiet(t *testing.T) {
	t.Parallel()
	sc, err := engine.Load("../testdata/lint/design-quiet.toml", guides(t))
	if err != nil {
		t.Fatal(err)
	}
	if ds := sc.Lint(nil); len(ds) > 0 {
		t.Errorf("got warnings:\n%s", ds.Pretty())
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

package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
)

// TestEstimatedBounds checks that a report of a drill scored against
// estimated bounds says so plainly, in every format, and that a comparison
// with a run scored against exact bounds warns.
func TestEstimatedBounds(t *testing.T) {
	t.Parallel()
	sc := load(t, rules) // its own copy: the budget below is for it alone
	sc.SetAnalyst(&engine.Analyst{Budget: engine.Budget{MaxStates: 2}})
	est := play(t, sc, 1, []string{"notify", "a"})
	if !est.Result.BoundsEstimated {
		t.Fatal("the rules fixture past 2 states was not estimated")
	}
	for name, write := range map[string]func(*bytes.Buffer, report.Input) error{
		"md":   func(b *bytes.Buffer, in report.Input) error { return report.Markdown(b, in) },
		"html": func(b *bytes.Buffer, in report.Input) error { return report.HTML(b, in) },
		"json": func(b *bytes.Buffer, in report.Input) error { return report.JSON(b, in) },
	} {
		var b bytes.Buffer
		if err := write(&b, est); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "Score bounds are estimated, as the scenario has more than 2 distinct states") ||
			!strings.Contains(b.String(), "estimated bounds, not scores some path reaches") {
			t.Errorf("the %s report does not say the bounds are estimated", name)
		}
	}
	exact := play(t, load(t, rules), 1, []string{"notify", "a"})
	var b bytes.Buffer
	if err := report.CompareMarkdown(&b, []report.Input{exact, est}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "were scored against estimated bounds") {
		t.Errorf("the comparison does not warn:\n%s", b.String())
	}
	b.Reset()
	if err := report.Markdown(&b, exact); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "estimated") {
		t.Error("a report of exact bounds speaks of estimates")
	}
}

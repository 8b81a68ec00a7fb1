package risk_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/risk"
)

// TestMarkdownHostile puts each hostile string in every text of a register
// and of the actions from the store: the Markdown report lets no raw HTML,
// link or terminal control through.
func TestMarkdownHostile(t *testing.T) {
	t.Parallel()
	for i, h := range hostile.Strings {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			reg := risk.Starter()
			reg.Title = h
			for j := range reg.Risks {
				r := &reg.Risks[j]
				r.Title, r.Owner, r.Category, r.Description = h, h, h, h
				r.Plan.Text, r.Plan.File = h, h
			}
			runs := drillHistory()
			for scenario, acts := range runs.actions {
				for j := range acts {
					acts[j].What, acts[j].Owner, acts[j].Principle = h, h, h
				}
				runs.actions[scenario] = acts
			}
			a, err := risk.Assess(reg, runs, now)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := risk.Markdown(&b, a, risk.Simulate(reg, 200, 1)); err != nil {
				t.Fatal(err)
			}
			hostile.Markdown(t, "risk report", b.String())
		})
	}
}

// TestMarkdownPlainText: text from the register shows as written in the
// Markdown, emphasis marks and all.
func TestMarkdownPlainText(t *testing.T) {
	t.Parallel()
	reg := &engine.Register{Title: "Risks *not* <b>bold</b>", Risks: []engine.Risk{{ID: "r", Title: "A `tick` and [a](b)", Owner: "Ops | IT",
		Likelihood: 2, Impact: 2, Treatment: engine.TreatReduce}}}
	a, err := risk.Assess(reg, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := risk.Markdown(&b, a, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Risks \\*not\\* \\<b>bold\\</b>: readiness", "A \\`tick\\` and \\[a\\](b)", "| `r` | low 4 | Ops \\| IT |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, b.String())
		}
	}
}

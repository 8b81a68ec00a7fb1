package panel_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/panel"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

// TestPanel: the panel grows with the terminal and never cuts a clock's
// name; folded, it starts with the clock closest to its due time, then the
// meters; flags' marks are explained; the module shows with its budget.
func TestPanel(t *testing.T) {
	t.Parallel()
	c := common.New(uitest.Plain(), nil, nil)
	d := engine.NewDrill(uitest.Scenario(t, "exercise"), 1)
	p := panel.New(c, d)
	if w := panel.WidthFor(80); w != 30 || panel.WidthFor(200) <= 40 || panel.WidthFor(400) > 48 {
		t.Errorf("widths %d, %d, %d", panel.WidthFor(80), panel.WidthFor(200), panel.WidthFor(400))
	}
	for _, w := range []int{30, panel.WidthFor(200)} {
		v := p.View(w, 40)
		flat := strings.Join(strings.Fields(strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ").Replace(v)), " ")
		for _, want := range []string{"MODULE 1 OF 2", "The first hours", "about 20 min of discussion", "T+0h at the start",
			"SEC 8-K (listed companies: 4 business days)", "GDPR regulator notice (72 hours)"} {
			if !strings.Contains(flat, want) {
				t.Errorf("at width %d the panel lacks %q:\n%s", w, want, v)
			}
		}
		for _, l := range strings.Split(v, "\n") {
			if ansi.StringWidth(l) > w {
				t.Errorf("at width %d a line is %d wide", w, ansi.StringWidth(l))
			}
		}
	}
	if line := p.StatusLine(70); !strings.HasPrefix(line, "GDPR regulator notice") {
		t.Errorf("the folded panel does not start with the clock due first: %q", line)
	}
	ex := engine.NewDrill(uitest.Scenario(t, "retail-card-breach"), 1)
	if v := panel.New(c, ex).View(30, 40); !strings.Contains(v, "● so far · ○ not yet") {
		t.Errorf("the flags' marks are not explained:\n%s", v)
	}
}

// TestSpan: spans of scenario time past three days read in days.
func TestSpan(t *testing.T) {
	t.Parallel()
	for h, want := range map[float64]string{1: "1h", 36: "36h", 72: "72h", 96: "4 days", 720: "30 days", 100: "4.2 days"} {
		if got := panel.Span(h); got != want {
			t.Errorf("Span(%v) = %q, want %q", h, got, want)
		}
	}
}

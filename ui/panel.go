package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/ttx-dev/ttx/engine"
)

// panelWidth is the width of the side panel; below minPanelTerm columns the
// panel folds into one status line.
const (
	panelWidth   = 30
	minPanelTerm = 80
)

func hoursText(h float64) string { return engine.FormatValue(engine.Var{}, h) + "h" }

// clockLine says where a clock stands.
func clockLine(st *Styles, cs engine.ClockStatus) string {
	switch cs.State {
	case engine.ClockMet:
		return st.Panel.Met.Render("✓ met at T+" + hoursText(cs.DoneAt))
	case engine.ClockLate:
		return st.Panel.Late.Render("! met late, at T+" + hoursText(cs.DoneAt))
	case engine.ClockMissed:
		return st.Panel.Missed.Render("✗ missed, due T+" + hoursText(cs.Clock.Due))
	}
	return st.Panel.Running.Render("◷ due in " + hoursText(cs.Left))
}

// meter draws a bar of width cells for v within [lo, hi].
func meter(st *Styles, v, lo, hi float64, width int) string {
	frac := 0.0
	if hi > lo {
		frac = (v - lo) / (hi - lo)
	}
	full := int(math.Round(max(0, min(1, frac)) * float64(width)))
	return st.Panel.MeterFull.Render(strings.Repeat("█", full)) + st.Panel.MeterEmpty.Render(strings.Repeat("░", width-full))
}

// sidePanel renders the clock, the countdowns and the scenario's meters and
// flags, height lines tall.
func sidePanel(c *common, d *engine.Drill, height int) string {
	st := c.styles
	sc := d.Scenario()
	inner := panelWidth - 4
	var b []string
	b = append(b, st.Panel.Heading.Render("SCENARIO CLOCK"), st.Header.Clock.Render("T+"+hoursText(d.Hours())), "")
	if cl := d.Clocks(); len(cl) > 0 {
		b = append(b, st.Panel.Heading.Render("CLOCKS"))
		for _, cs := range cl {
			b = append(b, st.Panel.Label.Render(truncate(cs.Clock.Label, inner)), " "+clockLine(st, cs))
		}
		b = append(b, "")
	}
	vals := d.State().Vals
	if len(sc.Display.Meters) > 0 {
		for _, m := range sc.Display.Meters {
			v := sc.Vars[m.Var]
			num := engine.FormatValue(v, vals[m.Var])
			b = append(b, st.Panel.Label.Render(truncate(m.Label, inner)),
				meter(st, vals[m.Var], v.Min, v.Max, inner-len(num)-1)+" "+st.Panel.Value.Render(num))
		}
		b = append(b, "")
	}
	for _, f := range sc.Display.Flags {
		if vals[f.Var] != 0 {
			b = append(b, st.Panel.FlagOn.Render("● "+truncate(f.Label, inner-2)))
		} else {
			b = append(b, st.Panel.FlagOff.Render("○ "+truncate(f.Label, inner-2)))
		}
	}
	for len(b) > 0 && b[len(b)-1] == "" {
		b = b[:len(b)-1]
	}
	box := st.Panel.Box.Width(panelWidth - 2)
	if h := height - 2; h > 0 {
		if len(b) > h {
			b = b[:h]
		}
		box = box.Height(h)
	}
	return box.Render(strings.Join(b, "\n"))
}

// statusLine is the folded side panel: one line of the same facts.
func statusLine(c *common, d *engine.Drill, width int) string {
	st := c.styles
	sc := d.Scenario()
	parts := []string{}
	for _, cs := range d.Clocks() {
		parts = append(parts, cs.Clock.Label+" "+clockLine(st, cs))
	}
	vals := d.State().Vals
	for _, m := range sc.Display.Meters {
		parts = append(parts, fmt.Sprintf("%s %s", m.Label, st.Panel.Value.Render(engine.FormatValue(sc.Vars[m.Var], vals[m.Var]))))
	}
	for _, f := range sc.Display.Flags {
		if vals[f.Var] != 0 {
			parts = append(parts, st.Panel.FlagOn.Render("● "+f.Label))
		}
	}
	return truncate(strings.Join(parts, st.Muted.Render(" · ")), width)
}

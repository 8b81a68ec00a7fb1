// Package panel is the drill's side panel: the scenario clock, the
// notification clocks, the meters and the flags; below [MinTerm] columns it
// folds into one status line.
package panel

import (
	"fmt"
	"math"
	"strings"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// Width is the width of the side panel; below MinTerm columns the panel
// folds into one status line.
const (
	Width   = 30
	MinTerm = 80
)

// Hours writes a scenario time in hours: "12h", "2.5h".
func Hours(h float64) string { return engine.FormatValue(engine.Var{}, h) + "h" }

// HoursIn writes a scenario time for a reader who does not know the T+
// notation: "72 hours in (T+72h)", "1 hour in (T+1h)", "at the start (T+0h)".
func HoursIn(h float64) string {
	switch {
	case h == 0:
		return "at the start (T+0h)"
	case h == 1:
		return "1 hour in (T+1h)"
	}
	return fmt.Sprintf("%s hours in (T+%s)", engine.FormatValue(engine.Var{}, h), Hours(h))
}

// Model is the side panel of one drill.
type Model struct {
	c *common.Common
	d *engine.Drill
}

// New returns the panel of d.
func New(c *common.Common, d *engine.Drill) Model { return Model{c: c, d: d} }

// clockLine says where a clock stands.
func (p Model) clockLine(cs engine.ClockStatus) string {
	st := p.c.Styles
	switch cs.State {
	case engine.ClockMet:
		return st.Panel.Met.Render("✓ met at T+" + Hours(cs.DoneAt))
	case engine.ClockLate:
		return st.Panel.Late.Render("! met late, at T+" + Hours(cs.DoneAt))
	case engine.ClockMissed:
		return st.Panel.Missed.Render("✗ missed, due T+" + Hours(cs.Clock.Due))
	}
	return st.Panel.Running.Render("◷ due in " + Hours(cs.Left))
}

// meter draws a bar of width cells for v within [lo, hi].
func (p Model) meter(v, lo, hi float64, width int) string {
	st := p.c.Styles
	frac := 0.0
	if hi > lo {
		frac = (v - lo) / (hi - lo)
	}
	full := int(math.Round(max(0, min(1, frac)) * float64(width)))
	return st.Panel.MeterFull.Render(strings.Repeat("█", full)) + st.Panel.MeterEmpty.Render(strings.Repeat("░", max(width-full, 0)))
}

// View renders the panel height lines tall.
func (p Model) View(height int) string {
	st := p.c.Styles
	d := p.d
	sc := d.Scenario()
	inner := Width - 4
	var b []string
	b = append(b, st.Panel.Heading.Render("SCENARIO CLOCK"), st.Header.Clock.Render("T+"+Hours(d.Hours())), "")
	if cl := d.Clocks(); len(cl) > 0 {
		b = append(b, st.Panel.Heading.Render("CLOCKS"))
		for _, cs := range cl {
			b = append(b, st.Panel.Label.Render(common.Truncate(cs.Clock.Label, inner)), " "+p.clockLine(cs))
		}
		b = append(b, "")
	}
	vals := d.State().Vals
	if len(sc.Display.Meters) > 0 {
		for _, m := range sc.Display.Meters {
			v := sc.Vars[m.Var]
			num := engine.FormatValue(v, vals[m.Var])
			b = append(b, st.Panel.Label.Render(common.Truncate(m.Label, inner)),
				p.meter(vals[m.Var], v.Min, v.Max, inner-len(num)-1)+" "+st.Panel.Value.Render(num))
		}
		b = append(b, "")
	}
	for _, f := range sc.Display.Flags {
		if vals[f.Var] != 0 {
			b = append(b, st.Panel.FlagOn.Render("● "+common.Truncate(f.Label, inner-2)))
		} else {
			b = append(b, st.Panel.FlagOff.Render("○ "+common.Truncate(f.Label, inner-2)))
		}
	}
	for len(b) > 0 && b[len(b)-1] == "" {
		b = b[:len(b)-1]
	}
	box := st.Panel.Box.Width(Width - 2)
	if h := height - 2; h > 0 {
		if len(b) > h {
			b = b[:h]
		}
		box = box.Height(h)
	}
	return box.Render(strings.Join(b, "\n"))
}

// StatusLine is the folded panel: one line of the same facts, width cells
// at most.
func (p Model) StatusLine(width int) string {
	st := p.c.Styles
	d := p.d
	sc := d.Scenario()
	var parts []string
	for _, cs := range d.Clocks() {
		parts = append(parts, cs.Clock.Label+" "+p.clockLine(cs))
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
	return common.Truncate(strings.Join(parts, st.Muted.Render(" · ")), width)
}

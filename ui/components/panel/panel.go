// Package panel is the drill's side panel: the module and its time budget,
// the scenario clock, the notification clocks, the meters and the flags.
// It grows with the terminal's width; below [MinTerm] columns it folds into
// one status line of what is most urgent.
package panel

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// MinTerm is the narrowest terminal the panel shows in; below it, it folds
// into one status line.
const MinTerm = 80

// WidthFor is the panel's width in a terminal w columns wide: 30, and more
// as the terminal grows (a third of what is past 100 columns, up to 48), so
// that clock names are not cut in a wide terminal.
func WidthFor(w int) int {
	return min(max(30, 30+(w-100)/3), 48)
}

// Hours writes a scenario time in hours: "12h", "2.5h".
func Hours(h float64) string { return engine.FormatValue(engine.Var{}, h) + "h" }

// HoursIn writes a scenario time for a reader who does not know the T+
// notation: "72 hours in (T+72h)", "30 days in (T+720h)", "1 hour in
// (T+1h)", "at the start (T+0h)".
func HoursIn(h float64) string {
	switch {
	case h == 0:
		return "at the start (T+0h)"
	case h == 1:
		return "1 hour in (T+1h)"
	case h > 72:
		return fmt.Sprintf("%s in (T+%s)", Span(h), Hours(h))
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

// ClockLine says where a clock stands.
func (p Model) ClockLine(cs engine.ClockStatus) string {
	st := p.c.Styles
	switch cs.State {
	case engine.ClockMet:
		return st.Panel.Met.Render("✓ met at T+" + Hours(cs.DoneAt))
	case engine.ClockLate:
		return st.Panel.Late.Render("! met late, at T+" + Hours(cs.DoneAt))
	case engine.ClockMissed:
		return st.Panel.Missed.Render("✗ missed, due T+" + Hours(cs.Clock.Due))
	}
	return st.Panel.Running.Render("◷ due in " + Span(cs.Left))
}

// Span writes a length of scenario time as a person says it: hours up to
// three days, as legal clocks count them ("72h"), then days ("30 days",
// "4.2 days").
func Span(h float64) string {
	if h <= 72 {
		return Hours(h)
	}
	return engine.FormatValue(engine.Var{}, math.Round(h/24*10)/10) + " days"
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

// moduleOf says which module the scene belongs to: "MODULE 2 OF 5", its
// title and budget; nil when the scenario has no modules.
func (p Model) module() []string {
	sc := p.d.Scenario()
	k := sc.ModuleOf(p.d.SceneIndex())
	if k < 0 {
		return nil
	}
	md := sc.Modules[k]
	return []string{fmt.Sprintf("MODULE %d OF %d", k+1, len(sc.Modules)), common.Line(md.Title), "about " + common.Minutes(md.Budget) + " of discussion"}
}

// View renders the panel width cells wide and height lines tall.
func (p Model) View(width, height int) string {
	st := p.c.Styles
	d := p.d
	sc := d.Scenario()
	inner := width - 4
	var b []string
	if md := p.module(); md != nil {
		b = append(b, st.Panel.Heading.Render(md[0]), st.Panel.Label.Render(common.Truncate(md[1], inner)), st.Muted.Render(common.Truncate(md[2], inner)), "")
	}
	b = append(b, st.Panel.Heading.Render("SCENARIO CLOCK"), st.Header.Clock.Render("T+"+Hours(d.Hours()))+st.Muted.Render(common.Truncate(" "+strings.TrimSuffix(HoursIn(d.Hours()), " (T+"+Hours(d.Hours())+")"), inner-len(Hours(d.Hours()))-2)), "")
	if cl := d.Clocks(); len(cl) > 0 {
		b = append(b, st.Panel.Heading.Render("CLOCKS"))
		for _, cs := range cl {
			for _, l := range strings.Split(common.Wrap(common.Line(cs.Clock.Label), inner), "\n") {
				b = append(b, st.Panel.Label.Render(l))
			}
			b = append(b, " "+p.ClockLine(cs))
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
	if len(sc.Display.Flags) > 0 {
		b = append(b, st.Muted.Render(common.Truncate("● so far · ○ not yet", inner)))
	}
	for len(b) > 0 && b[len(b)-1] == "" {
		b = b[:len(b)-1]
	}
	box := st.Panel.Box.Width(width - 2)
	if h := height - 2; h > 0 {
		if len(b) > h {
			b = b[:h]
		}
		box = box.Height(h)
	}
	return box.Render(strings.Join(b, "\n"))
}

// StatusLine is the folded panel: one line, width cells at most, of what
// is most urgent: the clock closest to its due time (or missed), then the
// meters, then the flags that hold.
func (p Model) StatusLine(width int) string {
	st := p.c.Styles
	d := p.d
	sc := d.Scenario()
	var parts []string
	clocks := slices.Clone(d.Clocks())
	slices.SortStableFunc(clocks, func(a, b engine.ClockStatus) int { return urgency(a) - urgency(b) })
	if len(clocks) > 0 && clocks[0].State != engine.ClockMet {
		cs := clocks[0]
		label := common.Truncate(common.Line(cs.Clock.Label), max(width/3, 12))
		parts = append(parts, label+" "+p.ClockLine(cs))
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

// urgency orders clocks for the folded panel: missed first, then running
// by the time left, then late, then met.
func urgency(cs engine.ClockStatus) int {
	switch cs.State {
	case engine.ClockMissed:
		return -1 << 30
	case engine.ClockRunning:
		return int(cs.Left * 60)
	case engine.ClockLate:
		return 1 << 29
	}
	return 1 << 30
}

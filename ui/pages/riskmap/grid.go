package riskmap

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// leftColumn is the map, its legend, the cursor cell's caption and its list
// of risks, cut to the body's height: the list keeps a line or two before
// the legend does.
func (m *Model) leftColumn(lay layout) []string {
	st := m.c.Styles
	out := m.gridLines(lay)
	legend := m.legendLines(lay.leftW)
	ents := m.entries(m.curL, m.curI)
	avail := lay.bodyH - len(out) - 1 // the caption
	need := max(len(ents), 1)
	if lay.listCap > 0 {
		need = min(need, lay.listCap)
	}
	if avail-len(legend) >= min(need, 2) {
		out = append(out, legend...)
		avail -= len(legend)
		if avail-need >= 1 {
			out = append(out, "")
			avail--
		}
	}
	sev := m.curL * m.curI
	bi := m.bandIndex(sev)
	caption := fmt.Sprintf(" L%d %s × I%d %s · %d ", m.curL, engine.LikelihoodLabels[m.curL-1], m.curI, engine.ImpactLabels[m.curI-1], sev)
	out = append(out, common.Truncate(st.Strong.Render(caption)+m.band(bi).Tag.Render(common.Line(m.bands()[bi].Name)), lay.leftW))
	rows := min(need, max(avail, 0))
	if rows == 0 {
		return out
	}
	if len(ents) == 0 {
		return append(out, st.Muted.Render(common.Truncate("   No risks here: a adds one.", lay.leftW)))
	}
	start := 0
	if m.sel >= rows {
		start = m.sel - rows + 1
	}
	for k := start; k < min(start+rows, len(ents)); k++ {
		e := ents[k]
		r := m.reg.Risks[e.idx]
		mark := "  "
		if k == m.sel {
			if m.focus == focusList {
				mark = st.Choice.Cursor.Render("▌ ")
			} else {
				mark = st.Muted.Render("› ")
			}
		}
		kind := " "
		if e.residual {
			kind = "·"
		}
		name := st.Strong
		if k == m.sel && m.focus == focusList {
			name = st.Choice.Selected
		}
		line := " " + mark + kind + name.Render(common.Line(r.ID)) + " " + st.Muted.Render(common.Line(r.Title))
		out = append(out, common.Truncate(line, lay.leftW))
	}
	return out
}

// gridLines draws the heat map: five rows of cells under their likelihood
// labels, then the impact numbers and labels.
func (m *Model) gridLines(lay layout) []string {
	st := m.c.Styles.RiskMap
	inh, res := m.counts()
	var out []string
	for l := 5; l >= 1; l-- {
		row := st.Axis.Render(" " + pad(fmt.Sprint(l)+" "+abbrev(engine.LikelihoodLabels[l-1], lay.labelW), lay.labelW+2) + " ")
		for i := 1; i <= 5; i++ {
			txt := count(inh[l][i], res[l][i], lay.cellW-2)
			style := m.band(m.bandIndex(l * i)).Cell
			if l == m.curL && i == m.curI {
				txt = "[" + center(txt, lay.cellW-2) + "]"
				style = style.Inherit(st.Cursor)
			} else {
				txt = center(txt, lay.cellW)
			}
			row += style.Render(txt)
		}
		out = append(out, row)
	}
	gutter := lay.labelW + 4
	nums, labels := padLeft("impact →", gutter-1)+" ", strings.Repeat(" ", gutter)
	for i := 1; i <= 5; i++ {
		nums += center(fmt.Sprint(i), lay.cellW)
		labels += center(abbrev(engine.ImpactLabels[i-1], lay.cellW-1), lay.cellW)
	}
	return append(out, st.Axis.Render(nums), st.Axis.Render(labels))
}

// legendLines names the bands in their colours and explains the counts, in
// one line when it fits width and two otherwise.
func (m *Model) legendLines(width int) []string {
	st := m.c.Styles
	var parts []string
	for i, b := range m.bands() {
		parts = append(parts, m.band(i).Tag.Render("█")+" "+st.Muted.Render(common.Line(b.Name)))
	}
	bands := " " + strings.Join(parts, " ")
	note := st.Muted.Render(" 2 ·1 = 2 inherent, 1 residual")
	if ansi.StringWidth(bands)+ansi.StringWidth(note)+1 <= width {
		return []string{bands + " " + st.Muted.Render("·") + note}
	}
	return []string{common.Truncate(bands, width), common.Truncate(note, width)}
}

// count is a cell's text: inherent count, then residual after a dot.
func count(inh, res, width int) string {
	var s string
	switch {
	case inh == 0 && res == 0:
		return ""
	case res == 0:
		s = fmt.Sprint(inh)
	case inh == 0:
		s = fmt.Sprintf("·%d", res)
	default:
		s = fmt.Sprintf("%d ·%d", inh, res)
		if len(s)-1 > width { // "·" is one cell but two bytes
			s = fmt.Sprintf("%d·%d", inh, res)
		}
	}
	return common.Truncate(s, width)
}

// abbrev shortens a label to width cells, ending in a dot when cut.
func abbrev(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	if width == 1 {
		return ansi.Truncate(s, 1, "")
	}
	return strings.TrimRight(ansi.Truncate(s, width-1, ""), " ") + "."
}

func pad(s string, w int) string { return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) }

func padLeft(s string, w int) string {
	s = common.Truncate(s, w)
	return strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) + s
}

func center(s string, w int) string {
	s = common.Truncate(s, w)
	gap := max(w-ansi.StringWidth(s), 0)
	return strings.Repeat(" ", gap/2) + s + strings.Repeat(" ", gap-gap/2)
}

func wrap(s string, w int) string { return ansi.Wrap(s, max(w, 1), "") }

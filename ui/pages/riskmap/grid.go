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
	legend := m.legendLines(lay)
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
// labels (in full, or their numbers where they do not fit: the legend then
// names them), then the impact numbers. Without colour each cell starts
// with its band's letter.
func (m *Model) gridLines(lay layout) []string {
	st := m.c.Styles.RiskMap
	inh, res := m.counts()
	noColor := m.c.NoColor()
	var out []string
	for l := 5; l >= 1; l-- {
		label := fmt.Sprint(l)
		if m.fullLabels(lay) {
			label += " " + engine.LikelihoodLabels[l-1]
		}
		row := st.Axis.Render(" " + pad(label, lay.labelW+2) + " ")
		for i := 1; i <= 5; i++ {
			bi := m.bandIndex(l * i)
			txt := count(inh[l][i], res[l][i], lay.cellW-2)
			if noColor {
				txt = strings.TrimSpace(m.letter(bi) + " " + strings.ReplaceAll(txt, " ", ""))
			}
			style := m.band(bi).Cell
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
	nums := padLeft("impact →", gutter-1) + " "
	for i := 1; i <= 5; i++ {
		nums += center(fmt.Sprint(i), lay.cellW)
	}
	return append(out, st.Axis.Render(nums))
}

// fullLabels reports whether the likelihood labels fit beside the rows.
func (m *Model) fullLabels(lay layout) bool {
	for _, l := range engine.LikelihoodLabels {
		if ansi.StringWidth(l)+2 > lay.labelW+2 {
			return false
		}
	}
	return true
}

// letter is a band's letter: the first of its name, upper case.
func (m *Model) letter(bi int) string {
	name := common.Line(m.bands()[bi].Name)
	if name == "" {
		return "?"
	}
	return strings.ToUpper(ansi.Truncate(name, 1, ""))
}

// legendLines names the bands (by colour, and by letter without colour),
// explains the counts, and names the points of the scales, in as few lines
// of width cells as they fit in.
func (m *Model) legendLines(lay layout) []string {
	st := m.c.Styles
	width := lay.leftW
	var parts []string
	for i, b := range m.bands() {
		mark := m.band(i).Tag.Render("█")
		if m.c.NoColor() {
			mark = m.letter(i)
		}
		parts = append(parts, mark+" "+st.Muted.Render(common.Line(b.Name)))
	}
	var out []string
	line := ""
	add := func(s string) {
		if line != "" && ansi.StringWidth(line)+3+ansi.StringWidth(s) > width-1 {
			out = append(out, " "+line)
			line = ""
		}
		if line != "" {
			line += st.Muted.Render(" · ")
		}
		line += s
	}
	for _, p := range parts {
		add(p)
	}
	example := "2 ·1"
	if m.c.NoColor() {
		example = "2·1" // as the cells, which also hold the band's letter, write it
	}
	add(st.Muted.Render(example + " = 2 inherent, 1 residual"))
	out = append(out, " "+line)
	scale := func(name string, labels [5]string) {
		var pts []string
		for k, l := range labels {
			pts = append(pts, fmt.Sprintf("%d %s", k+1, l))
		}
		for _, l := range strings.Split(common.Wrap(name+": "+strings.Join(pts, ", "), max(width-2, 10)), "\n") {
			out = append(out, " "+st.Muted.Render(l))
		}
	}
	scale("impact", engine.ImpactLabels)
	if !m.fullLabels(lay) {
		scale("likelihood", engine.LikelihoodLabels)
	}
	return out
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

func wrap(s string, w int) string { return common.Wrap(s, max(w, 1)) }

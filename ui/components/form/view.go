package form

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/ui/common"
)

// View draws the fields in the form's size; when they do not all fit, it
// leaves out the blank lines between sections, and shows the window around
// the focused field with a line saying that more is above or below.
func (m Model) View() string {
	lines, top, end := m.lines(true)
	avail := max(m.height, 1)
	if len(lines) > avail {
		lines, top, end = m.lines(false)
	}
	if len(lines) > avail {
		lines = window(lines, top, end, avail, m.c.Styles.Muted.Render)
	}
	for i, l := range lines {
		lines[i] = common.Truncate(l, m.width)
	}
	return strings.Join(lines, "\n")
}

// window is the lines from around top to end (the focused field) that fit
// in avail lines, with a line saying what is left out above and below.
func window(lines []string, top, end, avail int, muted func(...string) string) []string {
	if avail < 3 {
		off := max(min(end-avail, top), 0)
		return lines[off : off+avail]
	}
	room := avail - 2 // the lines saying more is above and below
	off := max(min(end-room, top), 0)
	if off == 0 {
		room++ // nothing above
	}
	if off+room >= len(lines) {
		off = max(len(lines)-avail+1, 0)
		room = len(lines) - off
	}
	out := []string{}
	if off > 0 {
		out = append(out, muted("  ↑ more fields above (shift+tab)"))
	}
	out = append(out, lines[off:off+room]...)
	if off+room < len(lines) {
		out = append(out, muted("  ↓ more fields below (tab)"))
	}
	return out
}

// lines draws every field, with blank lines between sections when spaced,
// and returns where the focused field starts and ends.
func (m Model) lines(spaced bool) (lines []string, focusTop, focusEnd int) {
	st := m.c.Styles
	indentW := m.labelW + 2
	indent := strings.Repeat(" ", indentW)
	below := func(style func(...string) string, lead, text string) {
		for _, l := range strings.Split(common.Wrap(text, max(m.width-indentW-2, 10)), "\n") {
			lines = append(lines, indent+style(lead+l))
			lead = strings.Repeat(" ", ansi.StringWidth(lead))
		}
	}
	for i, f := range m.fields {
		if f.Section != "" {
			if i > 0 && spaced {
				lines = append(lines, "")
			}
			lines = append(lines, " "+st.Strong.Render(f.Section))
		}
		// The focused field is marked, not only coloured: under NO_COLOR
		// the mark is all that shows it.
		label, mark := st.Form.Label, " "
		switch {
		case i == m.focus:
			label, mark = st.Form.Focused, st.Form.Focused.Render("›")
		case m.errs[i] != "":
			label = st.Form.Bad
		}
		lab := mark + label.Render(pad(f.Label, m.labelW)) + " "
		if i == m.focus {
			focusTop = len(lines)
		}
		hint := ""
		switch {
		case m.choice(i):
			for k, l := range m.picks[i].view(m.c, f, i == m.focus, max(m.width-indentW, 10)) {
				if k == 0 {
					lines = append(lines, lab+l)
				} else {
					lines = append(lines, indent+l)
				}
			}
			if f.Hint != nil && i == m.focus {
				if h := f.Hint(m.picks[i].under(f)); h != "" {
					below(st.Form.Hint.Render, "", h)
				}
			}
		case m.area(i):
			for k, l := range strings.Split(m.areas[i].View(), "\n") {
				if k == 0 {
					lines = append(lines, lab+l)
				} else {
					lines = append(lines, indent+l)
				}
			}
		default:
			in := m.inputs[i].View()
			if i == m.focus && m.fresh {
				in = st.Form.Selected.Render(m.inputs[i].Value())
			}
			if f.Hint != nil {
				hint = f.Hint(strings.TrimSpace(m.inputs[i].Value()))
			}
			row := lab + in
			// The hint after the input when it fits, else under it.
			if hint != "" && ansi.StringWidth(row)+1+ansi.StringWidth(hint) <= m.width {
				row += st.Form.Hint.Render(" " + hint)
				hint = ""
			}
			lines = append(lines, row)
			if hint != "" {
				below(st.Form.Hint.Render, "", hint)
			}
		}
		if f.Note != "" {
			below(st.Muted.Render, "", f.Note)
		}
		if m.errs[i] != "" {
			below(st.Form.Error.Render, "↳ ", m.errs[i])
		}
		if m.warns[i] != "" {
			below(st.Form.Warn.Render, "⚠ ", m.warns[i])
		}
		if i == m.focus {
			focusEnd = len(lines)
		}
	}
	return lines, focusTop, focusEnd
}

// ViewIn draws the fields in height lines instead of the form's height.
func (m Model) ViewIn(height int) string {
	m.height = height
	return m.View()
}

// Lines is how many lines the form takes with every field shown.
func (m Model) Lines() int { return strings.Count(m.ViewIn(1<<20), "\n") + 1 }

// Question is the line that asks whether to throw the changes away, for
// the owner's footer while [Model.Asking].
func (m Model) Question() string {
	st := m.c.Styles
	return st.Form.Error.Render("Discard the changes?") + st.Muted.Render(" y discards them · n or esc keeps editing")
}

func pad(s string, w int) string { return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) }

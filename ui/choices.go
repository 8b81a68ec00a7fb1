package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
)

// choicePicker lists the choices a scene offers, with a cursor; in a pick
// scene each has a checkbox and the allowed count is enforced.
type choicePicker struct {
	c       *common
	texts   []string // rendered choice texts
	index   []int    // scene-local choice index of each row
	cursor  int
	pick    bool
	lo, hi  int
	checked map[int]bool // by row
	msg     string       // why the last confirm was refused
}

// confirmMsg is sent when the team confirms its choice (or picks).
type confirmMsg struct{ picks []int }

func newChoicePicker(c *common, d *engine.Drill) choicePicker {
	s := d.Scene()
	p := choicePicker{c: c, checked: map[int]bool{}, pick: s.IsPick()}
	for _, j := range d.Offered() {
		p.index = append(p.index, j)
		p.texts = append(p.texts, d.Render(s.Choices[j].Text))
	}
	p.lo, p.hi = d.PickRange()
	return p
}

func (p choicePicker) Update(msg tea.Msg) (choicePicker, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok || len(p.index) == 0 {
		return p, nil
	}
	k := p.c.keys
	switch {
	case key.Matches(km, k.Up):
		p.cursor = (p.cursor - 1 + len(p.index)) % len(p.index)
	case key.Matches(km, k.Down):
		p.cursor = (p.cursor + 1) % len(p.index)
	case key.Matches(km, k.Number):
		if n := int(km.String()[0] - '1'); n < len(p.index) {
			p.cursor = n
		}
	case key.Matches(km, k.Toggle) && p.pick:
		switch {
		case p.checked[p.cursor]:
			delete(p.checked, p.cursor)
		case len(p.checked) >= p.hi:
			p.msg = fmt.Sprintf("Pick at most %d; uncheck one first.", p.hi)
			return p, nil
		default:
			p.checked[p.cursor] = true
		}
		p.msg = ""
	case key.Matches(km, k.Select):
		if !p.pick {
			return p, confirm([]int{p.index[p.cursor]})
		}
		if n := len(p.checked); n < p.lo || n > p.hi {
			p.msg = fmt.Sprintf("Pick %s with space, then press enter (%d picked).", countRange(p.lo, p.hi), n)
			return p, nil
		}
		var picks []int
		for row := range p.index {
			if p.checked[row] {
				picks = append(picks, p.index[row])
			}
		}
		return p, confirm(picks)
	}
	return p, nil
}

func confirm(picks []int) tea.Cmd {
	return func() tea.Msg { return confirmMsg{picks} }
}

func countRange(lo, hi int) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d to %d", lo, hi)
}

// View renders the choices in width columns and at most maxLines lines
// (0 for no limit). Long choices wrap under their text, so numbers and
// checkboxes stay aligned; when the choices do not fit, a window of them
// around the cursor is shown, with a line saying how many are hidden.
func (p choicePicker) View(width, maxLines int) string {
	st := p.c.styles
	var head, tail []string
	if p.pick {
		head = append(head, truncate(st.Muted.Render(fmt.Sprintf("Pick %s · %d picked · space to pick, enter to confirm", countRange(p.lo, p.hi), len(p.checked))), width))
	}
	if p.msg != "" {
		tail = append(tail, st.Error.Width(width).Render(p.msg))
	}
	rows := make([]string, len(p.texts))
	total := len(head) + len(tail)
	for row, text := range p.texts {
		cursor, style := "  ", st.Choice.Normal
		if row == p.cursor {
			cursor, style = st.Choice.Cursor.Render("› "), st.Choice.Selected
		}
		mark := st.Choice.Number.Render(fmt.Sprintf("%d ", row+1))
		if row >= 9 {
			mark = st.Choice.Number.Render("  ")
		}
		if p.pick {
			if p.checked[row] {
				mark += st.Choice.Checked.Render("[x] ")
			} else {
				mark += st.Choice.Unchecked.Render("[ ] ")
			}
		}
		prefix := cursor + mark
		body := style.Width(max(width-lipgloss.Width(prefix), 8)).Render(text)
		rows[row] = lipgloss.JoinHorizontal(lipgloss.Top, prefix, body)
		total += lipgloss.Height(rows[row])
	}
	if maxLines <= 0 || total <= maxLines {
		return strings.Join(append(append(head, rows...), tail...), "\n")
	}
	// A window around the cursor, one line kept for the "more" marker.
	room := max(maxLines-len(head)-len(tail)-1, 1)
	lo, hi := p.cursor, p.cursor+1
	used := lipgloss.Height(rows[p.cursor])
	for {
		grew := false
		if hi < len(rows) && used+lipgloss.Height(rows[hi]) <= room {
			used += lipgloss.Height(rows[hi])
			hi++
			grew = true
		}
		if lo > 0 && used+lipgloss.Height(rows[lo-1]) <= room {
			lo--
			used += lipgloss.Height(rows[lo])
			grew = true
		}
		if !grew {
			break
		}
	}
	shown := strings.Split(strings.Join(rows[lo:hi], "\n"), "\n")
	if len(shown) > room {
		shown = shown[:room]
	}
	more := st.Muted.Render(truncate(fmt.Sprintf("  ↑ %d more · ↓ %d more (↑/↓ to see)", lo, len(rows)-hi), width))
	out := append(append(head, shown...), more)
	return strings.Join(append(out, tail...), "\n")
}

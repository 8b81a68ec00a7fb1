// Package choices is the choice picker of a drill scene: the choices
// offered, a cursor, and in a pick scene a checkbox on each with the
// allowed count enforced.
package choices

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// Model lists the choices a scene offers.
type Model struct {
	c         *common.Common
	texts     []string // rendered choice texts
	index     []int    // scene-local choice index of each row
	deflt     int      // the row taken when a timed scene's time runs out; -1 for none
	cursor    int
	pick      bool
	lo, hi    int
	checked   map[int]bool // by row
	msg       string       // why the last confirm was refused
	confirmed []int        // the choices confirmed by the last Update
}

// New returns the picker of d's current scene.
func New(c *common.Common, d *engine.Drill) Model {
	s := d.Scene()
	p := Model{c: c, checked: map[int]bool{}, pick: s.IsPick(), deflt: -1}
	for row, j := range d.AppendOffered(nil) {
		p.index = append(p.index, j)
		if s.TimeLimit > 0 && j == s.Timeout {
			p.deflt = row
		}
		p.texts = append(p.texts, Text(d, j))
	}
	p.lo, p.hi = d.PickRange()
	return p
}

// Text is the text of choice j of d's current scene, as shown: marked when
// it is the one taken if the scene's time runs out.
func Text(d *engine.Drill, j int) string {
	s := d.Scene()
	text := d.Render(s.Choices[j].Text)
	if s.TimeLimit > 0 && j == s.Timeout {
		text += " (⏱ taken if time runs out)"
	}
	return text
}

// Default is the row taken when a timed scene's time runs out, -1 for none.
func (p Model) Default() int { return p.deflt }

// Pick reports whether the scene is a pick scene (space picks).
func (p Model) Pick() bool { return p.pick }

// Len is the number of choices offered.
func (p Model) Len() int { return len(p.index) }

// Confirmed returns the scene-local indexes of the choices the last Update
// confirmed (enter on a choice, or on a valid set of picks), or nil. The
// drill takes the decision at once, in the same Update, so that no key
// typed after enter reaches the old scene.
func (p Model) Confirmed() []int { return p.confirmed }

// Cursor returns the scene-local index of the choice under the cursor, or
// -1 when none is offered.
func (p Model) Cursor() int {
	if len(p.index) == 0 {
		return -1
	}
	return p.index[p.cursor]
}

// Picked returns the scene-local indexes of the choices picked in a pick
// scene, in the scene's order.
func (p Model) Picked() []int {
	var out []int
	for row := range p.index {
		if p.checked[row] {
			out = append(out, p.index[row])
		}
	}
	return out
}

// Number is the drill's number binding, limited to the choices offered.
func (p Model) Number() key.Binding {
	b := p.c.KeyMap.Drill.Number
	n := min(len(p.index), 9)
	if n == 0 {
		b.SetEnabled(false)
		return b
	}
	var keys []string // the row the cursor is on needs no key
	for i := range n {
		if i != p.cursor {
			keys = append(keys, strconv.Itoa(i+1))
		}
	}
	b.SetEnabled(len(keys) > 0)
	b.SetKeys(keys...)
	b.SetHelp(fmt.Sprintf("1-%d", n), "go to choice")
	if n == 1 {
		b.SetHelp("1", "go to choice")
	}
	return b
}

// Toggle is the drill's pick binding, enabled in a pick scene only.
func (p Model) Toggle() key.Binding {
	b := p.c.KeyMap.Drill.Toggle
	b.SetEnabled(p.pick)
	return b
}

// Update moves the cursor, toggles picks and confirms.
func (p Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	p.confirmed = nil
	km, ok := msg.(tea.KeyMsg)
	if !ok || len(p.index) == 0 {
		return p, nil
	}
	g, k := p.c.KeyMap.Global, p.c.KeyMap.Drill
	switch {
	case key.Matches(km, g.Up):
		p.cursor = (p.cursor - 1 + len(p.index)) % len(p.index)
	case key.Matches(km, g.Down):
		p.cursor = (p.cursor + 1) % len(p.index)
	case key.Matches(km, p.Number()):
		p.cursor = int(km.String()[0] - '1')
	case key.Matches(km, p.Toggle()):
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
	case key.Matches(km, k.Confirm):
		if !p.pick {
			p.confirmed = []int{p.index[p.cursor]}
			return p, nil
		}
		if n := len(p.checked); n < p.lo || n > p.hi {
			p.msg = fmt.Sprintf("Pick %s with space, then press enter (%d picked).", countRange(p.lo, p.hi), n)
			return p, nil
		}
		p.confirmed = p.Picked()
	}
	return p, nil
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
func (p Model) View(width, maxLines int) string {
	st := p.c.Styles
	var head, tail []string
	if p.pick {
		head = append(head, common.Truncate(st.Muted.Render(fmt.Sprintf("Pick %s · %d picked · space to pick, enter to confirm", countRange(p.lo, p.hi), len(p.checked))), width))
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
		body := style.Render(common.Wrap(text, max(width-lipgloss.Width(prefix), 8)))
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
	more := st.Muted.Render(common.Truncate(fmt.Sprintf("  ↑ %d more · ↓ %d more (↑/↓ to see)", lo, len(rows)-hi), width))
	out := append(append(head, shown...), more)
	return strings.Join(append(out, tail...), "\n")
}

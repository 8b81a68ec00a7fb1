package form

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/ui/common"
)

// choice is the state of a field whose value is picked from its options.
type choice struct {
	cursor int    // a choice of several: the option under the cursor
	picked []bool // a choice of several: per option
	chosen int    // a choice of one: the option chosen, -1 for none
}

func newChoice(f Field) choice {
	return choice{picked: make([]bool, len(f.Options)), chosen: -1}
}

// values are the options picked, in their order.
func (c choice) values(f Field) []string {
	if !f.Multi {
		if c.chosen < 0 {
			return nil
		}
		return []string{f.Options[c.chosen]}
	}
	var out []string
	for i, o := range f.Options {
		if c.picked[i] {
			out = append(out, o)
		}
	}
	return out
}

// set picks the options named in s (comma-separated; any case), and
// returns the names that are none of them.
func (c *choice) set(f Field, s string) (unknown []string) {
	c.picked, c.chosen = make([]bool, len(f.Options)), -1
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		i := slices.IndexFunc(f.Options, func(o string) bool { return strings.EqualFold(o, name) })
		switch {
		case i < 0:
			unknown = append(unknown, name)
		case f.Multi:
			c.picked[i] = true
		case c.chosen < 0:
			c.chosen = i
		}
	}
	return unknown
}

// under is the option under the cursor, "" for none.
func (c choice) under(f Field) string {
	i := c.cursor
	if !f.Multi {
		i = c.chosen
	}
	if i < 0 || i >= len(f.Options) {
		return ""
	}
	return f.Options[i]
}

// update moves over the options (a choice of one chooses as it moves) and
// picks with space.
func (c choice) update(cc *common.Common, f Field, k tea.KeyMsg) choice {
	fk := cc.KeyMap.Form
	n := len(f.Options)
	step := 0
	switch {
	case key.Matches(k, fk.Left):
		step = -1
	case key.Matches(k, fk.Right):
		step = 1
	case f.Multi && key.Matches(k, fk.Pick):
		c.picked = slices.Clone(c.picked)
		c.picked[c.cursor] = !c.picked[c.cursor]
		return c
	}
	if step == 0 {
		return c
	}
	if f.Multi {
		c.cursor = (c.cursor + step + n) % n
		return c
	}
	lo := 0 // the first option a move reaches: none, when it is offered
	if f.None != "" {
		lo = -1
	}
	switch {
	case c.chosen < 0 && lo == 0 && step < 0:
		c.chosen = n - 1
	default:
		c.chosen += step
		if c.chosen >= n {
			c.chosen = lo
		}
		if c.chosen < lo {
			c.chosen = n - 1
		}
	}
	return c
}

// view draws the options in lines of width cells: a choice of one with
// radio marks, of several with checkboxes; the option under the cursor of
// a focused field is marked with › (not only coloured: under NO_COLOR the
// mark is all that shows it).
func (c choice) view(cc *common.Common, f Field, focused bool, width int) []string {
	st := cc.Styles
	type item struct {
		label  string
		on, at bool
	}
	var items []item
	if !f.Multi && f.None != "" {
		items = append(items, item{f.None, c.chosen < 0, c.chosen < 0})
	}
	for i, o := range f.Options {
		if f.Multi {
			items = append(items, item{o, c.picked[i], i == c.cursor})
		} else {
			items = append(items, item{o, i == c.chosen, i == c.chosen})
		}
	}
	var lines []string
	line, lineW := "", 0
	for _, it := range items {
		mark := "( ) "
		if it.on {
			mark = "(•) "
		}
		if f.Multi {
			mark = "[ ] "
			if it.on {
				mark = "[x] "
			}
		}
		lead, style := " ", st.Choice.Normal
		switch {
		case focused && it.at:
			lead, style = st.Form.Focused.Render("›"), st.Form.Focused
		case it.on:
			style = st.Strong
		case !focused:
			style = st.Muted
		}
		s := lead + style.Render(mark+it.label)
		w := ansi.StringWidth(s)
		if lineW > 0 && lineW+1+w > width {
			lines = append(lines, line)
			line, lineW = "", 0
		}
		if lineW > 0 {
			line += " "
			lineW++
		}
		line += s
		lineW += w
	}
	return append(lines, line)
}

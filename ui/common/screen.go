package common

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Keys is the help of page p with the keys every screen shares: ? for all
// the keys (unless p takes typed text) and ctrl+c.
func (c *Common) Keys(p Page) Bindings {
	g := c.KeyMap.Global
	b := Bindings{Short: p.ShortHelp(), Full: p.FullHelp()}
	if p.Typing() {
		b.Full = append(b.Full[:len(b.Full):len(b.Full)], []key.Binding{g.ForceQuit})
		return b
	}
	b.Short = append(b.Short[:len(b.Short):len(b.Short)], g.Help)
	b.Full = append(b.Full[:len(b.Full):len(b.Full)], []key.Binding{g.Help, g.ForceQuit})
	return b
}

// HelpLines is the help of page p as drawn under it, one column in. The
// short help always ends with ? when the page has more keys than fit: the
// keys before it are cut to leave it room.
func (c *Common) HelpLines(p Page) string {
	b := c.Keys(p)
	if c.Help.ShowAll || p.Typing() {
		return " " + strings.ReplaceAll(c.HelpView(b), "\n", "\n ")
	}
	if full := c.HelpView(b); !strings.HasSuffix(strings.TrimRight(ansi.Strip(full), " "), "…") {
		return " " + full
	}
	more := b.Short[len(b.Short)-1] // ?, which Keys puts last
	tail := c.Help.ShortHelpView([]key.Binding{more})
	w := c.Width
	c.Width = max(w-lipgloss.Width(tail)-3, 1)
	head := c.HelpView(Bindings{Short: b.Short[:len(b.Short)-1]})
	c.Width = w
	return " " + head + c.Help.Styles.ShortSeparator.Render(" • ") + tail
}

// PageHeight is the height page p has: the terminal less its help.
func (c *Common) PageHeight(p Page) int {
	return max(c.Height-lipgloss.Height(c.HelpLines(p)), 1)
}

// Screen draws page p over its help, cut and padded to the terminal.
func (c *Common) Screen(p Page) string {
	help := c.HelpLines(p)
	bodyH := max(c.Height-lipgloss.Height(help), 0)
	return Fit(p.View(), c.Width, bodyH, true) + "\n" + Fit(help, c.Width, c.Height-bodyH, false)
}

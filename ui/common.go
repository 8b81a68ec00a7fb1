package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// common is the context every screen shares: the size of the terminal, the
// styles, the key map and the Markdown renderer.
type common struct {
	width, height int
	styles        *Styles
	keys          *KeyMap
	md            *markdown
	help          help.Model
}

func newCommon(opts Options) *common {
	h := help.New()
	st := DefaultStyles()
	h.Styles.ShortKey = st.Help.Bold(true)
	h.Styles.ShortDesc = st.Help
	h.Styles.FullKey = st.Help.Bold(true)
	h.Styles.FullDesc = st.Help
	return &common{styles: st, keys: DefaultKeyMap(), md: newMarkdown(opts.Dark, opts.NoColor), help: h}
}

// helpView renders the help line (or, with ShowAll, the full help) for km.
func (c *common) helpView(km bindings) string {
	c.help.Width = c.width - 1
	// help stops adding keys at its width only while its ellipsis still
	// fits, so cut each line to the width as well.
	lines := strings.Split(c.help.View(km), "\n")
	for i, l := range lines {
		lines[i] = truncate(l, c.width-1)
	}
	return strings.Join(lines, "\n")
}

// Messages between screens and from commands.
type (
	// goHomeMsg returns to the home screen.
	goHomeMsg struct{}
	// panicMsg carries a panic recovered in a command.
	panicMsg struct{ err error }
)

// safe wraps a command so that a panic in it becomes a panicMsg, which ends
// the program cleanly with one line, instead of a trace.
func safe(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicMsg{fmt.Errorf("%v", r)}
			}
		}()
		return cmd()
	}
}

// truncate cuts s to width cells, with an ellipsis when it had to.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

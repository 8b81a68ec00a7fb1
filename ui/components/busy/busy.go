// Package busy is the spinner a page shows while it waits for a command
// (the store, the readiness of the risks, the analysis): a bubbles spinner
// in the session's style that turns only while the page waits.
package busy

import (
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/ui/common"
)

// Model is a spinner.
type Model struct{ s spinner.Model }

// New returns a spinner in the session's style.
func New(c *common.Common) Model {
	return Model{spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(c.Styles.Spinner))}
}

// Tick starts the spinner turning: return it with the command waited for.
func (m Model) Tick() tea.Msg { return m.s.Tick() }

// Update turns the spinner on its own ticks while waiting (the ticks of
// other spinners, and its own once the wait is over, are dropped). turned
// reports whether the message was one of its ticks.
func (m Model) Update(msg tea.Msg, waiting bool) (_ Model, cmd tea.Cmd, turned bool) {
	t, ok := msg.(spinner.TickMsg)
	if !ok || t.ID != m.s.ID() || !waiting {
		return m, nil, false
	}
	m.s, cmd = m.s.Update(msg)
	return m, cmd, true
}

// View is the spinner's frame.
func (m Model) View() string { return m.s.View() }

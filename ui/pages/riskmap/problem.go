package riskmap

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// A register file that does not load: the screen lists its problems, each
// with its position, and changes nothing, so that what the file holds is
// never overwritten; esc goes back and pgup/pgdn scroll the list.

// problemLines are the lines that say why the register does not load, in
// width cells.
func (m *Model) problemLines(width int) []string {
	st := m.c.Styles
	file := m.fileName()
	lines := []string{st.Error.Render("The risk register does not load, so it cannot be shown or changed here."), ""}
	var ds engine.Diagnostics
	if !errors.As(m.cfg.Problem, &ds) {
		ds = engine.Diagnostics{{File: m.reg.File, Message: m.cfg.Problem.Error()}}
	}
	for _, d := range ds {
		where := common.Line(d.File)
		if d.Line > 0 {
			where = fmt.Sprintf("%s:%d:%d", where, d.Line, d.Col)
		}
		lines = append(lines, st.Strong.Render(where))
		lines = append(lines, strings.Split(common.Wrap("  "+strings.ReplaceAll(common.Line(d.Message), "`", ""), width), "\n")...)
		if d.Source != "" {
			lines = append(lines, st.Muted.Render(common.Truncate("  │ "+common.Line(d.Source), width)))
		}
	}
	lines = append(lines, "")
	lines = append(lines, strings.Split(common.Wrap("Fix "+file+" in an editor (ttx validate "+file+" lists every problem), then open the risk map again. Drills run without the register's plans meanwhile.", width), "\n")...)
	return lines
}

// problemView draws the problems in w by h cells, scrolled by detailOff.
func (m *Model) problemView(w, h int) string {
	lines := m.problemLines(max(w-2, 10))
	m.detailOff = min(m.detailOff, max(len(lines)-(h-1), 0))
	lines = lines[m.detailOff:]
	for i, l := range lines {
		lines[i] = " " + l
	}
	st := m.c.Styles
	return " " + st.Title.Render("Risk map") + st.Muted.Render(" · "+m.fileName()) + "\n" + strings.Join(lines, "\n")
}

// problemKey handles a key while the problems show: back, and scrolling.
func (m *Model) problemKey(msg tea.KeyMsg) tea.Cmd {
	g := m.c.KeyMap.Global
	switch {
	case key.Matches(msg, g.Back):
		m.c.Back()
	case key.Matches(msg, g.PageDown):
		m.detailOff += max(m.height-3, 1)
	case key.Matches(msg, g.PageUp):
		m.detailOff = max(m.detailOff-max(m.height-3, 1), 0)
	}
	return nil
}

// problemKeys are the keys that work while the problems show.
func (m *Model) problemKeys() []key.Binding {
	g := m.c.KeyMap.Global
	up, down := g.PageUp, g.PageDown
	more := len(m.problemLines(max(m.width-2, 10))) > m.height-1
	up.SetEnabled(more && m.detailOff > 0)
	down.SetEnabled(more)
	return []key.Binding{up, down, g.Back}
}

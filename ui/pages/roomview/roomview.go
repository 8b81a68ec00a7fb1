// Package roomview is a team's room view in a room session (ttx serve):
// what the projector shows the room. The scene, the scenario clock and the
// deadlines, the injects, the choices and what the team decided; a pause, a
// break and the ending as the facilitator brings them. Never the
// facilitator's notes, the scores or the answer key: those are the
// console's.
package roomview

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/components/opening"
	"github.com/ttx-dev/ttx/ui/components/panel"
)

// Model is a team's room view.
type Model struct {
	live.Base
	team          int
	vp            viewport.Model
	width, height int
}

// New returns the room view of team in session s, subscribed through conn
// for seat.
func New(c *common.Common, conn *live.Conn, s *room.Session, seat string, team int) *Model {
	m := &Model{Base: live.NewBase(c, conn, s, seat), team: team, vp: viewport.New(0, 0)}
	m.vp.Style = c.Renderer.NewStyle()
	m.vp.KeyMap = viewport.KeyMap{PageUp: c.KeyMap.Global.PageUp, PageDown: c.KeyMap.Global.PageDown}
	return m
}

// Init waits for the session's changes and starts the countdown.
func (m *Model) Init() tea.Cmd { return m.Base.Init(m) }

// Shown is the team whose countdown the view shows: its own.
func (m *Model) Shown() *room.Team { return m.Snap.Team(m.team) }

// Take lays the view out for a new snapshot.
func (m *Model) Take() { m.layout() }

// Typing is false: the room view takes no text.
func (m *Model) Typing() bool { return false }

// SetSize lays the view out.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Update takes the session's changes, the countdown's ticks and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	cmd, _ := m.Handle(m, msg)
	return m, cmd
}

// Key handles the keys: scrolling, and leaving.
func (m *Model) Key(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.C.KeyMap.Seat.Leave):
		m.Leave()
	case key.Matches(msg, m.C.KeyMap.Global.PageUp, m.C.KeyMap.Global.PageDown):
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return cmd
	}
	return nil
}

// column is the width of the scene's column: the page less the panel when
// it shows.
func (m *Model) column() int {
	if m.width >= panel.MinTerm {
		return m.width - panel.WidthFor(m.width) - 1
	}
	return m.width
}

// bottom is what goes under the scene: the choices, the tally of the
// positions stated and the countdown.
func (m *Model) bottom() string {
	t := m.Snap.Team(m.team)
	if t.Over || t.OnBreak || t.Opening >= 0 {
		return ""
	}
	w := m.column() - 2
	out := live.ChoiceList(m.C, t, w)
	if tally := live.Tally(t); tally != "" {
		out += "\n" + m.C.Styles.Muted.Render(common.Truncate("Positions: "+tally, w))
	}
	if clock := live.ClockLine(m.C, m.Bar, t, m.C.Now(), "the facilitator resumes it"); clock != "" {
		out += "\n" + common.Truncate(clock, w)
	}
	return out
}

// layout sizes the scene's viewport to what the header and choices leave.
func (m *Model) layout() {
	if m.width == 0 {
		return
	}
	left := m.column()
	chrome := 4 // header, scene, rule, rule
	if m.width < panel.MinTerm {
		chrome++
	}
	m.Bar.Width = max(min(left-42, 40), 5)
	m.vp.Width = left
	m.vp.Height = max(m.height-chrome-lipgloss.Height(m.bottom()), 3)
	m.vp.SetContent(m.content(left))
}

// content is the scene: its title and text, the injects since the last
// decision and what the team decided; or the break, or a module's opening
// (its first scene waits for the console), or the ending.
func (m *Model) content(w int) string {
	st := m.C.Styles
	t := m.Snap.Team(m.team)
	d := t.Drill
	pad := m.C.Renderer.NewStyle().PaddingLeft(1)
	switch {
	case t.Over:
		return pad.Render(live.Ending(m.C, t, w-2))
	case t.OnBreak:
		title, text := "Break", "The facilitator has paused the exercise."
		if b := t.Break; b != nil {
			title = "Break · " + b.Title
			if b.Summary != "" {
				text = m.C.Markdown.Render(b.Summary, w-4)
			}
		}
		return pad.Render(st.Title.Render(common.Line(title)) + "\n\n" + text)
	}
	if t.Opening >= 0 {
		return opening.View(m.C, d.Scenario(), t.Opening, "The facilitator begins the module.", w, max(m.height-4, 8))
	}
	var b []string
	if last := live.LastDecision(m.C, t, w-2); last != "" {
		b = append(b, last, "")
	}
	if inj := live.Injects(m.C, t, w-2); inj != "" {
		b = append(b, inj, "")
	}
	b = append(b, m.C.Markdown.Render(d.SceneText(), w-4))
	return pad.Render(strings.Join(b, "\n"))
}

// View draws the header, the scene and the panel, and the choices.
func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	st := m.C.Styles
	w := m.width
	t := m.Snap.Team(m.team)
	head := st.Header.Scene.Render("Team "+common.Line(t.Name)) + st.Header.Scenario.Render(fmt.Sprintf("  ·  %s  ·  join with code %s",
		common.Line(m.Snap.Scenario.Title), room.FormatCode(m.Snap.Code)))
	rows := []string{live.Header(m.C, head, t, w), live.SceneLine(m.C, t, w), live.Rule(m.C, w)}
	p := panel.New(m.C, t.Drill)
	if w < panel.MinTerm {
		rows = append(rows, " "+p.StatusLine(w-2))
	}
	column := m.vp.View()
	if bottom := m.bottom(); bottom != "" {
		column = lipgloss.JoinVertical(lipgloss.Left, column, live.Rule(m.C, m.column()), m.C.Renderer.NewStyle().PaddingLeft(1).Render(bottom))
	}
	if w >= panel.MinTerm {
		column = lipgloss.JoinHorizontal(lipgloss.Top, m.C.Renderer.NewStyle().Width(m.column()).Render(column), " ", p.View(panel.WidthFor(w), lipgloss.Height(column)))
	}
	return strings.Join(append(rows, column), "\n")
}

// ShortHelp is the keys of the room view.
func (m *Model) ShortHelp() []key.Binding {
	g := m.C.KeyMap.Global
	pu, pd := g.PageUp, g.PageDown
	pu.SetEnabled(!m.vp.AtTop())
	pd.SetEnabled(!m.vp.AtBottom())
	return []key.Binding{pu, pd, m.C.KeyMap.Seat.Leave}
}

// FullHelp is the keys of the room view, in one column.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

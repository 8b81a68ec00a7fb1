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
	"github.com/ttx-dev/ttx/ui/components/panel"
)

// Model is a team's room view.
type Model struct {
	c             *common.Common
	s             *room.Session
	sub           *room.Sub
	team          int
	snap          *room.Snapshot
	vp            viewport.Model
	ticks         int // the countdown's ticks, to tell this page's own
	ticking       bool
	closed        bool
	width, height int
}

// New returns the room view of team in session s, subscribed through conn
// for seat.
func New(c *common.Common, conn *live.Conn, s *room.Session, seat string, team int) *Model {
	m := &Model{c: c, s: s, team: team, vp: viewport.New(0, 0)}
	m.vp.Style = c.Renderer.NewStyle()
	m.vp.KeyMap = viewport.KeyMap{PageUp: c.KeyMap.Global.PageUp, PageDown: c.KeyMap.Global.PageDown}
	m.sub = conn.Subscribe(s, seat)
	m.snap = s.Snapshot()
	return m
}

// Init waits for the session's changes and starts the countdown.
func (m *Model) Init() tea.Cmd { return tea.Batch(live.Watch(m.sub), m.tick()) }

// tick starts the countdown's ticks when it runs and they are not going.
func (m *Model) tick() tea.Cmd {
	if m.ticking || !live.Ticking(m.snap.Team(m.team)) {
		return nil
	}
	m.ticking = true
	m.ticks++
	return live.Tick(m.ticks)
}

// Typing is false: the room view takes no text.
func (m *Model) Typing() bool { return false }

// SetSize lays the view out.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Snapshot returns the session as the view last drew it.
func (m *Model) Snapshot() *room.Snapshot { return m.snap }

// Update takes the session's changes, the countdown's ticks and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case live.ChangedMsg:
		if msg.Sub != m.sub {
			return m, nil
		}
		m.snap = m.s.Snapshot()
		m.layout()
		return m, tea.Batch(live.Watch(m.sub), m.tick())
	case live.TickMsg:
		if msg.ID != m.ticks {
			return m, nil
		}
		m.ticking = false
		return m, m.tick()
	case tea.KeyMsg:
		switch {
		case m.closed:
		case key.Matches(msg, m.c.KeyMap.Seat.Leave):
			m.closed = true
			m.sub.Close()
			m.c.Back()
		case key.Matches(msg, m.c.KeyMap.Global.PageUp, m.c.KeyMap.Global.PageDown):
			var cmd tea.Cmd
			m.vp, cmd = m.vp.Update(msg)
			return m, cmd
		}
	}
	return m, nil
}

// column is the width of the scene's column: the page less the panel when
// it shows.
func (m *Model) column() int {
	if m.width >= panel.MinTerm {
		return m.width - panel.Width - 1
	}
	return m.width
}

// bottom is what goes under the scene: the choices and the tally of the
// positions stated.
func (m *Model) bottom() string {
	t := m.snap.Team(m.team)
	if t.Over || t.OnBreak {
		return ""
	}
	w := m.column() - 2
	out := live.ChoiceList(m.c, t, w)
	if tally := live.Tally(t); tally != "" {
		out += "\n" + m.c.Styles.Muted.Render(common.Truncate("Positions: "+tally, w))
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
	m.vp.Width = left
	m.vp.Height = max(m.height-chrome-lipgloss.Height(m.bottom()), 3)
	m.vp.SetContent(m.content(left))
}

// content is the scene: its title and text, the injects since the last
// decision and what the team decided; or the break, or the ending.
func (m *Model) content(w int) string {
	st := m.c.Styles
	t := m.snap.Team(m.team)
	d := t.Drill
	pad := m.c.Renderer.NewStyle().PaddingLeft(1)
	switch {
	case t.Over:
		return pad.Render(live.Ending(m.c, t, w-2))
	case t.OnBreak:
		title, text := "Break", "The facilitator has paused the exercise."
		if b := t.Break; b != nil {
			title = "Break · " + b.Title
			if b.Summary != "" {
				text = m.c.Markdown.Render(b.Summary, w-4)
			}
		}
		return pad.Render(st.Title.Render(common.Line(title)) + "\n\n" + text)
	}
	var b []string
	if last := live.LastDecision(m.c, t, w-2); last != "" {
		b = append(b, last, "")
	}
	if inj := live.Injects(m.c, t, w-2); inj != "" {
		b = append(b, inj, "")
	}
	b = append(b, m.c.Markdown.Render(d.SceneText(), w-4))
	return pad.Render(strings.Join(b, "\n"))
}

// View draws the header, the scene and the panel, and the choices.
func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	st := m.c.Styles
	w := m.width
	t := m.snap.Team(m.team)
	head := st.Header.Scene.Render("Team "+common.Line(t.Name)) + st.Header.Scenario.Render(fmt.Sprintf("  ·  %s  ·  join with code %s",
		common.Line(m.snap.Scenario.Title), room.FormatCode(m.snap.Code)))
	rows := []string{live.Header(m.c, head, t, m.c.Now(), w), live.SceneLine(m.c, t, w), live.Rule(m.c, w)}
	p := panel.New(m.c, t.Drill)
	if w < panel.MinTerm {
		rows = append(rows, " "+p.StatusLine(w-2))
	}
	column := m.vp.View()
	if bottom := m.bottom(); bottom != "" {
		column = lipgloss.JoinVertical(lipgloss.Left, column, live.Rule(m.c, m.column()), m.c.Renderer.NewStyle().PaddingLeft(1).Render(bottom))
	}
	if w >= panel.MinTerm {
		column = lipgloss.JoinHorizontal(lipgloss.Top, m.c.Renderer.NewStyle().Width(m.column()).Render(column), " ", p.View(lipgloss.Height(column)))
	}
	return strings.Join(append(rows, column), "\n")
}

// ShortHelp is the keys of the room view.
func (m *Model) ShortHelp() []key.Binding {
	g := m.c.KeyMap.Global
	pu, pd := g.PageUp, g.PageDown
	pu.SetEnabled(!m.vp.AtTop())
	pd.SetEnabled(!m.vp.AtBottom())
	return []key.Binding{pu, pd, m.c.KeyMap.Seat.Leave}
}

// FullHelp is the keys of the room view, in one column.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Package lobby is the entry to a room server (ttx serve): a menu to join
// a team as a player, show a team's room view on a projector, open a new
// session as its facilitator, or go back to the console of a session one
// opened; and the forms behind each (a join code, a team, a role and a
// name; a scenario, the teams and a seed).
package lobby

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/pages/console"
)

// Start is where a connection starts: the menu, or one of its entries
// (the SSH user name picks it: ttx serve prints the commands).
type Start int

// The starts.
const (
	StartMenu    Start = iota
	StartJoin          // a player joins a team
	StartRoom          // a team's room view
	StartConsole       // the facilitator: the console of their session, or a new one
)

// StartOf reads the start an SSH user name asks for: join, room, console
// (or facilitator); anything else is the menu. The user name only picks
// the screen: it is never part of who the person is.
func StartOf(user string) Start {
	switch strings.ToLower(user) {
	case "join", "player":
		return StartJoin
	case "room", "projector":
		return StartRoom
	case "console", "facilitator":
		return StartConsole
	}
	return StartMenu
}

// Model is the lobby's menu.
type Model struct {
	c       *common.Common
	conn    *live.Conn
	entries []entry
	cursor  int
	err     string
	pending bool
	spinner busy.Model
	width   int
	start   Start
}

type entry struct {
	label string
	open  func() tea.Cmd
}

// Pages are the pages a connection starts with: the lobby, and over it
// the flow its start asks for.
func Pages(c *common.Common, conn *live.Conn, start Start) []common.Page {
	m := &Model{c: c, conn: conn, spinner: busy.New(c), start: start}
	m.entries = m.menu()
	pages := []common.Page{m}
	switch start {
	case StartJoin:
		pages = append(pages, JoinFlow(c, conn, false))
	case StartRoom:
		pages = append(pages, JoinFlow(c, conn, true))
	case StartConsole:
		if len(conn.Rooms.Owned(conn.Key)) == 0 {
			pages = append(pages, OpenFlow(c, conn))
		}
	}
	return pages
}

// menu lists what the connection can do now.
func (m *Model) menu() []entry {
	c, conn := m.c, m.conn
	out := []entry{
		{"Join a team as a player", func() tea.Cmd { c.Push(JoinFlow(c, conn, false)); return nil }},
		{"Show a team's room view (for the projector)", func() tea.Cmd { c.Push(JoinFlow(c, conn, true)); return nil }},
		{"Open a new session (facilitator)", func() tea.Cmd { c.Push(OpenFlow(c, conn)); return nil }},
	}
	for _, s := range conn.Rooms.Owned(conn.Key) {
		snap := s.Snapshot()
		label := fmt.Sprintf("Back to the console of session %s (%s, %s)", room.FormatCode(snap.Code), common.Line(snap.Scenario.Title),
			common.Plural(len(snap.Teams), "team", "teams"))
		out = append(out, entry{label, func() tea.Cmd { return m.console(s) }})
	}
	return out
}

// consoleMsg brings the console seat of a session, or why there is none.
type consoleMsg struct {
	m    *Model
	s    *room.Session
	seat string
	err  error
}

// console takes the console seat of a session (stored the first time) in a
// command.
func (m *Model) console(s *room.Session) tea.Cmd {
	m.pending = true
	key := m.conn.Key
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		seat, err := s.JoinConsole(room.Identity{Key: key})
		return consoleMsg{m, s, seat, err}
	})
}

// Init opens the console at once when the facilitator's start asks for it
// and they have one session open.
func (m *Model) Init() tea.Cmd {
	if owned := m.conn.Rooms.Owned(m.conn.Key); m.start == StartConsole && len(owned) == 1 {
		return m.console(owned[0])
	}
	return nil
}

// Typing is false: the menu takes no text.
func (m *Model) Typing() bool { return false }

// SetSize gives the menu its width.
func (m *Model) SetSize(w, _ int) { m.width = w }

// Update moves the cursor, opens an entry, and takes a console's seat.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ShowMsg:
		m.entries, m.err = m.menu(), ""
		m.cursor = min(m.cursor, len(m.entries)-1)
		return m, nil
	case consoleMsg:
		if msg.m != m {
			return m, nil
		}
		m.pending = false
		if msg.err != nil {
			m.err = common.Line(msg.err.Error())
			return m, nil
		}
		m.c.Push(console.New(m.c, m.conn, msg.s, msg.seat))
		return m, nil
	case tea.KeyMsg:
		g, k := m.c.KeyMap.Global, m.c.KeyMap.Lobby
		switch {
		case m.pending:
		case key.Matches(msg, k.Quit):
			return m, tea.Quit
		case key.Matches(msg, g.Up):
			m.cursor = (m.cursor - 1 + len(m.entries)) % len(m.entries)
		case key.Matches(msg, g.Down):
			m.cursor = (m.cursor + 1) % len(m.entries)
		case key.Matches(msg, k.Open):
			return m, m.entries[m.cursor].open()
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.spinner, cmd, _ = m.spinner.Update(msg, m.pending)
	return m, cmd
}

// View draws the menu.
func (m *Model) View() string {
	st := m.c.Styles
	w := max(m.width-4, 10)
	b := []string{st.Title.Render("ttx · tabletop exercise room"), ""}
	b = append(b, common.Truncate(st.Muted.Render("Your key: "+common.Line(m.conn.Key)), w))
	if n := len(m.conn.Rooms.Sessions()); n > 0 {
		b = append(b, st.Muted.Render(common.Plural(n, "session is", "sessions are")+" open on this server."))
	}
	b = append(b, "")
	for i, e := range m.entries {
		cur, style := "  ", st.Choice.Normal
		if i == m.cursor {
			cur, style = st.Choice.Cursor.Render("› "), st.Choice.Selected
		}
		b = append(b, common.Truncate(cur+style.Render(e.label), w))
	}
	switch {
	case m.pending:
		b = append(b, "", m.spinner.View()+" One moment…")
	case m.err != "":
		b = append(b, "", st.Error.Width(w).Render(m.err))
	}
	return st.Pad.Render(strings.Join(b, "\n"))
}

// ShortHelp is the menu's keys.
func (m *Model) ShortHelp() []key.Binding {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.Lobby
	return []key.Binding{g.Up, g.Down, k.Open, k.Quit}
}

// FullHelp is the menu's keys, in one column.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

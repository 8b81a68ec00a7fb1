// Package seat is a player's seat in a room session (ttx serve): the scene
// their team faces, their role's brief, the positions the team's players
// have stated, and their own: a choice (or the picks of a multi-select
// scene) and a one-line reason. A seat the facilitator marked lead commits
// the team's decision. Every change is the session's: it is in the results
// store before any seat shows it, and keys typed while it is written wait
// their turn.
package seat

import (
	"errors"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/components/choices"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
)

// Model is a player's seat.
type Model struct {
	c    *common.Common
	s    *room.Session
	sub  *room.Sub
	seat string
	team int
	snap *room.Snapshot

	drill   *engine.Drill // the drill the choices were made for
	choices choices.Model
	vp      viewport.Model
	reason  textinput.Model
	spinner busy.Model

	stating    []string // the choices of the position being written, while its reason is typed
	confirming []string // the choices of a commit being confirmed
	showBrief  bool
	pending    bool // a change is being written
	queue      []tea.KeyMsg
	status     string // what the last change did, or why it failed
	failed     bool
	closed     bool
	ticks      int
	ticking    bool

	width, height int
	choiceLines   int
}

// New returns the seat with id seat (of team) in session s, subscribed
// through conn.
func New(c *common.Common, conn *live.Conn, s *room.Session, seat string, team int) *Model {
	m := &Model{c: c, s: s, seat: seat, team: team, vp: viewport.New(0, 0), spinner: busy.New(c)}
	m.vp.Style = c.Renderer.NewStyle()
	m.vp.KeyMap = viewport.KeyMap{PageUp: c.KeyMap.Global.PageUp, PageDown: c.KeyMap.Global.PageDown}
	m.reason = textinput.New()
	m.reason.Prompt = "Why? "
	m.reason.Placeholder = "one line, for the team and the report"
	m.reason.CharLimit = room.MaxReason
	m.reason.PromptStyle, m.reason.TextStyle, m.reason.PlaceholderStyle = c.Styles.Strong, c.Styles.Input.Text, c.Styles.Input.Placeholder
	m.sub = conn.Subscribe(s, seat)
	m.take(s.Snapshot())
	return m
}

// Init waits for the session's changes and starts the countdown.
func (m *Model) Init() tea.Cmd { return tea.Batch(live.Watch(m.sub), m.tick()) }

func (m *Model) tick() tea.Cmd {
	if m.ticking || !live.Ticking(m.snap.Team(m.team)) {
		return nil
	}
	m.ticking = true
	m.ticks++
	return live.Tick(m.ticks)
}

// take takes a new snapshot: the choices are made again when the drill
// changed (a decision, an event fired by hand).
func (m *Model) take(snap *room.Snapshot) {
	m.snap = snap
	t := snap.Team(m.team)
	if t.Drill != m.drill {
		m.drill = t.Drill
		m.choices = choices.New(m.c, t.Drill)
		m.stating, m.confirming = nil, nil
		m.reason.Blur()
	}
	m.layout()
}

// me is the seat as the session has it.
func (m *Model) me() *room.Seat { return m.snap.Seat(m.seat) }

// lead reports whether the seat may commit the team's decision now.
func (m *Model) lead() bool {
	me, t := m.me(), m.snap.Team(m.team)
	return me != nil && me.Lead && !t.Over && !m.snap.Ended
}

// Typing reports whether keys go to the reason.
func (m *Model) Typing() bool { return m.stating != nil }

// SetSize lays the seat out.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Snapshot returns the session as the seat last drew it.
func (m *Model) Snapshot() *room.Snapshot { return m.snap }

// Status returns what the last change did, or why it failed.
func (m *Model) Status() string { return m.status }

// Update takes the session's changes, the answers of the changes asked,
// the countdown's ticks and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case live.ChangedMsg:
		if msg.Sub != m.sub {
			return m, nil
		}
		m.take(m.s.Snapshot())
		return m, tea.Batch(live.Watch(m.sub), m.tick())
	case live.TickMsg:
		if msg.ID == m.ticks {
			m.ticking = false
			return m, m.tick()
		}
		return m, nil
	case live.DoneMsg:
		if msg.Sub != m.sub {
			return m, nil
		}
		m.pending = false
		m.failed = msg.Err != nil
		if msg.Err != nil {
			m.status = common.Line(msg.Err.Error())
		} else {
			m.status = msg.What
		}
		m.take(m.s.Snapshot())
		return m, m.drain()
	case debriefMsg:
		if msg.sub != m.sub {
			return m, nil
		}
		m.pending = false
		if msg.err != nil {
			m.status, m.failed = common.Line(msg.err.Error()), true
			return m, m.drain()
		}
		m.c.Push(msg.page)
		return m, nil
	case tea.KeyMsg:
		if m.pending {
			m.queue = append(m.queue, msg)
			return m, nil
		}
		return m, m.key(msg)
	}
	var cmd tea.Cmd
	m.spinner, cmd, _ = m.spinner.Update(msg, m.pending)
	return m, cmd
}

// drain applies the keys typed while a change was written, until one
// starts another.
func (m *Model) drain() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.queue) > 0 && !m.pending && !m.closed {
		k := m.queue[0]
		m.queue = m.queue[1:]
		cmds = append(cmds, m.key(k))
	}
	return tea.Batch(cmds...)
}

// do writes a change of the session, in a command.
func (m *Model) do(what string, change func() error) tea.Cmd {
	m.pending, m.status, m.failed = true, "", false
	return tea.Batch(live.Do(m.sub, what, change), m.spinner.Tick)
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.Seat
	t := m.snap.Team(m.team)
	switch {
	case m.closed:
		return nil
	case m.stating != nil:
		switch msg.Type {
		case tea.KeyEsc:
			m.stating = nil
			m.reason.Blur()
		case tea.KeyEnter:
			ids, why := m.stating, m.reason.Value()
			m.stating = nil
			m.reason.Blur()
			m.layout()
			return m.do("Your position is stated: the team sees it.", func() error { return m.s.State(m.seat, ids, why) })
		default:
			var cmd tea.Cmd
			m.reason, cmd = m.reason.Update(msg)
			return cmd
		}
		m.layout()
		return nil
	case m.confirming != nil:
		ids := m.confirming
		switch {
		case key.Matches(msg, g.Yes):
			m.confirming = nil
			return m.do("The team's decision is committed.", func() error { return m.s.Commit(m.seat, m.team, ids) })
		case key.Matches(msg, g.No):
			m.confirming = nil
		}
		m.layout()
		return nil
	case key.Matches(msg, k.Leave):
		m.closed = true
		m.sub.Close()
		m.c.Back()
		return nil
	case key.Matches(msg, m.debriefKey()):
		m.pending = true
		return m.openDebrief()
	case key.Matches(msg, m.briefKey()):
		m.showBrief = !m.showBrief
		m.layout()
		if m.showBrief {
			m.vp.GotoTop()
		}
		return nil
	case key.Matches(msg, g.PageUp, g.PageDown):
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return cmd
	case t.Over || m.snap.Ended:
		return nil
	case key.Matches(msg, m.commitKey()):
		ids, err := m.selected()
		if err != nil {
			m.status, m.failed = err.Error(), true
		} else {
			m.confirming = ids
		}
		m.layout()
		return nil
	}
	var cmd tea.Cmd
	m.choices, cmd = m.choices.Update(msg)
	if picks := m.choices.Confirmed(); picks != nil {
		m.stating = m.ids(picks)
		m.reason.SetValue("")
		if p := t.PositionOf(m.seat); p != nil && slices.Equal(p.Choices, m.stating) {
			m.reason.SetValue(p.Reason)
		}
		m.reason.CursorEnd()
		cmd = tea.Batch(cmd, m.reason.Focus())
	}
	m.layout()
	return cmd
}

// ids are the choice ids of scene-local indices.
func (m *Model) ids(idx []int) []string {
	sc := m.drill.Scene()
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = sc.Choices[j].ID
	}
	return out
}

// selected is what the lead would commit: the picks made, or the choice
// under the cursor; in a pick scene, the seat's own position when nothing
// is picked.
func (m *Model) selected() ([]string, error) {
	sc := m.drill.Scene()
	if !sc.IsPick() {
		return m.ids([]int{m.choices.Cursor()}), nil
	}
	if picks := m.choices.Picked(); len(picks) > 0 {
		return m.ids(picks), nil
	}
	if p := m.snap.Team(m.team).PositionOf(m.seat); p != nil {
		return p.Choices, nil
	}
	return nil, errors.New("pick the choices with space first, then press C")
}

// The bindings that depend on the seat's state.
func (m *Model) commitKey() key.Binding {
	b := m.c.KeyMap.Seat.Commit
	b.SetEnabled(m.lead() && m.choices.Len() > 0)
	return b
}

func (m *Model) briefKey() key.Binding {
	b := m.c.KeyMap.Seat.Brief
	me := m.me()
	b.SetEnabled(me != nil && me.Role != "")
	return b
}

func (m *Model) debriefKey() key.Binding {
	b := m.c.KeyMap.Seat.Debrief
	b.SetEnabled(m.snap.Team(m.team).Over && m.c.Store != nil)
	return b
}

// debriefMsg brings the debrief of the team's drill, with the positions
// stated on every decision, read from the store.
type debriefMsg struct {
	sub  *room.Sub
	page common.Page
	err  error
}

// openDebrief reads the team's run and opens its debrief.
func (m *Model) openDebrief() tea.Cmd {
	return OpenDebrief(m.c, m.sub, m.snap.Team(m.team), func(p common.Page, err error) tea.Msg { return debriefMsg{m.sub, p, err} })
}

// OpenDebrief reads a team's run from the store and makes its debrief,
// with the score it was given and the positions stated on each decision;
// done makes the message that brings it. The console uses it too.
func OpenDebrief(c *common.Common, sub *room.Sub, t *room.Team, done func(common.Page, error) tea.Msg) tea.Cmd {
	s, id, d, name := c.Store, t.Run, t.Drill, t.Name
	return func() tea.Msg {
		r, err := s.Get(id)
		if err != nil {
			return done(nil, err)
		}
		res, err := r.Result(d)
		if err != nil {
			return done(nil, err)
		}
		return done(debrief.New(c, d, common.Line(name), id).Scored(res).ForRoom(r.Positions), nil)
	}
}

// roleOf is the seat's role in the scenario, or nil.
func (m *Model) roleOf() *engine.Role {
	me := m.me()
	if me == nil || me.Kind != store.SeatRole {
		return nil
	}
	for i := range m.snap.Scenario.RoleInfo {
		if r := &m.snap.Scenario.RoleInfo[i]; r.ID == me.Role {
			return r
		}
	}
	return nil
}

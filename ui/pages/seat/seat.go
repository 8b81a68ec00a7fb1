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
	"github.com/ttx-dev/ttx/ui/components/choices"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
)

// Model is a player's seat.
type Model struct {
	live.Base
	seat string
	team int

	drill   *engine.Drill // the drill the choices were made for
	choices choices.Model
	vp      viewport.Model
	reason  textinput.Model

	stating    []string // the choices of the position being written, while its reason is typed
	confirming []string // the choices of a commit being confirmed
	showBrief  bool

	width, height int
	choiceLines   int
}

// New returns the seat with id seat (of team) in session s, subscribed
// through conn.
func New(c *common.Common, conn *live.Conn, s *room.Session, seat string, team int) *Model {
	m := &Model{Base: live.NewBase(c, conn, s, seat), seat: seat, team: team, vp: viewport.New(0, 0)}
	m.vp.Style = c.Renderer.NewStyle()
	m.vp.KeyMap = viewport.KeyMap{PageUp: c.KeyMap.Global.PageUp, PageDown: c.KeyMap.Global.PageDown}
	m.reason = textinput.New()
	m.reason.Prompt = "Why? "
	m.reason.Placeholder = "one line, for the team and the report"
	m.reason.CharLimit = room.MaxReason
	m.reason.PromptStyle, m.reason.TextStyle, m.reason.PlaceholderStyle = c.Styles.Strong, c.Styles.Input.Text, c.Styles.Input.Placeholder
	m.Take()
	return m
}

// Init waits for the session's changes and starts the countdown.
func (m *Model) Init() tea.Cmd { return m.Base.Init(m) }

// Shown is the team whose countdown the seat shows: its own.
func (m *Model) Shown() *room.Team { return m.Snap.Team(m.team) }

// Take takes a new snapshot: the choices are made again when the drill
// changed (a decision, an event fired by hand).
func (m *Model) Take() {
	t := m.Snap.Team(m.team)
	if t.Drill != m.drill {
		m.drill = t.Drill
		m.choices = choices.New(m.C, t.Drill)
		m.stating, m.confirming = nil, nil
		m.reason.Blur()
	}
	m.layout()
}

// me is the seat as the session has it.
func (m *Model) me() *room.Seat { return m.Snap.Seat(m.seat) }

// lead reports whether the seat may commit the team's decision now.
func (m *Model) lead() bool {
	me, t := m.me(), m.Snap.Team(m.team)
	return me != nil && me.Lead && !t.Over && !m.Snap.Ended
}

// Typing reports whether keys go to the reason.
func (m *Model) Typing() bool { return m.stating != nil }

// SetSize lays the seat out.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Update takes the session's changes, the answers of the changes asked,
// the countdown's ticks and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	cmd, _ := m.Handle(m, msg)
	return m, cmd
}

// Key handles a key when no change is being written.
func (m *Model) Key(msg tea.KeyMsg) tea.Cmd {
	g, k := m.C.KeyMap.Global, m.C.KeyMap.Seat
	t := m.Snap.Team(m.team)
	switch {
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
			return m.Do("Your position is stated: the team sees it.", func() error { return m.S.State(m.seat, ids, why) })
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
			return m.Do("The team's decision is committed.", func() error { return m.S.Commit(m.seat, m.team, ids) })
		case key.Matches(msg, g.No):
			m.confirming = nil
		}
		m.layout()
		return nil
	case key.Matches(msg, k.Leave):
		m.Leave()
		return nil
	case key.Matches(msg, m.debriefKey()):
		return m.Open(Debrief(m.C, m.Snap.Team(m.team)))
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
	case t.Over || m.Snap.Ended || t.Opening >= 0:
		return nil
	case key.Matches(msg, m.commitKey()):
		ids, err := m.selected()
		if err != nil {
			m.Status, m.Failed = err.Error(), true
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
	if p := m.Snap.Team(m.team).PositionOf(m.seat); p != nil {
		return p.Choices, nil
	}
	return nil, errors.New("pick the choices with space first, then press C")
}

// The bindings that depend on the seat's state.
func (m *Model) commitKey() key.Binding {
	b := m.C.KeyMap.Seat.Commit
	b.SetEnabled(m.lead() && m.choices.Len() > 0 && m.Snap.Team(m.team).Opening < 0)
	return b
}

func (m *Model) briefKey() key.Binding {
	b := m.C.KeyMap.Seat.Brief
	me := m.me()
	b.SetEnabled(me != nil && me.Role != "")
	return b
}

func (m *Model) debriefKey() key.Binding {
	b := m.C.KeyMap.Seat.Debrief
	b.SetEnabled(m.Snap.Team(m.team).Over && m.C.Store != nil)
	return b
}

// Debrief reads a team's run from the store and makes its debrief, with
// the score it was given and the positions stated on each decision (to
// open with Base.Open). The console uses it too.
func Debrief(c *common.Common, t *room.Team) func() (common.Page, error) {
	s, id, d, name, by := c.Store, t.Run, t.Drill, t.Name, t.EndedBy
	return func() (common.Page, error) {
		r, err := s.Get(id)
		if err != nil {
			return nil, err
		}
		res, err := r.Result(d)
		if err != nil {
			return nil, err
		}
		return debrief.New(c, d, common.Line(name), id).Scored(res).ForRoom(r.Positions, by), nil
	}
}

// roleOf is the seat's role in the scenario, or nil.
func (m *Model) roleOf() *engine.Role {
	me := m.me()
	if me == nil || me.Kind != store.SeatRole {
		return nil
	}
	for i := range m.Snap.Scenario.RoleInfo {
		if r := &m.Snap.Scenario.RoleInfo[i]; r.ID == me.Role {
			return r
		}
	}
	return nil
}

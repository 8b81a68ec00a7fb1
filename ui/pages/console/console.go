// Package console is the facilitator's console of a room session (ttx
// serve): for the team chosen with tab, the scene with the facilitator's
// notes, the discussion prompts and their answers, the answer key (what
// each choice scores and why, and who argues for it), the events that may
// fire next, the seats and their positions, the clocks and a live
// scoreboard across teams; and the controls: commit for the team, pause
// and resume, a minute more or less on the timer, fire an event by hand,
// move the scenario clock on, take back the last decision, open a module
// break, mark a lead, end a drill or the session. Each is a binding of the
// key map, listed by ? like every screen's keys, and is the session's
// change: stored before any seat shows it.
package console

import (
	"strconv"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/components/choices"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/pages/seat"
)

// Model is the facilitator's console.
type Model struct {
	c    *common.Common
	s    *room.Session
	sub  *room.Sub
	seat string
	snap *room.Snapshot
	team int // the team the controls act on

	drill   *engine.Drill // the drill the choices were made for
	choices choices.Model
	vp      viewport.Model // the scene, notes and answer key
	side    viewport.Model // the clocks, events, seats and scoreboard, when wide
	spinner busy.Model
	hours   textinput.Model // the hours to move the clock on by

	modal   modal
	pending bool
	queue   []tea.KeyMsg
	status  string
	failed  bool
	closed  bool
	ticks   int
	ticking bool

	width, height int
	choiceLines   int
}

// modal is a question or picker over the console.
type modal struct {
	kind   modalKind
	text   string       // the question
	act    func() error // what a yes does
	what   string       // what it did, to say so
	items  []item       // a picker's entries
	cursor int
}

type modalKind int

const (
	modalNone modalKind = iota
	modalConfirm
	modalFire
	modalLead
	modalHours
)

// item is an entry of a picker.
type item struct {
	label string
	id    string // an event's or seat's id
	off   bool   // shown but not to be chosen
	on    bool   // a seat marked lead
}

// New returns the console of session s, at the console seat, subscribed
// through conn.
func New(c *common.Common, conn *live.Conn, s *room.Session, seat string) *Model {
	m := &Model{c: c, s: s, seat: seat, vp: viewport.New(0, 0), side: viewport.New(0, 0), spinner: busy.New(c)}
	for _, vp := range []*viewport.Model{&m.vp, &m.side} {
		vp.Style = c.Renderer.NewStyle()
		vp.KeyMap = viewport.KeyMap{PageUp: c.KeyMap.Global.PageUp, PageDown: c.KeyMap.Global.PageDown}
	}
	m.hours = textinput.New()
	m.hours.Prompt = "Move the clock on by (hours): "
	m.hours.CharLimit = 8
	m.hours.PromptStyle, m.hours.TextStyle = c.Styles.Strong, c.Styles.Input.Text
	m.sub = conn.Subscribe(s, seat)
	m.take(s.Snapshot())
	return m
}

// Init waits for the session's changes and starts the countdown.
func (m *Model) Init() tea.Cmd { return tea.Batch(live.Watch(m.sub), m.tick()) }

func (m *Model) tick() tea.Cmd {
	if m.ticking {
		return nil
	}
	for i := range m.snap.Teams {
		if live.Ticking(&m.snap.Teams[i]) {
			m.ticking = true
			m.ticks++
			return live.Tick(m.ticks)
		}
	}
	return nil
}

// take takes a new snapshot.
func (m *Model) take(snap *room.Snapshot) {
	m.snap = snap
	t := snap.Team(m.team)
	if t.Drill != m.drill {
		m.drill = t.Drill
		m.choices = choices.New(m.c, t.Drill)
	}
	m.layout()
}

// Typing reports whether keys go to the hours field.
func (m *Model) Typing() bool { return m.modal.kind == modalHours }

// SetSize lays the console out.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Snapshot returns the session as the console last drew it.
func (m *Model) Snapshot() *room.Snapshot { return m.snap }

// Team returns the index of the team the controls act on.
func (m *Model) Team() int { return m.team }

// Status returns what the last control did, or why it failed.
func (m *Model) Status() string { return m.status }

// Update takes the session's changes, the answers of the controls, the
// countdown's ticks and the keys.
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
			m.layoutSide()
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

// drain applies the keys typed while a control was written.
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
	m.modal = modal{}
	return tea.Batch(live.Do(m.sub, what, change), m.spinner.Tick)
}

// control uses a control on the selected team.
func (m *Model) control(kind engine.ControlKind, arg, what string) tea.Cmd {
	team, seat := m.team, m.seat
	return m.do(what, func() error { return m.s.Control(seat, team, kind, arg) })
}

// confirm asks before a control that cannot be undone lightly.
func (m *Model) confirm(text, what string, act func() error) {
	m.modal = modal{kind: modalConfirm, text: text, what: what, act: act}
}

// debriefMsg brings a team's debrief.
type debriefMsg struct {
	sub  *room.Sub
	page common.Page
	err  error
}

// events are the picker's entries for firing an event: those that may
// fire next first, then those fired only by hand, then the rest; a once
// event that has fired is shown, off.
func (m *Model) events() []item {
	d := m.snap.Team(m.team).Drill
	sc := d.Scenario()
	var next, hand, rest []item
	eligible := map[int]bool{}
	for _, i := range d.Eligible() {
		eligible[i] = true
	}
	for i := range sc.Events {
		e := &sc.Events[i]
		it := item{id: e.ID, off: e.Once && d.Fired(i)}
		switch {
		case eligible[i]:
			it.label = e.ID + " · may fire next"
			if e.Chance > 0 && e.Chance < 1 {
				it.label += " (" + strconv.Itoa(int(e.Chance*100)) + "%)"
			}
			next = append(next, it)
		case e.Manual:
			it.label = e.ID + " · by hand only"
			hand = append(hand, it)
		default:
			it.label = e.ID
			rest = append(rest, it)
		}
		if it.off {
			it.label += " · fired"
		}
	}
	return append(append(next, hand...), rest...)
}

// leads are the picker's entries for marking a lead: the team's players.
func (m *Model) leads() []item {
	var out []item
	for _, s := range m.snap.TeamSeats(m.team) {
		if s.Kind == "role" {
			out = append(out, item{label: live.SeatName(m.snap.Scenario, s), id: s.ID, on: s.Lead})
		}
	}
	return out
}

// openDebrief reads a team's run and opens its debrief.
func (m *Model) openDebrief() tea.Cmd {
	sub := m.sub
	return seat.OpenDebrief(m.c, sub, m.snap.Team(m.team), func(p common.Page, err error) tea.Msg { return debriefMsg{sub, p, err} })
}

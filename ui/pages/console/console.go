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
	"github.com/ttx-dev/ttx/ui/components/choices"
	"github.com/ttx-dev/ttx/ui/components/countdown"
	"github.com/ttx-dev/ttx/ui/components/live"
)

// Model is the facilitator's console.
type Model struct {
	live.Base
	seat string
	team int // the team the controls act on

	drill   *engine.Drill // the drill the choices were made for
	choices choices.Model
	vp      viewport.Model  // the scene, notes and answer key
	side    viewport.Model  // the clocks, events, seats and scoreboard, when wide
	hours   textinput.Model // the hours to move the clock on by
	modal   modal

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
	m := &Model{Base: live.NewBase(c, conn, s, seat), seat: seat, vp: viewport.New(0, 0), side: viewport.New(0, 0)}
	for _, vp := range []*viewport.Model{&m.vp, &m.side} {
		vp.Style = c.Renderer.NewStyle()
		vp.KeyMap = viewport.KeyMap{PageUp: c.KeyMap.Global.PageUp, PageDown: c.KeyMap.Global.PageDown}
	}
	m.hours = textinput.New()
	m.hours.Prompt = "Move the clock on by (hours): "
	m.hours.CharLimit = 8
	m.hours.PromptStyle, m.hours.TextStyle = c.Styles.Strong, c.Styles.Input.Text
	m.Take()
	return m
}

// Init waits for the session's changes and starts the countdown.
func (m *Model) Init() tea.Cmd { return m.Base.Init(m) }

// Shown is the team whose countdown the console shows: the one its
// controls act on.
func (m *Model) Shown() *room.Team { return m.Snap.Team(m.team) }

// Take takes a new snapshot.
func (m *Model) Take() {
	t := m.Snap.Team(m.team)
	if t.Drill != m.drill {
		m.drill = t.Drill
		m.choices = choices.New(m.C, t.Drill)
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

// Team returns the index of the team the controls act on.
func (m *Model) Team() int { return m.team }

// Update takes the session's changes, the answers of the controls, the
// countdown's ticks and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	if tick, ok := msg.(countdown.TickMsg); ok {
		cmd, _ := m.Handle(m, tick)
		m.layoutSide() // the countdown moves
		return m, cmd
	}
	before := m.modal.kind
	cmd, _ := m.Handle(m, msg)
	if m.modal.kind != before && !m.Pending {
		// A question or picker opened or closed: the choices' room
		// changed. (A change being written lays the console out when it
		// is done.)
		m.layout()
	}
	return m, cmd
}

// do writes a change of the session, in a command, closing the question.
func (m *Model) do(what string, change func() error) tea.Cmd {
	m.modal = modal{}
	return m.Do(what, change)
}

// control uses a control on the selected team.
func (m *Model) control(kind engine.ControlKind, arg, what string) tea.Cmd {
	team, seat := m.team, m.seat
	return m.do(what, func() error { return m.S.Control(seat, team, kind, arg) })
}

// confirm asks before a control that cannot be undone lightly.
func (m *Model) confirm(text, what string, act func() error) {
	m.modal = modal{kind: modalConfirm, text: text, what: what, act: act}
}

// events are the picker's entries for firing an event: those that may
// fire next first, then those fired only by hand, then the rest; a once
// event that has fired is shown, off.
func (m *Model) events() []item {
	d := m.Snap.Team(m.team).Drill
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
	for _, s := range m.Snap.TeamSeats(m.team) {
		if s.Kind == "role" {
			out = append(out, item{label: live.SeatName(m.Snap.Scenario, s), id: s.ID, on: s.Lead})
		}
	}
	return out
}

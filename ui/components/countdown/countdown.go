// Package countdown is the time limit of a timed scene: the time left,
// counted down a second at a time, that a facilitator can pause and
// resume, and that starts from the time a stored drill had left.
//
// bubbles' timer is not used: its pause and resume can leave two chains of
// ticks running (its tag never changes), so that a paused and resumed
// countdown would run twice as fast. Here each start begins a new
// generation, and ticks of an older one are dropped.
package countdown

import (
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Interval is how often the countdown ticks.
const Interval = time.Second

var lastID atomic.Int64

// TickMsg is a tick of countdown ID, of its generation Gen.
type TickMsg struct {
	ID, Gen int64
}

// TimeoutMsg says countdown ID ran out.
type TimeoutMsg struct{ ID int64 }

// Model is one countdown.
type Model struct {
	id      int64
	gen     int64
	limit   time.Duration
	left    time.Duration
	running bool
}

// New returns a stopped countdown of limit, all of it left.
func New(limit time.Duration) Model {
	return Model{id: lastID.Add(1), limit: limit, left: limit}
}

// ID identifies the countdown's messages.
func (m Model) ID() int64 { return m.id }

// Limit is the whole time.
func (m Model) Limit() time.Duration { return m.limit }

// Left is the time left.
func (m Model) Left() time.Duration { return m.left }

// Running reports whether the countdown is counting.
func (m Model) Running() bool { return m.running }

// SetLeft sets the time left, within the limit.
func (m *Model) SetLeft(d time.Duration) { m.left = min(max(d, 0), m.limit) }

// Start counts down from the time left; it returns the first tick.
func (m *Model) Start() tea.Cmd {
	if m.left <= 0 {
		return nil
	}
	m.running = true
	m.gen++
	return m.tick()
}

// Stop stops counting; ticks on their way are dropped.
func (m *Model) Stop() {
	m.running = false
	m.gen++
}

// Tick is the tick the countdown waits for now, as its timer sends it.
func (m Model) Tick() TickMsg { return TickMsg{ID: m.id, Gen: m.gen} }

func (m Model) tick() tea.Cmd {
	id, gen := m.id, m.gen
	return tea.Tick(Interval, func(time.Time) tea.Msg { return TickMsg{ID: id, Gen: gen} })
}

// Update counts a tick of this countdown's running generation: the next
// tick, or a TimeoutMsg once no time is left.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	t, ok := msg.(TickMsg)
	if !ok || t.ID != m.id || t.Gen != m.gen || !m.running {
		return m, nil
	}
	m.left -= Interval
	if m.left > 0 {
		return m, m.tick()
	}
	m.left, m.running = 0, false
	id := m.id
	return m, func() tea.Msg { return TimeoutMsg{ID: id} }
}

// Package drill is the drill screen: the scene, the choices, the side
// panel, the injects and the countdown. Every decision is in the results
// store before the next screen shows; keys typed meanwhile wait in a queue
// and are applied in order once the store has answered.
package drill

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/components/choices"
	"github.com/ttx-dev/ttx/ui/components/countdown"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
)

// Model is the drill screen.
type Model struct {
	c      *common.Common
	d      *engine.Drill
	team   string
	people []engine.Participant // recorded with the run

	// recording: the run's id once begun, the decisions the store has,
	// and a write under way, with the keys typed while it runs
	runID     int64
	saved     int
	pending   bool
	slow      bool   // the write has taken a spinner's tick: say so
	frozen    string // the screen as it was when the decision being saved was taken
	queue     []tea.KeyMsg
	recordErr string        // why the drill is not being recorded, or why a save waits
	stuck     bool          // a save failed for good: only leaving is left
	retryWait time.Duration // how long a failed save waits before it is tried again
	closed    bool          // the team left the drill

	vp          viewport.Model // the scene's text
	pane        viewport.Model // the panes shown under it: notes, prompts, plan
	fill        int            // blank lines under the panes, when the text is short
	choices     choices.Model
	spinner     busy.Model
	showNotes   bool
	showDiscuss bool
	showPlan    bool
	injects     []int // events to show before the next scene
	injectN     int   // how many of them were in the batch
	opening     int   // the module whose opening is shown before its first scene; -1 for none
	module      int   // the module of the scene shown last; -1 for none
	confirmQuit bool
	err         string

	width, height int
	choiceLines   int // the most lines the choices may take

	// the countdown of a timed scene: it runs unless the facilitator
	// paused it (paused), a question or an inject is on the screen, or the
	// drill is held; its time left is stored every few seconds and when it
	// stops, so that a resumed drill counts down from there.
	timed      bool
	clock      countdown.Model
	paused     bool
	timeoutDue bool // the time ran out while the store was busy
	storedLeft time.Duration
	bar        progress.Model
}

// Messages of the drill's commands. Each names its drill, as every page
// hears every answer.
type (
	// boundsMsg reports that the scenario's analysis, needed by the
	// debrief, is ready (computed while the team plays).
	boundsMsg struct{ err error }
	// runBegunMsg answers the beginning of the run in the store.
	runBegunMsg struct {
		d   *engine.Drill
		id  int64
		err error
	}
	// decisionSavedMsg answers a decision's save.
	decisionSavedMsg struct {
		d   *engine.Drill
		err error
	}
	// runFinishedMsg answers the result's save.
	runFinishedMsg struct {
		d   *engine.Drill
		err error
	}
	// retrySaveMsg tries a save that failed again.
	retrySaveMsg struct {
		d    *engine.Drill
		save tea.Cmd
	}
	// timeLeftSavedMsg answers the save of a countdown's time left: a
	// failure only means a resume would start the clock again.
	timeLeftSavedMsg struct{}
)

// New returns the drill screen for d, played by team; runID is the run in
// the store when the drill is resumed (0 begins a new run when the session
// has a store).
func New(c *common.Common, d *engine.Drill, team string, runID int64) *Model {
	m := &Model{c: c, d: d, team: team, people: c.Drill.Participants, runID: runID, retryWait: time.Second, opening: -1, module: -1}
	for _, vp := range []*viewport.Model{&m.vp, &m.pane} {
		*vp = viewport.New(0, 0)
		vp.Style = c.Renderer.NewStyle()
		vp.KeyMap = viewport.KeyMap{PageUp: c.KeyMap.Global.PageUp, PageDown: c.KeyMap.Global.PageDown}
	}
	if runID > 0 {
		// A resumed drill goes on inside its module: no opening.
		m.module = d.Scenario().ModuleOf(d.SceneIndex())
	}
	m.saved = len(d.Decisions())
	m.pending = c.Store != nil && runID == 0
	m.bar = countdown.NewBar(c)
	m.spinner = busy.New(c)
	m.enterScene()
	return m
}

// TimeLeft gives the drill, resumed, the time its timed scene had left
// when it stopped (nil: the scene's whole limit).
func (m *Model) TimeLeft(left *time.Duration) *Model {
	if left != nil && m.timed {
		m.clock.SetLeft(*left)
		m.storedLeft = m.clock.Left()
	}
	return m
}

// Init warms the scenario's analysis for the debrief, begins the run in
// the store and starts the countdown.
func (m *Model) Init() tea.Cmd {
	sc := m.d.Scenario()
	warm := func() tea.Msg {
		_, err := sc.Bounds()
		return boundsMsg{err}
	}
	var begin tea.Cmd
	if m.pending {
		begin = tea.Batch(m.beginRun(), m.spinner.Tick)
	}
	return tea.Batch(warm, begin, m.syncClock())
}

// recording reports whether decisions are being written to the store.
func (m *Model) recording() bool { return m.c.Store != nil && m.runID > 0 }

// Typing is false: the drill takes no text.
func (m *Model) Typing() bool { return false }

// ExitNote says what becomes of the drill when the program ends now.
func (m *Model) ExitNote() string {
	switch {
	case m.closed || (m.d.Ended() && !m.pending):
		return ""
	case m.c.Store == nil:
		return "the drill was not recorded (no results store is open)"
	case !m.recording():
		return "the drill was not recorded: " + common.Or(m.recordErr, "the store had not answered yet")
	}
	note := fmt.Sprintf("the drill is saved after %s; `ttx resume %d` continues it", common.Plural(m.saved, "decision", "decisions"), m.runID)
	switch {
	case m.stuck:
		note += " (the last decision could not be saved)"
	case m.pending:
		note += " (the last decision was still being saved)"
	}
	return note
}

// enterScene resets the screen for the drill's current scene; a scene
// that begins a module comes after the module's opening.
func (m *Model) enterScene() {
	m.choices = choices.New(m.c, m.d)
	m.showNotes, m.showDiscuss, m.showPlan, m.err = false, false, false, ""
	if k := m.d.Scenario().ModuleOf(m.d.SceneIndex()); k != m.module {
		m.module = k
		m.opening = k
	}
	s := m.d.Scene()
	m.timed = s.TimeLimit > 0 && s.Timeout >= 0
	m.timeoutDue = false
	if m.timed {
		m.clock = countdown.New(time.Duration(s.TimeLimit * float64(time.Second)))
		m.storedLeft = m.clock.Left()
	}
	m.layout()
	m.vp.GotoTop()
	m.pane.GotoTop()
}

// clockRuns reports whether the countdown should be counting now: a timed
// scene on the screen, not paused by the facilitator, no question or
// inject over it, the drill not held or left.
func (m *Model) clockRuns() bool {
	return m.timed && !m.paused && !m.confirmQuit && len(m.injects) == 0 && m.opening < 0 && !m.stuck && !m.closed && !m.d.Ended()
}

// syncClock starts or stops the countdown as clockRuns says; a countdown
// that stops stores its time left.
func (m *Model) syncClock() tea.Cmd {
	switch run := m.clockRuns(); {
	case run && !m.clock.Running() && m.clock.Left() > 0:
		return m.clock.Start()
	case !run && m.clock.Running():
		m.clock.Stop()
		return m.saveTimeLeft()
	}
	return nil
}

// saveTimeLeft stores the time left on the decision waiting, when it
// changed since it was last stored.
func (m *Model) saveTimeLeft() tea.Cmd {
	if !m.recording() || !m.timed || m.d.Ended() || m.clock.Left() == m.storedLeft {
		return nil
	}
	s, id, n, left := m.c.Store, m.runID, len(m.d.Decisions()), m.clock.Left()
	m.storedLeft = left
	return func() tea.Msg {
		s.SetTimeLeft(id, n, left) // a failure only costs the resumed drill its lost seconds
		return timeLeftSavedMsg{}
	}
}

// saveEvery is how often a running countdown stores its time left: a drill
// killed outright resumes at most this much later in its countdown.
const saveEvery = 5 * time.Second

// Flush stores the time left on a timed decision as the program ends.
func (m *Model) Flush() {
	if cmd := m.saveTimeLeft(); cmd != nil {
		cmd()
	}
}

// SetSize lays the drill out in the page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Update handles the countdown, the store's answers and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case countdown.TickMsg:
		var cmd tea.Cmd
		m.clock, cmd = m.clock.Update(msg)
		if m.clock.Left()%saveEvery == 0 {
			cmd = tea.Batch(cmd, m.saveTimeLeft())
		}
		return m, cmd
	case countdown.TimeoutMsg:
		if msg.ID != m.clock.ID() || !m.timed || m.d.Ended() || m.closed {
			return m, nil
		}
		if m.pending {
			m.timeoutDue = true // taken once the store has answered
			return m, nil
		}
		return m, m.timeout()
	case timeLeftSavedMsg:
		return m, nil
	case runBegunMsg:
		if msg.d != m.d {
			return m, nil
		}
		m.pending, m.slow = false, false
		if msg.err != nil {
			m.recordErr = "this drill is not being recorded: " + common.Line(msg.err.Error())
		} else {
			m.runID = msg.id
		}
		m.layout()
		return m, m.drain()
	case decisionSavedMsg:
		if msg.d != m.d {
			return m, nil
		}
		if msg.err != nil {
			return m, m.saveFailed(fmt.Sprintf("decision %d", len(m.d.Decisions())), msg.err, m.saveDecision())
		}
		m.pending, m.slow, m.frozen, m.recordErr = false, false, "", ""
		m.saved++
		cmd := m.afterDecision()
		return m, tea.Batch(cmd, m.drain())
	case runFinishedMsg:
		if msg.d != m.d {
			return m, nil
		}
		if msg.err != nil {
			return m, m.saveFailed("the result", msg.err, m.finishRun())
		}
		m.pending, m.slow, m.recordErr = false, false, ""
		m.end()
		return m, nil
	case retrySaveMsg:
		if msg.d != m.d || !m.pending || m.closed {
			return m, nil
		}
		return m, msg.save
	case tea.KeyMsg:
		switch {
		case m.stuck:
			return m, m.stuckKey(msg)
		case m.pending:
			m.queue = append(m.queue, msg) // applied once the store answers
			return m, nil
		}
		cmd := m.key(msg)
		return m, tea.Batch(cmd, m.syncClock())
	}
	var cmd tea.Cmd
	var turned bool
	if m.spinner, cmd, turned = m.spinner.Update(msg, m.pending); turned && !m.slow {
		m.slow = true
		m.layout()
	}
	return m, cmd
}

// timeout takes the timed scene's timeout choice: its time ran out.
func (m *Model) timeout() tea.Cmd {
	m.timeoutDue = false
	frame := m.View()
	if err := m.d.Timeout(); err != nil {
		m.err = err.Error()
		return nil
	}
	return m.decided(frame)
}

// drain applies the keys typed while the store was busy, in order, until
// one of them makes it busy again; a timeout that came meanwhile comes
// first.
func (m *Model) drain() tea.Cmd {
	var cmds []tea.Cmd
	if m.timeoutDue && !m.pending && !m.closed && m.timed && !m.d.Ended() {
		cmds = append(cmds, m.timeout())
	}
	for len(m.queue) > 0 && !m.pending && !m.closed {
		k := m.queue[0]
		m.queue = m.queue[1:]
		cmds = append(cmds, m.key(k))
	}
	if m.closed {
		m.queue = nil
	}
	return tea.Batch(append(cmds, m.syncClock())...)
}

// decided saves the decision just taken, then goes on; nothing moves until
// the store has it: the screen stays as it was (frame) meanwhile.
func (m *Model) decided(frame string) tea.Cmd {
	if !m.recording() {
		return m.afterDecision()
	}
	m.pending, m.frozen = true, frame
	return tea.Batch(m.saveDecision(), m.spinner.Tick)
}

// afterDecision shows the injects the decision set off, or moves on.
func (m *Model) afterDecision() tea.Cmd {
	ds := m.d.Decisions()
	m.injects = append([]int(nil), ds[len(ds)-1].Events...)
	m.injectN = len(m.injects)
	m.timed, m.paused = false, false
	m.clock.Stop()
	if len(m.injects) > 0 {
		return nil
	}
	return m.showNext()
}

// showNext moves to the next scene, or ends the drill.
func (m *Model) showNext() tea.Cmd {
	if m.d.Ended() {
		if m.recording() {
			m.pending = true
			return tea.Batch(m.finishRun(), m.spinner.Tick)
		}
		m.end()
		return nil
	}
	m.enterScene()
	return m.syncClock()
}

// end replaces the drill with its debrief.
func (m *Model) end() {
	m.closed = true
	id := int64(0)
	if m.recording() {
		id = m.runID
	}
	m.c.Replace(debrief.New(m.c, m.d, m.team, id))
}

// Drill returns the drill being played.
func (m *Model) Drill() *engine.Drill { return m.d }

// RunID returns the run's id in the store, 0 when it is not recorded.
func (m *Model) RunID() int64 { return m.runID }

// Injects returns how many injects wait to be read before the next scene.
func (m *Model) Injects() int { return len(m.injects) }

// Opening returns the module whose opening is shown before its first
// scene, or -1.
func (m *Model) Opening() int { return m.opening }

// RecordErr says why the drill is not being recorded, if it is not.
func (m *Model) RecordErr() string { return m.recordErr }

// Leaving reports whether the screen asks whether to leave the drill.
func (m *Model) Leaving() bool { return m.confirmQuit }

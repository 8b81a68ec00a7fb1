package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/timer"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// drillModel is the drill screen: the scene, the choices, the side panel,
// the injects, the timer.
type drillModel struct {
	c    *common
	d    *engine.Drill
	team string

	// recording: the store, the run's id once begun, and a write under way
	store     store.Store
	people    []engine.Participant // recorded with the run
	runID     int64
	pending   bool          // waiting for the store to answer; keys wait too
	recordErr string        // why the drill is not being recorded, or why a save waits
	retryWait time.Duration // how long a failed save waits before it is tried again

	vp          viewport.Model
	choices     choicePicker
	showNotes   bool
	showDiscuss bool
	showPlan    bool
	injects     []int // events to show before the next scene
	injectN     int   // how many of them were in the batch
	confirmQuit bool
	err         string

	choiceLines int // the most lines the choices may take

	timed bool
	timer timer.Model
	bar   progress.Model
	limit time.Duration
}

// drillEndedMsg tells the root that the drill is over.
type drillEndedMsg struct {
	d     *engine.Drill
	team  string
	runID int64 // 0 when not recorded
}

// boundsMsg reports that the scenario's analysis, needed by the debrief, is
// ready (it is computed in the background while the team plays).
type boundsMsg struct{ err error }

func newDrill(c *common, d *engine.Drill, team string, s store.Store, runID int64) drillModel {
	m := drillModel{c: c, d: d, team: team, vp: viewport.New(0, 0), store: s, runID: runID, retryWait: time.Second}
	m.pending = s != nil && runID == 0
	m.bar = progress.New(progress.WithSolidFill(string(colorWarn.Dark)), progress.WithoutPercentage())
	m.enterScene()
	return m
}

func (m drillModel) Init() tea.Cmd {
	sc := m.d.Scenario()
	warm := safe(func() tea.Msg {
		_, err := sc.Bounds()
		return boundsMsg{err}
	})
	var begin tea.Cmd
	if m.pending {
		begin = beginRun(m.store, m.d, m.team, m.people)
	}
	return tea.Batch(warm, begin, m.startTimer())
}

// recording reports whether decisions are being written to the store.
func (m drillModel) recording() bool { return m.store != nil && m.runID > 0 }

// enterScene resets the screen for the drill's current scene.
func (m *drillModel) enterScene() {
	m.choices = newChoicePicker(m.c, m.d)
	m.showNotes, m.showDiscuss, m.err = false, false, ""
	s := m.d.Scene()
	m.timed = s.TimeLimit > 0 && s.Timeout >= 0
	if m.timed {
		m.limit = time.Duration(s.TimeLimit * float64(time.Second))
		m.timer = timer.NewWithInterval(m.limit, time.Second)
	}
	m.layout()
	m.vp.GotoTop()
}

func (m drillModel) startTimer() tea.Cmd {
	if !m.timed || len(m.injects) > 0 {
		return nil
	}
	return m.timer.Init()
}

func (m *drillModel) setSize(w, h int) {
	m.layout()
}

// layout sizes the viewport to what the choices, header and help leave.
func (m *drillModel) layout() {
	w, h := m.c.width, m.c.height
	left := w
	if w >= minPanelTerm {
		left = w - panelWidth - 1
	}
	// header and rule, rule above the choices, the help; then the choices
	// take what they need, leaving the scene text at least minScene lines.
	const minScene = 3
	chrome := 2 + 1 + lipgloss.Height(m.c.helpView(m.help()))
	if m.timed {
		chrome++
	}
	if m.err != "" {
		chrome++
	}
	if m.recordErr != "" {
		chrome++
	}
	if w < minPanelTerm {
		chrome++ // the folded panel's status line
	}
	m.choiceLines = max(h-chrome-minScene, 2)
	choices := lipgloss.Height(m.choices.View(left-2, m.choiceLines))
	m.vp.Width = left
	m.vp.Height = max(h-chrome-choices, 1)
	m.bar.Width = max(min(left-24, 50), 5)
	m.vp.SetContent(m.sceneContent(left))
}

// sceneContent is the scene's Markdown, then notes and prompts if shown.
func (m drillModel) sceneContent(width int) string {
	st := m.c.styles
	s := m.d.Scene()
	out := m.c.md.render(m.d.Render(s.Text), width-4) // glamour adds a margin of two on each side
	if m.showDiscuss && len(s.Discuss) > 0 {
		var b strings.Builder
		b.WriteString(st.Strong.Render("Discuss") + "\n")
		for _, q := range s.Discuss {
			b.WriteString("• " + q + "\n")
		}
		out += "\n\n" + st.Discuss.Width(max(width-4, 10)).Render(strings.TrimRight(b.String(), "\n"))
	}
	if r := m.c.riskOf(m.d.Scenario()); m.showPlan && r != nil {
		out += "\n\n" + st.Notes.BorderForeground(colorAccent).Width(max(width-4, 10)).Render(st.Strong.Render("Your plan for this risk")+"\n"+m.c.planText(r, m.d.Scenario().Guidance))
	}
	if m.showNotes && s.Notes != "" {
		out += "\n\n" + st.Notes.Width(max(width-4, 10)).Render(st.Strong.Render("Facilitator notes")+"\n"+s.Notes)
	}
	return out
}

func (m drillModel) Update(msg tea.Msg) (drillModel, tea.Cmd) {
	switch msg := msg.(type) {
	case timer.TickMsg, timer.StartStopMsg:
		var cmd tea.Cmd
		m.timer, cmd = m.timer.Update(msg)
		return m, cmd
	case timer.TimeoutMsg:
		if msg.ID != m.timer.ID() || !m.timed || len(m.injects) > 0 || m.d.Ended() || m.pending {
			return m, nil
		}
		if err := m.d.Timeout(); err != nil {
			m.err = err.Error()
			return m, nil
		}
		return m.decided()
	case confirmMsg:
		if m.pending {
			return m, nil
		}
		if err := m.d.ChooseIndex(msg.picks...); err != nil {
			m.err = err.Error()
			return m, nil
		}
		return m.decided()
	case runBegunMsg:
		m.pending = false
		if msg.err != nil {
			m.recordErr = "this drill is not being recorded: " + msg.err.Error()
			m.layout()
		} else {
			m.runID = msg.id
		}
		return m, nil
	case decisionSavedMsg:
		// The drill never goes on past a decision the store does not have:
		// it waits, says so, and tries again (a save is safe to repeat).
		if msg.err != nil {
			return m.saveFailed(fmt.Sprintf("decision %d", len(m.d.Decisions())), msg.err, saveDecision(m.store, m.runID, m.d))
		}
		m.pending, m.recordErr = false, ""
		return m.afterDecision()
	case runFinishedMsg:
		if msg.err != nil {
			return m.saveFailed("the result", msg.err, finishRun(m.store, m.runID, m.d, m.team, m.c.riskOf(m.d.Scenario())))
		}
		m.pending, m.recordErr = false, ""
		return m, func() tea.Msg { return drillEndedMsg{m.d, m.team, m.runID} }
	case retrySaveMsg:
		return m, msg.save
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	return m, nil
}

func (m drillModel) handleKey(msg tea.KeyMsg) (drillModel, tea.Cmd) {
	k := m.c.keys
	switch {
	case m.pending && !m.confirmQuit && !key.Matches(msg, k.Quit, k.ForceQuit):
		return m, nil // the store has not answered yet
	case m.confirmQuit:
		switch {
		case key.Matches(msg, k.Yes):
			return m, func() tea.Msg { return goHomeMsg{} }
		case key.Matches(msg, k.No):
			m.confirmQuit = false
		}
		return m, nil
	case key.Matches(msg, k.Quit, k.ForceQuit):
		m.confirmQuit = true
		return m, nil
	case len(m.injects) > 0:
		if key.Matches(msg, k.Select, k.Toggle, k.Back) {
			m.injects = m.injects[1:]
			if len(m.injects) == 0 {
				return m.showNext()
			}
		}
		return m, nil
	case key.Matches(msg, k.Notes):
		m.toggle(&m.showNotes)
		return m, nil
	case key.Matches(msg, showPlanKey) && m.c.riskOf(m.d.Scenario()) != nil:
		m.toggle(&m.showPlan)
		return m, nil
	case key.Matches(msg, k.Discuss):
		m.toggle(&m.showDiscuss)
		return m, nil
	case key.Matches(msg, k.PageUp, k.PageDown):
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	var cmd tea.Cmd
	m.choices, cmd = m.choices.Update(msg)
	m.layout()
	return m, cmd
}

// saveFailed keeps the drill waiting after a save failed: a save that may
// work later (a busy database, a lost connection) is tried again after
// retryWait; any other leaves the team the choice to leave, the drill kept
// up to its last saved decision.
func (m drillModel) saveFailed(what string, err error, save tea.Cmd) (drillModel, tea.Cmd) {
	m.pending = true
	if !store.Transient(err) {
		m.recordErr = fmt.Sprintf("%s cannot be saved: %v; press q to leave, the drill is kept up to its last saved decision", what, err)
		m.layout()
		return m, nil
	}
	m.recordErr = fmt.Sprintf("%s is not saved yet (%v); trying again, the drill goes on once it is saved", what, err)
	m.layout()
	return m, tea.Tick(m.retryWait, func(time.Time) tea.Msg { return retrySaveMsg{save} })
}

// decided saves the decision just taken, then goes on; nothing moves until
// the store has it.
func (m drillModel) decided() (drillModel, tea.Cmd) {
	if !m.recording() {
		return m.afterDecision()
	}
	m.pending = true
	return m, saveDecision(m.store, m.runID, m.d)
}

// toggle shows or hides one of the panes below the scene text (notes,
// prompts, plan), scrolling to it when it appears.
func (m *drillModel) toggle(shown *bool) {
	*shown = !*shown
	m.layout()
	if *shown {
		m.vp.GotoBottom()
	}
}

// afterDecision shows the injects the decision set off, or moves on.
func (m drillModel) afterDecision() (drillModel, tea.Cmd) {
	ds := m.d.Decisions()
	m.injects = append([]int(nil), ds[len(ds)-1].Events...)
	m.injectN = len(m.injects)
	m.timed = false
	if len(m.injects) > 0 {
		return m, nil
	}
	return m.showNext()
}

// showNext moves to the next scene, or ends the drill.
func (m drillModel) showNext() (drillModel, tea.Cmd) {
	if m.d.Ended() {
		if m.recording() {
			m.pending = true
			return m, finishRun(m.store, m.runID, m.d, m.team, m.c.riskOf(m.d.Scenario()))
		}
		return m, func() tea.Msg { return drillEndedMsg{m.d, m.team, m.runID} }
	}
	m.enterScene()
	return m, m.startTimer()
}

func (m drillModel) help() bindings {
	k := m.c.keys
	if len(m.injects) > 0 || m.confirmQuit {
		return bindings{short: []key.Binding{k.Select}, full: [][]key.Binding{{k.Select}}}
	}
	short := []key.Binding{k.Up, k.Down, k.Select}
	if m.choices.pick {
		short = append(short, k.Toggle)
	}
	s := m.d.Scene()
	notes, discuss := k.Notes, k.Discuss
	notes.SetEnabled(s.Notes != "")
	discuss.SetEnabled(len(s.Discuss) > 0)
	plan := showPlanKey
	plan.SetEnabled(m.c.riskOf(m.d.Scenario()) != nil)
	short = append(short, notes, discuss, plan, k.Help, k.Quit)
	return bindings{
		short: short,
		full:  [][]key.Binding{{k.Up, k.Down, k.Number}, {k.Select, k.Toggle}, {notes, discuss, plan}, {k.PageUp, k.PageDown}, {k.Help, k.Quit}},
	}
}

func (m drillModel) View() string {
	w, h := m.c.width, m.c.height
	st := m.c.styles
	if m.confirmQuit {
		box := st.Modal.Render(st.Strong.Render("Leave this drill?") + "\n\n" +
			m.leaveText() + "\n\n" + st.Muted.Render("y leave · n stay"))
		return place(w, h, box)
	}
	if len(m.injects) > 0 {
		return place(w, h, injectView(m.c, m.d, m.injects[0], m.injectN-len(m.injects)+1, m.injectN, w))
	}
	left := w
	if w >= minPanelTerm {
		left = w - panelWidth - 1
	}
	s := m.d.Scene()
	title := m.d.Render(s.Title)
	right := st.Header.Clock.Render("T+" + hoursText(m.d.Hours()))
	role := ""
	if s.Role != "" {
		role = st.Header.Role.Render(s.Role) + " "
	}
	head := role + st.Header.Scene.Render(title) + st.Header.Scenario.Render("  ·  "+m.d.Scenario().Title)
	head = truncate(head, w-lipgloss.Width(right)-3)
	gap := max(w-lipgloss.Width(head)-lipgloss.Width(right)-2, 1)
	header := " " + head + strings.Repeat(" ", gap) + right + " "
	rows := []string{header, st.Rule.Render(strings.Repeat("─", w))}
	if w < minPanelTerm {
		rows = append(rows, " "+statusLine(m.c, m.d, w-2))
	}
	column := lipgloss.JoinVertical(lipgloss.Left, m.vp.View(), st.Rule.Render(strings.Repeat("─", left)),
		lipgloss.NewStyle().PaddingLeft(1).Render(m.choices.View(left-2, m.choiceLines)))
	if w >= minPanelTerm {
		column = lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(left).Render(column), " ", sidePanel(m.c, m.d, lipgloss.Height(column)))
	}
	rows = append(rows, column)
	if m.timed {
		left := m.timer.Timeout
		label := st.Timer.Label
		if left <= 30*time.Second {
			label = st.Timer.Urgent
		}
		frac := float64(left) / float64(m.limit)
		rows = append(rows, " "+label.Render(fmt.Sprintf("⏱ %s left ", formatDuration(left)))+m.bar.ViewAs(frac))
	}
	if m.err != "" {
		rows = append(rows, " "+st.Error.Render(m.err))
	}
	if m.recordErr != "" {
		rows = append(rows, " "+st.Error.Render(truncate("⚠ "+m.recordErr, w-2)))
	}
	rows = append(rows, " "+m.c.helpView(m.help()))
	return strings.Join(rows, "\n")
}

// showPlanKey shows the risk register's plan for the scenario's risk.
var showPlanKey = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "our plan"))

// leaveText says what becomes of the drill if the team leaves it now.
func (m drillModel) leaveText() string {
	if m.recording() {
		return "The decisions so far are saved: ttx resume continues it."
	}
	return "The decisions made so far will not be kept."
}

func formatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

package ui

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// The smallest terminal the UI draws in; below it, it says so.
const (
	MinWidth  = 40
	MinHeight = 12
)

// Options configure the UI.
type Options struct {
	// Catalog loads the scenarios to list; it runs in a command, off the
	// path to the first frame.
	Catalog func() (*scenarios.Catalog, error)
	// Start, when set, opens this scenario's briefing instead of the home
	// screen (ttx play).
	Start *engine.Scenario
	// Team, when set, names the team and skips asking for it.
	Team string
	// Seed, when SeedSet, is the seed of every drill; otherwise each drill
	// draws one, shown in the briefing.
	Seed    uint64
	SeedSet bool
	// Dark and NoColor choose the Markdown style; the lipgloss styles adapt
	// by themselves.
	Dark, NoColor bool
}

type screen int

const (
	screenHome screen = iota
	screenBriefing
	screenDrill
	screenDebrief
)

// Model is the root model: it holds the active screen and the shared
// context, handles global keys and sizes, and passes every other message to
// the active screen only.
type Model struct {
	c        *common
	opts     Options
	screen   screen
	home     homeModel
	briefing briefingModel
	drill    drillModel
	debrief  debriefModel
	failure  *error // a panic recovered in Update, View or a command
}

// New returns the root model.
func New(opts Options) Model {
	c := newCommon(opts)
	m := Model{c: c, opts: opts, home: newHome(c), failure: new(error)}
	if opts.Start != nil {
		m.screen = screenBriefing
		m.briefing = newBriefing(c, opts.Start, opts.Team, m.seed())
	}
	return m
}

// Err returns the error that ended the program, if any: a panic recovered
// anywhere in the UI, as one line.
func (m Model) Err() error { return *m.failure }

func (m Model) seed() uint64 {
	if m.opts.SeedSet {
		return m.opts.Seed
	}
	return rand.Uint64() % 1_000_000
}

// Init starts loading the scenarios.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.home.Init()}
	if m.opts.Catalog != nil {
		load := m.opts.Catalog
		cmds = append(cmds, safe(func() tea.Msg {
			c, err := load()
			return catalogLoadedMsg{c, err}
		}))
	}
	if m.screen == screenBriefing {
		cmds = append(cmds, m.briefing.Init())
	}
	return tea.Batch(cmds...)
}

// Update routes a message. A panic below is recovered and ends the program.
func (m Model) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			*m.failure = fmt.Errorf("internal error: %v", r)
			cmd = tea.Quit
		}
	}()
	if *m.failure != nil {
		return m, tea.Quit
	}
	nm, cmd := m.update(msg)
	return nm, safe(cmd)
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case panicMsg:
		*m.failure = fmt.Errorf("internal error: %w", msg.err)
		return m, tea.Quit
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case catalogLoadedMsg:
		var cmd tea.Cmd
		m.home, cmd = m.home.Update(msg)
		m.home.setSize(m.c.width, m.c.height)
		return m, cmd
	case openBriefingMsg:
		m.briefing = newBriefing(m.c, msg.sc, m.opts.Team, m.seed())
		m.briefing.setSize(m.c.width, m.c.height)
		m.screen = screenBriefing
		return m, m.briefing.Init()
	case startDrillMsg:
		m.drill = newDrill(m.c, engine.NewDrill(msg.sc, msg.seed), msg.team)
		m.drill.setSize(m.c.width, m.c.height)
		m.screen = screenDrill
		return m, m.drill.Init()
	case drillEndedMsg:
		m.debrief = newDebrief(m.c, msg.d, msg.team)
		m.debrief.setSize(m.c.width, m.c.height)
		m.screen = screenDebrief
		return m, nil
	case goHomeMsg:
		m.screen = screenHome
		m.c.help.ShowAll = false
		return m, nil
	case tea.KeyMsg:
		if cmd, done := m.globalKey(msg); done {
			return m, cmd
		}
	}
	return m.route(msg)
}

// globalKey handles the keys that mean the same on every screen.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.c.keys
	typing := (m.screen == screenHome && m.home.filtering()) || (m.screen == screenBriefing && m.briefing.typing())
	switch {
	case m.screen == screenDrill:
		if key.Matches(msg, k.Help) && !m.drill.confirmQuit {
			m.c.help.ShowAll = !m.c.help.ShowAll
			m.drill.layout()
			return nil, true
		}
		return nil, false // the drill asks before quitting
	case key.Matches(msg, k.ForceQuit):
		return tea.Quit, true
	case typing:
		return nil, false
	case key.Matches(msg, k.Quit):
		return tea.Quit, true
	case key.Matches(msg, k.Help):
		m.c.help.ShowAll = !m.c.help.ShowAll
		m.resize()
		return nil, true
	}
	return nil, false
}

// route passes a message to the active screen.
func (m Model) route(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.screen {
	case screenHome:
		m.home, cmd = m.home.Update(msg)
	case screenBriefing:
		m.briefing, cmd = m.briefing.Update(msg)
	case screenDrill:
		m.drill, cmd = m.drill.Update(msg)
	case screenDebrief:
		m.debrief, cmd = m.debrief.Update(msg)
	}
	return m, cmd
}

func (m *Model) resize() {
	w, h := m.c.width, m.c.height
	m.home.setSize(w, h)
	switch m.screen {
	case screenBriefing:
		m.briefing.setSize(w, h)
	case screenDrill:
		m.drill.setSize(w, h)
	case screenDebrief:
		m.debrief.setSize(w, h)
	}
}

// View draws the active screen, or a line saying the terminal is too small.
func (m Model) View() (out string) {
	defer func() {
		if r := recover(); r != nil {
			*m.failure = fmt.Errorf("internal error while drawing: %v", r)
			out = ""
		}
	}()
	w, h := m.c.width, m.c.height
	if w == 0 || h == 0 {
		return ""
	}
	if w < MinWidth || h < MinHeight {
		return truncate(fmt.Sprintf("Terminal too small (%dx%d): ttx needs %dx%d.", w, h, MinWidth, MinHeight), w)
	}
	switch m.screen {
	case screenBriefing:
		return m.briefing.View() + "\n " + m.c.helpView(m.briefing.help())
	case screenDrill:
		return m.drill.View()
	case screenDebrief:
		return m.debrief.View()
	}
	return m.home.View() + "\n " + m.c.helpView(m.home.help())
}

// Run runs the UI on in and out until the user quits. It returns the error
// that ended it, as one line.
func Run(opts Options, in io.Reader, out io.Writer) error {
	p := tea.NewProgram(New(opts), tea.WithAltScreen(), tea.WithInput(in), tea.WithOutput(out))
	final, err := p.Run()
	if err != nil {
		return err
	}
	if fm, ok := final.(Model); ok && fm.Err() != nil {
		return fm.Err()
	}
	return nil
}

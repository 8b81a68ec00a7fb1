package ui

import (
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
	"github.com/ttx-dev/ttx/engine/store"
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
	// Store, when set, records every drill as it is played (each decision
	// durable before the next screen), lists unfinished drills to resume,
	// and keeps results, hotwash notes and improvement actions.
	Store store.Store
	// Resume, when set, continues this unfinished drill at once.
	Resume *Resumed
	// Register, when set, is the risk register: a drill of a scenario whose
	// risk it lists shows the risk and its plan, and scores prepare with it.
	Register *engine.Register
	// RegisterPath is where the risk map saves the register (and where a
	// new one is created when Register is nil).
	RegisterPath string
	// OpenRiskMap opens the risk map at once (ttx riskmap).
	OpenRiskMap bool
	// Participants, when given, are recorded with every drill's result.
	Participants []engine.Participant
}

type screen int

const (
	screenHome screen = iota
	screenBriefing
	screenDrill
	screenDebrief
	screenResults
	screenHotwash
	screenRiskMap
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
	results  resultsModel
	hotwash  hotwashModel
	riskmap  riskMapModel
	catalog  *scenarios.Catalog
	failure  *error // a panic recovered in Update, View or a command
}

// New returns the root model.
func New(opts Options) Model {
	c := newCommon(opts)
	c.register = opts.Register
	m := Model{c: c, opts: opts, home: newHome(c), results: newResults(c), failure: new(error)}
	switch {
	case opts.OpenRiskMap:
		m.screen = screenRiskMap
		m.riskmap = m.newRiskMap()
	case opts.Resume != nil:
		m.screen = screenDrill
		m.drill = newDrill(c, opts.Resume.Drill, opts.Resume.Run.Team, opts.Store, opts.Resume.Run.ID)
	case opts.Start != nil:
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
		load, st := m.opts.Catalog, m.opts.Store
		cmds = append(cmds, safe(func() tea.Msg {
			c, err := load()
			msg := catalogLoadedMsg{catalog: c, err: err, stored: st != nil}
			if err == nil && st != nil {
				msg.unfinished, _ = st.Unfinished()
			}
			return msg
		}))
	}
	switch m.screen {
	case screenBriefing:
		cmds = append(cmds, m.briefing.Init(), m.loadActions(m.opts.Start))
	case screenDrill:
		cmds = append(cmds, m.drill.Init())
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
		m.catalog = msg.catalog
		var cmd tea.Cmd
		m.home, cmd = m.home.Update(msg)
		m.home.setSize(m.c.width, m.c.height)
		return m, cmd
	case openBriefingMsg:
		m.briefing = newBriefing(m.c, msg.sc, m.opts.Team, m.seed())
		m.briefing.setSize(m.c.width, m.c.height)
		m.screen = screenBriefing
		return m, tea.Batch(m.briefing.Init(), m.loadActions(msg.sc))
	case openActionsMsg:
		m.briefing, _ = m.briefing.Update(msg)
		return m, nil
	case startDrillMsg:
		m.drill = newDrill(m.c, engine.NewDrill(msg.sc, msg.seed), msg.team, m.opts.Store, 0)
		m.drill.people = m.opts.Participants
		m.drill.setSize(m.c.width, m.c.height)
		m.screen = screenDrill
		return m, m.drill.Init()
	case openResumeMsg:
		// The home list carries summaries; the replay needs the whole run.
		full, err := m.opts.Store.Get(msg.run.ID)
		if err != nil {
			m.home.err = err
			return m, nil
		}
		msg.run = *full
		d, err := m.replay(msg.run)
		if err != nil {
			m.home.err = err
			return m, nil
		}
		run := msg.run
		m.drill = newDrill(m.c, d, run.Team, m.opts.Store, run.ID)
		m.drill.setSize(m.c.width, m.c.height)
		m.screen = screenDrill
		return m, m.drill.Init()
	case drillEndedMsg:
		m.debrief = newDebrief(m.c, msg.d, msg.team, m.opts.Store, msg.runID)
		m.debrief.setSize(m.c.width, m.c.height)
		m.screen = screenDebrief
		return m, nil
	case openResultsMsg:
		m.results = newResults(m.c)
		m.results.setSize(m.c.width, m.c.height)
		m.screen = screenResults
		return m, loadRuns(m.opts.Store)
	case openRunMsg:
		// The list carries summaries; the replay needs the whole run.
		if full, err := m.opts.Store.Get(msg.run.ID); err == nil {
			msg.run = *full
		}
		d, err := m.replay(msg.run)
		if err != nil {
			m.results.err = err
			return m, nil
		}
		m.debrief = newDebrief(m.c, d, msg.run.Team, m.opts.Store, msg.run.ID)
		if res, err := msg.run.Result(d); err == nil {
			m.debrief.result = res // the score stored when the drill ended
		}
		m.debrief.setSize(m.c.width, m.c.height)
		m.screen = screenDebrief
		return m, nil
	case openHotwashMsg:
		prior := engine.Hotwash{}
		if r, err := m.opts.Store.Get(m.debrief.runID); err == nil {
			prior = r.Hotwash
		}
		m.hotwash = newHotwash(m.c, m.opts.Store, m.debrief.runID, m.debrief.d.Scenario(), prior)
		m.hotwash.setSize(m.c.width, m.c.height)
		m.screen = screenHotwash
		return m, nil
	case closeHotwashMsg:
		m.screen = screenDebrief
		return m, nil
	case openRiskMapMsg:
		m.riskmap = m.newRiskMap()
		m.riskmap.setSize(m.c.width, m.c.height)
		m.screen = screenRiskMap
		return m, m.riskmap.Init()
	case goHomeMsg:
		m.screen = screenHome
		m.c.help.ShowAll = false
		return m, m.reloadHome()
	case tea.KeyMsg:
		if cmd, done := m.globalKey(msg); done {
			return m, cmd
		}
	}
	return m.route(msg)
}

// openRiskMapMsg asks the root for the risk map.
type openRiskMapMsg struct{}

// newRiskMap opens the register on the risk map, with each risk's readiness
// from the results store; without a register it starts an empty one that
// saving creates.
func (m Model) newRiskMap() riskMapModel {
	reg := m.c.register
	if reg == nil {
		path := m.opts.RegisterPath
		if path == "" {
			path = engine.DefaultRegisterFile
		}
		reg = &engine.Register{File: path, Title: "Risk register", Bands: engine.DefaultBands}
		m.c.register = reg
	}
	var guide *engine.Guidance
	if m.catalog != nil {
		guide = m.catalog.Guides[engine.DefaultGuidance]
	} else if reg.Guidance != nil {
		guide = reg.Guidance
	}
	cfg := RiskMapConfig{Register: reg, Guidance: guide, Save: func(r *engine.Register) error { return engine.SaveRegister(r.File, r) }}
	if s := m.opts.Store; s != nil {
		cfg.Status = func(id string) []string { return readinessLines(reg, s, id) }
	}
	return newRiskMap(m.c, cfg)
}

// readinessLines says how ready the company is for one risk: drills, scores,
// open actions and flags.
func readinessLines(reg *engine.Register, s store.Store, id string) []string {
	a, err := risk.Assess(reg, s, time.Now())
	if err != nil {
		return []string{"readiness unknown: " + err.Error()}
	}
	for _, r := range a.Risks {
		if r.ID != id {
			continue
		}
		var out []string
		if r.Drilled() {
			out = append(out, fmt.Sprintf("Drilled %d time(s), last on %s; latest %.0f%%, best %.0f%%", r.Drills, r.LastDrill.Local().Format("2006-01-02"), r.LatestTotal, r.BestTotal))
		} else {
			out = append(out, "Never drilled")
		}
		if len(r.OpenActions) > 0 {
			out = append(out, fmt.Sprintf("%d open improvement action(s)", len(r.OpenActions)))
		}
		for _, n := range r.Notes {
			out = append(out, "⚑ "+n)
		}
		return out
	}
	return nil
}

// replay rebuilds a stored run's drill against its scenario.
func (m Model) replay(r store.Run) (*engine.Drill, error) {
	if m.catalog == nil {
		return nil, fmt.Errorf("the scenarios are not loaded yet")
	}
	sc, _, err := store.ScenarioOf(m.opts.Store, &r, m.catalog.Guides, m.catalog.ByID(r.Record.Scenario))
	if err != nil {
		return nil, err
	}
	return engine.Replay(sc, r.Record)
}

// loadActions fetches the open improvement actions of sc's earlier drills.
func (m Model) loadActions(sc *engine.Scenario) tea.Cmd {
	s := m.opts.Store
	if s == nil || sc == nil {
		return nil
	}
	return func() tea.Msg {
		acts, err := s.OpenActions(sc.ID)
		return openActionsMsg{acts, err}
	}
}

// reloadHome refreshes the home list: a drill may have finished or stopped.
func (m Model) reloadHome() tea.Cmd {
	if m.catalog == nil || m.opts.Store == nil {
		return nil
	}
	c, s := m.catalog, m.opts.Store
	return func() tea.Msg {
		un, err := s.Unfinished()
		return catalogLoadedMsg{catalog: c, unfinished: un, stored: true, err: err}
	}
}

// globalKey handles the keys that mean the same on every screen.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.c.keys
	typing := (m.screen == screenHome && m.home.filtering()) || (m.screen == screenBriefing && m.briefing.typing()) || m.screen == screenHotwash ||
		(m.screen == screenRiskMap && m.riskmap.typing())
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
	case screenResults:
		m.results, cmd = m.results.Update(msg)
	case screenHotwash:
		m.hotwash, cmd = m.hotwash.Update(msg)
	case screenRiskMap:
		m.riskmap, cmd = m.riskmap.Update(msg)
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
	case screenResults:
		m.results.setSize(w, h)
	case screenHotwash:
		m.hotwash.setSize(w, h)
	case screenRiskMap:
		m.riskmap.setSize(w, h)
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
	case screenResults:
		return m.results.View() + "\n " + m.c.helpView(m.results.help())
	case screenHotwash:
		return m.hotwash.View() + "\n " + m.c.helpView(m.hotwash.help())
	case screenRiskMap:
		return m.riskmap.View()
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

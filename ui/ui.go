package ui

import (
	"fmt"
	"os"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/pages/briefing"
	"github.com/ttx-dev/ttx/ui/pages/drill"
	"github.com/ttx-dev/ttx/ui/pages/home"
	"github.com/ttx-dev/ttx/ui/pages/riskmap"
)

// Model is the root model: a stack of pages over the home screen, the
// shared context, and the keys every screen shares.
type Model struct {
	c       *common.Common
	opts    Options
	stack   []common.Page
	pageH   int        // the pages' height at the last layout
	failure *error     // a panic recovered in Update, View or a command
	stop    *StopError // ctrl+c or a signal ended the program
}

// signalMsg asks the program to stop because the process got a signal.
type signalMsg struct{ sig os.Signal }

// New returns the root model of a session on the terminal r renders to.
func New(r *lipgloss.Renderer, opts Options) *Model {
	c := common.New(r, opts.Store, opts.Now)
	c.Register, c.RegisterPath, c.RegisterErr = opts.Register, opts.RegisterPath, opts.RegisterErr
	c.Drill = common.DrillSettings{Team: opts.Team, Seed: opts.Seed, SeedSet: opts.SeedSet, Participants: opts.Participants}
	m := &Model{c: c, opts: opts, failure: new(error)}
	m.stack = []common.Page{home.New(c)}
	switch {
	case opts.Pages != nil:
		m.stack = opts.Pages(c)
	case opts.OpenRiskMap:
		m.stack = append(m.stack, riskmap.New(c, riskmap.ForSession(c)))
	case opts.Resume != nil:
		m.stack = append(m.stack, drill.New(c, opts.Resume.Drill, common.Line(opts.Resume.Run.Team), opts.Resume.Run.ID).TimeLeft(opts.Resume.Run.TimeLeft))
	case opts.Start != nil:
		m.stack = append(m.stack, briefing.New(c, opts.Start))
	}
	return m
}

// Common returns the session's shared context.
func (m *Model) Common() *common.Common { return m.c }

// Top returns the page on top: the one shown.
func (m *Model) Top() common.Page { return m.stack[len(m.stack)-1] }

// Err returns the error that ended the program, if any: a panic recovered
// anywhere in the UI, as one line.
func (m *Model) Err() error { return *m.failure }

// Stopped returns how ctrl+c or a signal ended the program, or nil.
func (m *Model) Stopped() *StopError { return m.stop }

// Init starts loading the scenarios, and each page's own work.
func (m *Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	if load := m.opts.Catalog; load != nil {
		cmds = append(cmds, func() tea.Msg {
			cat, err := load()
			return common.CatalogMsg{Catalog: cat, Err: err}
		})
	}
	for _, p := range m.stack {
		cmds = append(cmds, p.Init())
	}
	return common.Safe(tea.Batch(cmds...))
}

// Update routes a message. A panic below is recovered and ends the program.
func (m *Model) Update(msg tea.Msg) (tm tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			*m.failure = fmt.Errorf("internal error: %v", r)
			tm, cmd = m, tea.Quit
		}
	}()
	if *m.failure != nil {
		return m, tea.Quit
	}
	cmd = m.update(msg)
	m.layout()
	return m, common.Safe(cmd)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.PanicMsg:
		*m.failure = fmt.Errorf("internal error: %w", msg.Err)
		return tea.Quit
	case signalMsg:
		m.stop = &StopError{Signal: msg.sig, Note: m.exitNote()}
		return tea.Quit
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.pageH = -1 // lay every page out again
		return nil
	case common.CatalogMsg:
		if msg.Err == nil {
			m.c.Catalog = msg.Catalog
		}
	case tea.KeyMsg:
		return m.key(msg)
	}
	// Answers of commands go to every page: each knows its own.
	var cmds []tea.Cmd
	for i := range m.stack {
		p, cmd := m.stack[i].Update(msg)
		m.stack[i] = p
		cmds = append(cmds, cmd)
	}
	return tea.Batch(append(cmds, m.navigate())...)
}

// key passes a key to the top page, after the keys every screen shares.
// Characters that came in one read (typed fast, or over a slow link) come
// as one message: each goes on its own while the page takes keys, and what
// is left goes whole once it takes text.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.Top().Typing() {
		one := msg
		one.Runes = msg.Runes[:1]
		rest := msg
		rest.Runes = msg.Runes[1:]
		return tea.Batch(m.key(one), m.key(rest))
	}
	if cmd, done := m.globalKey(msg); done {
		return cmd
	}
	top := len(m.stack) - 1
	p, cmd := m.stack[top].Update(msg)
	m.stack[top] = p
	return tea.Batch(cmd, m.navigate())
}

// navigate applies the changes of screen the pages asked for.
func (m *Model) navigate() tea.Cmd {
	var cmds []tea.Cmd
	for _, n := range m.c.TakeNav() {
		switch n.Kind {
		case common.NavPush, common.NavReplace:
			if n.Kind == common.NavReplace && len(m.stack) > 1 {
				m.stack = m.stack[:len(m.stack)-1]
			}
			m.c.Help.ShowAll = false
			m.stack = append(m.stack, n.Page)
			m.pageH = -1
			cmds = append(cmds, n.Page.Init())
			for _, k := range n.Keys {
				top := len(m.stack) - 1
				p, cmd := m.stack[top].Update(k)
				m.stack[top] = p
				cmds = append(cmds, cmd)
			}
		case common.NavBack:
			if len(m.stack) == 1 {
				continue // the home screen stays
			}
			m.stack = m.stack[:len(m.stack)-1]
			m.c.Help.ShowAll = false
			m.pageH = -1
			top := len(m.stack) - 1
			p, cmd := m.stack[top].Update(common.ShowMsg{})
			m.stack[top] = p
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

// globalKey handles the keys that mean the same on every screen: ctrl+c
// quits from anywhere, ? shows every key of the screen.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.c.KeyMap.Global
	switch {
	case key.Matches(msg, k.ForceQuit):
		m.stop = &StopError{Signal: os.Interrupt, Note: m.exitNote()}
		return tea.Quit, true
	case m.Top().Typing():
		return nil, false
	case key.Matches(msg, k.Help):
		m.c.Help.ShowAll = !m.c.Help.ShowAll
		return nil, true
	}
	return nil, false
}

// Flush lets the pages finish their work once the program has ended (the
// time left on a timed decision is stored).
func (m *Model) Flush() {
	for _, p := range m.stack {
		if f, ok := p.(common.Flusher); ok {
			f.Flush()
		}
	}
}

// exitNote is what the pages have to say as the program ends: what became
// of a drill in progress.
func (m *Model) exitNote() string {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if n, ok := m.stack[i].(common.Noter); ok {
			if note := n.ExitNote(); note != "" {
				return note
			}
		}
	}
	return ""
}

// layout gives the pages the terminal less the help, when that changed.
func (m *Model) layout() {
	if m.c.Width <= 0 || m.c.Height <= 0 {
		return
	}
	h := m.c.PageHeight(m.Top())
	if h == m.pageH {
		return
	}
	m.pageH = h
	for _, p := range m.stack {
		p.SetSize(m.c.Width, h)
	}
}

// View draws the top page and its help, or a line saying the terminal is
// too small.
func (m *Model) View() (out string) {
	defer func() {
		if r := recover(); r != nil {
			*m.failure = fmt.Errorf("internal error while drawing: %v", r)
			out = ""
		}
	}()
	w, h := m.c.Width, m.c.Height
	if w == 0 || h == 0 {
		return ""
	}
	if w < MinWidth || h < MinHeight {
		// Said in the lines and columns there are, cut only when even the
		// shortest form does not fit.
		msg := fmt.Sprintf("Terminal too small (%dx%d): ttx needs %dx%d.", w, h, MinWidth, MinHeight)
		if w < 20 {
			msg = fmt.Sprintf("Too small: %dx%d needed.", MinWidth, MinHeight)
		}
		return common.Fit(common.Wrap(msg, w), w, h, false)
	}
	return m.c.Screen(m.Top())
}

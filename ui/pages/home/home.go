// Package home is the first screen: the scenarios to drill, the unfinished
// drills to resume, the results and the risk map.
package home

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/pages/briefing"
	"github.com/ttx-dev/ttx/ui/pages/drill"
	"github.com/ttx-dev/ttx/ui/pages/results"
	"github.com/ttx-dev/ttx/ui/pages/riskmap"
)

// Model is the home screen.
type Model struct {
	c          *common.Common
	list       list.Model
	spinner    busy.Model
	catalog    bool        // the scenarios are here
	unfinished []store.Run // the drills to resume
	waiting    int         // answers still to come before the list is whole
	opening    bool        // a drill to resume is being replayed
	discard    *resumeItem // the unfinished drill it asks whether to discard
	err        error
}

// Messages of the home screen's commands.
type (
	// unfinishedMsg brings the unfinished drills.
	unfinishedMsg struct {
		runs []store.Run
		err  error
	}
	// resumeMsg brings an unfinished drill replayed to where it stopped.
	resumeMsg struct {
		run store.Run
		d   *engine.Drill
		err error
	}
	// discardedMsg answers the discard of an unfinished drill.
	discardedMsg struct{ err error }
)

// New returns the home screen, waiting for the scenarios.
func New(c *common.Common) *Model {
	l := list.New(nil, delegate{c}, 0, 0)
	l.Title = "ttx · breach drills"
	l.Styles = c.Styles.List
	l.SetShowHelp(false)
	l.SetStatusBarItemName("entry", "entries")
	l.FilterInput.PromptStyle, l.FilterInput.Cursor.Style = c.Styles.List.FilterPrompt, c.Styles.List.FilterCursor
	l.FilterInput.TextStyle, l.FilterInput.PlaceholderStyle = c.Styles.Input.Text, c.Styles.Input.Placeholder
	l.Paginator.ActiveDot = c.Styles.List.ActivePaginationDot.String()
	l.Paginator.InactiveDot = c.Styles.List.InactivePaginationDot.String()
	g, k := c.KeyMap.Global, c.KeyMap.Home
	off := key.NewBinding(key.WithDisabled())
	l.KeyMap = list.KeyMap{
		CursorUp: g.Up, CursorDown: g.Down, PrevPage: g.PageUp, NextPage: g.PageDown,
		GoToStart: off, GoToEnd: off, Filter: k.Filter, ClearFilter: k.Clear,
		CancelWhileFiltering: k.Clear, AcceptWhileFiltering: k.Apply,
		ShowFullHelp: off, CloseFullHelp: off, Quit: off, ForceQuit: off,
	}
	return &Model{c: c, list: l, spinner: busy.New(c), waiting: 1}
}

// Init starts the spinner while the scenarios load.
func (m *Model) Init() tea.Cmd { return m.spinner.Tick }

// SetSize gives the list the page.
func (m *Model) SetSize(w, h int) { m.list.SetSize(w, h) }

// Typing reports whether the list's filter takes typed text.
func (m *Model) Typing() bool { return m.list.FilterState() == list.Filtering }

func (m *Model) loading() bool { return m.waiting > 0 || m.opening }

// loadUnfinished lists the drills to resume, in a command.
func (m *Model) loadUnfinished() tea.Cmd {
	s := m.c.Store
	if s == nil {
		return nil
	}
	m.waiting++
	return func() tea.Msg {
		runs, err := s.Unfinished()
		return unfinishedMsg{runs, err}
	}
}

// Update handles the loaded scenarios and drills, and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case common.CatalogMsg:
		m.waiting--
		m.catalog, m.err = msg.Err == nil, msg.Err
		if msg.Err != nil {
			return m, nil
		}
		return m, tea.Batch(m.loadUnfinished(), m.refresh())
	case common.ShowMsg:
		// A drill may have finished or stopped since.
		if !m.catalog {
			return m, nil
		}
		return m, tea.Batch(m.loadUnfinished(), m.spinner.Tick)
	case unfinishedMsg:
		m.waiting--
		if msg.err != nil {
			m.err = msg.err
		} else {
			// A drill left before its first decision has nothing to resume.
			m.unfinished = nil
			for _, r := range msg.runs {
				if r.DecisionCount > 0 {
					m.unfinished = append(m.unfinished, r)
				}
			}
		}
		return m, m.refresh()
	case discardedMsg:
		m.opening = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		return m, m.loadUnfinished()
	case resumeMsg:
		m.opening = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.c.Push(drill.New(m.c, msg.d, common.Line(msg.run.Team), msg.run.ID).TimeLeft(msg.run.TimeLeft))
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	var cmd tea.Cmd
	var turned bool
	if m.spinner, cmd, turned = m.spinner.Update(msg, m.loading()); turned {
		return m, cmd
	}
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

func (m *Model) key(msg tea.KeyMsg) (common.Page, tea.Cmd) {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.Home
	if m.Typing() {
		var cmd tea.Cmd
		m.list, cmd = m.list.Update(msg)
		return m, cmd
	}
	if m.discard != nil {
		switch {
		case key.Matches(msg, g.Yes):
			run, s := m.discard.run, m.c.Store
			m.discard, m.opening = nil, true
			return m, tea.Batch(m.spinner.Tick, func() tea.Msg { return discardedMsg{s.Discard(run.ID)} })
		case key.Matches(msg, g.No):
			m.discard = nil
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, g.Quit):
		return m, tea.Quit
	case m.loading() || !m.catalog:
		return m, nil
	case key.Matches(msg, k.Open):
		return m, m.open(m.list.SelectedItem())
	case key.Matches(msg, m.discardKey()):
		it := m.list.SelectedItem().(resumeItem)
		m.discard = &it
		return m, nil
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

// open opens an entry of the list.
func (m *Model) open(it list.Item) tea.Cmd {
	m.err = nil
	switch it := it.(type) {
	case scenarioItem:
		m.c.Push(briefing.New(m.c, it.sc))
	case resultsItem:
		m.c.Push(results.New(m.c))
	case riskMapItem:
		m.c.Push(riskmap.New(m.c, riskmap.ForSession(m.c)))
	case resumeItem:
		m.opening = true
		c, id := m.c, it.run.ID
		return tea.Batch(m.spinner.Tick, func() tea.Msg {
			// The list carries summaries; the replay needs the whole run.
			run, err := c.Store.Get(id)
			if err != nil {
				return resumeMsg{err: err}
			}
			d, err := c.Replay(*run)
			return resumeMsg{run: *run, d: d, err: err}
		})
	}
	return nil
}

// refresh lists the drills to resume, the scenarios, the results and the
// risk map.
func (m *Model) refresh() tea.Cmd {
	if m.c.Catalog == nil {
		return nil
	}
	titles := map[string]string{}
	for _, e := range m.c.Catalog.Entries {
		titles[e.ID] = e.Title
	}
	var items []list.Item
	for _, r := range m.unfinished {
		t := titles[r.Record.Scenario]
		if t == "" {
			t = common.Line(r.Record.Scenario)
		}
		items = append(items, resumeItem{run: r, title: t, team: common.Line(r.Team)})
	}
	for _, e := range m.c.Catalog.Entries {
		items = append(items, newScenarioItem(e.Scenario))
	}
	if m.c.Store != nil {
		items = append(items, resultsItem{})
	}
	items = append(items, riskMapItem{})
	return m.list.SetItems(items)
}

// discardKey is x, enabled on an unfinished drill.
func (m *Model) discardKey() key.Binding {
	b := m.c.KeyMap.Home.Discard
	_, ok := m.list.SelectedItem().(resumeItem)
	b.SetEnabled(ok && m.c.Store != nil)
	return b
}

// ShortHelp is the keys that work now: move, open what is selected (named
// for what it is), filter, quit.
func (m *Model) ShortHelp() []key.Binding {
	b := m.bindings()
	return append(b[0], b[1]...)
}

// FullHelp is ShortHelp in columns.
func (m *Model) FullHelp() [][]key.Binding { return m.bindings() }

func (m *Model) bindings() [][]key.Binding {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.Home
	if m.discard != nil {
		yes, no := g.Yes, g.No
		yes.SetHelp("y", "discard it")
		no.SetHelp("n/esc", "keep it")
		return [][]key.Binding{{yes, no}, {}}
	}
	if m.Typing() {
		// The list enables these as the filter changes.
		return [][]key.Binding{{m.list.KeyMap.AcceptWhileFiltering, m.list.KeyMap.CancelWhileFiltering}, {}}
	}
	quit := []key.Binding{g.Quit}
	if m.loading() || !m.catalog {
		return [][]key.Binding{{}, quit}
	}
	up, down, prev, next, open, clear := g.Up, g.Down, g.PageUp, g.PageDown, k.Open, k.Clear
	n, i := len(m.list.VisibleItems()), m.list.Index()
	prev.SetHelp(prev.Help().Key, "previous page")
	next.SetHelp(next.Help().Key, "next page")
	up.SetEnabled(i > 0)
	down.SetEnabled(i < n-1)
	prev.SetEnabled(m.list.Paginator.Page > 0)
	next.SetEnabled(m.list.Paginator.Page < m.list.Paginator.TotalPages-1)
	open.SetEnabled(m.list.SelectedItem() != nil)
	open.SetHelp("enter", action(m.list.SelectedItem()))
	clear.SetEnabled(m.list.FilterState() == list.FilterApplied)
	return [][]key.Binding{{up, down, prev, next, open, m.discardKey()}, {k.Filter, clear, g.Quit}}
}

// View draws the list, or the spinner while the scenarios load.
func (m *Model) View() string {
	st := m.c.Styles
	switch {
	case m.err != nil && !m.catalog:
		return st.Pad.Render(st.Error.Render("The scenarios could not be loaded: ") + common.Line(m.err.Error()))
	case !m.catalog:
		return st.Pad.Render(m.spinner.View() + " Loading scenarios…")
	}
	if m.discard != nil {
		return m.discardView()
	}
	v := m.list.View()
	switch {
	case m.err != nil:
		v = common.Fit(v, m.list.Width(), max(m.list.Height()-1, 0), true) + "\n " + st.Error.Render(common.Truncate(common.Line(m.err.Error()), m.list.Width()-2))
	case m.loading():
		v = common.Fit(v, m.list.Width(), max(m.list.Height()-1, 0), true) + "\n " + m.spinner.View() + st.Muted.Render(" Loading…")
	}
	return v
}

// discardView asks whether to discard an unfinished drill.
func (m *Model) discardView() string {
	st := m.c.Styles
	it := m.discard
	w := max(min(m.list.Width()-10, 60), 20)
	text := st.Strong.Render("Discard this unfinished drill?") + "\n\n" +
		common.Wrap(fmt.Sprintf("%s · %s · stopped after %s.", it.title, common.Or(it.team, "no team"), common.Plural(it.run.DecisionCount, "decision", "decisions")), w) + "\n\n" +
		common.Wrap("It is deleted from the results store and cannot be resumed again.", w) + "\n\n" + st.Muted.Render("y discard · n keep")
	box := st.Modal
	if m.list.Height() < 14 || m.list.Width() < 50 {
		box = box.Padding(0, 1)
	}
	return m.c.Place(m.list.Width(), m.list.Height(), box.Render(text))
}

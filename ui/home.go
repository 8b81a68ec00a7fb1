package ui

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// scenarioItem is a scenario in the home list.
type scenarioItem struct {
	sc     *engine.Scenario
	length string
}

func newScenarioItem(sc *engine.Scenario) scenarioItem {
	lo, hi := sc.Length()
	n := fmt.Sprintf("%d", lo)
	if hi != lo {
		n = fmt.Sprintf("%d–%d", lo, hi)
	}
	// A decision takes a team about five minutes of argument.
	return scenarioItem{sc: sc, length: fmt.Sprintf("%s decisions · about %d min", n, (lo+hi)*5/2)}
}

func (i scenarioItem) FilterValue() string {
	return i.sc.Title + " " + i.sc.ID + " " + strings.Join(i.sc.Tags, " ")
}

// resumeItem is an unfinished drill to continue.
type resumeItem struct {
	run   store.Run
	title string
}

func (i resumeItem) FilterValue() string { return "resume " + i.title + " " + i.run.Team }

// resultsItem opens the results screen.
type resultsItem struct{}

func (resultsItem) FilterValue() string { return "results" }

// riskMapItem opens the risk map.
type riskMapItem struct{}

func (riskMapItem) FilterValue() string { return "risk map register heat" }

// scenarioDelegate draws a list entry as three lines: for a scenario, its
// title, summary, and tags, roles and length.
type scenarioDelegate struct{ c *common }

func (d scenarioDelegate) Height() int                         { return 3 }
func (d scenarioDelegate) Spacing() int                        { return 1 }
func (d scenarioDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d scenarioDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	st := d.c.styles
	width := max(m.Width()-4, 10)
	bar, title := "  ", st.Strong
	if index == m.Index() {
		bar, title = st.Choice.Cursor.Render("▌ "), st.Choice.Selected
	}
	lines3 := func(a, b, c string) {
		fmt.Fprint(w, strings.Join([]string{bar + a, bar + b, bar + c}, "\n"))
	}
	switch it := item.(type) {
	case resumeItem:
		team := it.run.Team
		if team == "" {
			team = "no team"
		}
		lines3(title.Render(truncate("↻ Resume: "+it.title, width)),
			st.App.Render(truncate(fmt.Sprintf("%s · stopped after %d decisions", team, it.run.DecisionCount), width)),
			st.Muted.Render(truncate("started "+it.run.Started.Local().Format("2006-01-02 15:04")+" · the same seed, decisions and clocks", width)))
		return
	case resultsItem:
		lines3(title.Render("☰ Results"), st.App.Render(truncate("Recorded drills: compare teams and runs, open a debrief again", width)), "")
		return
	case riskMapItem:
		lines3(title.Render("▦ Risk map"), st.App.Render(truncate("The PR disasters that could hit you: rate them, plan for each, see what has been drilled", width)), "")
		return
	}
	it, ok := item.(scenarioItem)
	if !ok {
		return
	}
	meta := []string{it.length}
	if len(it.sc.Roles) > 0 {
		meta = append(meta, "roles: "+strings.Join(it.sc.Roles, ", "))
	}
	if len(it.sc.Tags) > 0 {
		meta = append(meta, "#"+strings.Join(it.sc.Tags, " #"))
	}
	lines := []string{
		bar + title.Render(ansi.Truncate(it.sc.Title, width, "…")),
		bar + st.App.Render(ansi.Truncate(it.sc.Summary, width, "…")),
		bar + st.Muted.Render(ansi.Truncate(strings.Join(meta, " · "), width, "…")),
	}
	fmt.Fprint(w, strings.Join(lines, "\n"))
}

// homeModel is the first screen: the scenarios to drill.
type homeModel struct {
	c       *common
	list    list.Model
	spinner spinner.Model
	loading bool
	err     error
}

// catalogLoadedMsg brings the scenarios and the unfinished drills, loaded in
// a command.
type catalogLoadedMsg struct {
	catalog    *scenarios.Catalog
	unfinished []store.Run
	stored     bool // a results store is open
	err        error
}

// openResumeMsg asks the root to continue an unfinished drill.
type openResumeMsg struct{ run store.Run }

// openResultsMsg asks the root for the results screen.
type openResultsMsg struct{}

// openBriefingMsg asks the root to open a scenario's briefing.
type openBriefingMsg struct{ sc *engine.Scenario }

func newHome(c *common) homeModel {
	l := list.New(nil, scenarioDelegate{c}, 0, 0)
	l.Title = "ttx · breach drills"
	l.Styles.Title = c.styles.Title.Padding(0, 1)
	l.SetShowHelp(false)
	l.SetStatusBarItemName("entry", "entries")
	l.DisableQuitKeybindings()
	sp := spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(c.styles.Title))
	return homeModel{c: c, list: l, spinner: sp, loading: true}
}

func (m homeModel) Init() tea.Cmd { return m.spinner.Tick }

func (m *homeModel) setSize(w, h int) {
	m.list.SetSize(w, max(h-1, 1))
}

func (m homeModel) Update(msg tea.Msg) (homeModel, tea.Cmd) {
	switch msg := msg.(type) {
	case catalogLoadedMsg:
		m.loading, m.err = false, msg.err
		if msg.err == nil {
			titles := map[string]string{}
			for _, e := range msg.catalog.Entries {
				titles[e.ID] = e.Title
			}
			var items []list.Item
			for _, r := range msg.unfinished {
				t := titles[r.Record.Scenario]
				if t == "" {
					t = r.Record.Scenario
				}
				items = append(items, resumeItem{run: r, title: t})
			}
			for _, e := range msg.catalog.Entries {
				items = append(items, newScenarioItem(e.Scenario))
			}
			if msg.stored {
				items = append(items, resultsItem{})
			}
			items = append(items, riskMapItem{})
			return m, m.list.SetItems(items)
		}
		return m, nil
	case spinner.TickMsg:
		if !m.loading {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		if m.loading || m.err != nil {
			return m, nil
		}
		if key.Matches(msg, m.c.keys.Select) && m.list.FilterState() != list.Filtering {
			switch it := m.list.SelectedItem().(type) {
			case scenarioItem:
				return m, func() tea.Msg { return openBriefingMsg{it.sc} }
			case resumeItem:
				return m, func() tea.Msg { return openResumeMsg{it.run} }
			case resultsItem:
				return m, func() tea.Msg { return openResultsMsg{} }
			case riskMapItem:
				return m, func() tea.Msg { return openRiskMapMsg{} }
			}
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

// filtering reports whether the list takes typed text, so that global keys
// must not act on it.
func (m homeModel) filtering() bool { return m.list.FilterState() == list.Filtering }

func (m homeModel) help() bindings {
	k := m.c.keys
	filter := key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter"))
	open := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open briefing"))
	return bindings{
		short: []key.Binding{k.Up, k.Down, open, filter, k.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, open}, {filter, k.Back}, {k.Help, k.Quit}},
	}
}

func (m homeModel) View() string {
	st := m.c.styles
	switch {
	case m.loading:
		return lipgloss.NewStyle().Padding(1, 2).Render(m.spinner.View() + " Loading scenarios…")
	case m.err != nil:
		return lipgloss.NewStyle().Padding(1, 2).Render(st.Error.Render("The scenarios could not be loaded: ") + m.err.Error())
	}
	return m.list.View()
}

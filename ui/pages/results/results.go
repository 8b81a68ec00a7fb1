// Package results lists recorded drills in a table that fits its width and
// sorts by any column; enter opens a run's debrief again.
package results

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/components/table"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
)

// principles are the principle columns, by id.
func principles() []string {
	return []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"}
}

// The columns before the principles.
const (
	colRun = iota
	colDate
	colTeam
	colScenario
	colEnding
	colTotal
	colPrinciples
)

// Model is the results screen.
type Model struct {
	c       *common.Common
	table   table.Model
	runs    []store.Run
	titles  []string // the columns' titles
	sortBy  int      // column index
	desc    bool
	err     error
	loaded  bool
	opening bool // a run is being read and replayed
	spinner busy.Model
	width   int
	height  int
}

// Messages of the results screen's commands.
type (
	// runsMsg brings the recorded runs.
	runsMsg struct {
		runs []store.Run
		err  error
	}
	// openedMsg brings a run replayed for its debrief, with its score as
	// it was given.
	openedMsg struct {
		run *store.Run
		d   *engine.Drill
		res *engine.Result
		err error
	}
)

// New returns the results screen, sorted by date, newest first.
func New(c *common.Common) *Model {
	cols := []table.Column{{Title: "Run", Width: 5}, {Title: "Date", Width: 16}, {Title: "Team", Width: 12, Min: 6},
		{Title: "Scenario", Width: 22, Min: 10}, {Title: "Ending", Width: 14, Min: 8}, {Title: "Total", Width: 5}}
	for _, p := range principles() {
		cols = append(cols, table.Column{Title: strings.ToUpper(p[:3]), Width: 3})
	}
	m := &Model{c: c, table: table.New(c, cols), sortBy: colDate, desc: true, spinner: busy.New(c)}
	for _, col := range cols {
		m.titles = append(m.titles, col.Title)
	}
	return m
}

// Init lists the runs, in a command.
func (m *Model) Init() tea.Cmd {
	s := m.c.Store
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		if s == nil {
			return runsMsg{err: fmt.Errorf("no results store is open")}
		}
		runs, err := s.List(store.Filter{})
		return runsMsg{runs, err}
	})
}

// SetSize fits the table to the page, under the title.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetSize(w, max(h-2, 3))
}

// Typing is false: the results take no text.
func (m *Model) Typing() bool { return false }

// Runs returns the runs in the order shown.
func (m *Model) Runs() []store.Run { return m.runs }

// SortedBy returns the column sorted on and whether high to low.
func (m *Model) SortedBy() (int, bool) { return m.sortBy, m.desc }

// cell is a run's value in column i, for display and sorting. Texts come
// from the store, which may hold imported runs: each is one clean line.
func cell(r store.Run, i int) string {
	switch i {
	case colRun:
		return fmt.Sprint(r.ID)
	case colDate:
		return r.Started.Local().Format("2006-01-02 15:04")
	case colTeam:
		return common.Line(r.Team)
	case colScenario:
		return common.Line(r.Record.Scenario)
	case colEnding:
		switch {
		case !r.Finished:
			return "(unfinished)"
		case r.Ending == "":
			return "(none)"
		}
		return common.Line(r.Ending)
	case colTotal:
		if !r.Finished {
			return "-"
		}
		return fmt.Sprintf("%.0f%%", r.Total)
	}
	p := principles()[i-colPrinciples]
	for _, s := range r.Scores {
		if s.Principle == p && s.Scored {
			return fmt.Sprintf("%.0f", s.Percent)
		}
	}
	return "-"
}

// sortKey orders numbers as numbers.
func sortKey(r store.Run, i int) (float64, string) {
	switch i {
	case colRun:
		return float64(r.ID), ""
	case colTotal:
		return r.Total, ""
	}
	if i >= colPrinciples {
		var f float64
		if _, err := fmt.Sscan(cell(r, i), &f); err == nil {
			return f, ""
		}
		return -1, ""
	}
	return 0, cell(r, i)
}

func (m *Model) refresh() {
	sort.SliceStable(m.runs, func(a, b int) bool {
		fa, sa := sortKey(m.runs[a], m.sortBy)
		fb, sb := sortKey(m.runs[b], m.sortBy)
		if m.desc {
			return fb < fa || (fa == fb && sb < sa)
		}
		return fa < fb || (fa == fb && sa < sb)
	})
	rows := make([][]string, len(m.runs))
	for i, r := range m.runs {
		row := make([]string, colPrinciples+len(principles()))
		for c := range row {
			row[c] = cell(r, c)
		}
		rows[i] = row
	}
	m.table.SetSort(m.sortBy, m.desc)
	m.table.SetRows(rows)
}

// Update handles the runs, an opened run and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case runsMsg:
		m.loaded, m.runs, m.err = true, msg.runs, msg.err
		m.refresh()
		return m, nil
	case openedMsg:
		m.opening = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.c.Push(debrief.New(m.c, msg.d, common.Line(msg.run.Team), msg.run.ID).Scored(msg.res))
		return m, nil
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	var cmd tea.Cmd
	m.spinner, cmd, _ = m.spinner.Update(msg, !m.loaded || m.opening)
	return m, cmd
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.Results
	n := colPrinciples + len(principles())
	switch {
	case key.Matches(msg, g.Back):
		m.c.Back()
		return nil
	case !m.loaded || m.opening || m.table.Cursor() < 0 || m.table.Cursor() >= len(m.runs):
		return nil
	case key.Matches(msg, k.Open):
		return m.open(m.runs[m.table.Cursor()])
	case key.Matches(msg, k.SortNext):
		m.sortBy = (m.sortBy + 1) % n
	case key.Matches(msg, k.SortPrev):
		m.sortBy = (m.sortBy - 1 + n) % n
	case key.Matches(msg, k.Reverse):
		m.desc = !m.desc
	default:
		var cmd tea.Cmd
		m.table, cmd = m.table.Update(msg)
		return cmd
	}
	m.refresh()
	return nil
}

// open reads a run whole (the list has summaries) and replays it for its
// debrief, in a command.
func (m *Model) open(r store.Run) tea.Cmd {
	m.opening, m.err = true, nil
	c, id := m.c, r.ID
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		full, err := c.Store.Get(id)
		if err != nil {
			return openedMsg{err: err}
		}
		d, err := c.Replay(*full)
		if err != nil {
			return openedMsg{err: err}
		}
		res, err := full.Result(d) // the score stored when the drill ended
		return openedMsg{run: full, d: d, res: res, err: err}
	})
}

// ShortHelp is the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	full := m.FullHelp()
	if len(full) == 1 {
		return full[0]
	}
	k := m.c.KeyMap.Results
	return append(full[0], k.SortNext, k.Reverse, m.c.KeyMap.Global.Back)
}

// FullHelp is every key that works now, in columns.
func (m *Model) FullHelp() [][]key.Binding {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.Results
	if !m.loaded || m.opening || len(m.runs) == 0 {
		return [][]key.Binding{{g.Back}}
	}
	up, down, pu, pd := g.Up, g.Down, g.PageUp, g.PageDown
	i, n := m.table.Cursor(), len(m.runs)
	up.SetEnabled(i > 0)
	pu.SetEnabled(i > 0)
	down.SetEnabled(i < n-1)
	pd.SetEnabled(i < n-1)
	return [][]key.Binding{{up, down, k.Open}, {pu, pd}, {k.SortNext, k.SortPrev, k.Reverse}, {g.Back}}
}

// View draws the title and the table, or why there is none.
func (m *Model) View() string {
	st := m.c.Styles
	title := st.Title.Padding(0, 1).Render("Results") + st.Muted.Render(" "+common.Plural(len(m.runs), "recorded drill", "recorded drills"))
	if h := m.table.Hidden(); h > 0 && m.loaded && len(m.runs) > 0 {
		title += st.Muted.Render(fmt.Sprintf(" · %s hidden (+%d): widen the terminal", common.Plural(h, "column", "columns"), h))
		if n := colPrinciples + len(principles()); m.sortBy >= n-h {
			arrow := map[bool]string{true: "▼", false: "▲"}[m.desc]
			title += st.Muted.Render(fmt.Sprintf(" · sorted by %s %s", m.titles[m.sortBy], arrow))
		}
	}
	switch {
	case !m.loaded:
		return title + "\n\n  " + m.spinner.View() + " Loading…"
	case m.err != nil && len(m.runs) == 0:
		return title + "\n\n  " + st.Error.Render("The results cannot be read: ") + common.Line(m.err.Error())
	case len(m.runs) == 0:
		return title + "\n\n  No recorded drills yet: play one from the home screen."
	}
	v := title + "\n\n" + m.table.View()
	switch {
	case m.opening:
		v = common.Fit(v, m.width, m.height-1, true) + "\n " + m.spinner.View() + " Opening the run…"
	case m.err != nil:
		v = common.Fit(v, m.width, m.height-1, true) + "\n " + st.Error.Render(common.Truncate(common.Line(m.err.Error()), m.width-2))
	}
	return v
}

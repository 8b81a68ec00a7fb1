// Package results lists recorded drills in a table that fits its width and
// sorts by any column; enter opens a run's debrief again, space marks runs
// and c compares the marked ones.
package results

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/components/table"
	"github.com/ttx-dev/ttx/ui/pages/compare"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
)

// principlesOf are the principle columns of runs, by id: each principle
// one of the runs was scored on, in the order the runs' scores give them.
func principlesOf(runs []store.Run) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range runs {
		for _, s := range r.Scores {
			if s.Scored && !seen[s.Principle] {
				seen[s.Principle] = true
				out = append(out, s.Principle)
			}
		}
	}
	// The rubric's order, whichever run names a principle first.
	order := map[string]int{}
	for _, r := range runs {
		for i, s := range r.Scores {
			if _, ok := order[s.Principle]; !ok {
				order[s.Principle] = i
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return order[out[a]] < order[out[b]] })
	return out
}

// heading is a column's title for a principle id: "Prepare".
func heading(id string) string {
	if id == "" {
		return id
	}
	return strings.ToUpper(id[:1]) + id[1:]
}

// The columns before the principles.
const (
	colRun = iota
	colDate
	colTeam
	colTotal
	colScenario
	colEnding
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
	marked  map[int64]bool // runs marked to compare, by id
	prins   []string       // the principle columns, by id
	note    string         // why the marked runs do not compare
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
	m := &Model{c: c, sortBy: colDate, desc: true, spinner: busy.New(c), marked: map[int64]bool{}}
	m.columns(nil)
	return m
}

// columns makes the table's columns: the run's facts, then a column per
// principle of prins (those the runs were scored on).
func (m *Model) columns(prins []string) {
	// The total before the texts that narrow: it shows in the narrowest
	// terminal.
	cols := []table.Column{{Title: "Run", Width: 6}, {Title: "Date", Width: 16}, {Title: "Team", Width: 12, Min: 6}, {Title: "Total", Width: 7},
		{Title: "Scenario", Width: 22, Min: 10}, {Title: "Ending", Width: 16, Min: 8}}
	for _, p := range prins {
		cols = append(cols, table.Column{Title: heading(common.Line(p)), Width: 4}) // an imported run names its principles
	}
	m.prins, m.titles = prins, nil
	for _, col := range cols {
		m.titles = append(m.titles, col.Title)
	}
	m.table = table.New(m.c, cols)
	m.table.SetSize(m.width, max(m.height-2, 3))
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
// Scenarios and endings show by their titles when the store has them.
func (m *Model) cell(r store.Run, i int) string {
	switch i {
	case colRun:
		return fmt.Sprint(r.ID)
	case colDate:
		return r.Started.Local().Format("2006-01-02 15:04")
	case colTeam:
		return common.Line(r.Team)
	case colScenario:
		return common.Line(common.Or(r.ScenarioTitle, r.Record.Scenario))
	case colEnding:
		switch {
		case !r.Finished:
			return "(unfinished)"
		case r.Ending == "":
			return "(none)"
		}
		return common.Line(common.Or(r.EndingTitle, r.Ending))
	case colTotal:
		if !r.Finished {
			return "-"
		}
		rating, _ := r.Overall()
		if r.BoundsEstimated {
			return fmt.Sprintf("~%.0f%% %s", r.Total, rating.Code) // the run's debrief says why
		}
		return fmt.Sprintf("%.0f%% %s", r.Total, rating.Code)
	}
	p := m.prins[i-colPrinciples]
	for _, s := range r.Scores {
		if s.Principle == p && s.Scored {
			return fmt.Sprintf("%.0f%%", s.Percent)
		}
	}
	return "-"
}

// sortKey orders numbers as numbers.
func (m *Model) sortKey(r store.Run, i int) (float64, string) {
	switch i {
	case colRun:
		return float64(r.ID), ""
	case colTotal:
		return r.Total, ""
	}
	if i >= colPrinciples {
		var f float64
		if _, err := fmt.Sscanf(m.cell(r, i), "%g%%", &f); err == nil {
			return f, ""
		}
		return -1, ""
	}
	return 0, m.cell(r, i)
}

func (m *Model) refresh() {
	sort.SliceStable(m.runs, func(a, b int) bool {
		fa, sa := m.sortKey(m.runs[a], m.sortBy)
		fb, sb := m.sortKey(m.runs[b], m.sortBy)
		if m.desc {
			return fb < fa || (fa == fb && sb < sa)
		}
		return fa < fb || (fa == fb && sa < sb)
	})
	rows := make([][]string, len(m.runs))
	for i, r := range m.runs {
		row := make([]string, colPrinciples+len(m.prins))
		for c := range row {
			row[c] = m.cell(r, c)
		}
		if m.marked[r.ID] {
			row[colRun] = "✓ " + row[colRun]
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
		m.columns(principlesOf(m.runs))
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
	n := colPrinciples + len(m.prins)
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
	case key.Matches(msg, k.Mark):
		id := m.runs[m.table.Cursor()].ID
		if m.marked[id] {
			delete(m.marked, id)
		} else {
			m.marked[id] = true
		}
		m.note = ""
	case key.Matches(msg, m.compare()):
		return m.compareMarked()
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

// compare is the compare key, enabled with two runs marked or more.
func (m *Model) compare() key.Binding {
	b := m.c.KeyMap.Results.Compare
	b.SetEnabled(len(m.marked) >= 2)
	return b
}

// compareMarked opens the comparison of the marked runs, in the table's
// order, when they are of one scenario.
func (m *Model) compareMarked() tea.Cmd {
	var ids []int64
	scenario := ""
	for _, r := range m.runs {
		if !m.marked[r.ID] {
			continue
		}
		if scenario != "" && r.Record.Scenario != scenario {
			m.note = "Runs of different scenarios do not compare: mark runs of one scenario."
			return nil
		}
		scenario = r.Record.Scenario
		ids = append(ids, r.ID)
	}
	m.c.Push(compare.New(m.c, ids))
	return nil
}

// ShortHelp is the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	full := m.FullHelp()
	if len(full) == 1 {
		return full[0]
	}
	k := m.c.KeyMap.Results
	return append(full[0], k.Mark, m.compare(), k.SortNext, k.Reverse, m.c.KeyMap.Global.Back)
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
	return [][]key.Binding{{up, down, k.Open}, {pu, pd}, {k.Mark, m.compare()}, {k.SortNext, k.SortPrev, k.Reverse}, {g.Back}}
}

// View draws the title and the table, or why there is none.
func (m *Model) View() string {
	st := m.c.Styles
	title := st.Title.Padding(0, 1).Render("Results") + st.Muted.Render(" "+common.Plural(len(m.runs), "recorded drill", "recorded drills"))
	if n := len(m.marked); n > 0 {
		title += st.Muted.Render(" · " + common.Plural(n, "marked", "marked"))
	}
	if h := m.table.Hidden(); h > 0 && m.loaded && len(m.runs) > 0 {
		title += st.Muted.Render(fmt.Sprintf(" · %s hidden (+%d): widen the terminal", common.Plural(h, "column", "columns"), h))
		if n := colPrinciples + len(m.prins); m.sortBy >= n-h {
			arrow := map[bool]string{true: "▼", false: "▲"}[m.desc]
			title += st.Muted.Render(fmt.Sprintf(" · sorted by %s %s", m.titles[m.sortBy], arrow))
		}
	}
	if slices.ContainsFunc(m.runs, func(r store.Run) bool { return r.BoundsEstimated && r.Finished }) {
		if note := st.Muted.Render(" · ~ estimated bounds"); lipgloss.Width(title+note) <= m.width {
			title += note
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
	case m.note != "":
		v = common.Fit(v, m.width, m.height-1, true) + "\n " + st.Error.Render(common.Truncate(m.note, m.width-2))
	}
	return v
}

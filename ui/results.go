package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine/store"
)

// resultsModel lists recorded drills in a table that sorts by any column;
// enter opens a run's debrief again.
type resultsModel struct {
	c      *common
	table  table.Model
	runs   []store.Run
	sortBy int // column index
	desc   bool
	err    error
	loaded bool
}

// runsLoadedMsg brings the recorded runs.
type runsLoadedMsg struct {
	runs []store.Run
	err  error
}

// openRunMsg asks the root to open a recorded run's debrief.
type openRunMsg struct{ run store.Run }

var principleCols = []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"}

func newResults(c *common) resultsModel {
	cols := []table.Column{{Title: "Run", Width: 5}, {Title: "Date", Width: 16}, {Title: "Team", Width: 12}, {Title: "Scenario", Width: 22}, {Title: "Ending", Width: 14}, {Title: "Total", Width: 6}}
	for _, p := range principleCols {
		cols = append(cols, table.Column{Title: strings.ToUpper(p[:3]), Width: 4})
	}
	t := table.New(table.WithColumns(cols), table.WithFocused(true))
	st := table.DefaultStyles()
	st.Header = st.Header.Bold(true).Foreground(colorAccent).BorderBottom(true).BorderForeground(colorSubtle).BorderStyle(lipgloss.NormalBorder())
	st.Selected = st.Selected.Foreground(colorOnBadge).Background(colorAccent)
	t.SetStyles(st)
	return resultsModel{c: c, table: t, sortBy: 1, desc: true}
}

func loadRuns(s store.Store) tea.Cmd {
	return func() tea.Msg {
		if s == nil {
			return runsLoadedMsg{err: fmt.Errorf("no results store is open")}
		}
		runs, err := s.List(store.Filter{})
		return runsLoadedMsg{runs, err}
	}
}

func (m *resultsModel) setSize(w, h int) {
	m.table.SetWidth(w)
	m.table.SetHeight(max(h-4, 3))
}

// cell is a run's value in column i, for display and sorting.
func cell(r store.Run, i int) string {
	switch i {
	case 0:
		return fmt.Sprint(r.ID)
	case 1:
		return r.Started.Local().Format("2006-01-02 15:04")
	case 2:
		return r.Team
	case 3:
		return r.Record.Scenario
	case 4:
		switch {
		case !r.Finished:
			return "(unfinished)"
		case r.Ending == "":
			return "(none)"
		}
		return r.Ending
	case 5:
		if !r.Finished {
			return "-"
		}
		return fmt.Sprintf("%.0f%%", r.Total)
	}
	p := principleCols[i-6]
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
	case 0:
		return float64(r.ID), ""
	case 5:
		return r.Total, ""
	}
	if i >= 6 {
		var f float64
		if _, err := fmt.Sscan(cell(r, i), &f); err == nil {
			return f, ""
		}
		return -1, ""
	}
	return 0, cell(r, i)
}

func (m *resultsModel) refresh() {
	sort.SliceStable(m.runs, func(a, b int) bool {
		fa, sa := sortKey(m.runs[a], m.sortBy)
		fb, sb := sortKey(m.runs[b], m.sortBy)
		less := fa < fb || (fa == fb && sa < sb)
		if m.desc {
			return fb < fa || (fa == fb && sb < sa)
		}
		return less
	})
	rows := make([]table.Row, len(m.runs))
	for i, r := range m.runs {
		row := make(table.Row, 6+len(principleCols))
		for c := range row {
			row[c] = cell(r, c)
		}
		rows[i] = row
	}
	cols := m.table.Columns()
	for i := range cols {
		cols[i].Title = strings.TrimRight(cols[i].Title, " ▲▼")
		if i == m.sortBy {
			cols[i].Title += map[bool]string{true: " ▼", false: " ▲"}[m.desc]
		}
	}
	m.table.SetColumns(cols)
	m.table.SetRows(rows)
}

var (
	sortNext = key.NewBinding(key.WithKeys("s", "right", "l"), key.WithHelp("s/→", "sort by next column"))
	sortPrev = key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "sort by previous column"))
	sortFlip = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reverse the order"))
)

func (m resultsModel) Update(msg tea.Msg) (resultsModel, tea.Cmd) {
	switch msg := msg.(type) {
	case runsLoadedMsg:
		m.loaded, m.runs, m.err = true, msg.runs, msg.err
		m.refresh()
		return m, nil
	case tea.KeyMsg:
		n := 6 + len(principleCols)
		switch {
		case key.Matches(msg, m.c.keys.Back):
			return m, func() tea.Msg { return goHomeMsg{} }
		case key.Matches(msg, m.c.keys.Select):
			if i := m.table.Cursor(); i >= 0 && i < len(m.runs) {
				r := m.runs[i]
				return m, func() tea.Msg { return openRunMsg{r} }
			}
			return m, nil
		case key.Matches(msg, sortNext):
			m.sortBy = (m.sortBy + 1) % n
			m.refresh()
			return m, nil
		case key.Matches(msg, sortPrev):
			m.sortBy = (m.sortBy - 1 + n) % n
			m.refresh()
			return m, nil
		case key.Matches(msg, sortFlip):
			m.desc = !m.desc
			m.refresh()
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	return m, cmd
}

func (m resultsModel) help() bindings {
	k := m.c.keys
	open := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open debrief"))
	return bindings{
		short: []key.Binding{k.Up, k.Down, open, sortNext, sortFlip, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, open}, {sortNext, sortPrev, sortFlip}, {k.Back, k.Quit}},
	}
}

func (m resultsModel) View() string {
	st := m.c.styles
	title := st.Title.Padding(0, 1).Render("Results") + st.Muted.Render(fmt.Sprintf(" %d recorded drills", len(m.runs)))
	switch {
	case !m.loaded:
		return title + "\n\n  Loading…"
	case m.err != nil:
		return title + "\n\n  " + st.Error.Render("The results cannot be read: ") + m.err.Error()
	case len(m.runs) == 0:
		return title + "\n\n  No recorded drills yet: play one from the home screen."
	}
	return title + "\n\n" + m.table.View()
}

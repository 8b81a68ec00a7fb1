// Package table is a table that fits its width: text columns are narrowed
// down to their minimum, and what still does not fit is left out from the
// right, with a marker saying how many columns are hidden. A number is
// never cut, and a column is never narrower than its title (with its sort
// arrow).
package table

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	btable "github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/ui/common"
)

// Column is a column of the table.
type Column struct {
	Title string
	Width int // the width it wants
	Min   int // the narrowest it may be (text is cut with an ellipsis); 0 or Width: never narrowed
}

// Model is a table with a cursor over its rows.
type Model struct {
	c      *common.Common
	cols   []Column
	rows   [][]string
	t      btable.Model
	width  int
	height int
	sort   int  // the column sorted on, -1 for none
	desc   bool // sorted high to low
	shown  int  // how many columns fit
}

// The arrows after the title of the column sorted on.
const (
	arrowDesc = " ▼"
	arrowAsc  = " ▲"
)

// New returns a table of cols, sorted on no column.
func New(c *common.Common, cols []Column) Model {
	g := c.KeyMap.Global
	off := key.NewBinding(key.WithDisabled())
	t := btable.New(btable.WithFocused(true), btable.WithStyles(c.Styles.Table), btable.WithKeyMap(btable.KeyMap{
		LineUp: g.Up, LineDown: g.Down, PageUp: g.PageUp, PageDown: g.PageDown,
		HalfPageUp: off, HalfPageDown: off, GotoTop: off, GotoBottom: off,
	}))
	return Model{c: c, cols: cols, t: t, sort: -1}
}

// SetSort shows the arrow of column i, sorted high to low when desc.
func (m *Model) SetSort(i int, desc bool) {
	m.sort, m.desc = i, desc
	m.fit()
}

// SetRows sets the rows, one string per column.
func (m *Model) SetRows(rows [][]string) {
	m.rows = rows
	m.fit()
}

// SetSize fits the table to width columns and height lines.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.fit()
}

// Cursor is the index of the selected row.
func (m Model) Cursor() int { return m.t.Cursor() }

// SetCursor selects row i.
func (m *Model) SetCursor(i int) { m.t.SetCursor(i) }

// Hidden is how many columns do not fit.
func (m Model) Hidden() int { return len(m.cols) - m.shown }

// Update moves the cursor.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.t, cmd = m.t.Update(msg)
	return m, cmd
}

// View draws the table.
func (m Model) View() string { return m.t.View() }

// widths decides each column's width for the table's width: the wanted
// widths, then the widest slack taken first, then columns left out from
// the right with room kept for the marker.
func (m *Model) widths() ([]int, int) {
	const pad = 2 // a cell's padding
	ws := make([]int, len(m.cols))
	mins := make([]int, len(m.cols))
	total := 0
	for i, c := range m.cols {
		title := ansi.StringWidth(c.Title)
		if i == m.sort {
			title += ansi.StringWidth(arrowDesc)
		}
		ws[i] = max(c.Width, title)
		mins[i] = ws[i]
		if c.Min > 0 {
			mins[i] = max(c.Min, title)
		}
		total += ws[i] + pad
	}
	for total > m.width {
		k := -1
		for i := range ws {
			if ws[i] > mins[i] && (k < 0 || ws[i]-mins[i] > ws[k]-mins[k]) {
				k = i
			}
		}
		if k < 0 {
			break
		}
		ws[k]--
		total--
	}
	shown := len(ws)
	marker := 0
	for total+marker > m.width && shown > 1 {
		shown--
		total -= ws[shown] + pad
		marker = len(fmt.Sprint(len(ws)-shown)) + 1 + pad // "+N"
	}
	return ws, shown
}

func (m *Model) fit() {
	ws, shown := m.widths()
	m.shown = shown
	cols := make([]btable.Column, 0, shown+1)
	for i := range shown {
		title := m.cols[i].Title
		if i == m.sort {
			title += map[bool]string{true: arrowDesc, false: arrowAsc}[m.desc]
		}
		cols = append(cols, btable.Column{Title: title, Width: ws[i]})
	}
	hidden := len(m.cols) - shown
	if hidden > 0 {
		mark := fmt.Sprintf("+%d", hidden)
		cols = append(cols, btable.Column{Title: mark, Width: len(mark)})
	}
	rows := make([]btable.Row, len(m.rows))
	for r, row := range m.rows {
		cells := make(btable.Row, len(cols))
		for i := range shown {
			if i < len(row) {
				cells[i] = row[i]
			}
		}
		if hidden > 0 {
			cells[shown] = "…"
		}
		rows[r] = cells
	}
	// Rows first when the columns shrink, columns first when they grow:
	// the table renders on each change and must find a cell per column.
	if len(cols) < len(m.t.Columns()) {
		m.t.SetRows(rows)
		m.t.SetColumns(cols)
	} else {
		m.t.SetColumns(cols)
		m.t.SetRows(rows)
	}
	if m.t.Cursor() < 0 && len(rows) > 0 {
		m.t.SetCursor(0) // the table put it before the first row while it had none
	}
	m.t.SetWidth(m.width)
	m.t.SetHeight(max(m.height, 3))
}

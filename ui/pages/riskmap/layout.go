package riskmap

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/ui/common"
)

// layout is how the map screen fits the page.
type layout struct {
	labelW, cellW, leftW int // row label width, cell width, map column width
	wide                 bool
	bodyH                int
	listCap              int // most list rows; 0 for no limit
	detailW, detailH     int // the detail pane's outer size; 0 when not shown
}

// bodyHeight is what the title and the status line leave.
func (m *Model) bodyHeight(full bool) int {
	h := m.height - 1
	if !full && (m.status != "" || m.err != "") {
		h--
	}
	return max(h, 0)
}

// layout: map left and detail right from 80 columns (row labels in full
// from 100, else their numbers; wider cells from 120); below 80 the detail goes under the map
// when there is room, and otherwise shows on enter.
func (m *Model) layout() layout {
	w := m.width
	lay := layout{cellW: 6, bodyH: m.bodyHeight(false)}
	switch {
	case w >= 120:
		lay.labelW, lay.cellW = 14, 8
	case w >= 100:
		lay.labelW = 14
	case w >= 80:
		lay.labelW = 5 // the likelihood's numbers (the legend names them), and room for "impact →"
	default:
		lay.labelW = min(max(w-4-5*lay.cellW-1, 0), 14)
	}
	lay.leftW = lay.labelW + 4 + 5*lay.cellW
	if w >= 80 {
		lay.wide = true
		lay.detailW, lay.detailH = w-lay.leftW-1, lay.bodyH
		return lay
	}
	lay.leftW = w
	lay.listCap = 4
	if left := len(m.leftColumn(lay)); lay.bodyH-left >= 7 {
		lay.detailW, lay.detailH = w, lay.bodyH-left
	} else {
		lay.listCap = 0
	}
	return lay
}

// scroll moves the detail pane by n lines, within its content.
func (m *Model) scroll(n int) {
	w, h := m.detailSize()
	if w <= 0 {
		return
	}
	lines := len(m.detailLines(w - 4))
	m.detailOff = min(max(m.detailOff+n, 0), max(lines-(h-2), 0))
}

func (m *Model) detailPage() int { _, h := m.detailSize(); return max(h-3, 1) }

// detailSize is the outer size of the detail pane as drawn now; 0 wide when
// it is not shown.
func (m *Model) detailSize() (int, int) {
	if m.full {
		return m.width, m.bodyHeight(true)
	}
	lay := m.layout()
	return lay.detailW, lay.detailH
}

// View draws the form, the delete question, the full detail or the map,
// cut and padded to the page.
func (m *Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	var body string
	switch {
	case m.cfg.Problem != nil:
		body = m.problemView(w, h)
	case m.formOpen:
		body = m.form.view(w, h)
	case m.confirm:
		body = m.confirmView(w, h)
	case m.full:
		body = m.fullView(w)
	default:
		body = m.mapView()
	}
	return common.Fit(body, w, h, true)
}

func (m *Model) title(extra string) string {
	st := m.c.Styles
	name := common.Or(common.Line(m.reg.Title), "risk register")
	return " " + st.Title.Render("Risk map") + st.Muted.Render(" · "+name+" · "+common.Plural(len(m.reg.Risks), "risk", "risks")+extra)
}

func (m *Model) mapView() string {
	st := m.c.Styles
	lay := m.layout()
	rows := []string{m.title("")}
	left := m.leftColumn(lay)
	for len(left) < lay.bodyH {
		left = append(left, "")
	}
	if len(left) > lay.bodyH {
		left = left[:lay.bodyH]
	}
	var body string
	switch {
	case lay.wide:
		col := m.c.Renderer.NewStyle().Width(lay.leftW).Render(strings.Join(left, "\n"))
		body = lipgloss.JoinHorizontal(lipgloss.Top, col, " ", m.detailBox(lay.detailW, lay.detailH))
	case lay.detailH > 0:
		body = strings.Join(left, "\n")
		body = strings.TrimRight(body, "\n") + "\n" + m.detailBox(lay.detailW, lay.detailH)
	default:
		body = strings.Join(left, "\n")
	}
	rows = append(rows, body)
	switch {
	case m.err != "":
		rows = append(rows, " "+st.Error.Render(m.err))
	case m.status != "":
		rows = append(rows, " "+st.Success.Render(m.status))
	}
	return strings.Join(rows, "\n")
}

func (m *Model) fullView(w int) string {
	r := m.selected()
	if r == nil {
		return m.title("")
	}
	return m.title(" · "+common.Line(r.ID)) + "\n" + m.detailBox(w, m.bodyHeight(true))
}

func (m *Model) confirmView(w, h int) string {
	st := m.c.Styles
	title := ""
	for _, r := range m.reg.Risks {
		if r.ID == m.confirmID {
			title = common.Line(r.Title)
		}
	}
	inner := max(min(w-10, 60), 10)
	text := st.Strong.Render(common.Truncate("Delete the risk "+common.Line(m.confirmID)+"?", inner)) + "\n" +
		wrap(st.Muted.Render(title), inner) + "\n\n" +
		common.Truncate("It is removed from "+m.fileName()+".", inner) + "\n\n" + st.Muted.Render("y delete · n keep")
	if m.pending {
		text += "\n" + st.Muted.Render("Saving…")
	}
	box := st.Modal
	if h < 12 || w < 50 {
		box = box.Padding(0, 1)
	}
	return m.c.Place(w, h, box.Render(text))
}

package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/engine"
)

// The risk map screen: the register's risks on a 5x5 heat map of likelihood
// (rows, 5 at the top) by impact (columns, 1 at the left), each cell in the
// colour of its severity band and showing how many risks sit there before
// treatment (inherent) and after it (residual): "2 ·1" is two risks rated
// there inherently and one whose residual rating lands there. A cursor moves
// over the cells; the cell's risks are listed under the map, and the
// selected one is described in a detail pane beside it (or below it, or on
// enter when the terminal is small). a adds a risk, e edits, x deletes; the
// form is in riskform.go.

// RiskMapConfig is what the risk map screen needs.
type RiskMapConfig struct {
	Register *engine.Register
	Guidance *engine.Guidance             // for principle ids in the plan form
	Save     func(*engine.Register) error // writes the file; runs in a tea.Cmd
	Status   func(riskID string) []string // readiness lines for the detail pane (drilled, last drill, best score, flags); may be nil
}

// riskFocus is where the keys go on the map screen.
type riskFocus int

const (
	riskFocusMap  riskFocus = iota // the cursor moves over the cells
	riskFocusList                  // up and down select a risk of the cell
)

type riskMapModel struct {
	c   *common
	cfg RiskMapConfig
	reg *engine.Register
	st  riskStyles

	curL, curI int // the cursor cell: likelihood 1..5 (row), impact 1..5 (column)
	focus      riskFocus
	sel        int  // the selected entry of the cursor cell's list
	detailOff  int  // lines the detail pane is scrolled by
	full       bool // the detail fills the screen (enter)

	confirm   bool   // asking whether to delete confirmID
	confirmID string // the risk to delete

	formOpen bool
	form     riskFormModel

	pending bool   // a save is running
	status  string // the last save's outcome
	err     string // the last save's error

	now func() time.Time // for overdue reviews
}

// riskMapSavedMsg answers a save of the register: risks is the new list,
// which becomes the register's once the file has it.
type riskMapSavedMsg struct {
	risks  []engine.Risk
	focus  string // the risk to select afterwards, if any
	done   string // what was done, for the status line
	noSave bool   // there is no save function: kept in memory only
	err    error
}

// riskEntry is a risk listed in a cell: placed there by its inherent rating,
// or by its residual one.
type riskEntry struct {
	idx      int // into the register's risks
	residual bool
}

var (
	riskLeft     = key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "left"))
	riskRight    = key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "right"))
	riskMove     = key.NewBinding(key.WithKeys("up", "down", "left", "right", "h", "j", "k", "l"), key.WithHelp("←↓↑→", "move"))
	riskMoveAll  = key.NewBinding(key.WithKeys("up", "down", "left", "right", "h", "j", "k", "l"), key.WithHelp("←↓↑→/hjkl", "move over the cells"))
	riskSelect   = key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑↓/jk", "select"))
	riskToList   = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "list"))
	riskToMap    = key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab/esc", "map"))
	riskOpen     = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details"))
	riskAdd      = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add"))
	riskEdit     = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit"))
	riskDelete   = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete"))
	riskScroll   = key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", "scroll details"))
	riskCloseDet = key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc", "back"))
	riskLines    = key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑↓/jk", "scroll"))
)

func newRiskMap(c *common, cfg RiskMapConfig) riskMapModel {
	reg := cfg.Register
	if reg == nil {
		reg = &engine.Register{}
	}
	m := riskMapModel{c: c, cfg: cfg, reg: reg, curL: 1, curI: 1, now: time.Now}
	m.st = newRiskStyles(c.styles, m.bands())
	// Start on the most severe cell that holds a risk.
	best := 0
	for _, r := range reg.Risks {
		if rmOnScale(r.Likelihood, r.Impact) && (r.Severity() > best || (r.Severity() == best && r.Likelihood > m.curL)) {
			best, m.curL, m.curI = r.Severity(), r.Likelihood, r.Impact
		}
	}
	return m
}

func (m riskMapModel) Init() tea.Cmd { return nil }

func (m *riskMapModel) setSize(w, h int) {
	if m.formOpen {
		m.form.setSize(w, h)
	}
}

// typing reports whether keys go to the form, so that global keys (q, ?)
// must not act on them.
func (m riskMapModel) typing() bool { return m.formOpen }

// bands are the register's severity bands, or the default ones.
func (m riskMapModel) bands() []engine.Band {
	if len(m.reg.Bands) > 0 {
		return m.reg.Bands
	}
	return engine.DefaultBands
}

// bandIndex is the index of a severity's band.
func (m riskMapModel) bandIndex(sev int) int {
	b := 0
	for i, x := range m.bands() {
		if sev >= x.Min {
			b = i
		}
	}
	return b
}

func rmOnScale(l, i int) bool { return l >= 1 && l <= 5 && i >= 1 && i <= 5 }

// counts returns how many risks sit in each cell, inherent and residual.
func (m riskMapModel) counts() (inh, res [6][6]int) {
	for _, r := range m.reg.Risks {
		if rmOnScale(r.Likelihood, r.Impact) {
			inh[r.Likelihood][r.Impact]++
		}
		if rmOnScale(r.ResidualLikelihood, r.ResidualImpact) {
			res[r.ResidualLikelihood][r.ResidualImpact]++
		}
	}
	return inh, res
}

// entries lists the risks of a cell: the inherent ones, then the residual.
func (m riskMapModel) entries(l, i int) []riskEntry {
	var out []riskEntry
	for k, r := range m.reg.Risks {
		if r.Likelihood == l && r.Impact == i {
			out = append(out, riskEntry{idx: k})
		}
	}
	for k, r := range m.reg.Risks {
		if r.ResidualLikelihood == l && r.ResidualImpact == i {
			out = append(out, riskEntry{idx: k, residual: true})
		}
	}
	return out
}

// selected returns the selected risk, or nil when the cell is empty.
func (m riskMapModel) selected() *engine.Risk {
	es := m.entries(m.curL, m.curI)
	if len(es) == 0 {
		return nil
	}
	return &m.reg.Risks[es[min(max(m.sel, 0), len(es)-1)].idx]
}

// selectRisk moves the cursor to a risk's inherent cell and selects it.
func (m *riskMapModel) selectRisk(id string) {
	for _, r := range m.reg.Risks {
		if r.ID != id || !rmOnScale(r.Likelihood, r.Impact) {
			continue
		}
		m.curL, m.curI = r.Likelihood, r.Impact
		for k, e := range m.entries(m.curL, m.curI) {
			if !e.residual && m.reg.Risks[e.idx].ID == id {
				m.sel = k
			}
		}
		m.focus, m.detailOff = riskFocusList, 0
		return
	}
}

func (m *riskMapModel) moveCursor(dl, di int) {
	l, i := min(max(m.curL+dl, 1), 5), min(max(m.curI+di, 1), 5)
	if l != m.curL || i != m.curI {
		m.curL, m.curI, m.sel, m.detailOff = l, i, 0, 0
	}
}

func (m riskMapModel) Update(msg tea.Msg) (riskMapModel, tea.Cmd) {
	switch msg := msg.(type) {
	case riskMapSavedMsg:
		return m.saved(msg), nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	if m.formOpen {
		var cmd tea.Cmd
		m.form, cmd = m.form.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m riskMapModel) saved(msg riskMapSavedMsg) riskMapModel {
	m.pending = false
	if msg.err != nil {
		e := "Not saved: " + engine.Sanitize(msg.err.Error())
		if m.formOpen {
			m.form.saveErr = e + " (ctrl+s tries again; esc drops the change)"
		} else {
			m.err, m.status = e, ""
		}
		return m
	}
	m.reg.Risks = msg.risks
	m.formOpen, m.confirm, m.err = false, false, ""
	if msg.noSave {
		m.status = "Not saved: there is no file to save to; " + msg.done + " for this session only."
	} else {
		m.status = "Saved to " + m.fileName() + ": " + msg.done + "."
	}
	if msg.focus != "" {
		m.selectRisk(msg.focus)
	} else {
		m.sel = min(m.sel, max(len(m.entries(m.curL, m.curI))-1, 0))
		if len(m.entries(m.curL, m.curI)) == 0 {
			m.focus = riskFocusMap
		}
	}
	return m
}

func (m riskMapModel) fileName() string {
	if m.reg.File == "" {
		return "the register"
	}
	return engine.Sanitize(m.reg.File)
}

// save writes risks as the register's list in a command; the register takes
// them when the file has.
func (m riskMapModel) save(risks []engine.Risk, focus, done string) (riskMapModel, tea.Cmd) {
	m.pending = true
	snap := *m.reg
	snap.Risks = risks
	save := m.cfg.Save
	return m, func() tea.Msg {
		if save == nil {
			return riskMapSavedMsg{risks: risks, focus: focus, done: done, noSave: true}
		}
		return riskMapSavedMsg{risks: risks, focus: focus, done: done, err: save(&snap)}
	}
}

func (m riskMapModel) handleKey(msg tea.KeyMsg) (riskMapModel, tea.Cmd) {
	k := m.c.keys
	switch {
	case m.pending && key.Matches(msg, k.Back):
		return m, nil // the save's answer must find this screen
	case m.formOpen:
		return m.formKey(msg)
	case m.confirm:
		switch {
		case m.pending:
		case key.Matches(msg, k.Yes):
			id := m.confirmID
			risks := slices.DeleteFunc(slices.Clone(m.reg.Risks), func(r engine.Risk) bool { return r.ID == id })
			m.confirm = false
			return m.save(risks, "", "deleted "+engine.Sanitize(id))
		case key.Matches(msg, k.No):
			m.confirm = false
		}
		return m, nil
	case m.full:
		switch {
		case key.Matches(msg, riskCloseDet):
			m.full = false
		case key.Matches(msg, k.Up):
			m.scroll(-1)
		case key.Matches(msg, k.Down):
			m.scroll(1)
		case key.Matches(msg, k.PageUp):
			m.scroll(-m.detailPage())
		case key.Matches(msg, k.PageDown):
			m.scroll(m.detailPage())
		}
		return m, nil
	}
	sel := m.selected()
	switch {
	case key.Matches(msg, k.PageUp):
		m.scroll(-m.detailPage())
		return m, nil
	case key.Matches(msg, k.PageDown):
		m.scroll(m.detailPage())
		return m, nil
	case key.Matches(msg, riskAdd) && !m.pending:
		m.form = newRiskForm(m.c, m.cfg.Guidance, nil, -1, m.curL, m.curI)
		m.form.setSize(m.c.width, m.c.height)
		m.formOpen = true
		return m, nil
	case key.Matches(msg, riskEdit) && sel != nil && !m.pending:
		idx := slices.IndexFunc(m.reg.Risks, func(r engine.Risk) bool { return r.ID == sel.ID })
		m.form = newRiskForm(m.c, m.cfg.Guidance, sel, idx, m.curL, m.curI)
		m.form.setSize(m.c.width, m.c.height)
		m.formOpen = true
		return m, nil
	case key.Matches(msg, riskDelete) && sel != nil && !m.pending:
		m.confirm, m.confirmID = true, sel.ID
		return m, nil
	case key.Matches(msg, riskOpen) && sel != nil:
		m.full, m.detailOff = true, 0
		return m, nil
	}
	if m.focus == riskFocusList {
		n := len(m.entries(m.curL, m.curI))
		switch {
		case key.Matches(msg, k.Back, riskToMap):
			m.focus = riskFocusMap
		case key.Matches(msg, k.Up):
			if m.sel > 0 {
				m.sel, m.detailOff = m.sel-1, 0
			}
		case key.Matches(msg, k.Down):
			if m.sel < n-1 {
				m.sel, m.detailOff = m.sel+1, 0
			}
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return m, func() tea.Msg { return goHomeMsg{} }
	case key.Matches(msg, riskToList):
		if len(m.entries(m.curL, m.curI)) > 0 {
			m.focus = riskFocusList
		}
	case key.Matches(msg, k.Up):
		m.moveCursor(1, 0)
	case key.Matches(msg, k.Down):
		m.moveCursor(-1, 0)
	case key.Matches(msg, riskLeft):
		m.moveCursor(0, -1)
	case key.Matches(msg, riskRight):
		m.moveCursor(0, 1)
	}
	return m, nil
}

// formKey handles a key while the form is open: esc cancels, ctrl+s
// validates and saves, the rest goes to the form.
func (m riskMapModel) formKey(msg tea.KeyMsg) (riskMapModel, tea.Cmd) {
	switch {
	case key.Matches(msg, m.c.keys.Back):
		m.formOpen = false
		return m, nil
	case key.Matches(msg, riskSaveForm):
		if m.pending {
			return m, nil
		}
		r, ok := m.form.validate(m.reg.Risks, m.cfg.Guidance)
		if !ok {
			return m, nil
		}
		risks := slices.Clone(m.reg.Risks)
		done := "added " + r.ID
		if m.form.orig >= 0 && m.form.orig < len(risks) {
			risks[m.form.orig] = r
			done = "updated " + r.ID
		} else {
			risks = append(risks, r)
		}
		m.form.saveErr = ""
		m.form.saving = true
		return m.save(risks, r.ID, done)
	}
	var cmd tea.Cmd
	m.form, cmd = m.form.Update(msg)
	return m, cmd
}

// scroll moves the detail pane by n lines, within its content.
func (m *riskMapModel) scroll(n int) {
	w, h := m.detailSize()
	if w <= 0 {
		return
	}
	lines := len(m.detailLines(w - 4))
	m.detailOff = min(max(m.detailOff+n, 0), max(lines-(h-2), 0))
}

func (m riskMapModel) detailPage() int { _, h := m.detailSize(); return max(h-3, 1) }

// detailSize is the outer size of the detail pane as drawn now; 0 wide when
// it is not shown.
func (m riskMapModel) detailSize() (int, int) {
	if m.full {
		return m.c.width, m.bodyHeight(true)
	}
	lay := m.layout()
	return lay.detailW, lay.detailH
}

func (m riskMapModel) help() bindings {
	k := m.c.keys
	switch {
	case m.formOpen:
		return bindings{short: []key.Binding{riskNextField, riskPrevField, riskSaveForm, riskCancelForm},
			full: [][]key.Binding{{riskNextField, riskPrevField}, {riskSaveForm, riskCancelForm}}}
	case m.confirm:
		yes := key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "delete"))
		no := key.NewBinding(key.WithKeys("n"), key.WithHelp("n/esc", "keep"))
		return bindings{short: []key.Binding{yes, no}, full: [][]key.Binding{{yes, no}}}
	case m.full:
		return bindings{short: []key.Binding{riskLines, riskCloseDet, riskScroll},
			full: [][]key.Binding{{riskLines, riskScroll}, {riskCloseDet, k.Quit}}}
	}
	has := m.selected() != nil
	edit, del, open := riskEdit, riskDelete, riskOpen
	edit.SetEnabled(has)
	del.SetEnabled(has)
	open.SetEnabled(has)
	if m.focus == riskFocusList {
		return bindings{short: []key.Binding{riskSelect, open, edit, del, riskAdd, riskToMap, k.Help},
			full: [][]key.Binding{{riskSelect, riskToMap}, {open, riskScroll}, {riskAdd, edit, del}, {k.Help, k.Quit}}}
	}
	toList := riskToList
	toList.SetEnabled(has)
	return bindings{short: []key.Binding{riskMove, toList, open, riskAdd, edit, del, k.Back, k.Help},
		full: [][]key.Binding{{riskMoveAll, toList}, {open, riskScroll}, {riskAdd, edit, del}, {k.Back, k.Help, k.Quit}}}
}

// rmLayout is how the map screen fits the terminal.
type rmLayout struct {
	labelW, cellW, leftW int // row label width, cell width, map column width
	wide                 bool
	bodyH                int
	listCap              int // most list rows; 0 for no limit
	detailW, detailH     int // the detail pane's outer size; 0 when not shown
}

// bodyHeight is what the title, the status line and the help leave.
func (m riskMapModel) bodyHeight(full bool) int {
	h := m.c.height - 1 - lipgloss.Height(m.c.helpView(m.help()))
	if !full && (m.status != "" || m.err != "") {
		h--
	}
	return max(h, 0)
}

// layout: map left and detail right from 80 columns (row labels in full
// from 100, wider cells from 120); below 80 the detail goes under the map
// when there is room, and otherwise shows on enter.
func (m riskMapModel) layout() rmLayout {
	w := m.c.width
	lay := rmLayout{cellW: 6, bodyH: m.bodyHeight(false)}
	switch {
	case w >= 120:
		lay.labelW, lay.cellW = 14, 8
	case w >= 100:
		lay.labelW = 14
	case w >= 80:
		lay.labelW = 8
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

func (m riskMapModel) View() string {
	w, h := m.c.width, m.c.height
	if w <= 0 || h <= 0 {
		return ""
	}
	helpV := " " + strings.ReplaceAll(m.c.helpView(m.help()), "\n", "\n ")
	bodyH := max(h-lipgloss.Height(helpV), 0)
	var body string
	switch {
	case m.formOpen:
		body = m.form.View(w, bodyH)
	case m.confirm:
		body = m.confirmView(w, bodyH)
	case m.full:
		body = m.fullView(w)
	default:
		body = m.mapView()
	}
	return rmFit(body, w, bodyH, true) + "\n" + rmFit(helpV, w, h-bodyH, false)
}

// rmFit cuts s to at most h lines of at most w cells; pad fills it to h.
func rmFit(s string, w, h int, pad bool) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = truncate(l, w)
		}
	}
	for pad && len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (m riskMapModel) title(extra string) string {
	st := m.c.styles
	name := engine.Sanitize(m.reg.Title)
	if name == "" {
		name = "risk register"
	}
	n := len(m.reg.Risks)
	count := fmt.Sprintf("%d risks", n)
	if n == 1 {
		count = "1 risk"
	}
	return " " + st.Title.Render("Risk map") + st.Muted.Render(" · "+name+" · "+count+extra)
}

func (m riskMapModel) mapView() string {
	st := m.c.styles
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
		col := lipgloss.NewStyle().Width(lay.leftW).Render(strings.Join(left, "\n"))
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
		rows = append(rows, " "+st.Panel.Met.Render(m.status))
	}
	return strings.Join(rows, "\n")
}

// leftColumn is the map, its legend, the cursor cell's caption and its list
// of risks, cut to the body's height: the list keeps a line or two before
// the legend does.
func (m riskMapModel) leftColumn(lay rmLayout) []string {
	st := m.c.styles
	out := m.gridLines(lay)
	legend := m.legendLines(lay.leftW)
	ents := m.entries(m.curL, m.curI)
	avail := lay.bodyH - len(out) - 1 // the caption
	need := max(len(ents), 1)
	if lay.listCap > 0 {
		need = min(need, lay.listCap)
	}
	if avail-len(legend) >= min(need, 2) {
		out = append(out, legend...)
		avail -= len(legend)
		if avail-need >= 1 {
			out = append(out, "")
			avail--
		}
	}
	sev := m.curL * m.curI
	bi := m.bandIndex(sev)
	caption := fmt.Sprintf(" L%d %s × I%d %s · %d ", m.curL, engine.LikelihoodLabels[m.curL-1], m.curI, engine.ImpactLabels[m.curI-1], sev)
	out = append(out, truncate(st.Strong.Render(caption)+m.st.tag[bi].Render(m.bands()[bi].Name), lay.leftW))
	rows := min(need, max(avail, 0))
	if rows == 0 {
		return out
	}
	if len(ents) == 0 {
		return append(out, st.Muted.Render(truncate("   No risks here: a adds one.", lay.leftW)))
	}
	start := 0
	if m.sel >= rows {
		start = m.sel - rows + 1
	}
	for k := start; k < min(start+rows, len(ents)); k++ {
		e := ents[k]
		r := m.reg.Risks[e.idx]
		mark := "  "
		if k == m.sel {
			if m.focus == riskFocusList {
				mark = st.Choice.Cursor.Render("▌ ")
			} else {
				mark = st.Muted.Render("› ")
			}
		}
		kind := " "
		if e.residual {
			kind = "·"
		}
		id := engine.Sanitize(r.ID)
		name := st.Strong
		if k == m.sel && m.focus == riskFocusList {
			name = st.Choice.Selected
		}
		line := " " + mark + kind + name.Render(id) + " " + st.Muted.Render(engine.Sanitize(r.Title))
		out = append(out, truncate(line, lay.leftW))
	}
	return out
}

// gridLines draws the heat map: five rows of cells under their likelihood
// labels, then the impact numbers and labels.
func (m riskMapModel) gridLines(lay rmLayout) []string {
	inh, res := m.counts()
	var out []string
	for l := 5; l >= 1; l-- {
		row := m.st.axis.Render(" " + rmPad(fmt.Sprint(l)+" "+rmAbbrev(engine.LikelihoodLabels[l-1], lay.labelW), lay.labelW+2) + " ")
		for i := 1; i <= 5; i++ {
			txt := rmCount(inh[l][i], res[l][i], lay.cellW-2)
			style := m.st.cell[m.bandIndex(l*i)]
			if l == m.curL && i == m.curI {
				txt = "[" + rmCenter(txt, lay.cellW-2) + "]"
				style = style.Inherit(m.st.cursor)
			} else {
				txt = rmCenter(txt, lay.cellW)
			}
			row += style.Render(txt)
		}
		out = append(out, row)
	}
	gutter := lay.labelW + 4
	nums, labels := rmPadLeft("impact →", gutter-1)+" ", strings.Repeat(" ", gutter)
	for i := 1; i <= 5; i++ {
		nums += rmCenter(fmt.Sprint(i), lay.cellW)
		labels += rmCenter(rmAbbrev(engine.ImpactLabels[i-1], lay.cellW-1), lay.cellW)
	}
	return append(out, m.st.axis.Render(nums), m.st.axis.Render(labels))
}

// legendLines names the bands in their colours and explains the counts, in
// one line when it fits width and two otherwise.
func (m riskMapModel) legendLines(width int) []string {
	st := m.c.styles
	var parts []string
	for i, b := range m.bands() {
		parts = append(parts, m.st.tag[i].Render("█")+" "+st.Muted.Render(engine.Sanitize(b.Name)))
	}
	bands := " " + strings.Join(parts, " ")
	note := st.Muted.Render(" 2 ·1 = 2 inherent, 1 residual")
	if ansi.StringWidth(bands)+ansi.StringWidth(note)+1 <= width {
		return []string{bands + " " + st.Muted.Render("·") + note}
	}
	return []string{truncate(bands, width), truncate(note, width)}
}

// rmCount is a cell's text: inherent count, then residual after a dot.
func rmCount(inh, res, width int) string {
	var s string
	switch {
	case inh == 0 && res == 0:
		return ""
	case res == 0:
		s = fmt.Sprint(inh)
	case inh == 0:
		s = fmt.Sprintf("·%d", res)
	default:
		s = fmt.Sprintf("%d ·%d", inh, res)
		if len(s)-1 > width { // "·" is one cell but two bytes
			s = fmt.Sprintf("%d·%d", inh, res)
		}
	}
	return truncate(s, width)
}

// rmAbbrev shortens a label to width cells, ending in a dot when cut.
func rmAbbrev(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	if width == 1 {
		return ansi.Truncate(s, 1, "")
	}
	return strings.TrimRight(ansi.Truncate(s, width-1, ""), " ") + "."
}

func rmPad(s string, w int) string { return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) }

func rmPadLeft(s string, w int) string {
	s = truncate(s, w)
	return strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) + s
}

func rmCenter(s string, w int) string {
	s = truncate(s, w)
	gap := max(w-ansi.StringWidth(s), 0)
	return strings.Repeat(" ", gap/2) + s + strings.Repeat(" ", gap-gap/2)
}

// detailBox draws the detail pane, w by h cells with its border, scrolled
// by detailOff.
func (m riskMapModel) detailBox(w, h int) string {
	if w < 6 || h < 3 {
		return ""
	}
	st := m.c.styles
	inner, innerH := w-4, h-2
	lines := m.detailLines(inner)
	off := min(max(m.detailOff, 0), max(len(lines)-innerH, 0))
	vis := slices.Clone(lines[off:min(len(lines), off+innerH)])
	if off > 0 && len(vis) > 1 {
		vis[0] = st.Muted.Render("↑ more: pgup")
	}
	if off+innerH < len(lines) && len(vis) > 1 {
		vis[len(vis)-1] = st.Muted.Render("↓ more: pgdn")
	}
	return m.st.box.Width(w - 2).Height(innerH).Render(strings.Join(vis, "\n"))
}

// detailLines describes the selected risk (or the empty cell) in lines of
// at most width cells.
func (m riskMapModel) detailLines(width int) []string {
	st := m.c.styles
	width = max(width, 10)
	r := m.selected()
	wrap := func(s string, w int) []string { return strings.Split(ansi.Wrap(s, max(w, 1), "/"), "\n") }
	if r == nil {
		sev := m.curL * m.curI
		bi := m.bandIndex(sev)
		out := wrap(st.Strong.Render(fmt.Sprintf("L%d %s × I%d %s", m.curL, engine.LikelihoodLabels[m.curL-1], m.curI, engine.ImpactLabels[m.curI-1])), width)
		out = append(out, "Severity "+fmt.Sprint(sev)+" · "+m.st.tag[bi].Render(engine.Sanitize(m.bands()[bi].Name)), "")
		if len(m.reg.Risks) == 0 {
			return append(out, wrap(st.Muted.Render("The register has no risks yet: press a to add one."), width)...)
		}
		return append(out, wrap(st.Muted.Render("No risk sits in this cell. Move to a coloured number, or press a to add a risk here."), width)...)
	}
	clean := engine.Sanitize
	labelW := 11
	valW := width - labelW
	var out []string
	row := func(label, value string) {
		if valW < 12 { // too narrow for two columns: the label above
			out = append(out, st.Panel.Heading.Render(label))
			out = append(out, wrap(value, width)...)
			return
		}
		for k, l := range wrap(value, valW) {
			if k == 0 {
				out = append(out, m.st.label.Render(rmPad(label, labelW))+l)
			} else {
				out = append(out, strings.Repeat(" ", labelW)+l)
			}
		}
	}
	bi := m.bandIndex(r.Severity())
	out = append(out, wrap(st.Title.Render(clean(r.ID))+" "+m.st.badge[bi].Render(strings.ToUpper(clean(m.bands()[bi].Name))), width)...)
	out = append(out, wrap(st.Strong.Render(clean(r.Title)), width)...)
	if r.Description != "" {
		out = append(out, wrap(st.Muted.Render(clean(r.Description)), width)...)
	}
	out = append(out, "")
	row("Owner", rmOr(clean(r.Owner), m.st.warn.Render("nobody named")))
	if r.Category != "" {
		row("Category", clean(r.Category))
	}
	row("Inherent", m.rating(r.Likelihood, r.Impact))
	if r.ResidualLikelihood == 0 && r.ResidualImpact == 0 {
		row("Residual", st.Muted.Render("not assessed"))
	} else {
		row("Residual", m.rating(r.ResidualLikelihood, r.ResidualImpact))
	}
	row("Treatment", rmOr(clean(string(r.Treatment)), st.Muted.Render("not decided")))
	switch {
	case r.Plan.Text != "":
		row("Plan", clean(r.Plan.Text))
		if r.Plan.File != "" {
			row("", "file: "+clean(r.Plan.File))
		}
	case r.Plan.File != "":
		row("Plan", "file: "+clean(r.Plan.File))
	case len(r.Plan.Steps) == 0:
		row("Plan", m.st.warn.Render("none written"))
	}
	covered, missed, unknown := m.principles(r)
	row("Covers", rmOr(strings.Join(covered, ", "), st.Muted.Render("no principle")))
	if len(missed) > 0 {
		row("Misses", m.st.warn.Render(strings.Join(missed, ", ")))
	}
	if len(unknown) > 0 {
		row("Unknown", st.Error.Render(strings.Join(unknown, ", ")))
	}
	if len(r.Plan.Steps) > 0 {
		out = append(out, st.Panel.Heading.Render("Who does what"))
		for _, s := range r.Plan.Steps {
			who := clean(s.Who)
			if who == "" {
				who = m.st.warn.Render("(nobody)")
			}
			for k, l := range wrap(st.Strong.Render(who)+": "+clean(s.What), width-2) {
				if k == 0 {
					out = append(out, "• "+l)
				} else {
					out = append(out, "  "+l)
				}
			}
		}
	}
	var scs []string
	for _, s := range r.Scenarios {
		scs = append(scs, clean(s))
	}
	row("Drilled by", rmOr(strings.Join(scs, ", "), m.st.warn.Render("no scenario drills it")))
	switch {
	case r.Review.IsZero():
		row("Review", st.Muted.Render("no date set"))
	case r.Review.Before(m.now().Truncate(24 * time.Hour)):
		row("Review", r.Review.Format("2006-01-02")+" "+m.st.warn.Render("overdue"))
	default:
		row("Review", r.Review.Format("2006-01-02"))
	}
	if m.cfg.Status != nil {
		if lines := m.cfg.Status(r.ID); len(lines) > 0 {
			out = append(out, st.Panel.Heading.Render("Readiness"))
			for _, l := range lines {
				out = append(out, wrap(clean(l), width)...)
			}
		}
	}
	for i, l := range out {
		out[i] = truncate(l, width)
	}
	return out
}

// rating says where a risk sits: "L4 likely × I5 catastrophic = 20 critical".
func (m riskMapModel) rating(l, i int) string {
	if !rmOnScale(l, i) {
		return m.st.warn.Render(fmt.Sprintf("L%d × I%d is off the 1-5 scales", l, i))
	}
	bi := m.bandIndex(l * i)
	return fmt.Sprintf("L%d %s × I%d %s = %d ", l, engine.LikelihoodLabels[l-1], i, engine.ImpactLabels[i-1], l*i) +
		m.st.tag[bi].Render(engine.Sanitize(m.bands()[bi].Name))
}

// principles splits the guidance's principles into those the plan covers
// and those it misses, and lists the plan's ids the guidance lacks.
func (m riskMapModel) principles(r *engine.Risk) (covered, missed, unknown []string) {
	g := m.cfg.Guidance
	if g == nil {
		for _, p := range r.Plan.Principles {
			covered = append(covered, engine.Sanitize(p))
		}
		return covered, nil, nil
	}
	for _, p := range g.Principles {
		if slices.Contains(r.Plan.Principles, p.ID) {
			covered = append(covered, p.ID)
		} else {
			missed = append(missed, p.ID)
		}
	}
	for _, p := range r.Plan.Principles {
		if _, ok := g.PrincipleIndex(p); !ok {
			unknown = append(unknown, engine.Sanitize(p))
		}
	}
	return covered, missed, unknown
}

func rmOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func (m riskMapModel) fullView(w int) string {
	r := m.selected()
	if r == nil {
		return m.title("")
	}
	return m.title(" · "+engine.Sanitize(r.ID)) + "\n" + m.detailBox(w, m.bodyHeight(true))
}

func (m riskMapModel) confirmView(w, h int) string {
	st := m.c.styles
	title := ""
	for _, r := range m.reg.Risks {
		if r.ID == m.confirmID {
			title = engine.Sanitize(r.Title)
		}
	}
	inner := max(min(w-10, 60), 10)
	text := st.Strong.Render(truncate("Delete the risk "+engine.Sanitize(m.confirmID)+"?", inner)) + "\n" +
		ansi.Wrap(st.Muted.Render(title), inner, "") + "\n\n" +
		truncate("It is removed from "+m.fileName()+".", inner) + "\n\n" + st.Muted.Render("y delete · n keep")
	if m.pending {
		text += "\n" + st.Muted.Render("Saving…")
	}
	box := st.Modal
	if h < 12 || w < 50 {
		box = box.Padding(0, 1)
	}
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box.Render(text))
}

// riskStyles are the map's own styles, made from the palette once.
type riskStyles struct {
	cell   []lipgloss.Style // per band: a cell, the count on the band's colour
	tag    []lipgloss.Style // per band: text in the band's colour
	badge  []lipgloss.Style // per band: the band's name on its colour
	cursor lipgloss.Style
	axis   lipgloss.Style
	label  lipgloss.Style
	warn   lipgloss.Style
	box    lipgloss.Style
}

// rmBandColours are low green, medium yellow, high orange (the palette's
// warning and bad colours mixed) and critical red.
var rmBandColours = map[string]lipgloss.AdaptiveColor{
	"low": colorGood, "medium": colorWarn, "high": rmMix(colorWarn, colorBad), "critical": colorBad,
}

func newRiskStyles(st *Styles, bands []engine.Band) riskStyles {
	s := riskStyles{
		cursor: lipgloss.NewStyle().Bold(true).Underline(true),
		axis:   lipgloss.NewStyle().Foreground(colorMuted),
		label:  lipgloss.NewStyle().Foreground(colorMuted),
		warn:   lipgloss.NewStyle().Foreground(colorWarn).Bold(true),
		box:    st.Panel.Box,
	}
	order := []lipgloss.AdaptiveColor{colorGood, colorWarn, rmMix(colorWarn, colorBad), colorBad}
	for i, b := range bands {
		col, ok := rmBandColours[strings.ToLower(b.Name)]
		if !ok { // a band the defaults do not name: by its rank
			k := 0
			if len(bands) > 1 {
				k = i * (len(order) - 1) / (len(bands) - 1)
			}
			col = order[k]
		}
		s.cell = append(s.cell, lipgloss.NewStyle().Background(col).Foreground(colorOnBadge))
		s.tag = append(s.tag, lipgloss.NewStyle().Foreground(col).Bold(true))
		s.badge = append(s.badge, lipgloss.NewStyle().Background(col).Foreground(colorOnBadge).Bold(true).Padding(0, 1))
	}
	return s
}

// rmMix is the colour halfway between a and b, in each of their forms.
func rmMix(a, b lipgloss.AdaptiveColor) lipgloss.AdaptiveColor {
	return lipgloss.AdaptiveColor{Light: rmMixHex(a.Light, b.Light), Dark: rmMixHex(a.Dark, b.Dark)}
}

func rmMixHex(x, y string) string {
	var r1, g1, b1, r2, g2, b2 int
	if _, err := fmt.Sscanf(x, "#%02x%02x%02x", &r1, &g1, &b1); err != nil {
		return x
	}
	if _, err := fmt.Sscanf(y, "#%02x%02x%02x", &r2, &g2, &b2); err != nil {
		return x
	}
	return fmt.Sprintf("#%02X%02X%02X", (r1+r2)/2, (g1+g2)/2, (b1+b2)/2)
}

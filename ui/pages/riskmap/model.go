// Package riskmap is the risk map screen: the register's risks on a 5x5
// heat map of likelihood (rows, 5 at the top) by impact (columns, 1 at the
// left), each cell in the colour of its severity band and showing how many
// risks sit there before treatment (inherent) and after it (residual): "2
// ·1" is two risks rated there inherently and one whose residual rating
// lands there. A cursor moves over the cells; the cell's risks are listed
// under the map, and the selected one is described in a detail pane beside
// it (or below it, or on enter when the terminal is small). a adds a risk,
// e edits, x deletes.
//
// The files: model.go (state and messages), keys.go (keys and help),
// layout.go (how the screen fits the terminal), grid.go (the heat map and
// the list), detail.go (the detail pane), form.go (the add and edit form),
// readiness.go (drills, scores and flags per risk, read in a command).
package riskmap

import (
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
)

// Config is what the risk map screen needs.
type Config struct {
	Register *engine.Register
	Guidance *engine.Guidance             // for principle ids in the plan form
	Save     func(*engine.Register) error // writes the file; runs in a command
	// Readiness, when set, says for each risk (by id) how ready the company
	// is for it: drills, last drill, scores, open actions, flags. It runs in
	// a command, on a copy of the register.
	Readiness func(*engine.Register) (map[string][]string, error)
	// Problem, when set, is why the register's file does not load: the
	// screen lists the problems, positioned, and changes nothing.
	Problem error
}

// focus is where the keys go on the map screen.
type focus int

const (
	focusMap  focus = iota // the cursor moves over the cells
	focusList              // up and down select a risk of the cell
)

// Model is the risk map screen.
type Model struct {
	c   *common.Common
	cfg Config
	reg *engine.Register

	width, height int

	curL, curI int // the cursor cell: likelihood 1..5 (row), impact 1..5 (column)
	focus      focus
	sel        int  // the selected entry of the cursor cell's list
	detailOff  int  // lines the detail pane is scrolled by
	full       bool // the detail fills the screen (enter)

	confirm   bool   // asking whether to delete confirmID
	confirmID string // the risk to delete

	formOpen bool
	form     riskForm

	pending bool   // a save is running
	status  string // the last save's outcome
	err     string // the last save's error

	readiness    map[string][]string // by risk id, once read
	readinessErr string
	checking     bool // the readiness is being read
	spinner      busy.Model
}

// Messages of the risk map's commands.
type (
	// savedMsg answers a save of the register: risks is the new list, which
	// becomes the register's once the file has it.
	savedMsg struct {
		reg    *engine.Register
		risks  []engine.Risk
		focus  string // the risk to select afterwards, if any
		done   string // what was done, for the status line
		noSave bool   // there is no save function: kept in memory only
		err    error
	}
	// readinessMsg brings each risk's readiness.
	readinessMsg struct {
		reg   *engine.Register
		lines map[string][]string
		err   error
	}
)

// entry is a risk listed in a cell: placed there by its inherent rating,
// or by its residual one.
type entry struct {
	idx      int // into the register's risks
	residual bool
}

// New returns the risk map of cfg's register (an empty one when nil).
func New(c *common.Common, cfg Config) *Model {
	reg := cfg.Register
	if reg == nil {
		reg = &engine.Register{}
	}
	m := &Model{c: c, cfg: cfg, reg: reg, curL: 1, curI: 1}
	m.spinner = busy.New(c)
	// Start on the most severe cell that holds a risk.
	best := 0
	for _, r := range reg.Risks {
		if onScale(r.Likelihood, r.Impact) && (r.Severity() > best || (r.Severity() == best && r.Likelihood > m.curL)) {
			best, m.curL, m.curI = r.Severity(), r.Likelihood, r.Impact
		}
	}
	return m
}

// Init reads the readiness of each risk, in a command.
func (m *Model) Init() tea.Cmd {
	if m.cfg.Problem != nil {
		return nil
	}
	return m.checkReadiness()
}

// checkReadiness reads each risk's readiness on a copy of the register.
func (m *Model) checkReadiness() tea.Cmd {
	if m.cfg.Readiness == nil {
		return nil
	}
	m.checking = true
	snap := *m.reg
	snap.Risks = slices.Clone(m.reg.Risks)
	read, reg := m.cfg.Readiness, m.reg
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		lines, err := read(&snap)
		return readinessMsg{reg: reg, lines: lines, err: err}
	})
}

// SetSize gives the screen the page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	if m.formOpen {
		m.form.setSize(w, h)
	}
}

// Typing reports whether keys go to the form.
func (m *Model) Typing() bool { return m.formOpen }

// bands are the register's severity bands, or the default ones.
func (m *Model) bands() []engine.Band {
	if len(m.reg.Bands) > 0 {
		return m.reg.Bands
	}
	return engine.DefaultBands
}

// bandIndex is the index of a severity's band.
func (m *Model) bandIndex(sev int) int {
	b := 0
	for i, x := range m.bands() {
		if sev >= x.Min {
			b = i
		}
	}
	return b
}

// band is the style of band i of the register: the default bands by their
// names, any other by its rank among the register's bands.
func (m *Model) band(i int) common.BandStyle {
	bands := m.bands()
	st := m.c.Styles.RiskMap.Bands
	switch strings.ToLower(bands[i].Name) {
	case "low":
		return st[common.BandLow]
	case "medium":
		return st[common.BandMedium]
	case "high":
		return st[common.BandHigh]
	case "critical":
		return st[common.BandCritical]
	}
	k := 0
	if len(bands) > 1 {
		k = i * (common.BandRanks - 1) / (len(bands) - 1)
	}
	return st[k]
}

func onScale(l, i int) bool { return l >= 1 && l <= 5 && i >= 1 && i <= 5 }

// counts returns how many risks sit in each cell, inherent and residual.
func (m *Model) counts() (inh, res [6][6]int) {
	for _, r := range m.reg.Risks {
		if onScale(r.Likelihood, r.Impact) {
			inh[r.Likelihood][r.Impact]++
		}
		if onScale(r.ResidualLikelihood, r.ResidualImpact) {
			res[r.ResidualLikelihood][r.ResidualImpact]++
		}
	}
	return inh, res
}

// entries lists the risks of a cell: the inherent ones, then the residual.
func (m *Model) entries(l, i int) []entry {
	var out []entry
	for k, r := range m.reg.Risks {
		if r.Likelihood == l && r.Impact == i {
			out = append(out, entry{idx: k})
		}
	}
	for k, r := range m.reg.Risks {
		if r.ResidualLikelihood == l && r.ResidualImpact == i {
			out = append(out, entry{idx: k, residual: true})
		}
	}
	return out
}

// selected returns the selected risk, or nil when the cell is empty.
func (m *Model) selected() *engine.Risk {
	es := m.entries(m.curL, m.curI)
	if len(es) == 0 {
		return nil
	}
	return &m.reg.Risks[es[min(max(m.sel, 0), len(es)-1)].idx]
}

// selectRisk moves the cursor to a risk's inherent cell and selects it.
func (m *Model) selectRisk(id string) {
	for _, r := range m.reg.Risks {
		if r.ID != id || !onScale(r.Likelihood, r.Impact) {
			continue
		}
		m.curL, m.curI = r.Likelihood, r.Impact
		for k, e := range m.entries(m.curL, m.curI) {
			if !e.residual && m.reg.Risks[e.idx].ID == id {
				m.sel = k
			}
		}
		m.focus, m.detailOff = focusList, 0
		return
	}
}

func (m *Model) moveCursor(dl, di int) {
	l, i := min(max(m.curL+dl, 1), 5), min(max(m.curI+di, 1), 5)
	if l != m.curL || i != m.curI {
		m.curL, m.curI, m.sel, m.detailOff = l, i, 0, 0
	}
}

// Update handles the save's answer, the readiness and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case common.CatalogMsg:
		// The rubric comes with the scenarios: principles are then picked
		// from its list.
		if m.cfg.Guidance == nil && msg.Catalog != nil {
			m.cfg.Guidance = msg.Catalog.Guides[engine.DefaultGuidance]
		}
		return m, nil
	case savedMsg:
		if msg.reg != m.reg {
			return m, nil
		}
		return m, m.saved(msg)
	case readinessMsg:
		if msg.reg != m.reg {
			return m, nil
		}
		m.checking, m.readiness, m.readinessErr = false, msg.lines, ""
		if msg.err != nil {
			m.readinessErr = "readiness unknown: " + common.Line(msg.err.Error())
		}
		return m, nil
	case tea.KeyMsg:
		if m.cfg.Problem != nil {
			return m, m.problemKey(msg)
		}
		return m, m.key(msg)
	}
	var cmd tea.Cmd
	m.spinner, cmd, _ = m.spinner.Update(msg, m.checking)
	return m, cmd
}

func (m *Model) saved(msg savedMsg) tea.Cmd {
	m.pending = false
	if msg.err != nil {
		e := "Not saved: " + common.Line(msg.err.Error())
		if m.formOpen {
			m.form.saveErr = e + " (ctrl+s tries again; esc drops the change)"
		} else {
			m.err, m.status = e, ""
		}
		return nil
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
			m.focus = focusMap
		}
	}
	return m.checkReadiness()
}

func (m *Model) fileName() string {
	if m.reg.File == "" {
		return "the register"
	}
	return common.Line(m.reg.File)
}

// save writes risks as the register's list in a command; the register takes
// them when the file has.
func (m *Model) save(risks []engine.Risk, focus, done string) tea.Cmd {
	m.pending = true
	snap := *m.reg
	snap.Risks = risks
	save, reg := m.cfg.Save, m.reg
	return func() tea.Msg {
		if save == nil {
			return savedMsg{reg: reg, risks: risks, focus: focus, done: done, noSave: true}
		}
		return savedMsg{reg: reg, risks: risks, focus: focus, done: done, err: save(&snap)}
	}
}

// now is the session's clock, for overdue reviews.
func (m *Model) now() time.Time { return m.c.Now() }

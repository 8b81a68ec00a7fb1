// Package debrief is the screen after a drill: the ending, the total, and
// for each principle a bar, a rating, the decisions that moved it and what
// the best path did instead. The score is computed in a command (it needs
// the scenario's exhaustive analysis), with a spinner meanwhile.
package debrief

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/pages/hotwash"
)

// Model is the debrief of one drill.
type Model struct {
	c       *common.Common
	d       *engine.Drill
	team    string
	runID   int64 // 0 when the drill was not recorded
	status  string
	result  *engine.Result
	err     error
	scoring bool
	spinner busy.Model
	vp      viewport.Model
	bar     progress.Model

	room      bool              // a room session's debrief (see ForRoom)
	positions []engine.Position // what the players argued for, by decision
	endedBy   string            // who ended the drill by hand, if anyone
}

// Messages of the debrief's commands.
type (
	// scoredMsg brings the drill's result.
	scoredMsg struct {
		d   *engine.Drill
		res *engine.Result
		err error
	}
	// reportWrittenMsg answers the report's writing.
	reportWrittenMsg struct {
		d     *engine.Drill
		files []string
		err   error
	}
)

// New returns the debrief of d, played by team, recorded as run runID (0
// when not recorded).
func New(c *common.Common, d *engine.Drill, team string, runID int64) *Model {
	m := &Model{c: c, d: d, team: team, runID: runID, vp: viewport.New(0, 0), scoring: true}
	m.vp.Style = c.Renderer.NewStyle()
	g := c.KeyMap.Global
	m.vp.KeyMap = viewport.KeyMap{Up: g.Up, Down: g.Down, PageUp: g.PageUp, PageDown: g.PageDown}
	m.bar = progress.New(progress.WithGradient(c.Styles.Debrief.BarFrom, c.Styles.Debrief.BarTo), progress.WithoutPercentage(),
		progress.WithColorProfile(c.Renderer.ColorProfile()))
	m.spinner = busy.New(c)
	return m
}

// Scored gives the debrief the drill's result, scored already (a stored
// run's score as it was given): it is not scored again.
func (m *Model) Scored(res *engine.Result) *Model {
	m.result, m.scoring = res, false
	return m
}

// Init scores the drill, in a command, unless its score was given.
func (m *Model) Init() tea.Cmd {
	if !m.scoring {
		return nil
	}
	d, team, risk := m.d, m.team, m.c.RiskOf(m.d.Scenario())
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		res, err := d.ResultWithPlan(team, risk)
		return scoredMsg{d, res, err}
	})
}

// SetSize fits the debrief to the page, a status line under it.
func (m *Model) SetSize(w, h int) {
	m.vp.Width, m.vp.Height = w, max(h-1, 1)
	m.bar.Width = max(min(w-40, 40), 10)
	m.vp.SetContent(m.content())
}

// Typing is false: the debrief takes no text.
func (m *Model) Typing() bool { return false }

// Team returns the team the debrief is for.
func (m *Model) Team() string { return m.team }

// Result returns the drill's result, once scored.
func (m *Model) Result() *engine.Result { return m.result }

// Drill returns the drill debriefed.
func (m *Model) Drill() *engine.Drill { return m.d }

// RunID returns the run's id in the store, 0 when it was not recorded.
func (m *Model) RunID() int64 { return m.runID }

// Update handles the score, the report's answer and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case scoredMsg:
		if msg.d == m.d {
			m.scoring, m.result, m.err = false, msg.res, msg.err
			m.vp.SetContent(m.content())
		}
		return m, nil
	case reportWrittenMsg:
		if msg.d != m.d {
			return m, nil
		}
		if msg.err != nil {
			m.status = "The report was not written: " + common.Line(msg.err.Error())
		} else {
			m.status = "Wrote " + strings.Join(msg.files, " and ")
		}
		return m, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.back()...):
			m.c.Back()
			return m, nil
		case key.Matches(msg, m.hotwash()):
			m.c.Push(hotwash.New(m.c, m.runID, m.d.Scenario()))
			return m, nil
		case key.Matches(msg, m.report()):
			return m, m.writeReport()
		case m.scoring:
			return m, nil
		}
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	var cmd tea.Cmd
	m.spinner, cmd, _ = m.spinner.Update(msg, m.scoring)
	return m, cmd
}

// The bindings that depend on the debrief's state.
func (m *Model) back() []key.Binding {
	b := m.c.KeyMap.Global.Back
	b.SetKeys(append([]string{"enter"}, b.Keys()...)...)
	b.SetHelp("enter/"+b.Help().Key, b.Help().Desc)
	return []key.Binding{b}
}

func (m *Model) hotwash() key.Binding {
	b := m.c.KeyMap.Debrief.Hotwash
	b.SetEnabled(m.runID > 0 && m.c.Store != nil && !m.room)
	return b
}

func (m *Model) report() key.Binding {
	b := m.c.KeyMap.Debrief.Report
	b.SetEnabled(m.result != nil && !m.room)
	return b
}

// ShortHelp is the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	full := m.FullHelp()
	return append(append([]key.Binding{full[0][0], full[0][1], full[1][1]}, full[2]...), full[3]...)
}

// FullHelp is every key that works now, in columns.
func (m *Model) FullHelp() [][]key.Binding {
	g := m.c.KeyMap.Global
	up, down, pu, pd := g.Up, g.Down, g.PageUp, g.PageDown
	top, bottom := m.vp.AtTop(), m.vp.AtBottom()
	up.SetEnabled(!top)
	pu.SetEnabled(!top)
	down.SetEnabled(!bottom)
	pd.SetEnabled(!bottom)
	return [][]key.Binding{{up, down}, {pu, pd}, {m.hotwash(), m.report()}, m.back()}
}

// writeReport writes the after-action report, in Markdown and HTML, to the
// current directory.
func (m *Model) writeReport() tea.Cmd {
	in := report.Input{Scenario: m.d.Scenario(), Drill: m.d, Result: m.result, RunID: m.runID, Team: m.team}
	s, id, d := m.c.Store, m.runID, m.d
	return func() tea.Msg {
		if s != nil && id > 0 {
			if r, err := s.Get(id); err == nil {
				in.Participants, in.Started, in.Ended, in.Hotwash, in.Actions = r.Participants, r.Started, r.Ended, r.Hotwash, r.Actions
			}
		}
		base := fmt.Sprintf("ttx-report-%s", d.Scenario().ID)
		if id > 0 {
			base = fmt.Sprintf("ttx-report-run-%d", id)
		}
		var files []string
		for _, f := range []struct {
			ext   string
			write func(io.Writer, report.Input) error
		}{{".html", report.HTML}, {".md", report.Markdown}} {
			var b bytes.Buffer
			if err := f.write(&b, in); err != nil {
				return reportWrittenMsg{d: d, err: err}
			}
			if err := engine.WriteFileAtomic(base+f.ext, b.Bytes(), 0o644); err != nil {
				return reportWrittenMsg{d: d, err: err}
			}
			files = append(files, base+f.ext)
		}
		return reportWrittenMsg{d: d, files: files}
	}
}

// View draws the debrief and its status line.
func (m *Model) View() string {
	status := ""
	if m.status != "" {
		status = " " + m.c.Styles.Success.Render(common.Truncate(m.status, m.vp.Width-2))
	}
	if m.scoring {
		return m.c.Styles.Pad.Render(m.spinner.View() + " Scoring the drill…")
	}
	return m.vp.View() + "\n" + status
}

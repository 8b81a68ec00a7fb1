package ui

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/engine/store"
)

// debriefModel shows how the drill went: the ending, the total, and for each
// principle a bar, a rating, the decisions that moved it and what the best
// path did instead.
type debriefModel struct {
	c      *common
	d      *engine.Drill
	team   string
	store  store.Store
	runID  int64 // 0 when the drill was not recorded
	status string
	result *engine.Result
	err    error
	vp     viewport.Model
	bar    progress.Model
}

func newDebrief(c *common, d *engine.Drill, team string, s store.Store, runID int64) debriefModel {
	m := debriefModel{c: c, d: d, team: team, vp: viewport.New(0, 0), store: s, runID: runID}
	m.bar = progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())
	m.result, m.err = d.ResultWithPlan(team, c.riskOf(d.Scenario()))
	return m
}

func (m *debriefModel) setSize(w, h int) {
	m.vp.Width, m.vp.Height = w, max(h-2, 1)
	m.bar.Width = max(min(w-40, 40), 10)
	m.vp.SetContent(m.content())
}

var (
	openHotwash = key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hotwash and actions"))
	writeReport = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "write the report"))
)

// reportWrittenMsg answers writeReport.
type reportWrittenMsg struct {
	files []string
	err   error
}

func (m debriefModel) Update(msg tea.Msg) (debriefModel, tea.Cmd) {
	switch msg := msg.(type) {
	case reportWrittenMsg:
		if msg.err != nil {
			m.status = "The report was not written: " + msg.err.Error()
		} else {
			m.status = "Wrote " + strings.Join(msg.files, " and ")
		}
		return m, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.c.keys.Select, m.c.keys.Back):
			return m, func() tea.Msg { return goHomeMsg{} }
		case key.Matches(msg, openHotwash) && m.runID > 0:
			return m, func() tea.Msg { return openHotwashMsg{} }
		case key.Matches(msg, writeReport) && m.result != nil:
			return m, m.writeReport()
		}
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return m, cmd
}

func (m debriefModel) help() bindings {
	k := m.c.keys
	home := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "home"))
	hw := openHotwash
	hw.SetEnabled(m.runID > 0)
	return bindings{
		short: []key.Binding{k.Up, k.Down, k.PageDown, hw, writeReport, home, k.Quit},
		full:  [][]key.Binding{{k.Up, k.Down}, {k.PageUp, k.PageDown}, {hw, writeReport}, {home, k.Quit}},
	}
}

// openHotwashMsg asks the root for the hotwash screen.
type openHotwashMsg struct{}

// writeReport writes the after-action report, in Markdown and HTML, to the
// current directory.
func (m debriefModel) writeReport() tea.Cmd {
	in := report.Input{Scenario: m.d.Scenario(), Drill: m.d, Result: m.result, RunID: m.runID, Team: m.team}
	s, id := m.store, m.runID
	return func() tea.Msg {
		if s != nil && id > 0 {
			if r, err := s.Get(id); err == nil {
				in.Participants, in.Started, in.Ended, in.Hotwash, in.Actions = r.Participants, r.Started, r.Ended, r.Hotwash, r.Actions
			}
		}
		base := fmt.Sprintf("ttx-report-%s", m.d.Scenario().ID)
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
				return reportWrittenMsg{err: err}
			}
			if err := engine.WriteFileAtomic(base+f.ext, b.Bytes(), 0o644); err != nil {
				return reportWrittenMsg{err: err}
			}
			files = append(files, base+f.ext)
		}
		return reportWrittenMsg{files: files}
	}
}

// choiceText returns a choice's text and why, by id.
func choiceText(d *engine.Drill, id string) (string, string) {
	sc := d.Scenario()
	if i, ok := sc.ChoiceIndex(id); ok {
		_, c := sc.ChoiceByIndex(i)
		return d.Render(c.Text), c.Why
	}
	return id, ""
}

func (m debriefModel) content() string {
	st := m.c.styles
	w := max(m.vp.Width-4, 20)
	var b strings.Builder
	if m.err != nil {
		return lipgloss.NewStyle().Padding(1, 2).Render(st.Error.Render("The drill cannot be scored: ") + m.err.Error())
	}
	r := m.result
	sc := m.d.Scenario()
	b.WriteString(st.Muted.Render("DEBRIEF · "+sc.Title) + "\n\n")
	if e := m.d.Ending(); e != nil {
		b.WriteString(st.Debrief.Ending.Render(m.d.Render(e.Title)) + "\n")
		if !e.Text.IsEmpty() {
			b.WriteString(m.c.md.render(m.d.Render(e.Text), w) + "\n")
		}
	} else {
		b.WriteString(st.Debrief.Ending.Render("The drill stopped: nothing was left to choose.") + "\n")
	}
	team := ""
	if m.team != "" {
		team = m.team + " · "
	}
	b.WriteString("\n" + st.Debrief.Total.Render(fmt.Sprintf("Total %.0f%%", r.TotalPercent)) +
		st.Muted.Render(fmt.Sprintf("   %s%d decisions · T+%s · seed %d", team, len(r.Decisions), hoursText(r.Hours), r.Seed)) + "\n")
	b.WriteString(st.Muted.Render("P performed without challenges · S with some challenges · M with major challenges · U unable") + "\n")

	chosen := map[string]bool{}
	for _, dec := range r.Decisions {
		for _, c := range dec.Choices {
			chosen[c] = true
		}
	}
	for p, s := range r.Scores {
		if !s.Scored {
			continue
		}
		pr := sc.Guidance.Principles[p]
		rt := engine.RatingFor(s.Percent)
		b.WriteString("\n" + st.Rule.Render(strings.Repeat("─", w)) + "\n")
		b.WriteString(st.Debrief.Rating[rt.Code].Render(rt.Code) + " " + st.Debrief.Principle.Render(pr.Title) + "\n")
		b.WriteString(m.bar.ViewAs(s.Percent/100) + st.Strong.Render(fmt.Sprintf(" %3.0f%%", s.Percent)) +
			st.Muted.Render(fmt.Sprintf("  %s · raw %d of %d..%d", rt.Label, s.Raw, s.Worst, s.Best)) + "\n")
		if s.Plan != nil {
			b.WriteString(lipgloss.NewStyle().Width(w).Render(st.Muted.Render(fmt.Sprintf("  Half of this is your risk register's plan for the risk, rated %.0f/100: 40 for having a plan, up to 40 for the principles it covers, 20 when every step names who does it.", *s.Plan))) + "\n")
		}
		if len(s.Moves) == 0 {
			b.WriteString(st.Muted.Render("  No decision of yours moved this principle.") + "\n")
		}
		for _, mv := range s.Moves {
			sign := st.Debrief.Plus.Render(fmt.Sprintf("%+d", mv.Points))
			if mv.Points < 0 {
				sign = st.Debrief.Minus.Render(fmt.Sprintf("%+d", mv.Points))
			}
			what := "at the end"
			if !mv.Check {
				what, _ = choiceText(m.d, mv.Choice)
			}
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, "  "+sign+" ", lipgloss.NewStyle().Width(w-6).Render(what+"\n"+st.Debrief.Why.Render(mv.Why))) + "\n")
		}
		for _, mv := range s.Missed {
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, "  "+st.Muted.Render(fmt.Sprintf("%+d", mv.Points))+" ",
				lipgloss.NewStyle().Width(w-6).Render(st.Muted.Render("missed at the end")+"\n"+st.Debrief.Why.Render(mv.Why))) + "\n")
		}
		if s.Raw < s.Best {
			b.WriteString(m.bestDiff(s, chosen, p, w))
		}
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(strings.TrimRight(b.String(), "\n"))
}

// bestDiff says what the best path for a principle did that the team did not.
func (m debriefModel) bestDiff(s engine.Score, chosen map[string]bool, p int, w int) string {
	st := m.c.styles
	sc := m.d.Scenario()
	var lines []string
	for _, dec := range s.BestPath {
		for _, id := range dec.Choices {
			if chosen[id] {
				continue
			}
			i, _ := sc.ChoiceIndex(id)
			_, c := sc.ChoiceByIndex(i)
			if !slices.ContainsFunc(c.Score, func(pt engine.Points) bool { return pt.Principle == p && pt.By > 0 }) {
				continue
			}
			text, why := choiceText(m.d, id)
			if why != "" {
				text += "\n" + st.Debrief.Why.Render(why)
			}
			lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, "  → ", lipgloss.NewStyle().Width(max(w-4, 10)).Render(text)))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return st.Debrief.Best.Render("  The best path instead:") + "\n" + strings.Join(lines, "\n") + "\n"
}

func (m debriefModel) View() string {
	status := ""
	if m.status != "" {
		status = " " + m.c.styles.Panel.Met.Render(truncate(m.status, m.c.width-2)) + "\n"
	}
	return m.vp.View() + "\n" + status + " " + m.c.helpView(m.help())
}

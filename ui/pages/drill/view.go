package drill

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/countdown"
	"github.com/ttx-dev/ttx/ui/components/panel"
	"github.com/ttx-dev/ttx/ui/components/plan"
)

// column returns the width of the scene's column: the page less the side
// panel when it shows.
func (m *Model) column() int {
	if m.width >= panel.MinTerm {
		return m.width - panel.WidthFor(m.width) - 1
	}
	return m.width
}

// measure is the widest the scene's text runs: a line longer than this
// is hard to read in a wide terminal.
const measure = 100

// layout sizes the scene text, the panes under it and the choices: the
// choices take what they need, leaving the scene text at least minScene
// lines; a pane shown (notes, prompts, plan) takes up to half of what is
// left and scrolls on its own, so that the scene stays on the screen.
func (m *Model) layout() {
	w, h := m.width, m.height
	left := m.column()
	const minScene = 3
	chrome := 3 // the header and its rule, the rule above the choices
	for _, on := range []bool{m.timed, m.err != "", m.statusLine() != "", w < panel.MinTerm} {
		if on {
			chrome++
		}
	}
	if r := m.ranOutView(w); r != "" {
		chrome += lipgloss.Height(r)
	}
	m.choiceLines = max(h-chrome-minScene, 2)
	choices := lipgloss.Height(m.choices.View(left-2, m.choiceLines))
	area := max(h-chrome-choices, 1)
	m.vp.Width, m.pane.Width = left, left
	m.bar.Width = max(min(left-24, 50), 5)
	m.vp.SetContent(m.sceneContent(min(left, measure)))
	panes := m.panes(min(left, measure))
	m.fill = 0
	if panes == "" {
		m.vp.Height, m.pane.Height = area, 0
		m.pane.SetContent("")
		return
	}
	m.pane.SetContent(panes)
	ph := min(lipgloss.Height(panes), max(area/2, min(4, area-1)))
	m.pane.Height = max(ph, 1)
	// The pane right under the scene's text when the text is short; the
	// space left goes under the pane.
	m.vp.Height = max(min(area-m.pane.Height, m.vp.TotalLineCount()+1), 1)
	m.fill = max(area-m.vp.Height-m.pane.Height, 0)
}

// statusLine says what the store is doing or why it is not recording.
func (m *Model) statusLine() string {
	switch {
	case m.recordErr != "":
		return m.c.Styles.Error.Render("⚠ " + m.recordErr)
	case m.pending && m.slow && m.runID == 0:
		return m.spinner.View() + " Opening the run in the results store…"
	case m.pending && m.slow:
		return m.spinner.View() + " Saving the decision…"
	}
	return ""
}

// sceneContent is the scene's Markdown, as the state has it (the first of
// its variants whose condition holds), width cells wide.
func (m *Model) sceneContent(width int) string {
	return m.c.Markdown.Render(m.d.SceneText(), width-4) // glamour adds a margin of two on each side
}

// panes are the panes shown under the scene: the discussion prompts, the
// register's plan, the facilitator's notes.
func (m *Model) panes(width int) string {
	st := m.c.Styles
	s := m.d.Scene()
	inner := max(width-6, 10)
	var out []string
	if m.showDiscuss && len(s.Discuss) > 0 {
		var b strings.Builder
		b.WriteString(st.Strong.Render("Discuss") + "\n")
		for _, q := range s.Discuss {
			b.WriteString(common.Wrap("• "+common.Line(q), inner) + "\n")
		}
		out = append(out, st.Discuss.Render(strings.TrimRight(b.String(), "\n")))
	}
	if r := m.c.RiskOf(m.d.Scenario()); m.showPlan && r != nil {
		out = append(out, st.Plan.Render(st.Strong.Render("Your plan for this risk")+"\n"+common.Wrap(plan.Text(m.c, r, m.d.Scenario().Guidance), inner)))
	}
	if m.showNotes && s.Notes != "" {
		out = append(out, st.Notes.Render(st.Strong.Render("Facilitator notes")+"\n"+common.Wrap(common.Clean(s.Notes), inner)))
	}
	if len(out) == 0 {
		return ""
	}
	return m.c.Renderer.NewStyle().PaddingLeft(2).Render(strings.Join(out, "\n\n"))
}

// View draws the leave question, an inject, a module's opening, or the
// scene; while a decision is being saved, the scene it was taken on, and
// after a spinner's tick a line saying so.
func (m *Model) View() string {
	w, h := m.width, m.height
	st := m.c.Styles
	if m.frozen != "" && !m.confirmQuit {
		if !m.slow && m.recordErr == "" {
			return m.frozen
		}
		lines := strings.Split(m.frozen, "\n")
		lines[len(lines)-1] = " " + common.Truncate(m.statusLine(), w-2)
		return strings.Join(lines, "\n")
	}
	if m.confirmQuit {
		inner := max(min(w-12, 56), 20)
		box := st.Modal
		if w < 60 || h < 12 {
			box = box.Padding(0, 1)
			inner = max(w-6, 10)
		}
		return m.c.Place(w, h, box.Render(st.Strong.Render("Leave this drill?")+"\n\n"+
			common.Wrap(m.leaveText(), inner)+"\n\n"+st.Muted.Render("y leave · n stay")))
	}
	if len(m.injects) > 0 {
		return m.c.Place(w, h, m.injectView(m.injects[0], m.injectN-len(m.injects)+1, m.injectN, w, h))
	}
	if m.opening >= 0 {
		return m.c.Place(w, h, m.moduleView(w, h))
	}
	left := m.column()
	s := m.d.Scene()
	p := panel.New(m.c, m.d)
	right := st.Header.Clock.Render("T+" + panel.Hours(m.d.Hours()))
	// The role's badge when the scene's title still fits beside it.
	room := w - lipgloss.Width(right) - 3
	title := st.Header.Scene.Render(m.d.Render(s.Title))
	head := title + st.Header.Scenario.Render("  ·  "+m.d.Scenario().Title)
	if s.Role != "" {
		if role := st.Header.Role.Render(common.Line(m.d.Scenario().RoleTitle(s.Role))) + " "; lipgloss.Width(role)+lipgloss.Width(title) <= room {
			head = role + head
		}
	}
	head = common.Truncate(head, room)
	gap := max(w-lipgloss.Width(head)-lipgloss.Width(right)-2, 1)
	header := " " + head + strings.Repeat(" ", gap) + right + " "
	rows := []string{header, st.Rule.Render(strings.Repeat("─", w))}
	if w < panel.MinTerm {
		rows = append(rows, " "+p.StatusLine(w-2))
	}
	if r := m.ranOutView(w); r != "" {
		rows = append(rows, r)
	}
	parts := []string{m.vp.View()}
	if m.pane.Height > 0 {
		parts = append(parts, m.pane.View())
	}
	if m.fill > 0 {
		parts = append(parts, strings.Repeat("\n", m.fill-1))
	}
	parts = append(parts, st.Rule.Render(strings.Repeat("─", left)),
		m.c.Renderer.NewStyle().PaddingLeft(1).Render(m.choices.View(left-2, m.choiceLines)))
	column := lipgloss.JoinVertical(lipgloss.Left, parts...)
	if w >= panel.MinTerm {
		column = lipgloss.JoinHorizontal(lipgloss.Top, m.c.Renderer.NewStyle().Width(left).Render(column), " ", p.View(panel.WidthFor(w), lipgloss.Height(column)))
	}
	rows = append(rows, column)
	if m.timed {
		rows = append(rows, " "+common.Truncate(m.clockLine(), w-2))
	}
	if m.err != "" {
		rows = append(rows, " "+st.Error.Render(m.err))
	}
	if line := m.statusLine(); line != "" {
		rows = append(rows, " "+common.Truncate(line, w-2))
	}
	return strings.Join(rows, "\n")
}

// clockLine is the countdown of a timed scene: the time left (or that it
// is paused), a bar, and what is taken when it runs out.
func (m *Model) clockLine() string {
	return countdown.Line(m.c, m.bar, m.clock.Left(), m.clock.Limit(), m.paused, "t restarts the clock") + m.c.Styles.Muted.Render(countdown.Then(m.d))
}

// ranOut says, on the scene after a decision whose time ran out, what was
// taken; "" otherwise.
func (m *Model) ranOut() string {
	ds := m.d.Decisions()
	if len(ds) == 0 || !ds[len(ds)-1].TimedOut || len(m.injects) > 0 {
		return ""
	}
	last := ds[len(ds)-1]
	sc := m.d.Scenario()
	_, c := sc.ChoiceByIndex(last.Choices[0])
	return fmt.Sprintf("⏱ Time ran out on “%s”: “%s” was taken.", m.d.Render(sc.Scenes[last.Scene].Title), m.d.Render(c.Text))
}

// ranOutView is ranOut wrapped to the page's width, one column in.
func (m *Model) ranOutView(w int) string {
	r := m.ranOut()
	if r == "" {
		return ""
	}
	lines := strings.Split(common.Wrap(r, max(w-2, 10)), "\n")
	for i, l := range lines {
		lines[i] = " " + m.c.Styles.Timer.Urgent.Render(l)
	}
	return strings.Join(lines, "\n")
}

// leaveText says what becomes of the drill if the team leaves it now.
func (m *Model) leaveText() string {
	if m.recording() {
		return "The decisions so far are saved: ttx resume continues it."
	}
	return "The decisions made so far will not be kept."
}

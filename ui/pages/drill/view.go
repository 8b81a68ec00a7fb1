package drill

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/panel"
	"github.com/ttx-dev/ttx/ui/components/plan"
)

// columns returns the width of the scene's column: the page less the side
// panel when it shows.
func (m *Model) column() int {
	if m.width >= panel.MinTerm {
		return m.width - panel.Width - 1
	}
	return m.width
}

// layout sizes the viewport to what the choices and the header leave.
func (m *Model) layout() {
	w, h := m.width, m.height
	left := m.column()
	// header and rule, rule above the choices; then the choices take what
	// they need, leaving the scene text at least minScene lines.
	const minScene = 3
	chrome := 3
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
	m.vp.Width = left
	m.vp.Height = max(h-chrome-choices, 1)
	m.bar.Width = max(min(left-24, 50), 5)
	m.vp.SetContent(m.sceneContent(left))
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

// sceneContent is the scene's Markdown, then notes and prompts if shown.
func (m *Model) sceneContent(width int) string {
	st := m.c.Styles
	s := m.d.Scene()
	out := m.c.Markdown.Render(m.d.Render(s.Text), width-4) // glamour adds a margin of two on each side
	if m.showDiscuss && len(s.Discuss) > 0 {
		var b strings.Builder
		b.WriteString(st.Strong.Render("Discuss") + "\n")
		for _, q := range s.Discuss {
			b.WriteString("• " + q + "\n")
		}
		out += "\n\n" + st.Discuss.Width(max(width-4, 10)).Render(strings.TrimRight(b.String(), "\n"))
	}
	if r := m.c.RiskOf(m.d.Scenario()); m.showPlan && r != nil {
		out += "\n\n" + st.Plan.Width(max(width-4, 10)).Render(st.Strong.Render("Your plan for this risk")+"\n"+plan.Text(m.c, r, m.d.Scenario().Guidance))
	}
	if m.showNotes && s.Notes != "" {
		out += "\n\n" + st.Notes.Width(max(width-4, 10)).Render(st.Strong.Render("Facilitator notes")+"\n"+s.Notes)
	}
	return out
}

// View draws the leave question, an inject, or the scene; while a decision
// is being saved, the scene it was taken on, and after a spinner's tick a
// line saying so.
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
		box := st.Modal.Render(st.Strong.Render("Leave this drill?") + "\n\n" +
			m.leaveText() + "\n\n" + st.Muted.Render("y leave · n stay"))
		return m.c.Place(w, h, box)
	}
	if len(m.injects) > 0 {
		return m.c.Place(w, h, m.injectView(m.injects[0], m.injectN-len(m.injects)+1, m.injectN, w))
	}
	left := m.column()
	s := m.d.Scene()
	p := panel.New(m.c, m.d)
	right := st.Header.Clock.Render("T+" + panel.Hours(m.d.Hours()))
	role := ""
	if s.Role != "" {
		role = st.Header.Role.Render(s.Role) + " "
	}
	head := role + st.Header.Scene.Render(m.d.Render(s.Title)) + st.Header.Scenario.Render("  ·  "+m.d.Scenario().Title)
	head = common.Truncate(head, w-lipgloss.Width(right)-3)
	gap := max(w-lipgloss.Width(head)-lipgloss.Width(right)-2, 1)
	header := " " + head + strings.Repeat(" ", gap) + right + " "
	rows := []string{header, st.Rule.Render(strings.Repeat("─", w))}
	if w < panel.MinTerm {
		rows = append(rows, " "+p.StatusLine(w-2))
	}
	if r := m.ranOutView(w); r != "" {
		rows = append(rows, r)
	}
	column := lipgloss.JoinVertical(lipgloss.Left, m.vp.View(), st.Rule.Render(strings.Repeat("─", left)),
		m.c.Renderer.NewStyle().PaddingLeft(1).Render(m.choices.View(left-2, m.choiceLines)))
	if w >= panel.MinTerm {
		column = lipgloss.JoinHorizontal(lipgloss.Top, m.c.Renderer.NewStyle().Width(left).Render(column), " ", p.View(lipgloss.Height(column)))
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
	st := m.c.Styles
	left := m.clock.Left()
	s := m.d.Scene()
	then := ""
	for row, j := range m.d.Offered() {
		if j == s.Timeout {
			then = fmt.Sprintf(" · then choice %d is taken", row+1)
		}
	}
	if m.paused {
		return st.Timer.Label.Render(fmt.Sprintf("⏸ Paused at %s (t restarts the clock)", formatDuration(left))) + st.Muted.Render(then)
	}
	label := st.Timer.Label
	if left <= 30*time.Second {
		label = st.Timer.Urgent
	}
	frac := float64(left) / float64(m.clock.Limit())
	return label.Render(fmt.Sprintf("⏱ %s left ", formatDuration(left))) + m.bar.ViewAs(frac) + st.Muted.Render(then)
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

func formatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

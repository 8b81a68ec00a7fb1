package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/components/opening"
	"github.com/ttx-dev/ttx/ui/components/panel"
)

// SideWidth is the width of the console's right column, and Wide the
// terminal width from which it shows beside the scene (below it, its
// sections follow the answer key).
const (
	SideWidth = 42
	Wide      = 100
)

func (m *Model) wide() bool { return m.width >= Wide }

// column is the width of the scene's column.
func (m *Model) column() int {
	if m.wide() {
		return m.width - SideWidth - 1
	}
	return m.width
}

// layout sizes the viewports to what the header, the choices and the
// status leave.
func (m *Model) layout() {
	if m.width == 0 || m.drill == nil {
		return
	}
	chrome := 5 // header, scene, rule, rule, status
	const minScene = 4
	m.choiceLines = max(m.height-chrome-minScene, 2)
	left := m.column()
	m.vp.Width = left
	m.vp.Height = max(m.height-chrome-lipgloss.Height(m.bottom()), 1)
	content := m.content(left)
	if !m.wide() {
		content += "\n\n" + m.sideContent(left)
	}
	m.vp.SetContent(content)
	m.layoutSide()
}

// layoutSide fills the right column again (the countdown moves each
// second).
func (m *Model) layoutSide() {
	if !m.wide() || m.drill == nil {
		return
	}
	m.side.Width, m.side.Height = SideWidth-1, max(m.height-4, 1)
	m.side.SetContent(m.sideContent(SideWidth - 2))
}

// bottom is the choices under the scene, or the question or picker open.
func (m *Model) bottom() string {
	st := m.C.Styles
	w := m.column() - 2
	t := m.Snap.Team(m.team)
	switch m.modal.kind {
	case modalConfirm:
		return st.Modal.Padding(0, 1).Width(max(w-2, 10)).Render(st.Strong.Render(common.Line(m.modal.text)) + "\n" + st.Muted.Render("y yes · n no"))
	case modalHours:
		return m.hours.View() + "\n" + st.Muted.Render("for instance 12, or 1.5 · enter move it on · esc cancel")
	case modalFire, modalLead:
		title := "Fire an event by hand:"
		if m.modal.kind == modalLead {
			title = "Mark a lead (enter marks or unmarks):"
		}
		lines := []string{st.Strong.Render(title)}
		for i, it := range m.modal.items {
			cur, style := "  ", st.Choice.Normal
			if i == m.modal.cursor {
				cur, style = st.Choice.Cursor.Render("› "), st.Choice.Selected
			}
			if it.off {
				style = st.Choice.Disabled
			}
			label := it.label
			if it.on {
				label += " · lead"
			}
			lines = append(lines, common.Truncate(cur+style.Render(common.Line(label)), w))
		}
		return strings.Join(lines, "\n")
	}
	if t.Over || m.Snap.Ended {
		return st.Muted.Render("The drill of team " + common.Line(t.Name) + " is over.")
	}
	if t.Opening >= 0 {
		return common.Wrap(st.Strong.Render(fmt.Sprintf("Module %d waits for you: enter begins it for team %s.", t.Opening+1, common.Line(t.Name)))+" "+
			st.Muted.Render("Until then its room view and seats show its opening, and its timer waits."), w)
	}
	return m.choices.View(w, m.choiceLines)
}

// content is the scene, the facilitator's notes, the prompts and their
// answers, and the answer key.
func (m *Model) content(w int) string {
	st := m.C.Styles
	t := m.Snap.Team(m.team)
	d := t.Drill
	inner := max(w-3, 10)
	var b []string
	if t.Opening >= 0 {
		b = append(b, opening.View(m.C, d.Scenario(), t.Opening, "enter begins it: the scene below comes next", w, m.height), "")
	}
	if t.Over {
		b = append(b, live.Ending(m.C, t, inner))
		if m.C.Store != nil {
			b = append(b, "", st.Muted.Render("Press d for the debrief."))
		}
		return m.C.Renderer.NewStyle().PaddingLeft(1).Render(strings.Join(b, "\n"))
	}
	if last := live.LastDecision(m.C, t, inner); last != "" {
		b = append(b, last)
	}
	if inj := live.Injects(m.C, t, inner); inj != "" {
		b = append(b, inj)
	}
	s := d.Scene()
	if mod := d.Module(); mod != nil && t.Opening < 0 {
		b = append(b, common.Truncate(st.Muted.Render(fmt.Sprintf("Module: %s, about %s", common.Line(mod.Title), common.Minutes(mod.Budget))), inner))
	}
	b = append(b, m.C.Markdown.Render(d.SceneText(), inner-4))
	pane := func(style lipgloss.Style, title, body string) string {
		return style.Width(max(inner-2, 10)).Render(st.Strong.Render(title) + "\n" + body)
	}
	if s.Notes != "" {
		b = append(b, pane(st.Notes, "Facilitator notes", common.Clean(s.Notes)))
	}
	if len(s.Discuss) > 0 {
		var q []string
		hang := func(mark, text string) string {
			return lipgloss.JoinHorizontal(lipgloss.Top, mark, m.C.Renderer.NewStyle().Width(max(inner-4-lipgloss.Width(mark), 10)).Render(text))
		}
		for i, p := range s.Discuss {
			q = append(q, hang("• ", p))
			if i < len(s.Answers) && s.Answers[i] != "" {
				q = append(q, hang("  ", st.Muted.Render("Look for: "+s.Answers[i])))
			}
		}
		b = append(b, pane(st.Discuss, "Discuss", strings.Join(q, "\n")))
	}
	b = append(b, pane(st.Plan, "Answer key", m.answerKey(t, inner-4)))
	return m.C.Renderer.NewStyle().PaddingLeft(1).Render(strings.Join(b, "\n"))
}

// answerKey says, for each choice offered, what it scores and why, what it
// costs on the clock, where it leads and who argues for it.
func (m *Model) answerKey(t *room.Team, w int) string {
	st := m.C.Styles
	d := t.Drill
	sc := d.Scenario()
	s := d.Scene()
	argued := map[string][]string{}
	for _, p := range t.Positions {
		for _, id := range p.Choices {
			argued[id] = append(argued[id], common.Line(p.Name))
		}
	}
	var b []string
	for k, j := range d.AppendOffered(nil) {
		c := &s.Choices[j]
		var pts []string
		for _, p := range c.Score {
			v := st.Debrief.Plus.Render(fmt.Sprintf("%+d", p.By))
			if p.By < 0 {
				v = st.Debrief.Minus.Render(fmt.Sprintf("%+d", p.By))
			}
			pts = append(pts, v+" "+sc.Guidance.Principles[p.Principle].ID)
		}
		if len(pts) == 0 {
			pts = []string{st.Muted.Render("scores nothing")}
		}
		facts := strings.Join(pts, ", ")
		if c.Hours > 0 {
			facts += st.Muted.Render(" · +" + panel.Hours(c.Hours))
		}
		if !s.IsPick() {
			facts += st.Muted.Render(" · → " + target(sc, c.Goto))
		}
		line := st.Choice.Number.Render(fmt.Sprintf("%d ", k+1)) + st.Strong.Render(d.Render(c.Text))
		b = append(b, wrapTo(m, line, w), wrapTo(m, "  "+facts, w))
		if c.Why != "" {
			b = append(b, wrapTo(m, "  "+st.Debrief.Why.Render(c.Why), w))
		}
		if who := argued[c.ID]; len(who) > 0 {
			b = append(b, wrapTo(m, "  "+st.Success.Render("argued by "+strings.Join(who, ", ")), w))
		}
	}
	if s.IsPick() {
		b = append(b, st.Muted.Render("then → "+target(sc, s.Goto)))
	}
	return strings.Join(b, "\n")
}

func wrapTo(m *Model, s string, w int) string {
	return m.C.Renderer.NewStyle().Width(max(w, 10)).Render(s)
}

// target names where a choice leads.
func target(sc *engine.Scenario, t engine.Target) string {
	switch {
	case t.Index < 0:
		return "?"
	case t.Ending:
		return "ending " + sc.Endings[t.Index].ID
	}
	return sc.Scenes[t.Index].ID
}

// sideContent is the right column: the team's timer and clocks, the events
// that may fire next, the seats and their positions, the scoreboard and
// the last controls.
func (m *Model) sideContent(w int) string {
	st := m.C.Styles
	t := m.Snap.Team(m.team)
	d := t.Drill
	h := st.Panel.Heading.Render
	var b []string
	state := live.State(m.C, t)
	if clock := live.ClockLine(m.C, m.Bar, t, m.C.Now(), "p resumes it"); clock != "" {
		state = clock
	} else if state == "" {
		state = st.Muted.Render("no timer on this scene")
	}
	b = append(b, h("TEAM "+strings.ToUpper(common.Line(t.Name)))+st.Muted.Render("  T+"+panel.Hours(d.Hours())), wrapTo(m, state, w), "")
	if cl := d.Clocks(); len(cl) > 0 {
		b = append(b, h("CLOCKS"))
		for _, cs := range cl {
			b = append(b, common.Wrap(common.Line(cs.Clock.Label), w), " "+panel.New(m.C, d).ClockLine(cs))
		}
		b = append(b, "")
	}
	if !t.Over {
		b = append(b, h("MAY FIRE NEXT"))
		var next []string
		for _, i := range d.Eligible() {
			e := &d.Scenario().Events[i]
			line := e.ID
			if e.Chance > 0 && e.Chance < 1 {
				line += fmt.Sprintf(" (%.0f%%)", e.Chance*100)
			}
			next = append(next, common.Truncate("• "+line, w))
		}
		if len(next) == 0 {
			next = []string{st.Muted.Render("nothing, as it stands")}
		}
		b = append(b, next...)
		b = append(b, st.Muted.Render(common.Truncate("f fires any event by hand", w)), "")
	}
	b = append(b, h("SEATS")+st.Muted.Render("  "+live.Tally(t)), live.Seats(m.C, m.Snap, m.team, w), "")
	if len(t.Positions) > 0 {
		b = append(b, h("POSITIONS"), live.Positions(m.C, m.Snap, t, w), "")
	}
	b = append(b, h("SCOREBOARD"), live.Scoreboard(m.C, m.Snap, w), "")
	if n := len(t.Controls); n > 0 {
		b = append(b, h("LAST CONTROLS"))
		texts := report.ControlTexts(m.Snap.Scenario, t.Controls)
		for i := max(n-3, 0); i < n; i++ {
			b = append(b, common.Truncate(st.Muted.Render(common.Line(texts[i])+" · "+common.Line(t.Controls[i].By)), w))
		}
	}
	return strings.Join(b, "\n")
}

// statusLine says what a control did, why it failed, or that one is being
// written; once the session has ended, how to compare its teams.
func (m *Model) statusLine() string {
	if m.Snap.Ended && !m.Pending && !m.Failed && m.Snap.Problem == "" {
		return m.C.Styles.Success.Render("The session has ended. `ttx compare` " + m.runs() + " compares its teams.")
	}
	return m.StatusLine()
}

// runs are the ids of the session's runs, for ttx compare.
func (m *Model) runs() string {
	var ids []string
	for _, t := range m.Snap.Teams {
		ids = append(ids, fmt.Sprint(t.Run))
	}
	return strings.Join(ids, " ")
}

// View draws the header, the scene with the answer key, the right column,
// the choices and the status line.
func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	st := m.C.Styles
	w := m.width
	t := m.Snap.Team(m.team)
	// The team comes before the title: on a narrow terminal the title is
	// what is cut.
	head := st.Header.Scene.Render("Console · code "+room.FormatCode(m.Snap.Code)) +
		st.Header.Scenario.Render(fmt.Sprintf("  ·  team %s (%d of %d)  ·  %s", common.Line(t.Name), m.team+1, len(m.Snap.Teams), common.Line(m.Snap.Scenario.Title)))
	rows := []string{live.Header(m.C, head, t, w), live.SceneLine(m.C, t, w), live.Rule(m.C, w)}
	column := lipgloss.JoinVertical(lipgloss.Left, m.vp.View(), live.Rule(m.C, m.column()), m.C.Renderer.NewStyle().PaddingLeft(1).Render(m.bottom()))
	if m.wide() {
		bar := st.Rule.Render(strings.TrimSuffix(strings.Repeat("│\n", lipgloss.Height(column)), "\n"))
		column = lipgloss.JoinHorizontal(lipgloss.Top, m.C.Renderer.NewStyle().Width(m.column()).Render(column), bar, " ", m.side.View())
	}
	rows = append(rows, column, " "+common.Truncate(m.statusLine(), w-2))
	return strings.Join(rows, "\n")
}

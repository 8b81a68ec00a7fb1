package seat

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/components/opening"
	"github.com/ttx-dev/ttx/ui/components/panel"
)

// layout sizes the scene's viewport to what the header, the choices and
// the status leave.
func (m *Model) layout() {
	if m.width == 0 || m.drill == nil {
		return
	}
	w, h := m.width, m.height
	chrome := 6 // header, clocks, scene, rule, rule, status
	const minScene = 4
	over := 1 // the summary over the choices, and the countdown over it
	if live.ClockLine(m.C, m.Bar, m.Snap.Team(m.team), m.C.Now(), "") != "" {
		over++
	}
	m.choiceLines = max(h-chrome-minScene-over, 2)
	m.reason.Width = max(w-12, 10)
	m.Bar.Width = max(min(w-42, 40), 5)
	m.vp.Width = w
	m.vp.Height = max(h-chrome-lipgloss.Height(m.bottom()), 1)
	m.vp.SetContent(m.content(w))
}

// bottom is what goes under the scene: the choices, or the reason being
// typed, or the commit to confirm; nothing once the drill is over.
func (m *Model) bottom() string {
	st := m.C.Styles
	t := m.Snap.Team(m.team)
	w := m.width - 2
	switch {
	case t.Over || m.Snap.Ended:
		return st.Muted.Render("The drill is over.")
	case t.Opening >= 0:
		return st.Muted.Render(common.Truncate("The module begins when the facilitator says so; its first scene waits.", w))
	case m.stating != nil:
		return common.Truncate(st.Muted.Render("Your position: ")+common.Line(m.texts(m.stating)), w) + "\n" + m.reason.View() + "\n" +
			st.Muted.Render("enter state it · esc cancel")
	case m.confirming != nil:
		return st.Strong.Render("Commit the team's decision: ") + common.Line(m.texts(m.confirming)) + "?\n" + st.Muted.Render("y commit · n not yet")
	}
	out := m.summary(w) + "\n" + m.choices.View(w, m.choiceLines)
	if clock := live.ClockLine(m.C, m.Bar, t, m.C.Now(), "the facilitator resumes it"); clock != "" {
		out = common.Truncate(clock, w) + "\n" + out
	}
	return out
}

// summary is one line over the choices, always in sight: how many argue
// for each choice, and the seat's own position.
func (m *Model) summary(w int) string {
	st := m.C.Styles
	t := m.Snap.Team(m.team)
	line := "No position stated yet"
	if tally := live.Tally(t); tally != "" {
		line = "Positions " + tally
	}
	if p := t.PositionOf(m.seat); p != nil {
		line += " · yours: " + live.Numbers(t, p.Choices)
		if p.Reason != "" {
			line += ", “" + p.Reason + "”"
		}
	}
	return st.Muted.Render(common.Truncate(common.Line(line), w))
}

// texts are the texts of choice ids of the open scene.
func (m *Model) texts(ids []string) string {
	sc := m.drill.Scene()
	var out []string
	for _, id := range ids {
		for _, c := range sc.Choices {
			if c.ID == id {
				out = append(out, m.drill.Render(c.Text))
			}
		}
	}
	return strings.Join(out, " + ")
}

// content is the scene with what happened since the last decision, the
// role's brief when shown, and the team's positions.
func (m *Model) content(w int) string {
	st := m.C.Styles
	t := m.Snap.Team(m.team)
	d := t.Drill
	inner := max(w-2, 10)
	var b []string
	if m.showBrief {
		if r := m.roleOf(); r != nil {
			brief := st.Strong.Render("Your role: "+common.Line(r.Title)) + "\n" + m.C.Markdown.Render(r.Brief, inner-4)
			if r.Private != "" {
				brief += "\n" + st.Strong.Render("Only you know") + "\n" + m.C.Markdown.Render(r.Private, inner-4)
			}
			b = append(b, st.Plan.Width(max(inner-2, 10)).Render(brief), "")
		}
	}
	switch {
	case t.Over:
		b = append(b, live.Ending(m.C, t, inner))
		if m.C.Store != nil {
			b = append(b, "", st.Muted.Render("Press d for the debrief."))
		}
		return m.C.Renderer.NewStyle().PaddingLeft(1).Render(strings.Join(b, "\n"))
	case t.OnBreak:
		title := "Break"
		if t.Break != nil {
			title += " · " + common.Line(t.Break.Title)
		}
		b = append(b, st.Title.Render(title), st.Muted.Render("The facilitator has paused the exercise; the scene waits below."), "")
	}
	if t.Opening >= 0 && !t.OnBreak {
		b = append(b, opening.View(m.C, d.Scenario(), t.Opening, "The facilitator begins the module.", w, max(m.height-8, 8)))
		return strings.Join(b, "\n")
	}
	if last := live.LastDecision(m.C, t, inner); last != "" {
		b = append(b, last, "")
	}
	if inj := live.Injects(m.C, t, inner); inj != "" {
		b = append(b, inj, "")
	}
	b = append(b, m.C.Markdown.Render(d.SceneText(), inner-4), "")
	b = append(b, st.Panel.Heading.Render("POSITIONS"), live.Positions(m.C, m.Snap, t, inner))
	return m.C.Renderer.NewStyle().PaddingLeft(1).Render(strings.Join(b, "\n"))
}

// View draws the header, the scene and the choices, and the status line.
func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	st := m.C.Styles
	w := m.width
	t := m.Snap.Team(m.team)
	who := "?"
	if me := m.me(); me != nil {
		who = live.SeatName(m.Snap.Scenario, *me)
		if me.Lead {
			who += " " + st.Header.Role.Render("lead")
		}
	}
	head := st.Header.Scene.Render("Team "+common.Line(t.Name)) + st.Header.Scenario.Render("  ·  ") + who
	rows := []string{live.Header(m.C, head, t, w), " " + panel.New(m.C, t.Drill).StatusLine(w-2), live.SceneLine(m.C, t, w), live.Rule(m.C, w)}
	rows = append(rows, m.vp.View(), live.Rule(m.C, w), m.C.Renderer.NewStyle().PaddingLeft(1).Render(m.bottom()))
	rows = append(rows, " "+common.Truncate(m.StatusLine(), w-2))
	return strings.Join(rows, "\n")
}

// ShortHelp is the keys that work now, but for the choice numbers and
// scrolling.
func (m *Model) ShortHelp() []key.Binding {
	full := m.FullHelp()
	if len(full) < 3 {
		return full[0]
	}
	return append(append([]key.Binding{}, full[1]...), full[2]...)
}

// FullHelp is the keys that work now, in columns.
func (m *Model) FullHelp() [][]key.Binding {
	g, k := m.C.KeyMap.Global, m.C.KeyMap.Seat
	t := m.Snap.Team(m.team)
	switch {
	case m.stating != nil:
		enter, esc := k.State, m.C.KeyMap.Lobby.Back
		enter.SetHelp("enter", "state it")
		esc.SetHelp("esc", "cancel")
		return [][]key.Binding{{enter, esc}}
	case m.confirming != nil:
		yes, no := g.Yes, g.No
		yes.SetHelp("y", "commit")
		no.SetHelp("n/esc", "not yet")
		return [][]key.Binding{{yes, no}}
	}
	pu, pd := g.PageUp, g.PageDown
	pu.SetEnabled(!m.vp.AtTop())
	pd.SetEnabled(!m.vp.AtBottom())
	if t.Over || m.Snap.Ended {
		return [][]key.Binding{{pu, pd}, {m.debriefKey(), m.briefKey()}, {k.Leave}}
	}
	if t.Opening >= 0 {
		return [][]key.Binding{{pu, pd}, {m.briefKey()}, {k.Leave}}
	}
	up, down := g.Up, g.Down
	up.SetEnabled(m.choices.Len() > 1)
	down.SetEnabled(m.choices.Len() > 1)
	state := k.State
	state.SetEnabled(m.choices.Len() > 0)
	return [][]key.Binding{{up, down, m.choices.Number(), pu, pd}, {state, m.choices.Toggle(), m.commitKey()}, {m.briefKey(), k.Leave}}
}

package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
)

// briefingModel sets a drill up: what the scenario is, who plays, what clocks
// will run, and the team's name.
type briefingModel struct {
	c       *common
	sc      *engine.Scenario
	seed    uint64
	team    textinput.Model
	askTeam bool
	vp      viewport.Model
	actions []engine.Action // open improvement actions from earlier drills of this scenario
}

// openActionsMsg brings the open improvement actions of a scenario.
type openActionsMsg struct {
	actions []engine.Action
	err     error
}

// startDrillMsg asks the root to start the drill.
type startDrillMsg struct {
	sc   *engine.Scenario
	team string
	seed uint64
}

func newBriefing(c *common, sc *engine.Scenario, team string, seed uint64) briefingModel {
	ti := textinput.New()
	ti.Placeholder = "Team name"
	ti.CharLimit = 60
	ti.Prompt = "› "
	ti.Cursor.SetMode(cursor.CursorStatic) // a steady cursor: no ticks while the room talks
	ti.SetValue(team)
	m := briefingModel{c: c, sc: sc, seed: seed, team: ti, askTeam: team == ""}
	if m.askTeam {
		m.team.Focus()
	}
	m.vp = viewport.New(0, 0)
	return m
}

func (m briefingModel) Init() tea.Cmd { return nil }

func (m *briefingModel) setSize(w, h int) {
	m.vp.Width, m.vp.Height = w, max(h-4, 1)
	m.team.Width = min(40, max(w-14, 4))
	m.vp.SetContent(m.content())
}

func (m briefingModel) Update(msg tea.Msg) (briefingModel, tea.Cmd) {
	if msg, ok := msg.(openActionsMsg); ok {
		if msg.err == nil {
			m.actions = msg.actions
			m.vp.SetContent(m.content())
		}
		return m, nil
	}
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, m.c.keys.Select):
			return m, func() tea.Msg {
				return startDrillMsg{sc: m.sc, team: engine.Sanitize(strings.TrimSpace(m.team.Value())), seed: m.seed}
			}
		case key.Matches(msg, m.c.keys.Back):
			return m, func() tea.Msg { return goHomeMsg{} }
		case key.Matches(msg, m.c.keys.PageUp, m.c.keys.PageDown):
			var cmd tea.Cmd
			m.vp, cmd = m.vp.Update(msg)
			return m, cmd
		}
	}
	var cmd tea.Cmd
	if m.askTeam {
		m.team, cmd = m.team.Update(msg)
	}
	return m, cmd
}

// typing reports whether keys go to the team name input.
func (m briefingModel) typing() bool { return m.askTeam }

func (m briefingModel) content() string {
	st, sc := m.c.styles, m.sc
	w := max(m.vp.Width-4, 20)
	var b strings.Builder
	row := func(label, value string) {
		if value != "" {
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, st.Briefing.Label.Render(label), st.Briefing.Value.Width(max(w-10, 10)).Render(value)) + "\n")
		}
	}
	b.WriteString(st.Title.Render(sc.Title) + "\n")
	if sc.Version != "" {
		b.WriteString(st.Muted.Render(sc.ID+" · version "+sc.Version) + "\n")
	}
	b.WriteString("\n" + lipgloss.NewStyle().Width(w).Render(sc.Summary) + "\n\n")
	row("Roles", strings.Join(sc.Roles, ", "))
	lo, hi := sc.Length()
	length := fmt.Sprintf("%d decisions", lo)
	if hi != lo {
		length = fmt.Sprintf("%d to %d decisions", lo, hi)
	}
	row("Length", length)
	for i, c := range sc.Clocks {
		label := ""
		if i == 0 {
			label = "Clocks"
		}
		row(label, fmt.Sprintf("%s: due at T+%sh", c.Label, engine.FormatValue(engine.Var{}, c.Due)))
	}
	row("Scored on", principleList(sc))
	row("Seed", fmt.Sprint(m.seed))
	if r := m.c.riskOf(sc); r != nil {
		b.WriteString("\n" + st.Strong.Render("The risk this drills, from your risk register") + "\n")
		b.WriteString(lipgloss.NewStyle().Width(w).Render(m.c.planText(r, sc.Guidance)) + "\n")
	}
	if len(m.actions) > 0 {
		b.WriteString("\n" + st.Strong.Render("Open actions from earlier drills of this scenario") + "\n")
		for _, a := range m.actions {
			line := "• " + a.What
			if a.Owner != "" {
				line += st.Muted.Render(" · " + a.Owner)
			}
			if !a.Due.IsZero() {
				line += st.Muted.Render(" · due " + a.Due.Format("2006-01-02"))
			}
			b.WriteString(lipgloss.NewStyle().Width(w).Render(line) + "\n")
		}
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(b.String())
}

// principleList names the principles a scenario scores.
func principleList(sc *engine.Scenario) string {
	var ids []string
	for p, pr := range sc.Guidance.Principles {
		if sc.Scored(p) {
			ids = append(ids, pr.ID)
		}
	}
	return strings.Join(ids, ", ")
}

func (m briefingModel) help() bindings {
	k := m.c.keys
	start := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "start the drill"))
	return bindings{
		short: []key.Binding{start, k.Back, k.ForceQuit},
		full:  [][]key.Binding{{start, k.Back}, {k.PageUp, k.PageDown}, {k.ForceQuit}},
	}
}

func (m briefingModel) View() string {
	st := m.c.styles
	team := "  " + st.Briefing.Label.Render("Team") + m.team.View()
	if !m.askTeam {
		team = "  " + st.Briefing.Label.Render("Team") + st.Strong.Render(m.team.Value())
	}
	return m.vp.View() + "\n" + team + "\n"
}

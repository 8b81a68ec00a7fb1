// Package briefing is the screen before a drill: what the scenario is, who
// plays, what clocks will run, the risk it drills and the open actions of
// earlier drills, and the team's name.
package briefing

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
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/panel"
	"github.com/ttx-dev/ttx/ui/components/plan"
	"github.com/ttx-dev/ttx/ui/pages/drill"
)

// Model is the briefing of one scenario.
type Model struct {
	c       *common.Common
	sc      *engine.Scenario
	seed    uint64
	team    textinput.Model
	askTeam bool
	noTeam  bool // enter was pressed without a team's name
	vp      viewport.Model
	actions []engine.Action // open improvement actions from earlier drills of this scenario
}

// actionsMsg brings the open improvement actions of the scenario.
type actionsMsg struct {
	sc      *engine.Scenario
	actions []engine.Action
	err     error
}

// New returns the briefing of sc, with the session's team (asked for when
// there is none) and a seed.
func New(c *common.Common, sc *engine.Scenario) *Model {
	st := c.Styles
	ti := textinput.New()
	ti.Placeholder = "Team name"
	ti.CharLimit = 60
	ti.Prompt = "› "
	ti.PromptStyle, ti.TextStyle, ti.PlaceholderStyle = st.Input.Prompt, st.Input.Text, st.Input.Placeholder
	ti.Cursor.SetMode(cursor.CursorStatic) // a steady cursor: no ticks while the room talks
	ti.Cursor.Style, ti.Cursor.TextStyle = st.Input.Cursor, st.Input.CursorText
	ti.SetValue(common.Line(c.Drill.Team))
	m := &Model{c: c, sc: sc, seed: c.Seed(), team: ti, askTeam: c.Drill.Team == ""}
	if m.askTeam {
		m.team.Focus()
	}
	m.vp = viewport.New(0, 0)
	m.vp.Style = c.Renderer.NewStyle()
	m.vp.KeyMap = viewport.KeyMap{PageUp: c.KeyMap.Global.PageUp, PageDown: c.KeyMap.Global.PageDown}
	return m
}

// Init fetches the open actions of earlier drills of the scenario.
func (m *Model) Init() tea.Cmd {
	s, sc := m.c.Store, m.sc
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		acts, err := s.OpenActions(sc.ID)
		return actionsMsg{sc, acts, err}
	}
}

// SetSize fits the briefing to the page, the team's line under it.
func (m *Model) SetSize(w, h int) {
	m.vp.Width, m.vp.Height = w, max(h-2, 1)
	m.team.Width = min(40, max(w-14, 4))
	m.vp.SetContent(m.content())
}

// Typing reports whether keys go to the team name.
func (m *Model) Typing() bool { return m.askTeam }

// back is the key that leaves the briefing: esc, and q unless the team's
// name takes it.
func (m *Model) back() key.Binding {
	b := m.c.KeyMap.Global.Back
	if m.askTeam {
		b.SetKeys("esc")
		b.SetHelp("esc", "back")
	}
	return b
}

// Update starts the drill, goes back, scrolls, or types the team's name.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case actionsMsg:
		if msg.sc == m.sc && msg.err == nil {
			m.actions = msg.actions
			m.vp.SetContent(m.content())
		}
		return m, nil
	case tea.KeyMsg:
		g := m.c.KeyMap.Global
		switch {
		case key.Matches(msg, m.c.KeyMap.Briefing.Start):
			team := common.Line(strings.TrimSpace(m.team.Value()))
			if team == "" {
				m.noTeam = true // the results are told apart by team
				return m, nil
			}
			m.c.Replace(drill.New(m.c, engine.NewDrill(m.sc, m.seed), team, 0))
			return m, nil
		case key.Matches(msg, m.back()):
			m.c.Back()
			return m, nil
		case key.Matches(msg, g.PageUp, g.PageDown):
			var cmd tea.Cmd
			m.vp, cmd = m.vp.Update(msg)
			return m, cmd
		}
		if m.askTeam {
			var cmd tea.Cmd
			m.team, cmd = m.team.Update(msg)
			m.noTeam = false
			return m, cmd
		}
	}
	return m, nil
}

func (m *Model) content() string {
	st, sc := m.c.Styles, m.sc
	w := max(m.vp.Width-4, 20)
	var b strings.Builder
	row := func(label, value string) {
		if value != "" {
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, st.Briefing.Label.Render(label), st.Briefing.Value.Render(common.Wrap(value, max(w-10, 10)))) + "\n")
		}
	}
	b.WriteString(st.Title.Render(sc.Title) + "\n")
	about := sc.ID
	if sc.Version != "" {
		about += " · version " + sc.Version
	}
	b.WriteString(st.Muted.Render(common.Truncate(fmt.Sprintf("%s · seed %d", about, m.seed), w)) + "\n")
	b.WriteString("\n" + common.Wrap(common.Line(sc.Summary), w) + "\n")
	if m.c.RegisterErr != nil && sc.Risk != "" {
		file := common.Line(common.Or(m.c.RegisterPath, engine.DefaultRegisterFile))
		b.WriteString("\n" + st.Error.Render(common.Wrap("Your risk register ("+file+") does not load, so this drill runs without its plan.", w)) + "\n" +
			common.Wrap("The risk map on the home screen shows why.", w) + "\n")
	}
	b.WriteString("\n")
	// Parameters: the organisation the drill is played as.
	set := sc.ParamOverrides()
	for i, p := range sc.Params {
		label := ""
		if i == 0 {
			label = "Played as"
		}
		value := humanName(p.Name) + ": " + common.Line(p.Text())
		if _, ok := set[p.Name]; ok {
			value += st.Muted.Render(" (set for this drill)")
		}
		row(label, value)
	}
	var roles []string
	for _, r := range sc.RoleInfo {
		roles = append(roles, common.Line(r.Title))
	}
	row("Roles", strings.Join(roles, ", "))
	_, length := common.Length(sc)
	row("Length", length)
	for i, md := range sc.Modules {
		label := ""
		if i == 0 {
			label = "Modules"
		}
		row(label, fmt.Sprintf("%d %s", i+1, common.Line(md.Title))+st.Muted.Render(" · "+common.Minutes(md.Budget)))
	}
	k := 0
	for _, c := range sc.Clocks {
		if sc.RuledOut(c.When) {
			continue // not for this organisation (its parameters)
		}
		label := ""
		if k == 0 {
			label = "Clocks"
		}
		k++
		row(label, fmt.Sprintf("%s: due %s", common.Line(c.Label), panel.HoursIn(c.Due)))
	}
	k = 0
	for p, pr := range sc.Guidance.Principles {
		if !sc.Scored(p) {
			continue
		}
		label := ""
		if k == 0 {
			label = "Scored on"
		}
		k++
		row(label, common.Line(pr.Title))
	}
	if r := m.c.RiskOf(sc); r != nil {
		b.WriteString("\n" + st.Strong.Render("The risk this drills, from your risk register") + "\n")
		b.WriteString(common.Wrap(plan.Text(m.c, r, sc.Guidance), w) + "\n")
	}
	if m.briefs(sc) {
		b.WriteString("\n" + st.Strong.Render("Who plays what") + "\n")
		for _, r := range sc.RoleInfo {
			if r.Brief != "" {
				b.WriteString(common.Wrap(st.Strong.Render(common.Line(r.Title))+": "+common.Line(r.Brief), w) + "\n")
			}
		}
	}
	if len(m.actions) > 0 {
		b.WriteString("\n" + st.Strong.Render("Open actions from earlier drills of this scenario") + "\n")
		for _, a := range m.actions {
			line := "• " + common.Line(a.What)
			if a.Owner != "" {
				line += st.Muted.Render(" · " + common.Line(a.Owner))
			}
			if !a.Due.IsZero() {
				line += st.Muted.Render(" · due " + a.Due.Format("2006-01-02"))
			}
			b.WriteString(common.Wrap(line, w) + "\n")
		}
	}
	return st.Pad.Render(b.String())
}

// briefs reports whether a role of sc has a brief to show.
func (m *Model) briefs(sc *engine.Scenario) bool {
	for _, r := range sc.RoleInfo {
		if r.Brief != "" {
			return true
		}
	}
	return false
}

// humanName writes a parameter's name for a reader: "company_name" is
// "Company name".
func humanName(name string) string {
	name = strings.ReplaceAll(name, "_", " ")
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// ShortHelp is the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.c.KeyMap.Briefing.Start, m.back()}
}

// FullHelp is every key of the briefing, in columns.
func (m *Model) FullHelp() [][]key.Binding {
	g := m.c.KeyMap.Global
	up, down := g.PageUp, g.PageDown
	up.SetEnabled(!m.vp.AtTop())
	down.SetEnabled(!m.vp.AtBottom())
	return [][]key.Binding{{m.c.KeyMap.Briefing.Start, m.back()}, {up, down}}
}

// View draws the briefing and the team's line.
func (m *Model) View() string {
	st := m.c.Styles
	team := "  " + st.Briefing.Label.Render("Team") + m.team.View()
	if !m.askTeam {
		team = "  " + st.Briefing.Label.Render("Team") + st.Strong.Render(common.Line(m.team.Value()))
	}
	if m.noTeam {
		team += "  " + st.Error.Render("Name the team first: the results tell teams apart by it.")
	}
	v := m.vp.View()
	if !m.vp.AtBottom() {
		// A briefing cut by the terminal says how to read the rest.
		lines := strings.Split(v, "\n")
		lines[len(lines)-1] = "  " + st.Muted.Render("↓ more below: pgdn")
		v = strings.Join(lines, "\n")
	}
	return v + "\n" + common.Truncate(team, m.vp.Width)
}

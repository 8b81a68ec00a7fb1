package drill

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// key handles a key when the store is not busy.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.Drill
	switch {
	case m.closed:
		return nil
	case m.confirmQuit:
		switch {
		case key.Matches(msg, g.Yes):
			m.closed = true
			m.c.Back()
		case key.Matches(msg, g.No):
			m.confirmQuit = false
		}
		return nil
	case key.Matches(msg, k.Leave):
		m.confirmQuit = true
		return nil
	case key.Matches(msg, m.pause()):
		m.paused = !m.paused
		return nil
	case len(m.injects) > 0:
		if key.Matches(msg, k.Next) {
			m.injects = m.injects[1:]
			if len(m.injects) == 0 {
				return m.showNext()
			}
		}
		return nil
	case m.opening >= 0:
		if key.Matches(msg, k.Next) {
			m.opening = -1
			m.layout()
		}
		return nil
	case key.Matches(msg, m.notes()):
		m.toggle(&m.showNotes)
		return nil
	case key.Matches(msg, m.plan()):
		m.toggle(&m.showPlan)
		return nil
	case key.Matches(msg, m.discuss()):
		m.toggle(&m.showDiscuss)
		return nil
	case key.Matches(msg, g.PageUp, g.PageDown) && m.pane.Height > 0:
		var cmd tea.Cmd
		m.pane, cmd = m.pane.Update(msg)
		return cmd
	case key.Matches(msg, g.PageUp, g.PageDown):
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return cmd
	}
	var cmd tea.Cmd
	m.choices, cmd = m.choices.Update(msg)
	if picks := m.choices.Confirmed(); picks != nil {
		frame := m.View()
		if err := m.d.ChooseIndex(picks...); err != nil {
			m.err = err.Error()
			m.layout()
			return nil
		}
		return m.decided(frame)
	}
	m.layout()
	return cmd
}

// stuckKey handles a key once a save has failed for good: the team can
// only leave (the drill is kept up to its last saved decision).
func (m *Model) stuckKey(msg tea.KeyMsg) tea.Cmd {
	g := m.c.KeyMap.Global
	switch {
	case m.confirmQuit && key.Matches(msg, g.Yes):
		m.closed = true
		m.c.Back()
	case m.confirmQuit && key.Matches(msg, g.No):
		m.confirmQuit = false
	case !m.confirmQuit && key.Matches(msg, m.c.KeyMap.Drill.Leave):
		m.confirmQuit = true
	}
	return nil
}

// toggle shows or hides one of the panes below the scene text (notes,
// prompts, plan); the panes show from their top.
func (m *Model) toggle(shown *bool) {
	*shown = !*shown
	m.layout()
	m.pane.GotoTop()
}

// The bindings that depend on the scene: each is enabled only when the
// scene has what it shows.
func (m *Model) notes() key.Binding {
	b := m.c.KeyMap.Drill.Notes
	b.SetEnabled(m.d.Scene().Notes != "")
	return b
}

func (m *Model) discuss() key.Binding {
	b := m.c.KeyMap.Drill.Discuss
	b.SetEnabled(len(m.d.Scene().Discuss) > 0)
	return b
}

func (m *Model) pause() key.Binding {
	b := m.c.KeyMap.Drill.Pause
	b.SetEnabled(m.timed && len(m.injects) == 0 && m.opening < 0)
	if m.paused {
		b.SetHelp(b.Help().Key, "restart the clock")
	}
	return b
}

func (m *Model) plan() key.Binding {
	b := m.c.KeyMap.Drill.Plan
	b.SetEnabled(m.c.RiskOf(m.d.Scenario()) != nil)
	return b
}

// ShortHelp is the keys that work now, but for the choice numbers and
// scrolling (in the full help).
func (m *Model) ShortHelp() []key.Binding {
	full := m.FullHelp()
	switch {
	case len(full) == 0:
		return nil
	case len(full) < 5:
		return append([]key.Binding(nil), full[0]...)
	}
	out := append([]key.Binding{full[0][0], full[0][1]}, full[1]...)
	return append(append(out, full[2]...), full[4]...)
}

// FullHelp is the keys that work now, in columns: in the leave question
// yes and no; over an inject, continue and leave; else the choices, the
// panes, scrolling and leave.
func (m *Model) FullHelp() [][]key.Binding {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.Drill
	switch {
	case m.closed:
		return nil
	case m.stuck && !m.confirmQuit:
		return [][]key.Binding{{k.Leave}}
	case m.confirmQuit:
		yes, no := g.Yes, g.No
		yes.SetHelp("y", "leave")
		no.SetHelp("n/esc", "stay")
		return [][]key.Binding{{yes, no}}
	case len(m.injects) > 0:
		return [][]key.Binding{{k.Next, k.Leave}}
	case m.opening >= 0:
		next := k.Next
		next.SetHelp(next.Help().Key, "begin the module")
		return [][]key.Binding{{next, k.Leave}}
	}
	up, down := g.Up, g.Down
	up.SetEnabled(m.choices.Len() > 1)
	down.SetEnabled(m.choices.Len() > 1)
	confirm := k.Confirm
	confirm.SetEnabled(m.choices.Len() > 0)
	pu, pd := g.PageUp, g.PageDown
	scroll := m.vp
	if m.pane.Height > 0 {
		scroll = m.pane
	}
	pu.SetEnabled(!scroll.AtTop())
	pd.SetEnabled(!scroll.AtBottom())
	return [][]key.Binding{{up, down, m.choices.Number()}, {confirm, m.choices.Toggle()}, {m.notes(), m.discuss(), m.plan()}, {pu, pd}, {m.pause(), k.Leave}}
}

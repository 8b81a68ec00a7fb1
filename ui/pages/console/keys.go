package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/pages/seat"
)

// Key handles a key when no control is being written.
func (m *Model) Key(msg tea.KeyMsg) tea.Cmd {
	if m.modal.kind != modalNone {
		return m.modalKey(msg)
	}
	g, k := m.C.KeyMap.Global, m.C.KeyMap.Console
	t := m.Snap.Team(m.team)
	switch {
	case key.Matches(msg, k.Leave):
		m.confirm("Leave the console? The session goes on; come back with the same key.", "", nil)
		return nil
	case key.Matches(msg, m.teamKeys()...):
		n := len(m.Snap.Teams)
		if key.Matches(msg, k.NextTeam) {
			m.team = (m.team + 1) % n
		} else {
			m.team = (m.team - 1 + n) % n
		}
		m.drill = nil
		m.Take()
		m.vp.GotoTop()
		return nil
	case key.Matches(msg, g.PageUp, g.PageDown):
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return cmd
	case key.Matches(msg, m.enabled(k.Debrief, t.Over && m.C.Store != nil)):
		return m.Open(seat.Debrief(m.C, t))
	case key.Matches(msg, m.enabled(k.Close, !m.Snap.Ended)):
		seat := m.seat
		m.confirm("End the session? Every drill still going ends as it stands, and is scored.", "The session has ended.", func() error { return m.S.Close(seat) })
		return nil
	case t.Over || m.Snap.Ended:
		return nil
	case key.Matches(msg, k.Pause):
		if t.Paused || t.OnBreak {
			return m.control(engine.ControlResume, "", "Team "+t.Name+" goes on.")
		}
		return m.control(engine.ControlPause, "", "Team "+t.Name+" is paused.")
	case key.Matches(msg, m.enabled(k.Extend, t.Timer.On)):
		return m.control(engine.ControlExtend, "60", "A minute more for team "+t.Name+".")
	case key.Matches(msg, m.enabled(k.Cut, t.Timer.On)):
		return m.control(engine.ControlCut, "60", "A minute less for team "+t.Name+".")
	case key.Matches(msg, k.Break):
		if t.OnBreak {
			return m.control(engine.ControlResume, "", "The break of team "+t.Name+" is over.")
		}
		return m.control(engine.ControlBreak, "", "Team "+t.Name+" is on a break.")
	case key.Matches(msg, m.enabled(k.Fire, len(m.Snap.Scenario.Events) > 0)):
		m.modal = modal{kind: modalFire, items: m.events()}
		return nil
	case key.Matches(msg, k.Advance):
		m.modal = modal{kind: modalHours}
		m.hours.SetValue("")
		return m.hours.Focus()
	case key.Matches(msg, m.enabled(k.Undo, len(t.Drill.Decisions()) > 0)):
		last := strings.Join(t.Last.Choices, " + ")
		team, seat := m.team, m.seat
		m.confirm(fmt.Sprintf("Take back team %s's last decision (%s)?", t.Name, last), "The last decision is taken back.",
			func() error { return m.S.Control(seat, team, engine.ControlUndo, "") })
		return nil
	case key.Matches(msg, k.End):
		team, seat := m.team, m.seat
		m.confirm(fmt.Sprintf("End team %s's drill now, as it stands?", t.Name), "The drill has ended.",
			func() error { return m.S.Control(seat, team, engine.ControlEnd, "") })
		return nil
	case key.Matches(msg, m.enabled(k.Lead, len(m.leads()) > 0)):
		m.modal = modal{kind: modalLead, items: m.leads()}
		return nil
	case t.Opening >= 0:
		if key.Matches(msg, k.Begin) {
			return m.control(engine.ControlBegin, "", fmt.Sprintf("Module %d begins for team %s.", t.Opening+1, t.Name))
		}
		return nil
	case t.OnBreak:
		return nil // nobody decides during a break: b ends it
	}
	var cmd tea.Cmd
	m.choices, cmd = m.choices.Update(msg)
	if picks := m.choices.Confirmed(); picks != nil {
		sc := t.Drill.Scene()
		var ids, texts []string
		for _, j := range picks {
			ids = append(ids, sc.Choices[j].ID)
			texts = append(texts, t.Drill.Render(sc.Choices[j].Text))
		}
		team, seat := m.team, m.seat
		m.confirm(fmt.Sprintf("Commit for team %s: %s?", t.Name, strings.Join(texts, " + ")), "The decision is committed.",
			func() error { return m.S.Commit(seat, team, ids) })
	}
	m.layout()
	return cmd
}

// modalKey handles a key in a question or a picker.
func (m *Model) modalKey(msg tea.KeyMsg) tea.Cmd {
	g := m.C.KeyMap.Global
	md := &m.modal
	switch md.kind {
	case modalConfirm:
		switch {
		case key.Matches(msg, g.Yes):
			if md.act == nil { // leaving
				m.Leave()
				return nil
			}
			return m.do(md.what, md.act)
		case key.Matches(msg, g.No):
			m.modal = modal{}
		}
	case modalHours:
		switch msg.Type {
		case tea.KeyEsc:
			m.modal = modal{}
			m.hours.Blur()
		case tea.KeyEnter:
			h := strings.TrimSpace(m.hours.Value())
			m.hours.Blur()
			return m.control(engine.ControlAdvance, h, "The clock moved on by "+common.Line(h)+"h.")
		default:
			var cmd tea.Cmd
			m.hours, cmd = m.hours.Update(msg)
			return cmd
		}
	case modalFire, modalLead:
		n := len(md.items)
		switch {
		case key.Matches(msg, g.Up):
			md.cursor = (md.cursor - 1 + n) % n
		case key.Matches(msg, g.Down):
			md.cursor = (md.cursor + 1) % n
		case msg.Type == tea.KeyEsc:
			m.modal = modal{}
		case msg.Type == tea.KeyEnter:
			it := md.items[md.cursor]
			if it.off {
				return nil
			}
			if md.kind == modalFire {
				return m.control(engine.ControlFire, it.id, "Fired "+it.id+".")
			}
			seat := m.seat
			what := common.Line(it.label) + " leads the team."
			if it.on {
				what = common.Line(it.label) + " no longer leads the team."
			}
			return m.do(what, func() error { return m.S.SetLead(seat, it.id, !it.on) })
		}
	}
	return nil
}

// enabled is b, enabled when on.
func (m *Model) enabled(b key.Binding, on bool) key.Binding {
	b.SetEnabled(on)
	return b
}

// teamKeys are the keys that choose the team, when there are several.
func (m *Model) teamKeys() []key.Binding {
	k := m.C.KeyMap.Console
	several := len(m.Snap.Teams) > 1
	return []key.Binding{m.enabled(k.NextTeam, several), m.enabled(k.PrevTeam, several)}
}

// ShortHelp is the controls used most.
func (m *Model) ShortHelp() []key.Binding {
	full := m.FullHelp()
	if len(full) < 3 {
		return full[0]
	}
	return []key.Binding{full[0][4], full[1][0], full[1][3], full[1][5], full[2][4], full[2][6]}
}

// FullHelp is every key that works now, in three columns (they fit 80
// columns): the choices; the timer and the drill; the team and the
// session.
func (m *Model) FullHelp() [][]key.Binding {
	g, k := m.C.KeyMap.Global, m.C.KeyMap.Console
	switch m.modal.kind {
	case modalConfirm:
		yes, no := g.Yes, g.No
		return [][]key.Binding{{yes, no}}
	case modalHours:
		enter, esc := m.C.KeyMap.Lobby.Submit, m.C.KeyMap.Lobby.Back
		return [][]key.Binding{{enter, esc}}
	case modalFire, modalLead:
		up, down, enter, esc := g.Up, g.Down, m.C.KeyMap.Lobby.Submit, m.C.KeyMap.Lobby.Back
		esc.SetHelp("esc", "cancel")
		return [][]key.Binding{{up, down, enter, esc}}
	}
	t := m.Snap.Team(m.team)
	live := !t.Over && !m.Snap.Ended
	choosing := live && t.Opening < 0 && !t.OnBreak
	up, down := g.Up, g.Down
	up.SetEnabled(choosing && m.choices.Len() > 1)
	down.SetEnabled(choosing && m.choices.Len() > 1)
	commit := m.enabled(k.Commit, choosing && m.choices.Len() > 0)
	if live && t.Opening >= 0 {
		commit = k.Begin
	}
	pause := k.Pause
	if t.Paused || t.OnBreak {
		pause.SetHelp("p", "resume")
	}
	brk := k.Break
	if t.OnBreak {
		brk.SetHelp("b", "end the break")
	}
	pu, pd := g.PageUp, g.PageDown
	pu.SetEnabled(!m.vp.AtTop())
	pd.SetEnabled(!m.vp.AtBottom())
	teams := m.teamKeys()
	return [][]key.Binding{
		{up, down, m.enabled(m.choices.Number(), choosing), m.enabled(m.choices.Toggle(), choosing), commit, pu, pd},
		{m.enabled(pause, live), m.enabled(k.Extend, live && t.Timer.On), m.enabled(k.Cut, live && t.Timer.On),
			m.enabled(k.Fire, live && len(m.Snap.Scenario.Events) > 0), m.enabled(k.Advance, live), m.enabled(k.Undo, live && len(t.Drill.Decisions()) > 0), m.enabled(brk, live)},
		{m.enabled(k.Lead, live && len(m.leads()) > 0), m.enabled(k.End, live), m.enabled(k.Close, !m.Snap.Ended), m.enabled(k.Debrief, t.Over && m.C.Store != nil),
			teams[0], teams[1], k.Leave},
	}
}

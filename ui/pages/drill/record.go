package drill

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine/store"
)

// Recording: every drill is written to the store as it is played, each
// decision durable before the next screen shows. The writes run in
// commands; the screen waits for their answers.

func (m *Model) beginRun() tea.Cmd {
	s, d := m.c.Store, m.d
	r := &store.Run{Record: d.Record(), Team: m.team, Participants: m.people, Started: m.c.Now().UTC()}
	return func() tea.Msg {
		id, err := s.Begin(r)
		return runBegunMsg{d, id, err}
	}
}

func (m *Model) saveDecision() tea.Cmd {
	s, d, id := m.c.Store, m.d, m.runID
	rec := d.Record()
	n := len(rec.Decisions) - 1
	return func() tea.Msg { return decisionSavedMsg{d, s.AppendDecision(id, n, rec.Decisions[n])} }
}

func (m *Model) finishRun() tea.Cmd {
	s, d, id, team := m.c.Store, m.d, m.runID, m.team
	risk, ended := m.c.RiskOf(d.Scenario()), m.c.Now().UTC()
	return func() tea.Msg {
		res, err := d.ResultWithPlan(team, risk)
		if err == nil {
			err = s.Finish(id, res, ended)
		}
		return runFinishedMsg{d, err}
	}
}

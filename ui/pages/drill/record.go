package drill

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
)

// Recording: every drill is written to the store as it is played, each
// decision durable before the next screen shows. The writes run in
// commands; the screen waits for their answers.

func (m *Model) beginRun() tea.Cmd {
	s, d := m.c.Store, m.d
	r := &store.Run{Record: d.Record(), Team: m.team, Participants: m.people, Started: m.c.Now().UTC(), ScenarioTitle: d.Scenario().Title}
	return func() tea.Msg {
		id, err := s.Begin(r, d.Scenario().Source())
		return runBegunMsg{d, id, err}
	}
}

func (m *Model) saveDecision() tea.Cmd {
	s, d, id := m.c.Store, m.d, m.runID
	rec := d.Record()
	n := len(rec.Decisions) - 1
	return func() tea.Msg { return decisionSavedMsg{d, s.AppendDecision(id, n, rec.Decisions[n])} }
}

// saveFailed keeps the drill waiting after a save failed (the drill never
// goes on past a decision the store does not have): a save that may work
// later (a busy database, a lost connection) is tried again after
// retryWait; any other leaves the team the choice to leave, the drill kept
// up to its last saved decision.
func (m *Model) saveFailed(what string, err error, save tea.Cmd) tea.Cmd {
	m.pending = true
	if !store.Transient(err) {
		m.stuck = true
		m.recordErr = fmt.Sprintf("%s cannot be saved: %s; press q to leave, the drill is kept up to its last saved decision", what, common.Line(err.Error()))
		m.layout()
		return nil
	}
	m.recordErr = fmt.Sprintf("%s is not saved yet (%s); trying again, the drill goes on once it is saved", what, common.Line(err.Error()))
	m.layout()
	d := m.d
	return tea.Tick(m.retryWait, func(time.Time) tea.Msg { return retrySaveMsg{d, save} })
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

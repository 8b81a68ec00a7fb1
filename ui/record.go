package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// Resumed is an unfinished drill to continue: its stored run and the drill
// replayed to where it stopped.
type Resumed struct {
	Run   *store.Run
	Drill *engine.Drill
}

// Recording: every drill is written to the store as it is played, each
// decision durable before the next screen shows. The writes run in
// commands; the screens wait for their answers.
type (
	// runBegunMsg answers beginRun.
	runBegunMsg struct {
		id  int64
		err error
	}
	// decisionSavedMsg answers saveDecision.
	decisionSavedMsg struct{ err error }
	// runFinishedMsg answers finishRun.
	runFinishedMsg struct{ err error }
	// retrySaveMsg tries a save that failed again.
	retrySaveMsg struct{ save tea.Cmd }
)

func beginRun(s store.Store, d *engine.Drill, team string, people []engine.Participant) tea.Cmd {
	if s == nil {
		return nil
	}
	r := &store.Run{Record: d.Record(), Team: team, Participants: people, Started: time.Now().UTC(), ScenarioTitle: d.Scenario().Title}
	return func() tea.Msg {
		id, err := s.Begin(r, d.Scenario().Source())
		return runBegunMsg{id, err}
	}
}

func saveDecision(s store.Store, id int64, d *engine.Drill) tea.Cmd {
	rec := d.Record()
	n := len(rec.Decisions) - 1
	return func() tea.Msg { return decisionSavedMsg{s.AppendDecision(id, n, rec.Decisions[n])} }
}

func finishRun(s store.Store, id int64, d *engine.Drill, team string, risk *engine.Risk) tea.Cmd {
	return func() tea.Msg {
		res, err := d.ResultWithPlan(team, risk)
		if err == nil {
			err = s.Finish(id, res, time.Now().UTC())
		}
		return runFinishedMsg{err}
	}
}

package common

import (
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// Store is what the UI asks of the results store. The UI calls it only in
// commands, never in Update or View, so a slow store (a database on the
// network) slows no frame.
type Store interface {
	// Begin records a new run, with its scenario's source, and returns
	// its id.
	Begin(r *store.Run, source []byte) (int64, error)
	// AppendDecision records decision number n (from 0) of run id.
	AppendDecision(id int64, n int, decision string) error
	// SetTimeLeft records how much of its time limit decision n (the one
	// the run waits for) of run id had left.
	SetTimeLeft(id int64, n int, left time.Duration) error
	// Discard deletes an unfinished run.
	Discard(id int64) error
	// Finish records a run's result.
	Finish(id int64, res *engine.Result, ended time.Time) error
	// Get returns a run with its record, hotwash and actions.
	Get(id int64) (*store.Run, error)
	// Unfinished lists the runs not finished, newest first.
	Unfinished() ([]store.Run, error)
	// List lists runs (summaries: no hotwash or actions).
	List(f store.Filter) ([]store.Run, error)
	// Scenario returns the source of a scenario a run was played on, by
	// its content hash.
	Scenario(hash string) (*store.StoredScenario, error)
	// OpenActions lists the open improvement actions of a scenario's runs.
	OpenActions(scenario string) ([]engine.Action, error)
	// SaveHotwash records a run's hotwash notes.
	SaveHotwash(id int64, h engine.Hotwash) error
	// AddAction records an improvement action and returns its id.
	AddAction(a engine.Action) (int64, error)
}

var _ Store = store.Store(nil)

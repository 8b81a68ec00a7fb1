package store

import (
	"errors"
	"fmt"

	"github.com/ttx-dev/ttx/engine"
)

// ScenarioOf returns the scenario run r was played on: known when it is
// that very version (same content hash), else the version the store keeps,
// parsed against guides. known is the scenario of the run's id that ttx has
// at hand (shipped, or of --dir), or nil; a stored reference is only ever
// looked up by id and hash, never opened as a path. changed reports that
// known is another version than the run's: its file changed since the
// drill, and the stored version is the one returned. s is the store, or
// anything that keeps its scenarios by hash (the UI passes its small view
// of the store).
func ScenarioOf(s interface {
	Scenario(hash string) (*StoredScenario, error)
}, r *Run, guides engine.Guides, known *engine.Scenario) (sc *engine.Scenario, changed bool, err error) {
	if known != nil && known.ID != r.Record.Scenario {
		known = nil
	}
	if known != nil && known.Hash == r.Record.Hash {
		return known, false, nil
	}
	changed = known != nil
	st, err := s.Scenario(r.Record.Hash)
	if errors.Is(err, ErrNotFound) {
		what := fmt.Sprintf("run %d was played on scenario %q version %q, which the results database does not hold (the run is older than ttx keeping scenarios)", r.ID, engine.Sanitize(r.Record.Scenario), engine.Sanitize(r.Record.Version))
		if changed {
			return nil, true, fmt.Errorf("%s, and whose file has changed since; give the folder holding the version played with --dir", what)
		}
		return nil, false, fmt.Errorf("%s; give the folder holding it with --dir", what)
	}
	if err != nil {
		return nil, changed, err
	}
	sc, err = engine.Parse(fmt.Sprintf("the stored scenario %s", r.Record.Scenario), st.Source, guides)
	if err != nil {
		return nil, changed, fmt.Errorf("the stored scenario %q of run %d does not load with this ttx (%s); upgrade ttx", engine.Sanitize(r.Record.Scenario), r.ID, oneLine(err))
	}
	return sc, changed, nil
}

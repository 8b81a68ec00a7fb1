package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// dbPath is the results database: --db, else $TTX_DB (a file path or a
// postgres:// URL), else the file in the user's data directory.
func (a *app) dbPath() (string, error) {
	path := a.db
	if path == "" {
		path = os.Getenv("TTX_DB")
	}
	if path != "" {
		return path, dbFolderExists(path)
	}
	path, err := store.DefaultPath()
	if err != nil {
		return "", userErr("%v; give a database with --db PATH or TTX_DB", err)
	}
	return path, nil
}

// dbFolderExists refuses a database path given with --db or TTX_DB whose
// folder does not exist: a typo there would otherwise create folders and a
// new, empty database where nobody looks. (The default data directory is
// created when needed.)
func dbFolderExists(path string) error {
	if store.IsURL(path) {
		return nil // a server, not a file
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return userErr("the folder %s of the results database %s does not exist; create it first, or check --db or TTX_DB", dir, path)
	case err == nil && !st.IsDir():
		return userErr("%s, the folder of the results database %s, is not a folder; check --db or TTX_DB", dir, path)
	}
	return nil
}

// openStore opens the results store for a command that records.
func (a *app) openStore() (store.Store, error) { return a.open() }

// openReader opens the results store for a command that only reads: a
// read-only database serves it, and a database not made yet reads as
// empty.
func (a *app) openReader() (store.Store, error) { return a.open(store.ReadOnly()) }

func (a *app) open(opts ...store.Option) (store.Store, error) {
	db, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	s, err := store.Open(db, opts...)
	if err != nil {
		return nil, userErr("%v", err)
	}
	if !store.IsURL(db) {
		a.use(s.Location(), "the results database")
	}
	return s, nil
}

// runScenario returns the scenario a stored run was played on: the version
// the store keeps, or the one at hand when it is that version. A reference
// is looked up by id and hash, never opened as a path. When the scenario's
// file has changed since the run, it says so on stderr.
func (a *app) runScenario(s store.Store, r *store.Run) (*engine.Scenario, error) {
	c, err := a.catalog()
	if err != nil {
		return nil, err
	}
	known := c.ByID(r.Record.Scenario)
	if known != nil && !c.IsShipped(known) {
		a.use(known.File, "the scenario")
	}
	sc, changed, err := store.ScenarioOf(s, r, c.Guides, known)
	if err != nil {
		return nil, userErr("%v", err)
	}
	if changed {
		fmt.Fprintf(a.stderr, "ttx: note: scenario %s has changed since run %d was played (version %q then, %q now); using the version stored with the run\n",
			sc.ID, r.ID, engine.Sanitize(r.Record.Version), engine.Sanitize(known.Version))
	}
	return sc, nil
}

// replayRun rebuilds a stored run's drill from its record, against the
// scenario it was played on.
func (a *app) replayRun(s store.Store, r *store.Run) (*engine.Scenario, *engine.Drill, error) {
	sc, err := a.runScenario(s, r)
	if err != nil {
		return nil, nil, err
	}
	d, err := engine.Replay(sc, r.Record)
	if err != nil {
		return nil, nil, userErr("run %d cannot be replayed: %v", r.ID, err)
	}
	return sc, d, nil
}

// parseParticipants reads --participant NAME[:ROLE] flags.
func parseParticipants(flags []string) ([]engine.Participant, error) {
	var out []engine.Participant
	for _, f := range flags {
		name, role, _ := strings.Cut(f, ":")
		name, role = clean(name), clean(role)
		if name == "" {
			return nil, userErr("--participant %q has no name; write it as NAME or NAME:ROLE", engine.Sanitize(f))
		}
		out = append(out, engine.Participant{Name: name, Role: role})
	}
	return out, nil
}

// clean is text from a flag or a store made safe to show and keep: no
// terminal controls, no surrounding space.
func clean(s string) string { return strings.TrimSpace(engine.Sanitize(s)) }

// recorder writes a drill played by ttx run to the store as it goes.
type recorder struct {
	s      store.Store
	id     int64
	stderr interface{ Write([]byte) (int, error) }
}

func (a *app) startRecording(d *engine.Drill, team string, people []engine.Participant) (*recorder, error) {
	s, err := a.openStore()
	if err != nil {
		return nil, err
	}
	r := &store.Run{Record: d.Record(), Team: team, Participants: people, Started: nowUTC(), ScenarioTitle: d.Scenario().Title}
	id, err := s.Begin(r, d.Scenario().Source())
	if err != nil {
		s.Close()
		return nil, userErr("cannot record the drill: %v", err)
	}
	return &recorder{s: s, id: id, stderr: a.stderr}, nil
}

// saveAttempts is how many times a write of a drill is tried while the
// store stays locked or unreachable; each try waits up to the store's busy
// timeout.
const saveAttempts = 3

// save runs a write of the drill, trying it again while the store is busy
// or unreachable (each write is safe to repeat) and saying so. The drill
// never goes on past a write that failed: the caller stops there, and the
// run stays in the store, resumable, with every decision saved before.
func (r *recorder) save(what string, write func() error) error {
	var err error
	for try := 1; try <= saveAttempts; try++ {
		if err = write(); err == nil || !store.Transient(err) {
			break
		}
		if try < saveAttempts {
			fmt.Fprintf(r.stderr, "ttx: %s was not saved yet (%v); trying again\n", what, err)
			time.Sleep(time.Duration(try) * 500 * time.Millisecond)
		}
	}
	if err != nil {
		return userErr("%s was not saved: %v; the drill stops here, and ttx resume %d continues it from the last decision saved", what, err, r.id)
	}
	return nil
}

func (r *recorder) decision(d *engine.Drill) error {
	rec := d.Record()
	n := len(rec.Decisions) - 1
	return r.save(fmt.Sprintf("decision %d", n+1), func() error { return r.s.AppendDecision(r.id, n, rec.Decisions[n]) })
}

func (r *recorder) finish(res *engine.Result) error {
	if !res.Ended {
		return nil // stays unfinished: ttx resume continues it
	}
	err := r.save("the result", func() error {
		err := r.s.Finish(r.id, res, nowUTC())
		if errors.Is(err, store.ErrFinished) {
			return nil // an earlier try was stored after all
		}
		return err
	})
	return err
}

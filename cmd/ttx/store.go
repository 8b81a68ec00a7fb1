package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// dbPath is the results database: --db, else $TTX_DB, else the user's
// data directory.
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

// openStore opens the results store at dbPath.
func (a *app) openStore() (*store.Store, error) {
	path, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	s, err := store.Open(path)
	if err != nil {
		return nil, userErr("%v", err)
	}
	a.use(s.Path(), "the results database")
	return s, nil
}

// dbFolderExists refuses a database path given with --db or TTX_DB whose
// folder does not exist: a typo there would otherwise create folders and a
// new, empty database where nobody looks. (The default data directory is
// created when needed.)
func dbFolderExists(path string) error {
	if strings.Contains(path, "://") {
		return nil // a URL, not a file
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

// replayRun rebuilds a stored run's drill from its record, against the
// scenario it was played on.
func (a *app) replayRun(r *store.Run) (*engine.Scenario, *engine.Drill, error) {
	sc, err := a.scenario(r.Record.Scenario)
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
		name, role = strings.TrimSpace(engine.Sanitize(name)), strings.TrimSpace(engine.Sanitize(role))
		if name == "" {
			return nil, userErr("--participant %q has no name; write it as NAME or NAME:ROLE", f)
		}
		out = append(out, engine.Participant{Name: name, Role: role})
	}
	return out, nil
}

// recorder writes a drill played by ttx run to the store as it goes.
type recorder struct {
	s  *store.Store
	id int64
}

func (a *app) startRecording(d *engine.Drill, team string, people []engine.Participant) (*recorder, error) {
	s, err := a.openStore()
	if err != nil {
		return nil, err
	}
	r := &store.Run{Record: d.Record(), Team: team, Participants: people, Started: nowUTC()}
	id, err := s.Begin(r)
	if err != nil {
		s.Close()
		return nil, userErr("cannot record the drill: %v", err)
	}
	return &recorder{s: s, id: id}, nil
}

func (r *recorder) decision(d *engine.Drill) error {
	rec := d.Record()
	n := len(rec.Decisions) - 1
	if err := r.s.AppendDecision(r.id, n, rec.Decisions[n]); err != nil {
		return userErr("cannot record decision %d: %v", n+1, err)
	}
	return nil
}

func (r *recorder) finish(res *engine.Result) error {
	if !res.Ended {
		return nil // stays unfinished: ttx resume continues it
	}
	if err := r.s.Finish(r.id, res, nowUTC()); err != nil {
		return userErr("cannot record the result: %v", err)
	}
	return nil
}

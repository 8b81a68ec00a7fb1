package store_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// rulesPath is the drill-rules fixture, relative to this package.
const rulesPath = "../../testdata/valid/rules.toml"

var rules = sync.OnceValues(func() (*engine.Scenario, error) {
	g, err := scenarios.Guides()
	if err != nil {
		return nil, err
	}
	return engine.Load(rulesPath, g)
})

// loadRules returns the rules fixture scenario.
func loadRules(tb testing.TB) *engine.Scenario {
	tb.Helper()
	sc, err := rules()
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// paths are ways to play the rules fixture, each decision a list of choice
// ids.
var paths = map[string][][]string{
	"notify": {{"notify"}, {"a", "b"}}, // to end-ok
	"hide":   {{"hide"}, {"c"}},        // to end-ok
	"panic":  {{"panic"}},              // to collapse
}

// play plays the rules fixture from seed along a path.
func play(tb testing.TB, seed uint64, path string) *engine.Drill {
	tb.Helper()
	d := engine.NewDrill(loadRules(tb), seed)
	for _, ids := range paths[path] {
		if err := d.Choose(ids...); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
	}
	return d
}

// result scores a drill for a team.
func result(tb testing.TB, d *engine.Drill, team string) *engine.Result {
	tb.Helper()
	res, err := d.Result(team)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// openStore opens a store in a new temporary directory and closes it when
// the test ends.
func openStore(tb testing.TB, opts ...store.Option) (*store.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "ttx.db")
	s, err := store.Open(path, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

// record plays a drill, stores it decision by decision as a front end does,
// and finishes it; it returns the run's id and the result.
func record(tb testing.TB, s *store.Store, seed uint64, path, team string, started time.Time) (int64, *engine.Result) {
	tb.Helper()
	d := play(tb, seed, path)
	rec := d.Record()
	r := &store.Run{Record: engine.Record{Scenario: rec.Scenario, Version: rec.Version, Hash: rec.Hash, Seed: rec.Seed}, Team: team, Started: started}
	id, err := s.Begin(r)
	if err != nil {
		tb.Fatal(err)
	}
	for n, dec := range rec.Decisions {
		if err := s.AppendDecision(id, n, dec); err != nil {
			tb.Fatal(err)
		}
	}
	res := result(tb, d, team)
	if err := s.Finish(id, res, started.Add(time.Hour)); err != nil {
		tb.Fatal(err)
	}
	return id, res
}

// fakeResult is a result for a run that was not played: a scenario of any
// id, a chosen total.
func fakeResult(scenario string, seed uint64, total float64) *engine.Result {
	return &engine.Result{
		Scenario: scenario, Seed: seed, Ended: true, Ending: "done", Hours: 3, TotalPercent: total,
		Scores: []engine.Score{{Principle: "p", Title: "P", Scored: true, Raw: 1, Best: 2, Worst: 0, Percent: total}},
	}
}

// fake stores a finished run without playing it.
func fake(tb testing.TB, s *store.Store, scenario, team string, total float64, started time.Time) int64 {
	tb.Helper()
	id, err := s.Begin(&store.Run{Record: engine.Record{Scenario: scenario, Version: "1", Hash: "h-" + scenario, Seed: 7}, Team: team, Started: started})
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.Finish(id, fakeResult(scenario, 7, total), started.Add(time.Hour)); err != nil {
		tb.Fatal(err)
	}
	return id
}

// utc returns r with every time in UTC and without a monotonic reading, so
// that runs compare with reflect.DeepEqual.
func utc(r store.Run) store.Run {
	r.Started, r.Ended = r.Started.UTC(), r.Ended.UTC()
	r.Actions = slices.Clone(r.Actions)
	for i := range r.Actions {
		r.Actions[i].Due, r.Actions[i].DoneAt = r.Actions[i].Due.UTC(), r.Actions[i].DoneAt.UTC()
	}
	return r
}

// fileState is a file's bytes (or a directory's names) and the names in
// its directory.
type fileState struct {
	data  string
	names []string
}

func stateOf(tb testing.TB, path string) fileState {
	tb.Helper()
	var data []byte
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		ents, _ := os.ReadDir(path)
		for _, e := range ents {
			data = append(data, e.Name()+"\n"...)
		}
	} else if data, err = os.ReadFile(path); err != nil {
		tb.Fatal(err)
	}
	ents, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return fileState{string(data), names}
}

// sameState fails the test when the file or its directory changed.
func sameState(tb testing.TB, path string, before fileState) {
	tb.Helper()
	after := stateOf(tb, path)
	if after.data != before.data {
		tb.Errorf("%s changed: %d bytes before, %d after", path, len(before.data), len(after.data))
	}
	if !slices.Equal(after.names, before.names) {
		tb.Errorf("the directory changed: %v before, %v after", before.names, after.names)
	}
}

// raw opens the database file directly, without the store.
func raw(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	uri := "file://" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	db, err := sql.Open("sqlite", uri+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// execSQL runs statements on db, failing the test on an error.
func execSQL(tb testing.TB, db *sql.DB, stmts ...string) {
	tb.Helper()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}

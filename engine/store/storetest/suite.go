// Package storetest is the conformance suite of results stores: every
// backend of engine/store (SQLite, PostgreSQL) must pass it. A backend's
// tests call [Run] with a function that opens a new, empty store.
//
// The suite plays a small drill of its own (testdata/drill.toml) scored
// against the shipped rubric, so that every run it stores is one a front end
// could have recorded.
package storetest

import (
	_ "embed"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// Open opens a new, empty store with the options given, and closes it when
// the test ends. It returns the store and what store.Open takes to open the
// same database again (a file path, or a URL).
type Open func(t *testing.T, opts ...store.Option) (s store.Store, db string)

// Run runs the conformance suite against the stores open opens. Its tests
// run in parallel, each on a store of its own.
func Run(t *testing.T, open Open) {
	for _, c := range []struct {
		name string
		test func(t *testing.T, open Open)
	}{
		{"RoundTrip", testRoundTrip},
		{"StoredScore", testStoredScore},
		{"StoredBounds", testStoredBounds},
		{"StoredScenario", testStoredScenario},
		{"Resume", testResume},
		{"TimeLeft", testTimeLeft},
		{"Params", testParams},
		{"DecisionRules", testDecisionRules},
		{"ListAndLeaderboard", testListAndLeaderboard},
		{"Actions", testActions},
		{"ExportImport", testExportImport},
		{"ImportRefused", testImportRefused},
		{"ImportRescores", testImportRescores},
		{"ImportEarlierExport", testImportEarlierExport},
		{"ImportBatches", testImportBatches},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ReadOnly", testReadOnly},
		{"Sessions", testSessions},
		{"Positions", testPositions},
		{"Controls", testControls},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.test(t, open)
		})
	}
}

//go:embed testdata/drill.toml
var drillSource string

// T0 is the suite's reference time: a start with more precision than the
// store keeps (to the millisecond).
var T0 = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)

// fixture is the suite's scenario, and a second one of another id.
var fixture = sync.OnceValues(func() (*fixtures, error) {
	g, err := scenarios.Guides()
	if err != nil {
		return nil, err
	}
	a, err := engine.Parse("drill.toml", []byte(drillSource), g)
	if err != nil {
		return nil, err
	}
	b, err := engine.Parse("drill-b.toml", []byte(strings.Replace(drillSource, `id = "store-drill"`, `id = "store-drill-b"`, 1)), g)
	if err != nil {
		return nil, err
	}
	return &fixtures{guides: g, a: a, b: b}, nil
})

type fixtures struct {
	guides engine.Guides
	a, b   *engine.Scenario
}

func load(tb testing.TB) *fixtures {
	tb.Helper()
	f, err := fixture()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// Drill returns the suite's scenario, for a backend's own tests: its path
// "panic" ends the drill at the first decision, "act,sorry+fix" at the
// second.
func Drill(tb testing.TB) *engine.Scenario { return load(tb).a }

// lib is what Import scores against.
func (f *fixtures) lib() store.Library { return store.Library{Guides: f.guides} }

// play plays sc from seed along path, decisions separated by commas as
// ttx run --choose takes them ("!id" for a timed-out scene).
func play(t *testing.T, sc *engine.Scenario, seed uint64, path string) *engine.Drill {
	t.Helper()
	return playWith(t, sc, seed, path, nil)
}

// playWith is play with the scenario's parameters set to params.
func playWith(t *testing.T, sc *engine.Scenario, seed uint64, path string, params map[string]string) *engine.Drill {
	t.Helper()
	d, err := engine.Replay(sc, engine.Record{Scenario: sc.ID, Hash: sc.Hash, Seed: seed, Decisions: strings.Split(path, ","), Params: params})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// resultOf scores a drill, with the register plan's credit when plan is
// not nil.
func resultOf(t *testing.T, d *engine.Drill, team string, plan *float64) *engine.Result {
	t.Helper()
	res, err := d.ResultWithPlanScore(team, plan)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// record plays a drill, stores it decision by decision as a front end does,
// and finishes it; it returns the run's id and the result stored.
func record(t *testing.T, s store.Store, sc *engine.Scenario, path, team string, started time.Time, plan *float64) (int64, *engine.Result) {
	t.Helper()
	d := play(t, sc, 42, path)
	rec := d.Record()
	r := &store.Run{Record: engine.Record{Scenario: rec.Scenario, Version: rec.Version, Hash: rec.Hash, Seed: rec.Seed}, Team: team, Started: started}
	id, err := s.Begin(r, sc.Source())
	if err != nil {
		t.Fatal(err)
	}
	for n, dec := range rec.Decisions {
		if err := s.AppendDecision(id, n, dec); err != nil {
			t.Fatal(err)
		}
	}
	res := resultOf(t, d, team, plan)
	if err := s.Finish(id, res, started.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return id, res
}

// begin stores an unfinished run of sc without decisions.
func begin(t *testing.T, s store.Store, sc *engine.Scenario, seed uint64, team string) int64 {
	t.Helper()
	id, err := s.Begin(&store.Run{Record: engine.NewDrill(sc, seed).Record(), Team: team}, sc.Source())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// oneSentence fails the test when an error message is not one sentence.
func oneSentence(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if strings.Contains(msg, ". ") || strings.HasSuffix(msg, ".") || strings.Contains(msg, "\n") {
		t.Errorf("error %q is not one sentence", msg)
	}
}

func ptr(f float64) *float64 { return &f }

package store_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/engine/store/storetest"
)

var t0 = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)

// loadRules returns the conformance suite's scenario.
func loadRules(tb testing.TB) *engine.Scenario { return storetest.Drill(tb) }

// openStore opens an SQLite store in a new temporary directory and closes
// it when the test ends.
func openStore(tb testing.TB, opts ...store.Option) (store.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "ttx.db")
	s, err := store.Open(path, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

// begin stores an unfinished run of the rules fixture.
func begin(tb testing.TB, s store.Store, team string) int64 {
	tb.Helper()
	sc := loadRules(tb)
	id, err := s.Begin(&store.Run{Record: engine.NewDrill(sc, 0).Record(), Team: team}, sc.Source())
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// finished stores a finished run of the rules fixture (its "panic" path).
func finished(tb testing.TB, s store.Store, team string) int64 {
	tb.Helper()
	sc := loadRules(tb)
	d := engine.NewDrill(sc, 0)
	id := begin(tb, s, team)
	if err := d.Choose("panic"); err != nil {
		tb.Fatal(err)
	}
	res, err := d.Result(team)
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.Finish(id, res, t0); err != nil {
		tb.Fatal(err)
	}
	return id
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

package store_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// earlier is a database of an earlier schema, on one backend: where it is,
// a raw connection to it, its backend's migrations, and how its version is
// set and read.
type earlier struct {
	url        string
	conn       *sql.DB
	migrations []string
	setVersion func(v int) string
	version    string
}

// sqliteAt makes an SQLite database of schema v in a new directory.
func sqliteAt(t *testing.T, v int) earlier {
	path := filepath.Join(t.TempDir(), "ttx.db")
	e := earlier{url: path, conn: raw(t, path), migrations: store.SQLiteMigrations,
		setVersion: func(v int) string { return fmt.Sprintf("PRAGMA user_version = %d", v) },
		version:    "PRAGMA user_version"}
	execSQL(t, e.conn, "PRAGMA application_id = 1953790066")
	return e.at(t, v)
}

// postgresAt makes a PostgreSQL schema of version v on the test server.
func postgresAt(t *testing.T, v int) earlier {
	url := postgres(t).NewSchema()
	if err := pgExec(postgres(t), "CREATE SCHEMA "+schemaOf(t, url)); err != nil {
		t.Fatal(err)
	}
	conn, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	e := earlier{url: url, conn: conn, migrations: store.PostgresMigrations,
		setVersion: func(v int) string { return fmt.Sprintf("UPDATE ttx_schema SET version = %d", v) },
		version:    "SELECT version FROM ttx_schema"}
	return e.at(t, v)
}

// at applies the first v migrations, as the ttx of schema v did.
func (e earlier) at(t *testing.T, v int) earlier {
	for i := range v {
		execSQL(t, e.conn, e.migrations[i], e.setVersion(i+1))
	}
	return e
}

// TestMigrateFromEarlierSchemas: a database of schema 2 (before the time
// left was kept) or 3 (before room sessions) opens on either backend with
// its unfinished run: its decisions, its time left where schema 3 kept it,
// listed for ttx resume; and then takes a room session beside it.
func TestMigrateFromEarlierSchemas(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		backend string
		at      func(t *testing.T, v int) earlier
	}{{"SQLite", sqliteAt}, {"PostgreSQL", postgresAt}} {
		for _, from := range []int{2, 3} {
			t.Run(fmt.Sprintf("%s from %d", c.backend, from), func(t *testing.T) {
				t.Parallel()
				e := c.at(t, from)
				if _, err := e.conn.Exec(`INSERT INTO runs (uuid, scenario, version, hash, seed, team, started, summary, decisions)
					VALUES ('u-1', 'rules', '1', 'h', 7, 'Blue', 1000, $1, 0)`, store.EmptySummary()); err != nil {
					t.Fatal(err)
				}
				execSQL(t, e.conn, "INSERT INTO decisions (run, n, decision) VALUES (1, 0, 'calm')")
				if from == 3 {
					execSQL(t, e.conn, "UPDATE runs SET time_left_n = 1, time_left_ms = 42000 WHERE id = 1")
				}

				s, err := store.Open(e.url)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				var v int
				if err := e.conn.QueryRow(e.version).Scan(&v); err != nil || v != store.SchemaVersion {
					t.Fatalf("schema version after opening = %d, %v; want %d", v, err, store.SchemaVersion)
				}
				run, err := s.Get(1)
				if err != nil {
					t.Fatal(err)
				}
				if len(run.Record.Decisions) != 1 || run.Record.Decisions[0] != "calm" || run.Team != "Blue" || run.Session != 0 {
					t.Fatalf("run after the migration: %+v", run)
				}
				switch {
				case from == 3 && (run.TimeLeft == nil || *run.TimeLeft != 42*time.Second):
					t.Errorf("time left after migrating from 3 = %v, want 42s", run.TimeLeft)
				case from == 2 && run.TimeLeft != nil:
					t.Errorf("time left after migrating from 2 = %v, want none", *run.TimeLeft)
				}
				if runs, err := s.Unfinished(); err != nil || len(runs) != 1 || runs[0].ID != 1 {
					t.Fatalf("Unfinished = %+v, %v", runs, err)
				}

				sc := loadRules(t)
				ss := &store.Session{Code: "ABCDEF", Record: engine.NewDrill(sc, 3).Record(), Owner: "SHA256:x", OwnerName: "Facilitator"}
				id, err := s.BeginSession(ss, []string{"Red"}, sc.Source())
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.GetSession(id)
				if err != nil || len(got.Teams) != 1 || got.Teams[0].Run == 1 {
					t.Fatalf("GetSession = %+v, %v", got, err)
				}
				if runs, err := s.Unfinished(); err != nil || len(runs) != 1 {
					t.Errorf("Unfinished with a session = %+v, %v; want the run from before alone", runs, err)
				}
			})
		}
	}
}

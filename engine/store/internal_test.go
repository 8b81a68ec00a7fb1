package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

func TestSchemaVersion(t *testing.T) {
	if len(sqliteMigrations) != SchemaVersion || len(postgresMigrations) != SchemaVersion {
		t.Fatalf("%d SQLite and %d PostgreSQL migrations, SchemaVersion %d", len(sqliteMigrations), len(postgresMigrations), SchemaVersion)
	}
}

// TestPragmas: every connection of the pool has the pragmas of the DSN.
func TestPragmas(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "ttx.db"), BusyTimeout(1234*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var conns []*sql.Conn
	for range 4 { // held at once, so each is a different connection
		c, err := s.(*db).sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		var mode string
		var sync, fk, busy int
		for q, dst := range map[string]any{"journal_mode": &mode, "synchronous": &sync, "foreign_keys": &fk, "busy_timeout": &busy} {
			if err := c.QueryRowContext(ctx, "PRAGMA "+q).Scan(dst); err != nil {
				t.Fatal(err)
			}
		}
		// Each statement waits sqliteWait; the store retries up to the
		// busy timeout.
		if mode != "wal" || sync != 2 || fk != 1 || busy != int(sqliteWait.Milliseconds()) {
			t.Errorf("connection %d: journal_mode %s, synchronous %d, foreign_keys %d, busy_timeout %d", i, mode, sync, fk, busy)
		}
		c.Close()
	}
	if got := s.(*db).busy; got != 1234*time.Millisecond {
		t.Errorf("busy timeout %v", got)
	}
}

func TestSummary(t *testing.T) {
	plan := 62.5
	scores := []RunScore{{Principle: "notify", Title: "Notify", Scored: true, Raw: -3, Percent: 200.0 / 3, Best: 7, Worst: -9, Rating: "S", Plan: &plan}, {Principle: "x"}}
	for _, c := range []runSummary{
		{},
		{participants: []engine.Participant{{Name: "Ana", Role: "Lead"}, {Name: "", Role: ""}, {Name: "Zoë \\x00\\xff"}}},
		{scores: scores},
		{scores: scores, estimated: true, note: "Score bounds are estimated, as the scenario has more than 1 distinct states."},
		{estimated: true},
	} {
		b := c.pack()
		got, err := unpackSummary(b)
		if err != nil || !reflect.DeepEqual(got, c) {
			t.Fatalf("unpack(pack(%+v)) = %+v, %v", c, got, err)
		}
		for i := range b {
			if _, err := unpackSummary(b[:i]); err == nil {
				t.Fatalf("a summary cut to %d of %d bytes unpacked", i, len(b))
			}
		}
		if _, err := unpackSummary(append(b, 0)); err == nil {
			t.Fatal("a summary with a byte more unpacked")
		}
	}
	// Format 2, before the bounds were kept, ends after the scores: it
	// reads as exact, and a byte more is damage.
	exact := runSummary{scores: scores}.pack()
	v2 := append([]byte{2}, exact[1:len(exact)-1]...)
	if got, err := unpackSummary(v2); err != nil || got.estimated || got.note != "" || !reflect.DeepEqual(got.scores, scores) {
		t.Fatalf("format 2 = %+v, %v", got, err)
	}
	if _, err := unpackSummary(append(v2, 0)); err == nil {
		t.Fatal("a format 2 summary with a byte more unpacked")
	}
	for _, format := range []byte{0, summaryFormat + 1} {
		if _, err := unpackSummary(append([]byte{format}, exact[1:]...)); err == nil {
			t.Fatalf("a summary of format %d unpacked", format)
		}
	}
}

// TestMigrateFromV1: a database of schema 1 (before ttx kept scenarios)
// migrates forward with its runs, their ratings read from their percents,
// and its teams matched whatever their case.
func TestMigrateFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ttx.db")
	conn, err := sql.Open("sqlite", sqliteDialect{busy: time.Second}.dsn(path, true))
	if err != nil {
		t.Fatal(err)
	}
	// Schema 1, and a run as ttx of schema 1 stored it.
	v1 := []byte{1, 1, 3, 'A', 'n', 'a', 0, 1, 6, 'n', 'o', 't', 'i', 'f', 'y', 0, 1, 6}
	v1 = append(v1, 0x40, 0x51, 0x40, 0, 0, 0, 0, 0) // 69.0
	v1 = append(v1, 20, 0)                           // best 10, worst 0
	for _, q := range []string{sqliteMigrations[0], "PRAGMA user_version = 1", "PRAGMA application_id = 1953790066"} {
		if _, err := conn.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.Exec(`INSERT INTO runs (uuid, scenario, version, hash, seed, team, started, ended, finished, ending, hours, total, summary)
		VALUES ('u', 's', '1', 'h', 1, 'Blue', 0, 1, 1, 'end', 3, 69, ?)`, v1); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`INSERT INTO scores (run, n, principle, title, scored, raw, percent, best, worst) VALUES (1, 0, 'notify', '', 1, 3, 69, 10, 0)`); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs, err := s.List(Filter{Team: "blue"})
	if err != nil || len(runs) != 1 {
		t.Fatalf("List = %v, %v", runs, err)
	}
	full, err := s.Get(runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range [][]RunScore{runs[0].Scores, full.Scores} {
		if len(sc) != 1 || sc[0].Rating != "S" || sc[0].Percent != 69 || sc[0].Plan != nil {
			t.Fatalf("scores after the migration: %+v", sc)
		}
	}
	if full.ScenarioTitle != "" || full.Total != 69 {
		t.Fatalf("run after the migration: %+v", full)
	}
}

// TestImportBatchesReleaseTheLock: between two batches an import holds no
// lock: another connection (as another process would) writes at once.
func TestImportBatchesReleaseTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ttx.db")
	s, err := Open(path, ImportBatch(3))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := Open(path, BusyTimeout(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	writes := 0
	s.(*db).afterBatch = func() {
		if err := other.SaveHotwash(1, engine.Hotwash{WentWell: "between batches"}); err != nil {
			t.Errorf("a write between two batches: %v", err)
		}
		writes++
	}
	if _, err := s.(*db).importRuns(benchRuns(10)); err != nil {
		t.Fatal(err)
	}
	if writes != 3 {
		t.Fatalf("%d writes between the batches of 10 runs by 3, want 3", writes)
	}
}

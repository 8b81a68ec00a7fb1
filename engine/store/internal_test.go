package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

func TestSchemaVersion(t *testing.T) {
	if len(migrations) != SchemaVersion {
		t.Fatalf("%d migrations, SchemaVersion %d", len(migrations), SchemaVersion)
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
		c, err := s.db.Conn(ctx)
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
		if mode != "wal" || sync != 2 || fk != 1 || busy != 1234 {
			t.Errorf("connection %d: journal_mode %s, synchronous %d, foreign_keys %d, busy_timeout %d", i, mode, sync, fk, busy)
		}
		c.Close()
	}
}

// TestImportValidates: a run that could not have been exported is refused
// even when the checksum fits, and nothing of the file is added.
func TestImportValidates(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "ttx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	good := exportRun{UUID: NewUUID(), Record: engine.Record{Scenario: "x", Decisions: []string{"a"}}, Started: t0, Ended: t0, Finished: true}
	for name, bad := range map[string]func(r *exportRun){
		"bad uuid":         func(r *exportRun) { r.UUID = "nope" },
		"no scenario":      func(r *exportRun) { r.Record.Scenario = "" },
		"no start":         func(r *exportRun) { r.Started = time.Time{} },
		"finished, no end": func(r *exportRun) { r.Ended = time.Time{} },
		"empty decision":   func(r *exportRun) { r.Record.Decisions = []string{"a", ""} },
		"empty action":     func(r *exportRun) { r.Actions = []exportAction{{Owner: "x"}} },
		"date out of range": func(r *exportRun) {
			r.Actions = []exportAction{{What: "x", Due: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			b := good
			b.UUID = NewUUID()
			bad(&b)
			doc := exportDoc{Format: ExportFormat, Version: ExportVersion, Runs: []exportRun{good, b}}
			doc.Checksum, _ = checksum(doc.Runs)
			data, _ := json.Marshal(doc)
			if n, err := s.Import(bytes.NewReader(data)); !errors.Is(err, ErrImport) || n != 0 {
				t.Fatalf("Import = %d, %v", n, err)
			}
			var count int
			s.db.QueryRow("SELECT count(*) FROM runs").Scan(&count)
			if count != 0 {
				t.Fatalf("%d runs added", count)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	for _, c := range []struct {
		ps []engine.Participant
		sc []RunScore
	}{
		{nil, nil},
		{[]engine.Participant{{Name: "Ana", Role: "Lead"}, {Name: "", Role: ""}, {Name: "Zoë \x00\xff"}}, nil},
		{nil, []RunScore{{Principle: "notify", Title: "Notify", Scored: true, Raw: -3, Percent: 200.0 / 3, Best: 7, Worst: -9}, {Principle: "x"}}},
	} {
		b := packSummary(c.ps, c.sc)
		ps, sc, err := unpackSummary(b)
		if err != nil || !reflect.DeepEqual(ps, c.ps) || !reflect.DeepEqual(sc, c.sc) {
			t.Fatalf("unpack(pack(%+v, %+v)) = %+v, %+v, %v", c.ps, c.sc, ps, sc, err)
		}
		for i := range b {
			if _, _, err := unpackSummary(b[:i]); err == nil {
				t.Fatalf("a summary cut to %d of %d bytes unpacked", i, len(b))
			}
		}
		if _, _, err := unpackSummary(append(b, 0)); err == nil {
			t.Fatal("a summary with a byte more unpacked")
		}
	}
}

package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// filled stores a few finished runs, with participants, hotwash and
// actions, and an unfinished one.
func filled(t *testing.T) *store.Store {
	s, _ := openStore(t)
	for i, path := range []string{"notify", "hide", "panic"} {
		id, _ := record(t, s, 42, path, "Blue", t0.Add(time.Duration(i)*time.Hour))
		if err := s.SaveHotwash(id, engine.Hotwash{WentWell: "calm \"quotes\" <b>", Improve: "faster\nlegal"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAction(engine.Action{Run: id, What: "Fix the runbook", Principle: "notify", Owner: "Ana", Due: t0.AddDate(0, 1, i)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAction(engine.Action{Run: id, What: "Done already", Done: true, DoneAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	fake(t, s, "other", "Red", 33.3, t0.Add(5*time.Hour))
	if _, err := s.Begin(&store.Run{Record: engine.Record{Scenario: "rules"}, Team: "Green", Participants: []engine.Participant{{Name: "Z"}}}); err != nil {
		t.Fatal(err)
	}
	return s
}

// byUUID returns every finished run of s in full, by UUID, without the ids
// that only mean something in one database.
func byUUID(t *testing.T, s *store.Store) map[string]store.Run {
	t.Helper()
	list, err := s.List(store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Run{}
	for _, r := range list {
		full, err := s.Get(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		run := utc(*full)
		run.ID = 0
		for i := range run.Actions {
			run.Actions[i].ID, run.Actions[i].Run = 0, 0
		}
		out[run.UUID] = run
	}
	return out
}

func export(t *testing.T, s *store.Store, f store.Filter) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportImport(t *testing.T) {
	a := filled(t)
	data := export(t, a, store.Filter{})
	var doc struct {
		Format   string            `json:"format"`
		Version  int               `json:"version"`
		Checksum string            `json:"checksum"`
		Runs     []json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != store.ExportFormat || doc.Version != store.ExportVersion || !strings.HasPrefix(doc.Checksum, "sha256:") || len(doc.Runs) != 4 {
		t.Fatalf("export header: %s %d %s, %d runs", doc.Format, doc.Version, doc.Checksum, len(doc.Runs))
	}

	b, _ := openStore(t)
	for i, want := range []int{4, 0} {
		added, err := b.Import(bytes.NewReader(data))
		if err != nil || added != want {
			t.Fatalf("import %d: added %d, %v; want %d", i+1, added, err, want)
		}
	}
	if added, err := a.Import(bytes.NewReader(data)); err != nil || added != 0 {
		t.Fatalf("import into the exporter: added %d, %v", added, err)
	}
	// What List reads packed agrees with what Get reads from the tables.
	for _, st := range []*store.Store{a, b} {
		list, _ := st.List(store.Filter{})
		for _, r := range list {
			full, _ := st.Get(r.ID)
			if !reflect.DeepEqual(r.Participants, full.Participants) || !reflect.DeepEqual(r.Scores, full.Scores) {
				t.Fatalf("List and Get differ for run %d:\n%+v %+v\n%+v %+v", r.ID, r.Participants, r.Scores, full.Participants, full.Scores)
			}
		}
	}
	if got, want := byUUID(t, b), byUUID(t, a); !reflect.DeepEqual(got, want) {
		t.Fatalf("imported runs differ:\n got %+v\nwant %+v", got, want)
	}
	// The imported records replay to their stored results.
	for _, r := range byUUID(t, b) {
		if r.Record.Scenario != "rules" {
			continue
		}
		d, err := engine.Replay(loadRules(t), r.Record)
		if err != nil {
			t.Fatal(err)
		}
		if res := result(t, d, r.Team); res.TotalPercent != r.Total || res.Ending != r.Ending {
			t.Fatalf("run %s replays to %v %q, stored %v %q", r.UUID, res.TotalPercent, res.Ending, r.Total, r.Ending)
		}
	}
	// A second export of the same runs has the same runs and checksum.
	if again := export(t, b, store.Filter{}); !bytes.Equal(checksumOf(again), checksumOf(data)) {
		t.Errorf("re-export checksum %s, want %s", checksumOf(again), checksumOf(data))
	}

	// One scenario's runs.
	c, _ := openStore(t)
	if added, err := c.Import(bytes.NewReader(export(t, a, store.Filter{Scenario: "other"}))); err != nil || added != 1 {
		t.Fatalf("import of one scenario: added %d, %v", added, err)
	}
	if added, err := c.Import(bytes.NewReader(data)); err != nil || added != 3 {
		t.Fatalf("import of the rest: added %d, %v", added, err)
	}
	// An empty export imports nothing.
	if added, err := c.Import(bytes.NewReader(export(t, a, store.Filter{Scenario: "none"}))); err != nil || added != 0 {
		t.Fatalf("empty import: added %d, %v", added, err)
	}
}

var checksumRE = regexp.MustCompile(`"checksum": "([^"]*)"`)

func checksumOf(data []byte) []byte { return checksumRE.FindSubmatch(data)[1] }

// TestImportRefused: a damaged file is refused with one sentence and adds
// nothing.
func TestImportRefused(t *testing.T) {
	a := filled(t)
	data := string(export(t, a, store.Filter{}))
	seed := regexp.MustCompile(`"seed": (\d+)`)
	for _, c := range []struct {
		name, data, says string
	}{
		{"number edited", seed.ReplaceAllStringFunc(data, func(m string) string { return m + "1" }), "checksum"},
		{"total edited", strings.Replace(data, `"total": `, `"total": 1`, 1), "checksum"},
		{"run dropped", dropRun(data), "checksum"},
		{"checksum edited", checksumRE.ReplaceAllString(data, `"checksum": "sha256:00"`), "checksum"},
		{"truncated", data[:len(data)/2], "truncated"},
		{"truncated at the end", data[:len(data)-3], "truncated"},
		{"empty", "", "empty"},
		{"not JSON", "runs,uuid\nx,y\n", "not valid"},
		{"wrong type", strings.Replace(data, `"team": "Blue"`, `"team": 7`, 1), "not valid"},
		{"unknown field", strings.Replace(data, `"team": "Blue"`, `"team": "Blue", "score": 100`, 1), "not valid"},
		{"trailing data", data + "{}", "after its end"},
		{"other format", strings.Replace(data, store.ExportFormat, "csv", 1), "not a ttx runs export"},
		{"newer format", strings.Replace(data, `"version": 1`, `"version": 2`, 1), "newer"},
		{"no version", strings.Replace(data, `"version": 1`, `"version": 0`, 1), "format version"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.data == data {
				t.Fatal("the file was not changed")
			}
			b, _ := openStore(t)
			added, err := b.Import(strings.NewReader(c.data))
			if err == nil || added != 0 {
				t.Fatalf("Import = %d, %v; want refused", added, err)
			}
			if !errors.Is(err, store.ErrImport) || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("Import = %v, want ErrImport saying %q", err, c.says)
			}
			oneSentence(t, err)
			if runs, _ := b.List(store.Filter{}); len(runs) != 0 {
				t.Fatalf("%d runs imported", len(runs))
			}
		})
	}
}

// dropRun removes the second run of an export.
func dropRun(data string) string {
	i := strings.Index(data, "\n    {\n      \"uuid\"")
	j := strings.Index(data[i+1:], "\n    {\n      \"uuid\"")
	return data[:i] + data[i+1+j:]
}

// failingWriter takes n bytes and then fails as a full disk does.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	k := w.n
	w.n = 0
	return k, syscall.ENOSPC
}

func TestExportFullDisk(t *testing.T) {
	a := filled(t)
	size := len(export(t, a, store.Filter{}))
	for _, n := range []int{0, 100, size / 2, size - 1} {
		err := a.Export(&failingWriter{n: n}, store.Filter{})
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("Export to a disk full after %d bytes = %v", n, err)
		}
		oneSentence(t, err)
	}
	if err := a.Export(&failingWriter{n: size}, store.Filter{}); err != nil {
		t.Fatalf("Export with just enough room = %v", err)
	}
}

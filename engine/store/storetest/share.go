package storetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc/doccheck"
	"github.com/ttx-dev/ttx/engine/store"
)

// filled stores a few finished runs, with participants, hotwash, actions
// and plan credit, of two scenarios, and an unfinished one.
func filled(t *testing.T, open Open) store.Store {
	f := load(t)
	s, _ := open(t)
	for i, path := range []string{"act,sorry+fix", "!wait,sorry", "panic"} {
		id, _ := record(t, s, f.a, path, "Blue", T0.Add(time.Duration(i)*time.Hour), ptr(float64(20*i)))
		if err := s.SaveHotwash(id, engine.Hotwash{WentWell: "calm \"quotes\" <b>", Improve: "faster\nlegal"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAction(engine.Action{Run: id, What: "Fix the runbook", Principle: "notify", Owner: "Ana", Due: T0.AddDate(0, 1, i)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAction(engine.Action{Run: id, What: "Done already", Done: true, DoneAt: T0}); err != nil {
			t.Fatal(err)
		}
	}
	record(t, s, f.b, "act,fix", "Red", T0.Add(5*time.Hour), nil)
	begin(t, s, f.a, 5, "Green")
	return s
}

// byUUID returns every finished run of s in full, by UUID, without the ids
// that only mean something in one database.
func byUUID(t *testing.T, s store.Store) map[string]store.Run {
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
		run := *full
		run.ID = 0
		for i := range run.Actions {
			run.Actions[i].ID, run.Actions[i].Run = 0, 0
		}
		out[run.UUID] = run
	}
	return out
}

func export(t *testing.T, s store.Store, f store.Filter) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testExportImport(t *testing.T, open Open) {
	f := load(t)
	a := filled(t, open)
	data := export(t, a, store.Filter{})
	doccheck.Validate(t, "the export", data)
	var doc struct {
		Format        string            `json:"format"`
		FormatVersion int               `json:"format_version"`
		Checksum      string            `json:"checksum"`
		Scenarios     []json.RawMessage `json:"scenarios"`
		Runs          []json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != store.ExportFormat || doc.FormatVersion != store.ExportVersion || !strings.HasPrefix(doc.Checksum, "sha256:") || len(doc.Runs) != 4 || len(doc.Scenarios) != 2 {
		t.Fatalf("export header: %s %d %s, %d runs, %d scenarios", doc.Format, doc.FormatVersion, doc.Checksum, len(doc.Runs), len(doc.Scenarios))
	}

	b, _ := open(t)
	for i, want := range []int{4, 0} {
		added, err := b.Import(bytes.NewReader(data), f.lib())
		if err != nil || added != want {
			t.Fatalf("import %d: added %d, %v; want %d", i+1, added, err, want)
		}
	}
	if added, err := a.Import(bytes.NewReader(data), f.lib()); err != nil || added != 0 {
		t.Fatalf("import into the exporter: added %d, %v", added, err)
	}
	// The runs, their stored scores and their scenarios came across.
	if got, want := byUUID(t, b), byUUID(t, a); !reflect.DeepEqual(got, want) {
		t.Fatalf("imported runs differ:\n got %+v\nwant %+v", got, want)
	}
	for _, r := range byUUID(t, b) {
		sc, _, err := store.ScenarioOf(b, &r, f.guides, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := engine.Replay(sc, r.Record); err != nil {
			t.Fatal(err)
		}
	}

	// One scenario's runs, then the rest.
	c, _ := open(t)
	if added, err := c.Import(bytes.NewReader(export(t, a, store.Filter{Scenario: f.b.ID})), f.lib()); err != nil || added != 1 {
		t.Fatalf("import of one scenario: added %d, %v", added, err)
	}
	if added, err := c.Import(bytes.NewReader(data), f.lib()); err != nil || added != 3 {
		t.Fatalf("import of the rest: added %d, %v", added, err)
	}
	// An empty export imports nothing.
	if added, err := c.Import(bytes.NewReader(export(t, a, store.Filter{Scenario: "none"})), f.lib()); err != nil || added != 0 {
		t.Fatalf("empty import: added %d, %v", added, err)
	}
}

var checksumRE = regexp.MustCompile(`"checksum": "([^"]*)"`)

// testImportRefused: a damaged file is refused with one sentence and adds
// nothing.
func testImportRefused(t *testing.T, open Open) {
	f := load(t)
	a := filled(t, open)
	data := string(export(t, a, store.Filter{}))
	seed := regexp.MustCompile(`"seed": (\d+)`)
	version := fmt.Sprintf(`"format_version": %d`, store.ExportVersion)
	b, _ := open(t)
	for _, c := range []struct {
		name, data, says string
	}{
		{"number edited", seed.ReplaceAllStringFunc(data, func(m string) string { return m + "1" }), "checksum"},
		{"total edited", strings.Replace(data, `"total_percent": `, `"total_percent": 1`, 1), "checksum"},
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
		{"newer format", strings.Replace(data, version, fmt.Sprintf(`"format_version": %d`, store.ExportVersion+1), 1), "newer"},
		{"no version", strings.Replace(data, version, `"format_version": 0`, 1), "format version"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.data == data {
				t.Fatal("the file was not changed")
			}
			refused(t, b, f, c.data, c.says)
		})
	}
}

// refused imports data into an empty store and fails the test unless it
// is refused, saying says, with nothing added.
func refused(t *testing.T, b store.Store, f *fixtures, data, says string) {
	t.Helper()
	added, err := b.Import(strings.NewReader(data), f.lib())
	if err == nil || added != 0 {
		t.Fatalf("Import = %d, %v; want refused", added, err)
	}
	if !errors.Is(err, store.ErrImport) || !strings.Contains(err.Error(), says) {
		t.Fatalf("Import = %v, want ErrImport saying %q", err, says)
	}
	oneSentence(t, err)
	if runs, _ := b.List(store.Filter{}); len(runs) != 0 {
		t.Fatalf("%d runs imported", len(runs))
	}
}

// dropRun removes the second run of an export.
func dropRun(data string) string {
	const start = "\n    {\n      \"run_id\""
	i := strings.Index(data, start)
	j := strings.Index(data[i+1:], start)
	return data[:i] + data[i+1+j:]
}

// forge edits an export as a JSON tree and seals it with a checksum that
// fits: what anyone can do to a file, so Import must not trust it.
func forge(t *testing.T, data []byte, edit func(doc map[string]any)) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := store.Checksum(b)
	if err != nil {
		t.Fatal(err)
	}
	doc["checksum"] = sum
	if b, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func runOf(doc map[string]any, i int) map[string]any {
	return doc["runs"].([]any)[i].(map[string]any)
}

// testImportRescores: an edited file with a checksum that fits is still
// checked run by run: each run replays on the scenario it carries and is
// scored again; the totals in the file are not read.
func testImportRescores(t *testing.T, open Open) {
	f := load(t)
	a := filled(t, open)
	data := export(t, a, store.Filter{})

	inflated := forge(t, data, func(doc map[string]any) {
		for _, r := range doc["runs"].([]any) {
			run := r.(map[string]any)
			run["total_percent"] = 1e308
			for _, p := range run["principles"].([]any) {
				p.(map[string]any)["percent"] = 1e308
				p.(map[string]any)["raw"] = 1e9
				if p.(map[string]any)["id"] == "prepare" {
					p.(map[string]any)["plan_percent"] = 1e308
				}
			}
		}
	})
	b, _ := open(t)
	if added, err := b.Import(strings.NewReader(inflated), f.lib()); err != nil || added != 4 {
		t.Fatalf("Import = %d, %v", added, err)
	}
	for _, r := range byUUID(t, b) {
		d, err := engine.Replay(map[string]*engine.Scenario{f.a.ID: f.a, f.b.ID: f.b}[r.Record.Scenario], r.Record)
		if err != nil {
			t.Fatal(err)
		}
		want := resultOf(t, d, r.Team, ptr(100)) // the credit is bounded to 0 to 100
		if r.Total != want.TotalPercent || r.Total > 100 {
			t.Errorf("imported run %s has total %v, want %v as scored again", r.UUID, r.Total, want.TotalPercent)
		}
	}

	empty, _ := open(t)
	for _, c := range []struct {
		name, says string
		edit       func(doc map[string]any)
	}{
		{"a choice not offered", "does not replay", func(doc map[string]any) {
			runOf(doc, 0)["decisions"].([]any)[0].(map[string]any)["choices"] = []any{"fly-away"}
		}},
		{"a run cut short", "stops before the end", func(doc map[string]any) {
			run := runOf(doc, 0)
			run["decisions"] = run["decisions"].([]any)[:1]
		}},
		{"an unfinished run", "not finished", func(doc map[string]any) { runOf(doc, 0)["finished"] = false }},
		{"a path for a scenario", "names scenario", func(doc map[string]any) {
			runOf(doc, 0)["scenario"].(map[string]any)["id"] = "/etc/passwd"
		}},
		{"a scenario not carried", "does not carry", func(doc map[string]any) { doc["scenarios"] = []any{} }},
		{"a scenario not its hash", "not the one its hash names", func(doc map[string]any) {
			sc := doc["scenarios"].([]any)[0].(map[string]any)
			sc["source"] = strings.Replace(sc["source"].(string), "Store drill", "Edited drill", 1)
		}},
		{"a decision with no choice", "takes no choice", func(doc map[string]any) {
			runOf(doc, 0)["decisions"].([]any)[0].(map[string]any)["choices"] = []any{}
		}},
		{"a bad UUID", "UUID", func(doc map[string]any) { runOf(doc, 1)["uuid"] = "nope" }},
		{"an action saying nothing", "says nothing", func(doc map[string]any) {
			runOf(doc, 1)["actions"].([]any)[0].(map[string]any)["what"] = ""
		}},
		{"a date out of range", "out of range", func(doc map[string]any) {
			runOf(doc, 1)["actions"].([]any)[0].(map[string]any)["due"] = "3000-01-01T00:00:00.000Z"
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			refused(t, empty, f, forge(t, data, c.edit), c.says)
		})
	}
	// No path named in a file is ever opened: the refusal says nothing
	// of what /etc/passwd holds.
	_, err := empty.Import(strings.NewReader(forge(t, data, func(doc map[string]any) {
		runOf(doc, 0)["scenario"].(map[string]any)["id"] = "/etc/passwd"
		runOf(doc, 0)["scenario"].(map[string]any)["hash"] = "/etc/passwd"
	})), f.lib())
	if err == nil || strings.Contains(err.Error(), "root:") {
		t.Fatalf("Import of a path = %v", err)
	}
}

// testImportBatches: an import written in small batches adds every run,
// once.
func testImportBatches(t *testing.T, open Open) {
	f := load(t)
	a := filled(t, open)
	data := export(t, a, store.Filter{})
	b, _ := open(t, store.ImportBatch(1))
	for i, want := range []int{4, 0} {
		if added, err := b.Import(bytes.NewReader(data), f.lib()); err != nil || added != want {
			t.Fatalf("import %d: added %d, %v; want %d", i+1, added, err, want)
		}
	}
	if got, want := byUUID(t, b), byUUID(t, a); !reflect.DeepEqual(got, want) {
		t.Fatal("the runs imported in batches differ")
	}
}

// testConcurrentWriters: eight writers, each with its own connections as
// separate processes would have, record drills into one database at once;
// every decision of every drill is stored.
func testConcurrentWriters(t *testing.T, open Open) {
	f := load(t)
	_, db := open(t)
	const writers, drills = 8, 3
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(db)
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			for i := range drills {
				if err := RecordDrill(s, f.a, uint64(w*100+i), "W", nil); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs, err := s.List(store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != writers*drills {
		t.Fatalf("%d runs stored, want %d", len(runs), writers*drills)
	}
	for _, r := range runs {
		if r.DecisionCount != 2 || !r.Finished {
			t.Fatalf("run %d: %d decisions, finished %v", r.ID, r.DecisionCount, r.Finished)
		}
	}
}

// RecordDrill records a drill of the suite's scenario sc (see Drill) in s as
// a front end does: it begins the run, makes each decision of the path
// "act,sorry+fix" durable in turn, and finishes the run. decided, when not
// nil, is told how long each decision took to save.
func RecordDrill(s store.Store, sc *engine.Scenario, seed uint64, team string, decided func(time.Duration)) error {
	d := engine.NewDrill(sc, seed)
	id, err := s.Begin(&store.Run{Record: d.Record(), Team: team}, sc.Source())
	if err != nil {
		return err
	}
	for n, ids := range [][]string{{"act"}, {"sorry", "fix"}} {
		if err := d.Choose(ids...); err != nil {
			return err
		}
		start := time.Now()
		if err := s.AppendDecision(id, n, d.Record().Decisions[n]); err != nil {
			return err
		}
		if decided != nil {
			decided(time.Since(start))
		}
	}
	res, err := d.Result(team)
	if err != nil {
		return err
	}
	return s.Finish(id, res, time.Time{})
}

// testReadOnly: a store opened read-only reads what was recorded and
// refuses every write.
func testReadOnly(t *testing.T, open Open) {
	f := load(t)
	s, db := open(t)
	id, _ := record(t, s, f.a, "panic", "Blue", T0, nil)
	ro, err := store.Open(db, store.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if runs, err := ro.List(store.Filter{}); err != nil || len(runs) != 1 {
		t.Fatalf("List = %v, %v", runs, err)
	}
	if _, err := ro.Get(id); err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Scenario(f.a.Hash); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"Begin": func() error {
			_, err := ro.Begin(&store.Run{Record: engine.NewDrill(f.a, 1).Record()}, f.a.Source())
			return err
		}(),
		"AppendDecision": ro.AppendDecision(id, 1, "x"),
		"SaveHotwash":    ro.SaveHotwash(id, engine.Hotwash{WentWell: "x"}),
		"Import":         func() error { _, err := ro.Import(bytes.NewReader(export(t, s, store.Filter{})), f.lib()); return err }(),
	} {
		if !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("%s on a read-only store = %v", name, err)
		}
	}
}

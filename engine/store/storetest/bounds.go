package storetest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// estimating returns the suite's scenario, loaded anew, with an analysis
// budget of one state: its score bounds are estimated, where the suite's
// own copy explores the drill in full and knows them exactly.
func estimating(t *testing.T, f *fixtures) *engine.Scenario {
	t.Helper()
	sc, err := engine.Parse("drill.toml", []byte(drillSource), f.guides)
	if err != nil {
		t.Fatal(err)
	}
	sc.SetAnalyst(&engine.Analyst{Budget: engine.Budget{MaxStates: 1}})
	a, err := sc.Bounds()
	if err != nil {
		t.Fatal(err)
	}
	if !a.Estimated || a.Note == "" {
		t.Fatal("a budget of one state explores the drill in full; the test proves nothing")
	}
	return sc
}

// testStoredBounds: whether a run's score was measured against estimated
// bounds is stored with the score, and every read reports it from the store
// alone. A run scored with estimated bounds is reported as estimated when
// its replay's analysis is now exact (as after ttx analyze --refresh with a
// bigger budget); a run scored exactly stays exact when the analysis of its
// replay is now an estimate. An export carries the flag; an import scores
// the run again, and the flag with it.
func testStoredBounds(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	est := estimating(t, f)
	estID, estRes := record(t, s, est, "act,sorry+fix", "Blue", T0, nil)
	exactID, exactRes := record(t, s, f.a, "act,sorry+fix", "Red", T0.Add(time.Hour), nil)
	if !estRes.BoundsEstimated || estRes.BoundsNote == "" || exactRes.BoundsEstimated {
		t.Fatalf("scored with bounds estimated %v (%q) and %v", estRes.BoundsEstimated, estRes.BoundsNote, exactRes.BoundsEstimated)
	}
	list, err := s.List(store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	listed := map[int64]store.Run{}
	for _, r := range list {
		listed[r.ID] = r
	}
	for _, c := range []struct {
		name string
		id   int64
		want *engine.Result
		// now is the scenario the replay is scored against, whose analysis
		// says the opposite of what it said when the drill ended; nil for
		// the version the store keeps, parsed anew (exact).
		now *engine.Scenario
	}{
		{"estimated, exact now", estID, estRes, nil},
		{"exact, estimated now", exactID, exactRes, estimating(t, f)},
	} {
		t.Run(c.name, func(t *testing.T) {
			want, note := c.want.BoundsEstimated, c.want.BoundsNote
			got, err := s.Get(c.id)
			if err != nil {
				t.Fatal(err)
			}
			l := listed[c.id]
			for what, r := range map[string]*store.Run{"Get": got, "List": &l} {
				if r.BoundsEstimated != want || r.BoundsNote != note {
					t.Errorf("%s: bounds estimated %v (%q), stored %v (%q)", what, r.BoundsEstimated, r.BoundsNote, want, note)
				}
			}
			doc := got.Doc()
			if doc.BoundsEstimated != want || (doc.BoundsNote != nil) != want || (want && *doc.BoundsNote != engine.Sanitize(note)) {
				t.Errorf("the run's document: bounds_estimated %v, bounds_note %v", doc.BoundsEstimated, doc.BoundsNote)
			}
			sc, _, err := store.ScenarioOf(s, got, f.guides, c.now)
			if err != nil {
				t.Fatal(err)
			}
			a, err := sc.Bounds()
			if err != nil {
				t.Fatal(err)
			}
			if a.Estimated == want {
				t.Fatalf("the replay's analysis is estimated %v, as when the drill ended; the test proves nothing", a.Estimated)
			}
			d, err := engine.Replay(sc, got.Record)
			if err != nil {
				t.Fatal(err)
			}
			res, err := got.Result(d)
			if err != nil {
				t.Fatal(err)
			}
			if res.BoundsEstimated != want || res.BoundsNote != note {
				t.Errorf("Run.Result: bounds estimated %v (%q), stored %v (%q)", res.BoundsEstimated, res.BoundsNote, want, note)
			}
		})
	}

	// The export says which run was scored against estimated bounds; the
	// import scores both again here, with the bounds of this ttx (exact).
	data := export(t, s, store.Filter{})
	var doc struct {
		Runs []struct {
			Team            string  `json:"team"`
			BoundsEstimated bool    `json:"bounds_estimated"`
			BoundsNote      *string `json:"bounds_note"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range doc.Runs {
		if est := r.Team == "Blue"; r.BoundsEstimated != est || (r.BoundsNote != nil) != est {
			t.Errorf("exported run of %s: bounds_estimated %v, bounds_note %v", r.Team, r.BoundsEstimated, r.BoundsNote)
		}
	}
	b, _ := open(t)
	if added, err := b.Import(bytes.NewReader(data), f.lib()); err != nil || added != 2 {
		t.Fatalf("import: added %d, %v", added, err)
	}
	for _, r := range must(b.List(store.Filter{})) {
		if r.BoundsEstimated || r.BoundsNote != "" {
			t.Errorf("imported run of %s: bounds estimated %v (%q), want them scored again (exact)", r.Team, r.BoundsEstimated, r.BoundsNote)
		}
	}
}

// exportV2 is a file written by ttx results export before the bounds of a
// score were kept, and before the plan was credited where followed (its
// principles have no plan_use): one run of the suite's drill as it was
// then, without plan marks.
//
//go:embed testdata/export-v2.json
var exportV2 string

// testImportEarlierExport: a file of format version 2, written by an
// earlier ttx whose runs had fewer fields, matches its checksum and
// imports, its run scored again (exact).
func testImportEarlierExport(t *testing.T, open Open) {
	f := load(t)
	var hdr struct {
		FormatVersion int    `json:"format_version"`
		Checksum      string `json:"checksum"`
	}
	if err := json.Unmarshal([]byte(exportV2), &hdr); err != nil {
		t.Fatal(err)
	}
	if sum, err := store.Checksum([]byte(exportV2)); err != nil || sum == hdr.Checksum || hdr.FormatVersion != 2 {
		t.Fatalf("the file is of version %d and matches its checksum as this ttx writes it (%v); the test proves nothing", hdr.FormatVersion, err)
	}
	s, _ := open(t)
	if added, err := s.Import(bytes.NewReader([]byte(exportV2)), f.lib()); err != nil || added != 1 {
		t.Fatalf("import: added %d, %v", added, err)
	}
	runs := must(s.List(store.Filter{}))
	if len(runs) != 1 || runs[0].Team != "Blue" || runs[0].Ending != "contained" || runs[0].BoundsEstimated || len(runs[0].Scores) == 0 {
		t.Fatalf("imported runs: %+v", runs)
	}
}

package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

var t0 = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)

// TestRoundTrip stores every field of a run, played for real, and reads it
// back; the record replays to the same result.
func TestRoundTrip(t *testing.T) {
	s, _ := openStore(t)
	sc := loadRules(t)
	for _, path := range []string{"notify", "hide", "panic"} {
		t.Run(path, func(t *testing.T) {
			d := play(t, 42, path)
			rec := d.Record()
			parts := []engine.Participant{{Name: "Ana", Role: "Incident lead"}, {Name: "Bo", Role: "Legal"}, {Name: "Cy"}}
			r := &store.Run{UUID: "0F8FAD5B-D9CB-469F-A165-70867728950E", Record: engine.Record{Scenario: rec.Scenario, Version: rec.Version, Hash: rec.Hash, Seed: rec.Seed}, Team: "Blue", Participants: parts, Started: t0}
			if path != "notify" {
				r.UUID = ""
			}
			id, err := s.Begin(r)
			if err != nil {
				t.Fatal(err)
			}
			if r.ID != id || r.UUID == "" || strings.ToLower(r.UUID) != r.UUID {
				t.Fatalf("Begin left ID %d (returned %d), UUID %q", r.ID, id, r.UUID)
			}
			got, err := s.Get(id)
			if err != nil {
				t.Fatal(err)
			}
			want := store.Run{ID: id, UUID: r.UUID, Record: r.Record, Team: "Blue", Participants: parts, Started: t0}
			want.Record.Decisions = []string{}
			if !reflect.DeepEqual(utc(*got), utc(want)) {
				t.Fatalf("unfinished run:\n got %+v\nwant %+v", utc(*got), utc(want))
			}

			for n, dec := range rec.Decisions {
				if err := s.AppendDecision(id, n, dec); err != nil {
					t.Fatal(err)
				}
			}
			res := result(t, d, "Blue team")
			ended := t0.Add(95 * time.Minute)
			if err := s.Finish(id, res, ended); err != nil {
				t.Fatal(err)
			}
			h := engine.Hotwash{WentWell: "We called legal early.", Improve: "Nobody owned the press line."}
			if err := s.SaveHotwash(id, h); err != nil {
				t.Fatal(err)
			}
			due := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
			acts := []engine.Action{
				{Run: id, What: "Name a press owner", Principle: "notify", Owner: "Ana", Due: due},
				{Run: id, What: "Write the regulator template", Owner: "Bo"},
				{Run: id, What: "Drill again", Due: due.AddDate(0, 1, 0), Done: true, DoneAt: due.Add(-time.Hour)},
			}
			for i := range acts {
				if acts[i].ID, err = s.AddAction(acts[i]); err != nil {
					t.Fatal(err)
				}
				acts[i].Scenario = rec.Scenario
			}

			got, err = s.Get(id)
			if err != nil {
				t.Fatal(err)
			}
			want.Record.Decisions = rec.Decisions
			want.Team = "Blue team"
			want.Ended, want.Finished, want.Ending = ended, true, res.Ending
			want.Hours, want.Total = res.Hours, res.TotalPercent
			for _, p := range res.Scores {
				want.Scores = append(want.Scores, store.RunScore{Principle: p.Principle, Title: p.Title, Scored: p.Scored, Raw: p.Raw, Percent: p.Percent, Best: p.Best, Worst: p.Worst})
			}
			want.Hotwash, want.Actions = h, acts
			if !reflect.DeepEqual(utc(*got), utc(want)) {
				t.Fatalf("finished run:\n got %+v\nwant %+v", utc(*got), utc(want))
			}

			// The stored record replays, and re-scores, to the same result.
			d2, err := engine.Replay(sc, got.Record)
			if err != nil {
				t.Fatal(err)
			}
			if res2 := result(t, d2, got.Team); !reflect.DeepEqual(res2, res) {
				t.Fatalf("replayed result differs:\n got %+v\nwant %+v", res2, res)
			}
		})
	}
}

// TestResume: a drill left unfinished is listed and continues exactly.
func TestResume(t *testing.T) {
	s, path := openStore(t)
	sc := loadRules(t)
	d := engine.NewDrill(sc, 99)
	id, err := s.Begin(&store.Run{Record: d.Record(), Team: "Red"})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Choose("notify"); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendDecision(id, 0, d.Record().Decisions[0]); err != nil {
		t.Fatal(err)
	}
	other := fake(t, s, "other", "Red", 50, t0)
	s.Close()

	s, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	un, err := s.Unfinished()
	if err != nil {
		t.Fatal(err)
	}
	if len(un) != 1 || un[0].ID != id || un[0].Finished || un[0].ID == other {
		t.Fatalf("Unfinished = %+v, want run %d alone", un, id)
	}
	d2, err := engine.Replay(sc, un[0].Record)
	if err != nil {
		t.Fatal(err)
	}
	if d2.SceneIndex() != d.SceneIndex() || d2.Hours() != d.Hours() || !reflect.DeepEqual(d2.Record(), d.Record()) {
		t.Fatalf("replayed drill differs: scene %d at %v, want %d at %v", d2.SceneIndex(), d2.Hours(), d.SceneIndex(), d.Hours())
	}
	if err := d2.Choose("a", "b"); err != nil {
		t.Fatal(err)
	}
	// Finish stores the decision the front end had not appended yet.
	if err := s.Finish(id, result(t, d2, "Red"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	run, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(run.Record, d2.Record()) || !run.Finished || run.Ended.IsZero() {
		t.Fatalf("finished run = %+v, want record %+v", run, d2.Record())
	}
	if un, _ := s.Unfinished(); len(un) != 0 {
		t.Fatalf("Unfinished after Finish = %+v", un)
	}
}

// TestDecisionRules: AppendDecision refuses gaps, finished runs and a
// different decision where one is stored; Finish refuses a result of
// another drill; Discard drops only unfinished runs.
func TestDecisionRules(t *testing.T) {
	s, _ := openStore(t)
	id, err := s.Begin(&store.Run{Record: engine.Record{Scenario: "rules", Seed: 3}})
	if err != nil {
		t.Fatal(err)
	}
	finished := fake(t, s, "rules", "", 10, t0)
	for _, c := range []struct {
		name string
		id   int64
		n    int
		dec  string
		want error // nil for success
	}{
		{"first", id, 0, "notify", nil},
		{"same again", id, 0, "notify", nil},
		{"different", id, 0, "hide", store.ErrConflict},
		{"gap", id, 2, "a", store.ErrConflict},
		{"second", id, 1, "a+b", nil},
		{"negative", id, -1, "a", store.ErrInvalid},
		{"empty", id, 2, "", store.ErrInvalid},
		{"no such run", 9999, 0, "a", store.ErrNotFound},
		{"finished run", finished, 0, "a", store.ErrFinished},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := s.AppendDecision(c.id, c.n, c.dec)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("AppendDecision(%d, %d, %q) = %v, want %v", c.id, c.n, c.dec, err, c.want)
			}
			if err != nil && (strings.Count(err.Error(), ". ") > 0 || strings.HasSuffix(err.Error(), ".")) {
				t.Errorf("error %q is not one sentence", err)
			}
		})
	}
	run, _ := s.Get(id)
	if !reflect.DeepEqual(run.Record.Decisions, []string{"notify", "a+b"}) {
		t.Fatalf("decisions = %q", run.Record.Decisions)
	}

	for _, c := range []struct {
		name string
		id   int64
		res  *engine.Result
		want error
	}{
		{"other scenario", id, fakeResult("other", 3, 1), store.ErrConflict},
		{"other seed", id, fakeResult("rules", 4, 1), store.ErrConflict},
		{"fewer decisions", id, fakeResult("rules", 3, 1), store.ErrConflict},
		{"other decisions", id, &engine.Result{Scenario: "rules", Seed: 3, Decisions: []engine.DecisionResult{{Choices: []string{"hide"}}, {Choices: []string{"a", "b"}}}}, store.ErrConflict},
		{"no such run", 9999, fakeResult("rules", 3, 1), store.ErrNotFound},
		{"already finished", finished, fakeResult("rules", 7, 1), store.ErrFinished},
		{"nil", id, nil, store.ErrInvalid},
	} {
		t.Run("Finish "+c.name, func(t *testing.T) {
			if err := s.Finish(c.id, c.res, t0); !errors.Is(err, c.want) {
				t.Fatalf("Finish = %v, want %v", err, c.want)
			}
		})
	}

	if err := s.Discard(finished); !errors.Is(err, store.ErrFinished) {
		t.Fatalf("Discard(finished) = %v", err)
	}
	if err := s.Discard(id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get(discarded) = %v", err)
	}
	if err := s.Discard(id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Discard twice = %v", err)
	}
	if _, err := s.Begin(&store.Run{}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("Begin without scenario = %v", err)
	}
	if _, err := s.Begin(&store.Run{UUID: "not-a-uuid", Record: engine.Record{Scenario: "x"}}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("Begin with a bad UUID = %v", err)
	}
	r := &store.Run{Record: engine.Record{Scenario: "x"}}
	if _, err := s.Begin(r); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Begin(&store.Run{UUID: r.UUID, Record: engine.Record{Scenario: "x"}}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("Begin with a UUID taken = %v", err)
	}
}

func TestListAndLeaderboard(t *testing.T) {
	s, _ := openStore(t)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	ids := map[string]int64{
		"a1": fake(t, s, "bucket", "A", 50, at(1)),
		"a2": fake(t, s, "bucket", "A", 70, at(2)),
		"b1": fake(t, s, "bucket", "B", 60, at(3)),
		"c1": fake(t, s, "bucket", "C", 70, at(4)),
		"a3": fake(t, s, "ransom", "A", 90, at(5)),
		"b2": fake(t, s, "ransom", "B", 20, at(6)),
	}
	if _, err := s.Begin(&store.Run{Record: engine.Record{Scenario: "bucket"}, Team: "A", Started: at(7)}); err != nil {
		t.Fatal(err)
	}
	names := func(runs []store.Run) string {
		var out []string
		for _, r := range runs {
			for k, id := range ids {
				if id == r.ID {
					out = append(out, k)
				}
			}
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		f    store.Filter
		want string
	}{
		{store.Filter{}, "b2 a3 c1 b1 a2 a1"},
		{store.Filter{Scenario: "bucket"}, "c1 b1 a2 a1"},
		{store.Filter{Team: "A"}, "a3 a2 a1"},
		{store.Filter{Scenario: "bucket", Team: "A"}, "a2 a1"},
		{store.Filter{Limit: 2}, "b2 a3"},
		{store.Filter{Scenario: "bucket", Limit: 3}, "c1 b1 a2"},
		{store.Filter{Scenario: "none"}, ""},
	} {
		runs, err := s.List(c.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(runs); got != c.want {
			t.Errorf("List(%+v) = %s, want %s", c.f, got, c.want)
		}
		for _, r := range runs {
			if len(r.Scores) != 1 || !r.Finished || r.Total != r.Scores[0].Percent {
				t.Errorf("listed run %d lacks its summary: %+v", r.ID, r)
			}
		}
	}
	board, err := s.Leaderboard("bucket", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(board); got != "a2 c1 b1" {
		t.Errorf("Leaderboard = %s, want a2 c1 b1", got)
	}
	if board[0].Scores == nil {
		t.Errorf("leaderboard runs lack scores")
	}
	if board, _ := s.Leaderboard("bucket", 2); names(board) != "a2 c1" {
		t.Errorf("Leaderboard(2) = %s", names(board))
	}
	if best, _ := s.BestRuns("bucket", 0); names(best) != "a2 c1 b1 a1" {
		t.Errorf("BestRuns = %s", names(best))
	}
}

func TestActions(t *testing.T) {
	s, _ := openStore(t)
	a := fake(t, s, "bucket", "A", 50, t0)
	b := fake(t, s, "ransom", "A", 50, t0)
	due := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	add := func(run int64, what string, d int) int64 {
		t.Helper()
		act := engine.Action{Run: run, What: what}
		if d != 0 {
			act.Due = due(d)
		}
		id, err := s.AddAction(act)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	x := add(a, "x", 0)
	y := add(a, "y", 10)
	add(b, "z", 5)
	add(a, "w", 3)
	whats := func(scenario string) string {
		t.Helper()
		acts, err := s.OpenActions(scenario)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range acts {
			out = append(out, a.Scenario+":"+a.What)
		}
		return strings.Join(out, " ")
	}
	if got := whats(""); got != "bucket:w ransom:z bucket:y bucket:x" {
		t.Errorf("OpenActions() = %s", got)
	}
	if got := whats("bucket"); got != "bucket:w bucket:y bucket:x" {
		t.Errorf("OpenActions(bucket) = %s", got)
	}
	if err := s.SetActionDone(y, true, due(1)); err != nil {
		t.Fatal(err)
	}
	if got := whats("bucket"); got != "bucket:w bucket:x" {
		t.Errorf("OpenActions(bucket) after y done = %s", got)
	}
	run, _ := s.Get(a)
	if got := run.Actions[1]; got.ID != y || !got.Done || !got.DoneAt.Equal(due(1)) {
		t.Errorf("action y = %+v", got)
	}
	if err := s.SetActionDone(y, false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	run, _ = s.Get(a)
	if got := run.Actions[1]; got.Done || !got.DoneAt.IsZero() {
		t.Errorf("action y reopened = %+v", got)
	}
	if err := s.SetActionDone(x, true, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"done of no action", s.SetActionDone(9999, true, t0), store.ErrNotFound},
		{"action of no run", func() error { _, err := s.AddAction(engine.Action{Run: 9999, What: "x"}); return err }(), store.ErrNotFound},
		{"action saying nothing", func() error { _, err := s.AddAction(engine.Action{Run: a}); return err }(), store.ErrInvalid},
		{"due out of range", func() error {
			_, err := s.AddAction(engine.Action{Run: a, What: "x", Due: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)})
			return err
		}(), store.ErrInvalid},
		{"hotwash of no run", s.SaveHotwash(9999, engine.Hotwash{WentWell: "x"}), store.ErrNotFound},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	p, err := store.DefaultPath()
	if err != nil || p != filepath.Join(dir, "ttx", "ttx.db") {
		t.Fatalf("DefaultPath() = %q, %v with XDG_DATA_HOME=%s", p, err, dir)
	}
	// Open("") opens the default path, making its directory.
	s, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	if s.Path() != p {
		t.Errorf("Open(\"\").Path() = %q, want %q", s.Path(), p)
	}
	s.Close()
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}

	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", "relative/is/ignored")
	t.Setenv("LocalAppData", filepath.Join(home, "AppData", "Local"))
	want := map[string]string{
		"linux":   filepath.Join(home, ".local", "share", "ttx", "ttx.db"),
		"darwin":  filepath.Join(home, "Library", "Application Support", "ttx", "ttx.db"),
		"windows": filepath.Join(home, "AppData", "Local", "ttx", "ttx.db"),
	}[runtime.GOOS]
	if p, err := store.DefaultPath(); want != "" && (err != nil || p != want) {
		t.Fatalf("DefaultPath() = %q, %v; want %q", p, err, want)
	}
}

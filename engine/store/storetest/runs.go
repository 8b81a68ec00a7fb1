package storetest

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// testRoundTrip stores every field of a run, played for real, and reads it
// back; the record replays to the same result.
func testRoundTrip(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	for _, path := range []string{"act,sorry+fix", "!wait,sorry", "panic"} {
		var params map[string]string
		if path == "act,sorry+fix" {
			params = map[string]string{"company": "Zeta Retail"}
		}
		d := playWith(t, f.a, 42, path, params)
		rec := d.Record()
		parts := []engine.Participant{{Name: "Ana", Role: "Incident lead"}, {Name: "Bo", Role: "Legal"}, {Name: "Cy"}}
		r := &store.Run{UUID: "0F8FAD5B-D9CB-469F-A165-70867728950E", Record: engine.Record{Scenario: rec.Scenario, Version: rec.Version, Hash: rec.Hash, Seed: rec.Seed, Params: rec.Params},
			Team: "Blue", Participants: parts, Started: T0}
		if path != "act,sorry+fix" {
			r.UUID = ""
		}
		id, err := s.Begin(r, f.a.Source())
		if err != nil {
			t.Fatal(err)
		}
		if r.ID != id || r.UUID == "" || strings.ToLower(r.UUID) != r.UUID || !r.Started.Equal(T0.Truncate(time.Millisecond)) {
			t.Fatalf("Begin left ID %d (returned %d), UUID %q, started %v", r.ID, id, r.UUID, r.Started)
		}
		got, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		want := store.Run{ID: id, UUID: r.UUID, Record: r.Record, Team: "Blue", Participants: parts, Started: T0.Truncate(time.Millisecond), ScenarioTitle: "Store drill"}
		want.Record.Decisions = []string{}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("%s: unfinished run:\n got %+v\nwant %+v", path, *got, want)
		}

		for n, dec := range rec.Decisions {
			if err := s.AppendDecision(id, n, dec); err != nil {
				t.Fatal(err)
			}
		}
		res := resultOf(t, d, "Blue team", nil)
		ended := T0.Add(95 * time.Minute)
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
		want.DecisionCount = len(rec.Decisions)
		want.Team = "Blue team"
		want.Ended, want.Finished, want.Ending, want.EndingTitle = ended.Truncate(time.Millisecond), true, res.Ending, res.EndingTitle
		want.Hours, want.Total = res.Hours, res.TotalPercent
		for _, p := range res.Scores {
			rs := store.RunScore{Principle: p.Principle, Title: p.Title, Scored: p.Scored, Raw: p.Raw, Percent: p.Percent, Best: p.Best, Worst: p.Worst}
			if p.Scored {
				rs.Rating = engine.RatingFor(p.Percent).Code
			}
			want.Scores = append(want.Scores, rs)
		}
		want.Hotwash, want.Actions = h, acts
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("%s: finished run:\n got %+v\nwant %+v", path, *got, want)
		}

		// The stored record replays, and re-scores, to the same result.
		d2, err := engine.Replay(f.a, got.Record)
		if err != nil {
			t.Fatal(err)
		}
		if res2 := resultOf(t, d2, got.Team, nil); !reflect.DeepEqual(res2, res) {
			t.Fatalf("replayed result differs:\n got %+v\nwant %+v", res2, res)
		}
		// What List reads packed agrees with what Get reads from the tables.
		list, err := s.List(store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 || list[0].ID != id || !reflect.DeepEqual(list[0].Scores, got.Scores) || !reflect.DeepEqual(list[0].Participants, got.Participants) ||
			list[0].DecisionCount != len(rec.Decisions) || list[0].Record.Decisions != nil || list[0].ScenarioTitle != "Store drill" {
			t.Fatalf("listed run differs from Get:\n%+v\n%+v", list[0], *got)
		}
	}
}

// testStoredScore: the score is stored as it was given when the drill ended
// (here with the register plan's credit), every read returns it, and
// Run.Result scores a replay with it: no recomputation changes it.
func testStoredScore(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	id, res := record(t, s, f.a, "!wait,fix", "Red", T0, ptr(100))
	plain := resultOf(t, play(t, f.a, 42, "!wait,fix"), "Red", nil)
	if res.TotalPercent == plain.TotalPercent {
		t.Fatal("the plan's credit does not change the total; the test proves nothing")
	}
	got, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != res.TotalPercent {
		t.Errorf("stored total %v, given %v", got.Total, res.TotalPercent)
	}
	var prepare *store.RunScore
	for i := range got.Scores {
		if got.Scores[i].Principle == "prepare" {
			prepare = &got.Scores[i]
		}
	}
	if prepare == nil || prepare.Plan == nil || *prepare.Plan != 100 || !prepare.Scored || prepare.Rating == "" {
		t.Fatalf("the prepare score lacks its plan credit: %+v", prepare)
	}
	d, err := engine.Replay(f.a, got.Record)
	if err != nil {
		t.Fatal(err)
	}
	again, err := got.Result(d)
	if err != nil {
		t.Fatal(err)
	}
	if again.TotalPercent != res.TotalPercent || !reflect.DeepEqual(again.Scores, res.Scores) {
		t.Fatalf("Run.Result = %v %+v, stored %v %+v", again.TotalPercent, again.Scores, res.TotalPercent, res.Scores)
	}
	for _, runs := range [][]store.Run{must(s.List(store.Filter{})), must(s.Leaderboard(f.a.ID, 0)), must(s.BestRuns(f.a.ID, 0))} {
		if len(runs) != 1 || runs[0].Total != res.TotalPercent || !reflect.DeepEqual(runs[0].Scores, got.Scores) {
			t.Fatalf("a listing shows another score: %+v", runs)
		}
	}
	if doc := got.Doc(); doc.TotalPercent == nil || doc.Principles[0].ID != "prepare" || doc.Principles[0].PlanPercent == nil {
		t.Fatalf("the run's document lacks the score or its plan credit: %+v", doc)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// testStoredScenario: the store keeps the scenario a run was played on, so
// the run replays without its file, and a changed file is told apart.
func testStoredScenario(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	id, _ := record(t, s, f.a, "act,sorry+fix", "Blue", T0, nil)
	record(t, s, f.a, "panic", "Red", T0, nil) // the same scenario is kept once
	st, err := s.Scenario(f.a.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if st.ID != f.a.ID || st.Version != "1.0" || st.Title != "Store drill" || string(st.Source) != drillSource || st.Hash != f.a.Hash {
		t.Fatalf("stored scenario = %+v", st)
	}
	if _, err := s.Scenario("00" + f.a.Hash[2:]); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Scenario(unknown) = %v", err)
	}
	run, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		known   *engine.Scenario
		changed bool
	}{
		{"no file at hand", nil, false},
		{"the same file", f.a, false},
		{"a file of another id", f.b, false},
		{"the file changed since", changedCopy(t, f), true},
	} {
		sc, changed, err := store.ScenarioOf(s, run, f.guides, c.known)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if changed != c.changed || sc.Hash != f.a.Hash {
			t.Fatalf("%s: changed %v, hash %s; want %v, %s", c.name, changed, sc.Hash, c.changed, f.a.Hash)
		}
		if _, err := engine.Replay(sc, run.Record); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
	// Begin refuses a source that is not the record's.
	rec := engine.NewDrill(f.a, 1).Record()
	for name, src := range map[string][]byte{"no source": nil, "another source": f.b.Source()} {
		_, err := s.Begin(&store.Run{Record: rec}, src)
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Begin with %s = %v", name, err)
		}
	}
}

// changedCopy is the fixture's scenario with its file edited.
func changedCopy(t *testing.T, f *fixtures) *engine.Scenario {
	t.Helper()
	sc, err := engine.Parse("drill.toml", []byte(strings.Replace(drillSource, `version = "1.0"`, `version = "1.1"`, 1)), f.guides)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// testResume: a drill left unfinished is listed, without its decisions,
// and Get gives what continues it exactly.
func testResume(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	d := engine.NewDrill(f.a, 99)
	id, err := s.Begin(&store.Run{Record: d.Record(), Team: "Red"}, f.a.Source())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Timeout(); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendDecision(id, 0, d.Record().Decisions[0]); err != nil {
		t.Fatal(err)
	}
	other, _ := record(t, s, f.b, "panic", "Red", T0, nil)
	un, err := s.Unfinished()
	if err != nil {
		t.Fatal(err)
	}
	if len(un) != 1 || un[0].ID != id || un[0].Finished || un[0].ID == other || un[0].DecisionCount != 1 || un[0].Record.Decisions != nil || un[0].Team != "Red" {
		t.Fatalf("Unfinished = %+v, want run %d alone, one decision counted", un, id)
	}
	full, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := engine.Replay(f.a, full.Record)
	if err != nil {
		t.Fatal(err)
	}
	if d2.SceneIndex() != d.SceneIndex() || d2.Hours() != d.Hours() || !reflect.DeepEqual(d2.Record(), d.Record()) {
		t.Fatalf("replayed drill differs: scene %d at %v, want %d at %v", d2.SceneIndex(), d2.Hours(), d.SceneIndex(), d.Hours())
	}
	if err := d2.Choose("sorry", "fix"); err != nil {
		t.Fatal(err)
	}
	// Finish stores the decision the front end had not appended yet.
	if err := s.Finish(id, resultOf(t, d2, "Red", nil), time.Time{}); err != nil {
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

// testTimeLeft: the time left on the decision a run waits for is kept
// (the last stored replaces the one before) until that decision is stored;
// it is refused for another decision, a finished run or a run that is not
// there, and a negative time is refused.
func testTimeLeft(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	id := begin(t, s, f.a, 3, "Clock")
	left := func(want time.Duration, ok bool) {
		t.Helper()
		r, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if (r.TimeLeft != nil) != ok || (ok && *r.TimeLeft != want) {
			t.Fatalf("TimeLeft = %v, want %v (stored %v)", r.TimeLeft, want, ok)
		}
	}
	left(0, false)
	for _, d := range []time.Duration{90 * time.Second, 31*time.Second + 400*time.Millisecond} {
		if err := s.SetTimeLeft(id, 0, d); err != nil {
			t.Fatal(err)
		}
		left(d, true)
	}
	for _, c := range []struct {
		id   int64
		n    int
		left time.Duration
		kind error
	}{
		{id, 1, time.Second, store.ErrConflict},
		{id, 0, -time.Second, store.ErrInvalid},
		{9999, 0, time.Second, store.ErrNotFound},
	} {
		err := s.SetTimeLeft(c.id, c.n, c.left)
		if !errors.Is(err, c.kind) {
			t.Errorf("SetTimeLeft(%d, %d, %v) = %v, want %v", c.id, c.n, c.left, err, c.kind)
		} else {
			oneSentence(t, err)
		}
	}
	left(31*time.Second+400*time.Millisecond, true)
	// The decision stored, its time is gone; the next one's is kept.
	if err := s.AppendDecision(id, 0, "act"); err != nil {
		t.Fatal(err)
	}
	left(0, false)
	if err := s.SetTimeLeft(id, 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	left(5*time.Second, true)
	if err := s.Finish(id, resultOf(t, play(t, f.a, 3, "act,sorry+fix"), "Clock", nil), time.Time{}); err != nil {
		t.Fatal(err)
	}
	left(0, false)
	if err := s.SetTimeLeft(id, 2, time.Second); !errors.Is(err, store.ErrFinished) {
		t.Errorf("SetTimeLeft on a finished run = %v", err)
	}
}

// testParams: the parameters a drill was played with are kept with its
// record, so the stored record replays the same drill, and an export
// carries them to another store.
func testParams(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	sc, err := f.a.WithParams(map[string]string{"company": "Zeta Retail"})
	if err != nil {
		t.Fatal(err)
	}
	d := playWith(t, f.a, 5, "act,sorry+fix", map[string]string{"company": "Zeta Retail"})
	res := resultOf(t, d, "Params", nil)
	id, err := s.Begin(&store.Run{Record: engine.Record{Scenario: sc.ID, Version: sc.Version, Hash: sc.Hash, Seed: 5, Params: d.Record().Params}, Team: "Params"}, f.a.Source())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(id, res, time.Time{}); err != nil {
		t.Fatal(err)
	}
	run, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"company": "Zeta Retail"}
	if !reflect.DeepEqual(run.Record.Params, want) {
		t.Fatalf("stored params %v, want %v", run.Record.Params, want)
	}
	again, err := engine.Replay(f.a, run.Record)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Render(again.Scenario().Scenes[0].Text); !strings.Contains(got, "Zeta Retail") {
		t.Fatalf("the stored record replays without its parameters: %q", got)
	}
	other, _ := open(t)
	if _, err := other.Import(bytes.NewReader(export(t, s, store.Filter{})), f.lib()); err != nil {
		t.Fatal(err)
	}
	runs, err := other.List(store.Filter{})
	if err != nil || len(runs) != 1 {
		t.Fatalf("imported runs = %v, %v", runs, err)
	}
	if imported, err := other.Get(runs[0].ID); err != nil || !reflect.DeepEqual(imported.Record.Params, want) {
		t.Fatalf("imported params = %v (%v), want %v", imported.Record.Params, err, want)
	}
}

// testDecisionRules: AppendDecision refuses gaps, finished runs and a
// different decision where one is stored; Finish refuses a result of
// another drill; Discard drops only unfinished runs.
func testDecisionRules(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	id := begin(t, s, f.a, 3, "")
	finished, _ := record(t, s, f.a, "panic", "", T0, nil)
	for _, c := range []struct {
		name string
		id   int64
		n    int
		dec  string
		want error // nil for success
	}{
		{"first", id, 0, "act", nil},
		{"same again", id, 0, "act", nil},
		{"different", id, 0, "panic", store.ErrConflict},
		{"gap", id, 2, "sorry", store.ErrConflict},
		{"second", id, 1, "sorry+fix", nil},
		{"negative", id, -1, "a", store.ErrInvalid},
		{"empty", id, 2, "", store.ErrInvalid},
		{"no such run", 9999, 0, "a", store.ErrNotFound},
		{"finished run", finished, 1, "a", store.ErrFinished},
	} {
		err := s.AppendDecision(c.id, c.n, c.dec)
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Fatalf("%s: AppendDecision(%d, %d, %q) = %v, want %v", c.name, c.id, c.n, c.dec, err, c.want)
		}
		if err != nil {
			oneSentence(t, err)
		}
	}
	run, _ := s.Get(id)
	if !reflect.DeepEqual(run.Record.Decisions, []string{"act", "sorry+fix"}) {
		t.Fatalf("decisions = %q", run.Record.Decisions)
	}

	other := resultOf(t, play(t, f.b, 3, "act,sorry+fix"), "", nil)
	seed := resultOf(t, play(t, f.a, 4, "act,sorry+fix"), "", nil)
	fewer := resultOf(t, play(t, f.a, 3, "act"), "", nil)
	diff := resultOf(t, play(t, f.a, 3, "!wait,sorry+fix"), "", nil)
	for _, c := range []struct {
		name string
		id   int64
		res  *engine.Result
		want error
	}{
		{"other scenario", id, other, store.ErrConflict},
		{"other seed", id, seed, store.ErrConflict},
		{"fewer decisions", id, fewer, store.ErrConflict},
		{"other decisions", id, diff, store.ErrConflict},
		{"no such run", 9999, seed, store.ErrNotFound},
		{"already finished", finished, seed, store.ErrFinished},
		{"nil", id, nil, store.ErrInvalid},
	} {
		if err := s.Finish(c.id, c.res, T0); !errors.Is(err, c.want) {
			t.Fatalf("Finish %s = %v, want %v", c.name, err, c.want)
		}
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
	rec := engine.NewDrill(f.a, 1).Record()
	if _, err := s.Begin(&store.Run{}, f.a.Source()); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("Begin without scenario = %v", err)
	}
	if _, err := s.Begin(&store.Run{UUID: "not-a-uuid", Record: rec}, f.a.Source()); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("Begin with a bad UUID = %v", err)
	}
	r := &store.Run{Record: rec}
	if _, err := s.Begin(r, f.a.Source()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Begin(&store.Run{UUID: r.UUID, Record: rec}, f.a.Source()); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("Begin with a UUID taken = %v", err)
	}
}

// testListAndLeaderboard: filters (a team whatever its case), order,
// limits, the leaderboard by team and the best runs.
func testListAndLeaderboard(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	at := func(h int) time.Time { return T0.Add(time.Duration(h) * time.Hour) }
	// The plan's credit sets each total: the higher the credit, the higher
	// the total, all else equal.
	ids := map[string]int64{}
	for _, r := range []struct {
		name string
		sc   *engine.Scenario
		team string
		plan float64
		h    int
	}{
		{"a1", f.a, "Alpha", 10, 1}, {"a2", f.a, "alpha", 70, 2}, {"b1", f.a, "Bravo", 60, 3}, {"c1", f.a, "Charlie", 70, 4},
		{"a3", f.b, "ALPHA", 90, 5}, {"b2", f.b, "Bravo", 20, 6},
	} {
		ids[r.name], _ = record(t, s, r.sc, "!wait,fix", r.team, at(r.h), ptr(r.plan))
	}
	begin(t, s, f.a, 1, "Alpha") // unfinished: never listed
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
		{store.Filter{Scenario: f.a.ID}, "c1 b1 a2 a1"},
		{store.Filter{Team: "alpha"}, "a3 a2 a1"},
		{store.Filter{Team: "ALPHA"}, "a3 a2 a1"},
		{store.Filter{Scenario: f.a.ID, Team: "Alpha"}, "a2 a1"},
		{store.Filter{Limit: 2}, "b2 a3"},
		{store.Filter{Scenario: f.a.ID, Limit: 3}, "c1 b1 a2"},
		{store.Filter{Scenario: "none"}, ""},
		{store.Filter{Team: "Delta"}, ""},
	} {
		runs, err := s.List(c.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(runs); got != c.want {
			t.Errorf("List(%+v) = %s, want %s", c.f, got, c.want)
		}
		if runs == nil {
			t.Errorf("List(%+v) = nil, want an empty list", c.f)
		}
		for _, r := range runs {
			if len(r.Scores) == 0 || !r.Finished || r.DecisionCount != 2 {
				t.Errorf("listed run %d lacks its summary: %+v", r.ID, r)
			}
		}
	}
	board, err := s.Leaderboard(f.a.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(board); got != "a2 c1 b1" {
		t.Errorf("Leaderboard = %s, want a2 c1 b1 (Alpha and alpha are one team)", got)
	}
	if board, _ := s.Leaderboard(f.a.ID, 2); names(board) != "a2 c1" {
		t.Errorf("Leaderboard(2) = %s", names(board))
	}
	if best, _ := s.BestRuns(f.a.ID, 0); names(best) != "a2 c1 b1 a1" {
		t.Errorf("BestRuns = %s", names(best))
	}
}

// testActions: open actions by due date, done and reopened, and refusals.
func testActions(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	a, _ := record(t, s, f.a, "panic", "A", T0, nil)
	b, _ := record(t, s, f.b, "panic", "A", T0, nil)
	due := func(d int) time.Time { return T0.AddDate(0, 0, d) }
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
	if acts, err := s.OpenActions(""); err != nil || acts == nil || len(acts) != 0 {
		t.Fatalf("OpenActions of none = %v, %v; want an empty list", acts, err)
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
			out = append(out, strings.TrimPrefix(a.Scenario, "store-")+":"+a.What)
		}
		return strings.Join(out, " ")
	}
	if got := whats(""); got != "drill:w drill-b:z drill:y drill:x" {
		t.Errorf("OpenActions() = %s", got)
	}
	if got := whats(f.a.ID); got != "drill:w drill:y drill:x" {
		t.Errorf("OpenActions(a) = %s", got)
	}
	if err := s.SetActionDone(y, true, due(1)); err != nil {
		t.Fatal(err)
	}
	if got := whats(f.a.ID); got != "drill:w drill:x" {
		t.Errorf("OpenActions(a) after y done = %s", got)
	}
	run, _ := s.Get(a)
	if got := run.Actions[1]; got.ID != y || !got.Done || !got.DoneAt.Equal(due(1).Truncate(time.Millisecond)) {
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
		{"done of no action", s.SetActionDone(9999, true, T0), store.ErrNotFound},
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

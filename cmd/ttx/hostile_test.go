package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// hostileStore is a results store whose text is hostile everywhere a store
// can hold text: what an import by an older ttx, or a database edited by
// hand, may hold. Runs 1 and 2 are of the rules fixture and replay; the
// others name hostile scenarios, versions and endings.
func hostileStore(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "ttx.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(rulesFixture, g)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(hostile.Strings, " ")
	people := []engine.Participant{}
	for _, h := range hostile.Strings {
		people = append(people, engine.Participant{Name: h, Role: h})
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, path := range [][]string{{"notify", "a+b"}, {"panic"}} {
		d := engine.NewDrill(sc, 1)
		id, err := s.Begin(&store.Run{Record: d.Record(), Team: all, Participants: people, Started: t0}, sc.Source())
		if err != nil {
			t.Fatal(err)
		}
		for n, c := range path {
			if err := d.Choose(strings.Split(c, "+")...); err != nil {
				t.Fatal(err)
			}
			if err := s.AppendDecision(id, n, d.Record().Decisions[n]); err != nil {
				t.Fatal(err)
			}
		}
		res, err := d.Result(all)
		if err != nil {
			t.Fatal(err)
		}
		res.BoundsEstimated, res.BoundsNote = true, all // the stored note is shown
		if err := s.Finish(id, res, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveHotwash(id, engine.Hotwash{WentWell: all, Improve: all}); err != nil {
			t.Fatal(err)
		}
		for _, h := range hostile.Strings {
			if _, err := s.AddAction(engine.Action{Run: id, What: h, Principle: h, Owner: h, Due: t0}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, h := range append(hostile.Strings, "/etc/passwd") {
		rec := engine.Record{Scenario: h, Version: h, Hash: sc.Hash, Seed: 1}
		id, err := s.Begin(&store.Run{Record: rec, Team: h, Participants: people, Started: t0}, sc.Source())
		if err != nil {
			t.Fatal(err)
		}
		res := &engine.Result{Scenario: h, Version: h, Seed: 1, Team: h, Ended: true, Ending: h, EndingTitle: h, Hours: 1, TotalPercent: 50,
			Scores: []engine.Score{{Principle: h, Title: h, Scored: true, Raw: 1, Best: 2, Percent: 50}}, BoundsEstimated: true, BoundsNote: h}
		if err := s.Finish(id, res, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAction(engine.Action{Run: id, What: h, Principle: h, Owner: h}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Begin(&store.Run{Record: rec, Team: h, Started: t0}, sc.Source()); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// TestHostileOutput: no text from the store, a flag or a scenario reaches
// the terminal, a Markdown report or an HTML report raw, in any command.
func TestHostileOutput(t *testing.T) {
	t.Parallel()
	db := hostileStore(t)
	all := strings.Join(hostile.Strings, " ")
	for _, c := range []struct {
		args  []string
		check func(t testing.TB, where, out string)
	}{
		{[]string{"results"}, hostile.Terminal},
		{[]string{"results", "--json"}, hostile.Terminal},
		{[]string{"results", "--team", all}, hostile.Terminal},
		{[]string{"results", "--scenario", hostile.Strings[0], "--best"}, hostile.Terminal},
		{[]string{"resume"}, hostile.Terminal},
		{[]string{"resume", "--json"}, hostile.Terminal},
		{[]string{"actions"}, hostile.Terminal},
		{[]string{"actions", "--json"}, hostile.Terminal},
		{[]string{"compare", "1", "2"}, hostile.Terminal},
		{[]string{"compare", "1", "2", "--json"}, hostile.Terminal},
		{[]string{"compare", "1", "2", "--format", "md"}, hostile.Markdown},
		{[]string{"compare", "1", "2", "--format", "html"}, hostile.Terminal},
		{[]string{"compare", "1", "3"}, hostile.Terminal},
		{[]string{"report", "1", "--format", "md"}, hostile.Markdown},
		{[]string{"report", "1", "--format", "html"}, hostile.Terminal},
		{[]string{"report", "1", "--format", "json"}, hostile.Terminal},
		{[]string{"report", "3"}, hostile.Terminal},
		{[]string{"report", all}, hostile.Terminal},
		{[]string{"report", fmt.Sprint(len(hostile.Strings)*2 + 3)}, hostile.Terminal}, // the run of scenario "/etc/passwd"
		{[]string{"resume", all}, hostile.Terminal},
		{[]string{"actions", "done", all}, hostile.Terminal},
		{[]string{"run", rulesFixture, "--team", all, "--participant", all, "--choose", "panic"}, hostile.Terminal},
		{[]string{"run", rulesFixture, "--team", all, "--choose", "panic", "--json"}, hostile.Terminal},
		{[]string{"run", rulesFixture, "--choose", all}, hostile.Terminal},
		{[]string{"run", rulesFixture, "--choose", all, "--json"}, hostile.Terminal},
	} {
		args := append(c.args, "--db", db)
		out, errs, _ := ttx(t, args...)
		where := strings.Join(c.args[:min(2, len(c.args))], " ")
		c.check(t, where+" (stdout)", out)
		hostile.Terminal(t, where+" (stderr)", errs)
		if strings.Contains(out+errs, "root:") {
			t.Errorf("%s: a stored scenario reference was opened as a path:\n%s%s", where, out, errs)
		}
	}
}

package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// benchRuns are n finished runs over 10 scenarios and 50 teams, each with
// 12 decisions, 4 participants, 6 scores and 2 actions.
func benchRuns(n int) []pending {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	runs := make([]pending, n)
	for i := range runs {
		r := Run{
			UUID:     NewUUID(),
			Record:   engine.Record{Scenario: fmt.Sprintf("scenario-%d", i%10), Version: "1.0", Hash: "0123456789abcdef", Seed: uint64(i)},
			Team:     fmt.Sprintf("team-%d", i%50),
			Started:  t0.Add(time.Duration(i) * time.Hour),
			Ended:    t0.Add(time.Duration(i)*time.Hour + 50*time.Minute),
			Finished: true, Ending: "contained", EndingTitle: "Contained", Hours: 72, Total: float64(i % 101),
			Hotwash: engine.Hotwash{WentWell: "Legal was called at once.", Improve: "The press line had no owner."},
		}
		for k := range 12 {
			r.Record.Decisions = append(r.Record.Decisions, fmt.Sprintf("choice-%d", k))
		}
		for k := range 4 {
			r.Participants = append(r.Participants, engine.Participant{Name: fmt.Sprintf("Person %d", k), Role: "Role"})
		}
		for k := range 6 {
			r.Scores = append(r.Scores, RunScore{Principle: fmt.Sprintf("p%d", k), Title: "Principle", Scored: true, Raw: k, Percent: 50, Best: 10, Worst: -10, Rating: "M"})
		}
		r.Actions = []engine.Action{{What: "Fix the runbook", Owner: "A", Due: t0}, {What: "Drill again", Done: true, DoneAt: t0}}
		runs[i] = pending{run: r}
	}
	return runs
}

func benchStore(b *testing.B, n int) Store {
	s, err := Open(filepath.Join(b.TempDir(), "ttx.db"), ImportBatch(n))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.(*db).importRuns(benchRuns(n)); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkList browses 10,000 stored runs. The budget for listing them
// all is 200 ms.
func BenchmarkList(b *testing.B) {
	const n = 10_000
	s := benchStore(b, n)
	for _, c := range []struct {
		name string
		f    Filter
		want int
	}{
		{"all", Filter{}, n},
		{"newest-50", Filter{Limit: 50}, 50},
		{"scenario", Filter{Scenario: "scenario-3"}, n / 10},
		{"scenario-team", Filter{Scenario: "scenario-3", Team: "team-3"}, n / 50},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				runs, err := s.List(c.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(runs) != c.want || len(runs[0].Scores) != 6 || len(runs[0].Participants) != 4 {
					b.Fatalf("%d runs", len(runs))
				}
			}
		})
	}
	b.Run("leaderboard", func(b *testing.B) {
		for b.Loop() {
			runs, err := s.Leaderboard("scenario-3", 10)
			if err != nil || len(runs) != 5 {
				b.Fatalf("%d runs, %v", len(runs), err)
			}
		}
	})
	b.Run("open-actions", func(b *testing.B) {
		for b.Loop() {
			acts, err := s.OpenActions("scenario-3")
			if err != nil || len(acts) != n/10 {
				b.Fatalf("%d actions, %v", len(acts), err)
			}
		}
	})
	b.Run("get", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Get(n / 2); err != nil {
				b.Fatal(err)
			}
		}
	})
}

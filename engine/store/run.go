package store

import (
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// Run is one drill as stored: its record, who played it, when, and, once
// finished, its score and after-action record.
type Run struct {
	ID           int64
	UUID         string        // stable across machines; given when the run begins
	Record       engine.Record // scenario, version, hash, seed, decisions
	Team         string
	Participants []engine.Participant
	Started      time.Time // kept to the millisecond, in UTC
	Ended        time.Time // zero while unfinished
	Finished     bool
	Ending       string     // ending id; "" for none
	EndingTitle  string     // the ending's title as the team saw it
	Hours        float64    // the scenario clock at the end
	Total        float64    // the total percent, as scored when the drill ended
	Scores       []RunScore // per principle, in the rubric's order
	Hotwash      engine.Hotwash
	Actions      []engine.Action // improvement actions, in the order added

	// DecisionCount is the number of decisions stored. Every read sets it,
	// also those that leave Record.Decisions out (List, Unfinished).
	DecisionCount int
	// TimeLeft is how much of its time limit the decision the run waits for
	// had left when it was last stored (SetTimeLeft); nil when none was
	// stored for that decision. Get sets it; other reads leave it nil.
	TimeLeft *time.Duration

	// ScenarioTitle is the title of the stored scenario; "" when the store
	// does not hold the scenario (a run recorded before ttx kept them).
	// Given to Begin, it is the title kept with a scenario stored for the
	// first time (else it is read from the source).
	ScenarioTitle string

	// BoundsEstimated is set when the best and worst of Scores were
	// estimated bounds when the drill was scored (the scenario did not fit
	// the analysis budget), and BoundsNote then says why in a sentence. A
	// run stored before ttx kept them reads as exact.
	BoundsEstimated bool
	BoundsNote      string

	// Session is the room session (ttx serve) the run is a team's drill
	// of; 0 for none. Set by BeginSession.
	Session int64
	// Positions are the positions players stated, by decision then seat;
	// Controls the facilitator's controls, in order. Get reads them (List
	// does not); Begin does not write them.
	Positions []engine.Position
	Controls  []engine.Control
}

// RunScore is a principle's score as it was computed when the drill ended:
// it is what every command shows, and it never changes afterwards.
type RunScore struct {
	Principle string
	Title     string
	Scored    bool // false when the scenario never scores this principle
	Raw       int
	Percent   float64
	Best      int
	Worst     int
	Rating    string   // P, S, M or U (engine.RatingFor); "" when not scored
	Plan      *float64 // the risk register plan's score, credited to Percent where the team followed it, if any
}

// Overall is the run's overall rating from its stored total and scores
// (engine.OverallRating), and the weakest principle when that held it below
// the total's band.
func (r *Run) Overall() (engine.Rating, *engine.RatingCap) {
	return engine.OverallRating(r.Total, r.engineScores())
}

// engineScores are the stored scores as the engine rates them.
func (r *Run) engineScores() []engine.Score {
	out := make([]engine.Score, len(r.Scores))
	for i, s := range r.Scores {
		out[i] = engine.Score{Principle: s.Principle, Title: s.Title, Scored: s.Scored, Raw: s.Raw, Best: s.Best, Worst: s.Worst, Percent: s.Percent}
	}
	return out
}

// Filter selects runs. Empty fields select all.
type Filter struct {
	Scenario string // scenario id
	Team     string // team name, whatever its case
	Limit    int    // at most this many runs; 0 for all
}

// IsZero reports whether f selects every run.
func (f Filter) IsZero() bool { return f.Scenario == "" && f.Team == "" }

// StoredScenario is a scenario as the store keeps it: the source a drill was
// played on, by content hash.
type StoredScenario struct {
	Hash    string // hex SHA-256 of Source
	ID      string
	Version string
	Title   string
	Source  []byte
}

// scoresOf are the scores to store for a result.
func scoresOf(res *engine.Result) []RunScore {
	out := make([]RunScore, len(res.Scores))
	for i, sc := range res.Scores {
		out[i] = RunScore{Principle: sc.Principle, Title: sc.Title, Scored: sc.Scored, Raw: sc.Raw, Percent: sc.Percent, Best: sc.Best, Worst: sc.Worst, Plan: sc.Plan}
		if sc.Scored {
			out[i].Rating = engine.RatingFor(sc.Percent).Code
		}
	}
	return out
}

// Result scores the run's replayed drill d as it was scored when the drill
// ended: the story (decisions, events, moves, best paths) comes from the
// replay, the numbers (each principle's raw, best, worst, percent and plan
// credit, the total, and whether the bounds were estimated) from the store.
// So a report of an old run shows the score the team was given, whatever
// changed since in the register, the rubric or the analyzer. An unfinished
// run is scored as the drill stands.
func (r *Run) Result(d *engine.Drill) (*engine.Result, error) {
	res, err := d.Result(r.Team)
	if err != nil || !r.Finished || len(r.Scores) == 0 {
		return res, err
	}
	for i := range res.Scores {
		s := &res.Scores[i]
		for _, st := range r.Scores {
			if st.Principle != s.Principle {
				continue
			}
			s.Scored, s.Raw, s.Best, s.Worst, s.Percent, s.Plan = st.Scored, st.Raw, st.Best, st.Worst, st.Percent, st.Plan
			if st.Plan != nil {
				// Where the team followed the plan comes from the replay, so
				// that the debrief can say what the plan added.
				if withPlan, err := d.ResultWithPlanScore(r.Team, st.Plan); err == nil {
					s.PlanUse = withPlan.Scores[i].PlanUse
				}
			}
		}
	}
	res.TotalPercent = r.Total
	res.BoundsEstimated, res.BoundsNote = r.BoundsEstimated, r.BoundsNote
	return res, nil
}

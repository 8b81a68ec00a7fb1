package store

import (
	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

// Doc is the run as JSON documents list it, with its stored score. Text
// that people typed or files carried (team, names, titles) is sanitised for
// the terminal, as every output is.
func (r *Run) Doc() jsondoc.Run { return runDoc(r, engine.Sanitize) }

// runDoc is the run as documents list it, its text passed through text.
func runDoc(r *Run, text func(string) string) jsondoc.Run {
	out := jsondoc.Run{
		RunID: r.ID, UUID: r.UUID, Seed: r.Record.Seed, Params: map[string]string{}, Team: text(r.Team),
		Scenario:     jsondoc.Scenario{ID: text(r.Record.Scenario), Title: text(r.ScenarioTitle), Version: text(r.Record.Version), Hash: text(r.Record.Hash)},
		Participants: []jsondoc.Participant{}, Started: jsondoc.Time(r.Started), Ended: jsondoc.Time(r.Ended), Finished: r.Finished,
		Hours: r.Hours, Principles: []jsondoc.Principle{}, DecisionCount: r.DecisionCount,
	}
	for k, v := range r.Record.Params {
		out.Params[text(k)] = text(v)
	}
	for _, p := range r.Participants {
		out.Participants = append(out.Participants, jsondoc.Participant{Name: text(p.Name), Role: text(p.Role)})
	}
	if !r.Finished {
		return out
	}
	out.Ending = jsondoc.EndingOf(text(r.Ending), text(r.EndingTitle))
	total := r.Total
	out.TotalPercent = &total
	rating, capped := jsondoc.OverallOf(total, r.engineScores())
	out.TotalRating, out.RatingCappedBy = &rating, capped
	if r.BoundsEstimated {
		note := text(r.BoundsNote)
		out.BoundsEstimated, out.BoundsNote = true, &note
	}
	for _, s := range r.Scores {
		if s.Scored {
			out.Principles = append(out.Principles, jsondoc.Principle{ID: text(s.Principle), Title: text(s.Title), Raw: s.Raw, Best: s.Best, Worst: s.Worst,
				Percent: s.Percent, Rating: jsondoc.RatingCode(s.Rating), PlanPercent: s.Plan})
		}
	}
	return out
}

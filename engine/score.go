package engine

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Result is a scored drill.
type Result struct {
	Scenario     string           `json:"scenario"`
	Version      string           `json:"version"`
	Hash         string           `json:"hash"`
	Seed         uint64           `json:"seed"`
	Team         string           `json:"team"`
	Ended        bool             `json:"ended"`
	Ending       string           `json:"ending"` // ending id; "" for none
	EndingTitle  string           `json:"ending_title"`
	Hours        float64          `json:"hours"`
	Decisions    []DecisionResult `json:"decisions"`
	Scores       []Score          `json:"scores"`
	TotalPercent float64          `json:"total_percent"`
	// BoundsEstimated is set when the best and worst each percentage is
	// measured against are estimated bounds, not reached scores: the
	// scenario was too large to explore in full. BoundsNote then says so in
	// one sentence, for reports and the debrief.
	BoundsEstimated bool   `json:"bounds_estimated"`
	BoundsNote      string `json:"bounds_note,omitempty"`
}

// DecisionResult is a decision as a result reports it.
type DecisionResult struct {
	Scene    string   `json:"scene"`
	Choices  []string `json:"choices"`
	Hours    float64  `json:"hours"` // the clock when the decision was made
	TimedOut bool     `json:"timed_out,omitempty"`
	Events   []string `json:"events"` // events that fired after it
}

// Score is one principle's score.
type Score struct {
	Principle string  `json:"principle"`
	Title     string  `json:"title"`
	Scored    bool    `json:"scored"` // false when the scenario never scores this principle
	Raw       int     `json:"raw"`
	Best      int     `json:"best"`
	Worst     int     `json:"worst"`
	Percent   float64 `json:"percent"`
	Moves     []Move  `json:"moves"`
	// Missed are the end-of-drill checks of this principle that would have
	// scored points but did not hold: what the team could have done.
	Missed []Move `json:"missed,omitempty"`
	// BestPath is what a path reaching the best raw total did, for the
	// debrief: of such paths, one with the best total over all principles
	// (Analysis.BestPath). Scenario.BestMoves says what on it the team did
	// not do, and what each such choice costs elsewhere.
	BestPath []DecisionResult `json:"best_path,omitempty"`
	// Plan is the PlanScore of the risk register's plan, when the drill was
	// scored with a register (prepare only); PlanUse says where the team
	// followed that plan and what it added to the percentage.
	Plan    *float64 `json:"plan,omitempty"`
	PlanUse *PlanUse `json:"plan_use,omitempty"`
}

// PlanUse is what the risk register's response plan did for the prepare
// score: it counts only where the team followed it, in the decisions that
// offered a choice marked as following the plan (`plan = true`).
type PlanUse struct {
	Offered  int     `json:"offered"`  // decisions that offered a choice following the plan
	Followed int     `json:"followed"` // of those, the decisions where the team took one
	Added    float64 `json:"added"`    // percentage points the plan added to prepare
}

// Move is one thing that moved a principle's score: a choice or a check.
type Move struct {
	Choice string `json:"choice,omitempty"` // choice id, or "" for a check
	Check  bool   `json:"check,omitempty"`
	Points int    `json:"points"`
	Why    string `json:"why"`
}

// bounds is a scenario's analysis, computed once on first use.
type bounds struct {
	once    sync.Once
	analyst *Analyst
	a       *Analysis
	err     error
}

// SetAnalyst sets how Bounds computes the analysis: its budget and cache. It
// must be called before the first call of Bounds (or of Result, or Sample),
// and not while another goroutine may call them; after, it has no effect.
func (sc *Scenario) SetAnalyst(an *Analyst) { sc.bounds.analyst = an }

// defaultAnalyst is the Analyst of every scenario that has none of its own.
var defaultAnalyst atomic.Pointer[Analyst]

// SetDefaultAnalyst sets the Analyst that Bounds uses for every scenario
// without one of its own (SetAnalyst): how a program gives every score, of
// every scenario it loads or replays, one cache and budget. nil restores the
// default budget without a cache.
func SetDefaultAnalyst(an *Analyst) { defaultAnalyst.Store(an) }

// Bounds returns the scenario's analysis, computing it on first use (with
// the Analyst of SetAnalyst, else that of SetDefaultAnalyst, else the default
// budget) and reusing it after.
// It is exact when the scenario fits the budget and estimated when not; the
// error is an internal one, a defect of the analyzer.
func (sc *Scenario) Bounds() (*Analysis, error) {
	b := &sc.bounds
	b.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				b.a, b.err = nil, fmt.Errorf("internal error while analyzing scenario %q (%v); please report it with the file", sc.ID, r)
			}
		}()
		an := b.analyst
		if an == nil {
			an = defaultAnalyst.Load()
		}
		b.a = an.Analyze(sc)
	})
	return b.a, b.err
}

// Percent is a raw score as a percentage of the achievable range: 100 at the
// best raw total any path reaches, 0 at the worst. When best equals worst
// nothing could have been done better, and the percentage is 100.
func Percent(raw, best, worst int) float64 {
	if best == worst {
		return 100
	}
	p := 100 * float64(raw-worst) / float64(best-worst)
	return max(0, min(100, p))
}

// Result scores the drill so far. Checks are scored as if it ended now.
func (d *Drill) Result(team string) (*Result, error) {
	a, err := d.sc.Bounds()
	if err != nil {
		return nil, err
	}
	sc := d.sc
	r := &Result{
		Scenario: sc.ID, Version: sc.Version, Hash: sc.Hash, Seed: d.seed, Team: team,
		Ended: d.ended, Hours: d.st.Hours, Decisions: sc.describe(d.record),
		BoundsEstimated: a.Estimated, BoundsNote: a.Note,
	}
	if e := d.Ending(); e != nil {
		r.Ending, r.EndingTitle = e.ID, e.Title.Render(sc, &d.st)
	}
	raw := append([]int(nil), d.raw...)
	sc.checkScores(&d.st, raw)
	var sum float64
	var n int
	for p, pr := range sc.Guidance.Principles {
		s := Score{Principle: pr.ID, Title: pr.Title, Scored: sc.scored[p], Raw: raw[p], Best: a.Best[p], Worst: a.Worst[p]}
		for _, dec := range d.record {
			for _, ci := range dec.Choices {
				_, c := sc.ChoiceByIndex(ci)
				for _, pt := range c.Score {
					if pt.Principle == p {
						s.Moves = append(s.Moves, Move{Choice: c.ID, Points: pt.By, Why: c.Why})
					}
				}
			}
		}
		for i := range sc.Checks {
			k := &sc.Checks[i]
			if k.Principle != p || k.Score == 0 {
				continue
			}
			switch {
			case k.When.Eval(&d.st):
				s.Moves = append(s.Moves, Move{Check: true, Points: k.Score, Why: k.Why})
			case k.Score > 0:
				s.Missed = append(s.Missed, Move{Check: true, Points: k.Score, Why: k.Why})
			}
		}
		if s.Scored {
			s.Percent = Percent(s.Raw, s.Best, s.Worst)
			if !a.Estimated || a.BestReached[p] > s.Raw {
				// What a path that scores the best did (when the bounds
				// are estimated, one that scores more than the team).
				s.BestPath = sc.describePath(a.BestPath[p])
			}
			sum += s.Percent
			n++
		}
		r.Scores = append(r.Scores, s)
	}
	if n > 0 {
		r.TotalPercent = sum / float64(n)
	}
	return r, nil
}

func (sc *Scenario) describe(ds []Decision) []DecisionResult {
	out := make([]DecisionResult, len(ds))
	for i, dec := range ds {
		out[i] = DecisionResult{Scene: sc.Scenes[dec.Scene].ID, Hours: dec.Before, TimedOut: dec.TimedOut, Choices: []string{}, Events: []string{}}
		for _, c := range dec.Choices {
			out[i].Choices = append(out[i].Choices, sc.choiceID(c))
		}
		for _, e := range dec.Events {
			out[i].Events = append(out[i].Events, sc.Events[e].ID)
		}
	}
	return out
}

// describePath turns an analyzer path into decision results (without clock).
func (sc *Scenario) describePath(p Path) []DecisionResult {
	ds := make([]Decision, len(p))
	for i, s := range p {
		ds[i] = Decision{Scene: s.Scene, Choices: s.Choices, Events: s.Events}
	}
	return sc.describe(ds)
}

// Rating is an exercise evaluation rating, in the manner of HSEEP: how well
// the team performed a principle.
type Rating struct {
	Code  string // P, S, M or U
	Label string
}

// The rating bands over a principle's percentage. They are documented in
// docs/scenario-format.md.
var ratings = []struct {
	min float64
	Rating
}{
	{85, Rating{"P", "Performed without challenges"}},
	{65, Rating{"S", "Performed with some challenges"}},
	{40, Rating{"M", "Performed with major challenges"}},
	{0, Rating{"U", "Unable to be performed"}},
}

// RatingFor returns the rating of a percentage: P from 85%, S from 65%, M
// from 40%, U below.
func RatingFor(percent float64) Rating { return ratings[ratingBand(percent)].Rating }

// ratingBand is the place among the rating bands of a percentage, 0 for P.
func ratingBand(percent float64) int {
	for i, r := range ratings {
		if percent >= r.min {
			return i
		}
	}
	return len(ratings) - 1
}

// PlanScore rates a risk's response plan, 0 to 100, by the rule the debrief
// documents: 40 when a plan exists, up to 40 more for the share of the
// guidance's principles it covers, and 20 when the risk has an owner and
// every step of the plan says who does it.
func PlanScore(r *Risk, g *Guidance) float64 {
	if r == nil || !r.Plan.Exists() {
		return 0
	}
	score := 40.0
	if n := len(g.Principles); n > 0 {
		covered := 0
		for _, p := range g.Principles {
			for _, c := range r.Plan.Principles {
				if c == p.ID {
					covered++
					break
				}
			}
		}
		score += 40 * float64(covered) / float64(n)
	}
	owned := r.Owner != ""
	for _, s := range r.Plan.Steps {
		owned = owned && s.Who != ""
	}
	if owned {
		score += 20
	}
	return score
}

// ResultWithPlan scores the drill like Result, with the prepare principle
// also crediting the risk register's plan where the team used it. When the
// scenario drills risk r and scores prepare, the plan adds to the prepare
// percentage
//
//	added = (100 - percent) * PlanScore/100 * followed/offered
//
// where offered counts the decisions that offered a choice following the
// plan and followed those where the team took one: a plan nobody followed
// adds nothing, a good plan followed throughout closes most of what the
// drill left short, and the plan never lowers a score. With r nil it is
// Result. The prepare Score's Plan and PlanUse record the plan's score and
// what it added, and PlanStatement says it in a sentence.
func (d *Drill) ResultWithPlan(team string, r *Risk) (*Result, error) {
	if r == nil {
		return d.Result(team)
	}
	plan := PlanScore(r, d.sc.Guidance)
	return d.ResultWithPlanScore(team, &plan)
}

// ResultWithPlanScore is ResultWithPlan given the plan's score (0 to 100)
// rather than the risk: how a drill recorded elsewhere, whose register is not
// at hand, is scored again. With plan nil it is Result.
func (d *Drill) ResultWithPlanScore(team string, plan *float64) (*Result, error) {
	res, err := d.Result(team)
	if err != nil || plan == nil {
		return res, err
	}
	d.creditPlan(res, *plan)
	return res, nil
}

// creditPlan adds to res's prepare score what a plan of score plan (0 to
// 100) earns by the team's use of it, and recomputes the total.
func (d *Drill) creditPlan(res *Result, plan float64) {
	p, ok := d.sc.Guidance.PrincipleIndex("prepare")
	if !ok {
		return
	}
	plan = max(0, min(100, plan))
	s := &res.Scores[p]
	use := &PlanUse{Offered: d.planOffered, Followed: d.planFollowed}
	s.Plan, s.PlanUse = &plan, use
	if !s.Scored || use.Offered == 0 {
		return
	}
	use.Added = (100 - s.Percent) * plan / 100 * float64(use.Followed) / float64(use.Offered)
	s.Percent += use.Added
	var sum float64
	var n int
	for _, x := range res.Scores {
		if x.Scored {
			sum += x.Percent
			n++
		}
	}
	res.TotalPercent = sum / float64(n)
}

// PlanStatement says in one sentence what the risk register's plan added to
// this principle, for the debrief and the reports; "" when the drill was not
// scored with a register.
//
//	The team followed the risk register's plan (rated 80/100) in 2 of the 3 decisions
//	where it applied, which added 12 points to prepare.
func (s *Score) PlanStatement() string {
	if s.Plan == nil || s.PlanUse == nil {
		return ""
	}
	u, plan := s.PlanUse, *s.Plan
	rated := fmt.Sprintf("the risk register's plan (rated %.0f/100)", plan)
	switch {
	case plan == 0:
		return "The risk register has no response plan for this risk, so it added nothing to " + s.Principle + "."
	case !s.Scored:
		return "This scenario does not score " + s.Principle + ", so " + rated + " added nothing."
	case u.Offered == 0:
		return "No decision of this drill offered a choice that follows a plan, so " + rated + " added nothing to " + s.Principle + "."
	case u.Followed == 0:
		return fmt.Sprintf("The team did not follow %s %s, so it added nothing to %s.", rated, where(0, u.Offered), s.Principle)
	case u.Added < 0.5:
		return fmt.Sprintf("The team followed %s %s; %s was already at its best, so the plan added nothing more.", rated, where(u.Followed, u.Offered), s.Principle)
	}
	return fmt.Sprintf("The team followed %s %s, which added %.0f points to %s.", rated, where(u.Followed, u.Offered), u.Added, s.Principle)
}

// where says in how many of the decisions that offered the plan the team
// followed it: "in 2 of the 3 decisions where it applied".
func where(followed, offered int) string {
	switch {
	case offered == 1:
		return "in the one decision where it applied"
	case followed == 0:
		return fmt.Sprintf("in any of the %d decisions where it applied", offered)
	case followed == offered:
		return fmt.Sprintf("in all %d decisions where it applied", offered)
	}
	return fmt.Sprintf("in %d of the %d decisions where it applied", followed, offered)
}

// RatingCap says why a drill's overall rating is lower than the band of its
// total: the weakest scored principle's rating, from which the overall
// rating may be at most one band better.
type RatingCap struct {
	Principle string // the weakest principle's id
	Title     string // its title, as the scenario's guidance gives it (not sanitised)
	Rating    Rating // its rating
	Band      Rating // the rating of the total percentage alone
}

// Reason says why the rating is capped, in the words of the debrief, with
// the principle's title passed through esc (the sanitiser of the output):
// "rated S, not P: Tell the people affected was rated M".
func (c *RatingCap) Reason(overall Rating, esc func(string) string) string {
	return fmt.Sprintf("rated %s, not %s: %s was rated %s", overall.Code, c.Band.Code, esc(c.Title), c.Rating.Code)
}

// OverallRating is a drill's overall rating, in the manner of HSEEP: the band
// of its total percentage, but never more than one band better than the
// rating of its weakest scored principle (a principle performed with major
// challenges means the exercise met major challenges). Unscored principles
// are ignored. The cap is nil when the total's band stands; otherwise it says
// which principle lowered the rating. The total itself is not changed.
func OverallRating(total float64, scores []Score) (Rating, *RatingCap) {
	of := ratingBand(total)
	weakest := -1
	for i, s := range scores {
		if s.Scored && (weakest < 0 || s.Percent < scores[weakest].Percent) {
			weakest = i
		}
	}
	if weakest < 0 {
		return ratings[of].Rating, nil
	}
	w := scores[weakest]
	limit := ratingBand(w.Percent) - 1 // one band better than the weakest
	if of >= limit {
		return ratings[of].Rating, nil
	}
	return ratings[limit].Rating, &RatingCap{Principle: w.Principle, Title: w.Title, Rating: RatingFor(w.Percent), Band: ratings[of].Rating}
}

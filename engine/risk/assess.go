// Package risk assesses a risk register: how ready the company is for each
// risk (a plan, its coverage of the guidance, drills and their scores, open
// improvement actions), what the losses could add up to in a year (a Monte
// Carlo simulation of the risks' loss estimates), and reports of both as
// text, Markdown, JSON and HTML. Starter gives a register to begin with.
package risk

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// RunSource is where Assess finds the drills of a scenario: the finished
// runs and the open improvement actions. A store.Store is one.
type RunSource interface {
	List(f store.Filter) ([]store.Run, error)
	OpenActions(scenario string) ([]engine.Action, error)
}

var _ RunSource = store.Store(nil)

// staleAfter says in words how long after its last drill a risk counts as
// no longer exercised; Assess uses a year before now.
const staleAfter = "12 months"

// Flag is something about a risk's readiness that needs attention.
type Flag string

// The flags.
const (
	// FlagNoPlan: a high or critical risk without a response plan.
	FlagNoPlan Flag = "no-plan"
	// FlagNeverExercised: no finished drill of any scenario of the risk,
	// or no scenario drills it.
	FlagNeverExercised Flag = "never-exercised"
	// FlagStale: drilled, but not in the last 12 months.
	FlagStale Flag = "stale"
	// FlagPlanGaps: the plan does not cover every principle of the guidance.
	FlagPlanGaps Flag = "plan-gaps"
	// FlagReviewOverdue: the risk's review date has passed.
	FlagReviewOverdue Flag = "review-overdue"
)

// Flags lists every flag, most serious first.
var Flags = []Flag{FlagNoPlan, FlagNeverExercised, FlagStale, FlagPlanGaps, FlagReviewOverdue}

// Title is the flag in a few words, for reports.
func (f Flag) Title() string {
	switch f {
	case FlagNoPlan:
		return "high or critical without a plan"
	case FlagNeverExercised:
		return "never exercised"
	case FlagStale:
		return "not exercised in the last 12 months"
	case FlagPlanGaps:
		return "plan misses a principle"
	case FlagReviewOverdue:
		return "review overdue"
	}
	return string(f)
}

// Readiness is how ready the company is for one risk.
type Readiness struct {
	ID        string           `json:"id"`
	Title     string           `json:"title"`
	Category  string           `json:"category,omitempty"`
	Owner     string           `json:"owner"`
	Treatment engine.Treatment `json:"treatment"`

	Likelihood int    `json:"likelihood"`
	Impact     int    `json:"impact"`
	Severity   int    `json:"severity"` // likelihood x impact
	Band       string `json:"band"`
	// The residual rating after treatment; zero when not assessed.
	ResidualLikelihood int    `json:"residual_likelihood,omitempty"`
	ResidualImpact     int    `json:"residual_impact,omitempty"`
	ResidualSeverity   int    `json:"residual_severity,omitempty"`
	ResidualBand       string `json:"residual_band,omitempty"`

	HasPlan   bool     `json:"has_plan"`
	PlanFile  string   `json:"plan_file,omitempty"`
	PlanSteps int      `json:"plan_steps"`
	Covered   []string `json:"covered"` // principles the plan covers, in the rubric's order
	Missing   []string `json:"missing"` // principles of the rubric it does not
	// PlanScore is engine.PlanScore, 0-100: what the plan adds to the
	// prepare principle in a drill of the risk.
	PlanScore float64 `json:"plan_score"`

	Scenarios   []string     `json:"scenarios"`
	Drills      int          `json:"drills"` // finished drills of its scenarios
	LastDrill   time.Time    `json:"last_drill,omitzero"`
	LatestTotal float64      `json:"latest_total"` // total percent of the most recent drill
	BestTotal   float64      `json:"best_total"`   // best total percent of any drill
	OpenActions []OpenAction `json:"open_actions"`
	Review      time.Time    `json:"review,omitzero"`
	Flags       []Flag       `json:"flags"`
	Notes       []string     `json:"notes"` // one line per flag, in the same order
}

// OpenAction is an improvement action not done, from a drill of one of the
// risk's scenarios.
type OpenAction struct {
	Scenario  string    `json:"scenario"`
	What      string    `json:"what"`
	Principle string    `json:"principle,omitempty"`
	Owner     string    `json:"owner,omitempty"`
	Due       time.Time `json:"due,omitzero"`
	Overdue   bool      `json:"overdue"`
}

// Drilled reports whether the risk has had at least one finished drill.
func (r *Readiness) Drilled() bool { return r.Drills > 0 }

// Flagged reports whether the risk has a flag.
func (r *Readiness) Flagged() bool { return len(r.Flags) > 0 }

// Has reports whether the risk has flag f.
func (r *Readiness) Has(f Flag) bool { return slices.Contains(r.Flags, f) }

// BandCount is how many risks fall in a band, before and after treatment.
type BandCount struct {
	Band     string `json:"band"`
	Min      int    `json:"min"`
	Risks    int    `json:"risks"`
	Residual int    `json:"residual"` // counting a risk without a residual rating at its rating
}

// Summary is the state of the whole register.
type Summary struct {
	Risks   int         `json:"risks"`
	ByBand  []BandCount `json:"by_band"` // lowest band first
	Planned int         `json:"planned"` // risks with a plan
	Drilled int         `json:"drilled"` // risks with at least one finished drill
	Flagged int         `json:"flagged"` // risks with at least one flag
	// ByFlag counts the risks with each flag, in the order of Flags.
	ByFlag  []FlagCount `json:"by_flag"`
	Verdict string      `json:"verdict"` // one line
}

// FlagCount is how many risks carry a flag.
type FlagCount struct {
	Flag  Flag `json:"flag"`
	Risks int  `json:"risks"`
}

// Assessment is the readiness of a whole register at a moment.
type Assessment struct {
	Title    string        `json:"title"`
	File     string        `json:"file,omitempty"`
	Currency string        `json:"currency,omitempty"`
	Now      time.Time     `json:"assessed"`
	Bands    []engine.Band `json:"bands"`
	Summary  Summary       `json:"summary"`
	HeatMap  HeatMap       `json:"heat_map"`
	// Risks, most severe first (then by id).
	Risks []Readiness `json:"risks"`

	reg *engine.Register // for the reports' details; nil after JSON
}

// Register returns the register assessed; nil for an assessment read back
// from JSON.
func (a *Assessment) Register() *engine.Register { return a.reg }

// HeatMap counts the risks at each point of the 5x5 grid, indexed
// [likelihood-1][impact-1], before treatment and after (Residual places
// each risk at its residual rating, or at its rating when it has none).
type HeatMap struct {
	Inherent [5][5]int `json:"inherent"`
	Residual [5][5]int `json:"residual"`
}

// Assess judges how ready the company is for each risk of reg at now, from
// the drills runs holds of the risks' scenarios. runs may be nil: then no
// risk has been exercised.
func Assess(reg *engine.Register, runs RunSource, now time.Time) (*Assessment, error) {
	a := &Assessment{
		Title: reg.Title, File: reg.File, Currency: reg.Currency, Now: now,
		Bands: slices.Clone(reg.Bands), reg: reg,
	}
	if len(a.Bands) == 0 {
		a.Bands = slices.Clone(engine.DefaultBands)
	}
	var rubric []string
	if reg.Guidance != nil {
		for _, p := range reg.Guidance.Principles {
			rubric = append(rubric, p.ID)
		}
	}
	type drills struct {
		runs    []store.Run
		actions []engine.Action
	}
	cache := map[string]*drills{}
	drillsOf := func(scenario string) (*drills, error) {
		if d, ok := cache[scenario]; ok {
			return d, nil
		}
		d := &drills{}
		if runs != nil {
			var err error
			if d.runs, err = runs.List(store.Filter{Scenario: scenario}); err != nil {
				return nil, fmt.Errorf("the drills of %s: %w", scenario, err)
			}
			if d.actions, err = runs.OpenActions(scenario); err != nil {
				return nil, fmt.Errorf("the open actions of %s: %w", scenario, err)
			}
		}
		cache[scenario] = d
		return d, nil
	}
	yearAgo := now.AddDate(-1, 0, 0)
	for i := range reg.Risks {
		r := &reg.Risks[i]
		rd := Readiness{
			ID: r.ID, Title: r.Title, Category: r.Category, Owner: r.Owner, Treatment: r.Treatment,
			Likelihood: r.Likelihood, Impact: r.Impact, Severity: r.Severity(), Band: reg.BandOf(r.Severity()).Name,
			HasPlan: r.Plan.Exists(), PlanFile: r.Plan.File, PlanSteps: len(r.Plan.Steps),
			Scenarios: slices.Clone(r.Scenarios), Review: r.Review,
			Covered: []string{}, Missing: []string{}, OpenActions: []OpenAction{}, Flags: []Flag{}, Notes: []string{},
		}
		if rd.Scenarios == nil {
			rd.Scenarios = []string{}
		}
		if r.HasResidual() {
			rd.ResidualLikelihood, rd.ResidualImpact = r.ResidualLikelihood, r.ResidualImpact
			rd.ResidualSeverity = r.ResidualSeverity()
			rd.ResidualBand = reg.BandOf(rd.ResidualSeverity).Name
		}
		if rd.HasPlan {
			if rubric == nil {
				rd.Covered = append(rd.Covered, r.Plan.Principles...)
			}
			for _, id := range rubric {
				if slices.Contains(r.Plan.Principles, id) {
					rd.Covered = append(rd.Covered, id)
				} else {
					rd.Missing = append(rd.Missing, id)
				}
			}
			if reg.Guidance != nil {
				rd.PlanScore = engine.PlanScore(r, reg.Guidance)
			}
		}
		first := true
		for _, sc := range r.Scenarios {
			d, err := drillsOf(sc)
			if err != nil {
				return nil, err
			}
			for _, run := range d.runs {
				if !run.Finished {
					continue
				}
				when := run.Ended
				if when.IsZero() {
					when = run.Started
				}
				rd.Drills++
				if first || run.Total > rd.BestTotal {
					rd.BestTotal = run.Total
				}
				if first || when.After(rd.LastDrill) {
					rd.LastDrill, rd.LatestTotal = when, run.Total
				}
				first = false
			}
			for _, act := range d.actions {
				if act.Done {
					continue
				}
				rd.OpenActions = append(rd.OpenActions, OpenAction{
					Scenario: sc, What: act.What, Principle: act.Principle, Owner: act.Owner, Due: act.Due,
					Overdue: !act.Due.IsZero() && act.Due.Before(now),
				})
			}
		}
		severe := rd.Band == "high" || rd.Band == "critical"
		flag := func(f Flag, note string) {
			rd.Flags = append(rd.Flags, f)
			rd.Notes = append(rd.Notes, note)
		}
		if severe && !rd.HasPlan {
			flag(FlagNoPlan, fmt.Sprintf("%s risk with no response plan: write one and name who does what", rd.Band))
		}
		switch {
		case len(rd.Scenarios) == 0:
			flag(FlagNeverExercised, "never exercised: no scenario drills it; write one or pick a shipped scenario close to it")
		case rd.Drills == 0:
			flag(FlagNeverExercised, fmt.Sprintf("never exercised: no finished drill of %s", strings.Join(rd.Scenarios, ", ")))
		case rd.LastDrill.Before(yearAgo):
			flag(FlagStale, fmt.Sprintf("not exercised in the last %s: last drill %s", staleAfter, rd.LastDrill.Format(time.DateOnly)))
		}
		if rd.HasPlan && len(rd.Missing) > 0 {
			flag(FlagPlanGaps, "the plan does not cover "+strings.Join(rd.Missing, ", "))
		}
		if !r.Review.IsZero() && r.Review.Before(now) {
			flag(FlagReviewOverdue, fmt.Sprintf("review was due %s", r.Review.Format(time.DateOnly)))
		}
		a.Risks = append(a.Risks, rd)
		if onScale(r.Likelihood) && onScale(r.Impact) {
			a.HeatMap.Inherent[r.Likelihood-1][r.Impact-1]++
			rl, ri := r.Likelihood, r.Impact
			if r.HasResidual() && onScale(r.ResidualLikelihood) && onScale(r.ResidualImpact) {
				rl, ri = r.ResidualLikelihood, r.ResidualImpact
			}
			a.HeatMap.Residual[rl-1][ri-1]++
		}
	}
	slices.SortStableFunc(a.Risks, func(x, y Readiness) int {
		if x.Severity != y.Severity {
			return y.Severity - x.Severity
		}
		return strings.Compare(x.ID, y.ID)
	})
	a.Summary = summarize(a)
	return a, nil
}

// summarize counts the risks and words the verdict.
func summarize(a *Assessment) Summary {
	s := Summary{Risks: len(a.Risks)}
	for _, b := range a.Bands {
		s.ByBand = append(s.ByBand, BandCount{Band: b.Name, Min: b.Min})
	}
	band := func(name string) *BandCount {
		for i := range s.ByBand {
			if s.ByBand[i].Band == name {
				return &s.ByBand[i]
			}
		}
		return &BandCount{}
	}
	byFlag := map[Flag][]string{}
	for _, r := range a.Risks {
		band(r.Band).Risks++
		if r.ResidualBand != "" {
			band(r.ResidualBand).Residual++
		} else {
			band(r.Band).Residual++
		}
		if r.HasPlan {
			s.Planned++
		}
		if r.Drilled() {
			s.Drilled++
		}
		if r.Flagged() {
			s.Flagged++
		}
		for _, f := range r.Flags {
			byFlag[f] = append(byFlag[f], r.ID)
		}
	}
	for _, f := range Flags {
		s.ByFlag = append(s.ByFlag, FlagCount{Flag: f, Risks: len(byFlag[f])})
	}
	s.Verdict = verdict(s, byFlag, a.Risks)
	return s
}

// verdict is the register's state in one line, led by its worst problem.
func verdict(s Summary, byFlag map[Flag][]string, risks []Readiness) string {
	n := s.Risks
	severe := 0
	for _, r := range risks {
		if r.Band == "high" || r.Band == "critical" {
			severe++
		}
	}
	list := func(ids []string) string {
		if len(ids) > 3 {
			return strings.Join(ids[:3], ", ") + fmt.Sprintf(" and %d more", len(ids)-3)
		}
		return strings.Join(ids, ", ")
	}
	switch {
	case n == 0:
		return "Empty: the register lists no risks yet."
	case len(byFlag[FlagNoPlan]) > 0:
		ids := byFlag[FlagNoPlan]
		verb := "have"
		if len(ids) == 1 {
			verb = "has"
		}
		return fmt.Sprintf("Not ready: %d of %d high or critical risks %s no response plan (%s).", len(ids), severe, verb, list(ids))
	case s.Drilled == 0:
		return fmt.Sprintf("Untested: none of the %s has been exercised in a drill.", plural(n, "risk"))
	case len(byFlag[FlagNeverExercised])+len(byFlag[FlagStale]) > 0:
		ids := append(slices.Clone(byFlag[FlagNeverExercised]), byFlag[FlagStale]...)
		return fmt.Sprintf("Partly ready: %d of %s not exercised in the last %s (%s).", len(ids), plural(n, "risk"), staleAfter, list(ids))
	case len(byFlag[FlagPlanGaps]) > 0:
		return fmt.Sprintf("Nearly ready: every risk was exercised in the last %s, but %s of the guidance.", staleAfter, pluralVerb(len(byFlag[FlagPlanGaps]), "plan misses a principle", "plans miss a principle"))
	case len(byFlag[FlagReviewOverdue]) > 0:
		return fmt.Sprintf("Ready, but %s overdue.", pluralVerb(len(byFlag[FlagReviewOverdue]), "review is", "reviews are"))
	}
	return fmt.Sprintf("Ready: every high and critical risk has a plan, every plan covers every principle, and every risk was exercised in the last %s.", staleAfter)
}

func onScale(n int) bool { return n >= 1 && n <= 5 }

// pluralVerb writes n and the singular or the plural phrase.
func pluralVerb(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

func (a *app) runCmd() *cobra.Command {
	var (
		choose []string
		seed   uint64
		team   string
		people []string
		params []string
		asJSON bool
		budget budgetFlags
	)
	cmd := &cobra.Command{
		Use:   "run SCENARIO --choose ID[,ID...]",
		Short: "Play a drill without the terminal UI, taking the decisions given",
		Long: `Play a drill without the terminal UI, taking the decisions in order, and print
the result: ending, clock, each decision, and the score per principle.

A multi-select scene takes its picks joined with +, e.g. say-sorry+offer-help.
Exit status 3 means the choices ran out before the drill ended: no score is
given for a drill that has not ended.

Percentages need the scenario's best and worst scores: they come from its
analysis, cached after the first time (see ttx analyze), and are estimated
bounds when the scenario is larger than the budget (--max-states,
--max-memory); the result then says so.`,
		Example: `  ttx run retail-card-breach --choose open-plan,pull-now --json`,
		Args:    exactArgs(1, "SCENARIO"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := a.scenarioWith(args[0], params)
			if err != nil {
				return err
			}
			team = clean(team)
			b, err := budget.budget()
			if err != nil {
				return err
			}
			sc.SetAnalyst(a.analyst(b, false, true))
			d := engine.NewDrill(sc, seed)
			var rec *recorder
			participants, err := parseParticipants(people)
			if err != nil {
				return err
			}
			if team != "" {
				if rec, err = a.startRecording(d, team, participants); err != nil {
					return err
				}
				defer rec.s.Close()
			}
			for i, dec := range choose {
				if d.Ended() {
					return userErr("the drill ended after decision %d, but %d more choice(s) were given (from %q on); remove them", i, len(choose)-i, engine.Sanitize(dec))
				}
				ids := strings.Split(strings.TrimSpace(dec), "+")
				if err := d.Choose(ids...); err != nil {
					var ce *engine.ChoiceError
					if errors.As(err, &ce) {
						return userErr("decision %d: %s; scene %q offers %s", i+1, engine.Sanitize(ce.Msg), ce.Scene, strings.Join(ce.Offered, ", "))
					}
					return userErr("decision %d: %v", i+1, err)
				}
				if rec != nil {
					if err := rec.decision(d); err != nil {
						return err
					}
				}
			}
			reg, broken, err := a.drillRegister()
			if err != nil {
				return err
			}
			a.withoutPlan(sc, broken)
			res, err := d.ResultWithPlan(team, riskFor(reg, sc))
			a.endProgress()
			if err != nil {
				return userErr("%v", err)
			}
			var runID *int64
			if rec != nil {
				if err := rec.finish(res); err != nil {
					return err
				}
				runID = &rec.id
				fmt.Fprintf(a.stderr, "recorded as run %d\n", rec.id)
			}
			w := waitingOf(d)
			if asJSON {
				if err := jsondoc.Write(a.stdout, runDocOf(sc, d, res, runID, participants, w)); err != nil {
					return err
				}
			} else {
				writeResult(a.stdout, sc, res, w)
			}
			if w != nil {
				return &exitError{code: exitIncomplete, msg: w.message()}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&choose, "choose", nil, "the decisions, in order: choice ids separated by commas (picks joined with +)")
	f.Uint64Var(&seed, "seed", 1, "seed for chance events")
	f.StringVar(&team, "team", "", "team name; with it, the drill is recorded in the results store as it goes")
	f.StringArrayVar(&people, "participant", nil, "who took part, as `NAME[:ROLE]` (repeatable); recorded with the result")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	paramFlag(cmd, &params)
	budget.register(cmd, engine.DefaultMaxStates, false)
	return cmd
}

// waiting is the scene an unfinished drill waits at, and what it offers.
type waiting struct {
	Scene   string   `json:"scene"`
	Offered []string `json:"offered"`
	Min     int      `json:"min_picks"` // how many choices to take: 1 and 1 unless a multi-select scene
	Max     int      `json:"max_picks"`
}

// waitingOf is where d waits, or nil when it has ended.
func waitingOf(d *engine.Drill) *waiting {
	if d.Ended() {
		return nil
	}
	s := d.Scene()
	w := &waiting{Scene: s.ID, Offered: []string{}, Min: 1, Max: 1}
	for _, j := range d.Offered() {
		w.Offered = append(w.Offered, s.Choices[j].ID)
	}
	if s.IsPick() {
		w.Min, w.Max = d.PickRange()
	}
	return w
}

func (w *waiting) message() string {
	how := "one of"
	if w.Max > 1 {
		how = fmt.Sprintf("%d to %d (joined with +) of", w.Min, w.Max)
	}
	return fmt.Sprintf("the choices ran out before the drill ended: scene %q is waiting for %s: %s", w.Scene, how, strings.Join(w.Offered, ", "))
}

// runDoc is the document of `ttx run --json`.
type runDoc struct {
	jsondoc.Header
	RunID        *int64                `json:"run_id"` // null when the drill was not recorded (no --team)
	Scenario     jsondoc.Scenario      `json:"scenario"`
	Seed         uint64                `json:"seed"`
	Params       map[string]string     `json:"params"` // the scenario parameters set with --param; {} for none
	Team         string                `json:"team"`
	Participants []jsondoc.Participant `json:"participants"`
	Finished     bool                  `json:"finished"`
	Ending       *jsondoc.Ending       `json:"ending"`
	Hours        float64               `json:"hours"`
	Waiting      *waiting              `json:"waiting"` // null once finished
	Decisions    []jsondoc.Step        `json:"decisions"`
	TotalPercent *float64              `json:"total_percent"` // null until finished
	TotalRating  *jsondoc.Rating       `json:"total_rating"`
	// RatingCappedBy says which principle held the total rating below the
	// band of total_percent (null when it did not, or until finished).
	RatingCappedBy *jsondoc.RatingCap  `json:"rating_capped_by"`
	Principles     []jsondoc.Principle `json:"principles"` // [] until finished
	Moves          []move              `json:"moves"`      // [] until finished
	// BoundsEstimated says that the best and worst of the principles are
	// estimated bounds (the scenario did not fit the analysis budget), and
	// BoundsNote why, in a sentence (null when exact).
	BoundsEstimated bool    `json:"bounds_estimated"`
	BoundsNote      *string `json:"bounds_note"`
}

// move is a choice or an end-of-drill check that moved a principle's score.
type move struct {
	Principle string `json:"principle"`
	Choice    string `json:"choice"` // "" for a check
	Check     bool   `json:"check"`
	Points    int    `json:"points"`
	Why       string `json:"why"`
}

func runDocOf(sc *engine.Scenario, d *engine.Drill, r *engine.Result, runID *int64, people []engine.Participant, w *waiting) runDoc {
	out := runDoc{
		Header: jsondoc.HeaderOf(jsondoc.FormatRun), RunID: runID, Scenario: jsondoc.ScenarioOf(sc), Seed: r.Seed, Params: map[string]string{}, Team: r.Team,
		Participants: jsondoc.ParticipantsOf(people), Finished: r.Ended, Hours: r.Hours, Waiting: w,
		Decisions: jsondoc.StepsOf(r.Decisions), Principles: []jsondoc.Principle{}, Moves: []move{},
	}
	out.Scenario.Title = engine.Sanitize(out.Scenario.Title)
	for k, v := range d.Record().Params {
		out.Params[engine.Sanitize(k)] = engine.Sanitize(v)
	}
	if !r.Ended {
		return out
	}
	if e := d.Ending(); e != nil {
		out.Ending = &jsondoc.Ending{ID: e.ID, Title: engine.Sanitize(r.EndingTitle)}
	}
	total := r.TotalPercent
	rating, capped := jsondoc.OverallOf(r.TotalPercent, r.Scores)
	out.TotalPercent, out.TotalRating, out.RatingCappedBy = &total, &rating, capped
	out.Principles = jsondoc.Principles(r.Scores)
	if r.BoundsEstimated {
		note := engine.Sanitize(r.BoundsNote)
		out.BoundsEstimated, out.BoundsNote = true, &note
	}
	for _, s := range r.Scores {
		for _, m := range s.Moves {
			out.Moves = append(out.Moves, move{Principle: s.Principle, Choice: m.Choice, Check: m.Check, Points: m.Points, Why: engine.Sanitize(m.Why)})
		}
	}
	return out
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

func (a *app) runCmd() *cobra.Command {
	var (
		choose []string
		seed   uint64
		team   string
		people []string
		params []string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "run SCENARIO --choose ID[,ID...]",
		Short: "Play a drill without the terminal UI, taking the decisions given",
		Long: `Play a drill without the terminal UI, taking the decisions in order, and print
the result: ending, clock, each decision, and the score per principle.

A multi-select scene takes its picks joined with +, e.g. say-sorry+offer-help.
Exit status 3 means the choices ran out before the drill ended.`,
		Example: `  ttx run retail-card-breach --choose open-plan,pull-now --json`,
		Args:    exactArgs(1, "SCENARIO"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := a.scenarioWith(args[0], params)
			if err != nil {
				return err
			}
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
			var waiting error
			for i, dec := range choose {
				if d.Ended() {
					return userErr("the drill ended after decision %d, but %d more choice(s) were given (from %q on); remove them", i, len(choose)-i, dec)
				}
				ids := strings.Split(strings.TrimSpace(dec), "+")
				if err := d.Choose(ids...); err != nil {
					var ce *engine.ChoiceError
					if errors.As(err, &ce) {
						return userErr("decision %d: %s; scene %q offers %s", i+1, ce.Msg, ce.Scene, strings.Join(ce.Offered, ", "))
					}
					return userErr("decision %d: %v", i+1, err)
				}
				if rec != nil {
					if err := rec.decision(d); err != nil {
						return err
					}
				}
			}
			if !d.Ended() {
				s := d.Scene()
				var offered []string
				for _, j := range d.Offered() {
					offered = append(offered, s.Choices[j].ID)
				}
				lo, hi := d.PickRange()
				how := "one of"
				if s.IsPick() {
					how = fmt.Sprintf("%d to %d (joined with +) of", lo, hi)
				}
				waiting = &exitError{code: exitIncomplete, msg: fmt.Sprintf("the choices ran out before the drill ended: scene %q is waiting for %s: %s", s.ID, how, strings.Join(offered, ", "))}
			}
			reg, err := a.loadRegister(a.registerPath(), a.risks != "")
			if err != nil {
				return err
			}
			res, err := d.ResultWithPlan(team, riskFor(reg, sc))
			if err != nil {
				return userErr("%v", err)
			}
			if rec != nil {
				if err := rec.finish(res); err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "recorded as run %d\n", rec.id)
			}
			if asJSON {
				out, err := json.MarshalIndent(jsonResult(res, d), "", "  ")
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, string(out))
			} else {
				writeResult(a.stdout, sc, res)
			}
			return waiting
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&choose, "choose", nil, "the decisions, in order: choice ids separated by commas (picks joined with +)")
	f.Uint64Var(&seed, "seed", 1, "seed for chance events")
	f.StringVar(&team, "team", "", "team name; with it, the drill is recorded in the results store as it goes")
	f.StringArrayVar(&people, "participant", nil, "who took part, as `NAME[:ROLE]` (repeatable); recorded with the result")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	paramFlag(cmd, &params)
	return cmd
}

// jsonOutput is the shape of `ttx run --json`, a contract with scripts.
type jsonOutput struct {
	Scenario     string                  `json:"scenario"`
	Version      string                  `json:"version"`
	Hash         string                  `json:"hash"`
	Seed         uint64                  `json:"seed"`
	Team         string                  `json:"team"`
	Ended        bool                    `json:"ended"`
	Ending       *string                 `json:"ending"`
	Hours        float64                 `json:"hours"`
	Waiting      *jsonWaiting            `json:"waiting,omitempty"`
	Decisions    []engine.DecisionResult `json:"decisions"`
	Scores       map[string]jsonScore    `json:"scores"`
	TotalPercent float64                 `json:"total_percent"`
}

type jsonWaiting struct {
	Scene   string   `json:"scene"`
	Offered []string `json:"offered"`
}

type jsonScore struct {
	Title   string        `json:"title"`
	Raw     int           `json:"raw"`
	Percent float64       `json:"percent"`
	Best    int           `json:"best"`
	Worst   int           `json:"worst"`
	Moves   []engine.Move `json:"moves"`
	Plan    *float64      `json:"plan,omitempty"` // the register plan's score, credited to prepare where the team followed it
}

func jsonResult(r *engine.Result, d *engine.Drill) jsonOutput {
	out := jsonOutput{
		Scenario: r.Scenario, Version: r.Version, Hash: r.Hash, Seed: r.Seed, Team: r.Team,
		Ended: r.Ended, Hours: r.Hours, Decisions: r.Decisions, Scores: map[string]jsonScore{},
		TotalPercent: round1(r.TotalPercent),
	}
	if r.Ending != "" {
		out.Ending = &r.Ending
	}
	if !d.Ended() {
		w := &jsonWaiting{Scene: d.Scene().ID, Offered: []string{}}
		for _, j := range d.Offered() {
			w.Offered = append(w.Offered, d.Scene().Choices[j].ID)
		}
		out.Waiting = w
	}
	for _, s := range r.Scores {
		if !s.Scored {
			continue
		}
		moves := s.Moves
		if moves == nil {
			moves = []engine.Move{}
		}
		out.Scores[s.Principle] = jsonScore{Title: s.Title, Raw: s.Raw, Percent: round1(s.Percent), Best: s.Best, Worst: s.Worst, Moves: moves, Plan: s.Plan}
	}
	return out
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }

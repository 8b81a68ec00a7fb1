package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

func (a *app) analyzeCmd() *cobra.Command {
	var (
		asJSON  bool
		budget  budgetFlags
		refresh bool
		samples int
		seed    uint64
	)
	cmd := &cobra.Command{
		Use:   "analyze SCENARIO",
		Short: "Explore every reachable state: scenes, endings, dead ends, paths, best and worst scores",
		Long: `Explore every reachable state of a scenario (chance events both firing and not)
and report the scenes and endings reachable, dead ends, the number of distinct
playthroughs, and the best and worst raw score per principle and overall with
a path that reaches each.

When the scenario has more states than the budget allows (--max-states,
--max-memory, --max-time), the best and worst are estimated instead: bounds
that no drill goes beyond, from treating numbers as ranges and what is not
followed as unknown, with real paths that come close to them. Every score uses
these bounds, so a scenario always plays and scores.

The analysis is cached by the scenario's content in the user's cache
directory, so runs, reports and comparisons of the scenario never explore it
again; --refresh explores it again. On a terminal, a long exploration shows
its progress on stderr.`,
		Args: exactArgs(1, "SCENARIO"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := a.scenario(args[0])
			if err != nil {
				return err
			}
			b, err := budget.budget()
			if err != nil {
				return err
			}
			an := a.analyst(b, refresh, true).Analyze(sc)
			a.endProgress()
			rep := newAnalysisReport(sc, an)
			if samples > 0 {
				if rep.Samples, err = engine.Sample(sc, samples, seed); err != nil {
					return userErr("%v", err)
				}
			}
			if asJSON {
				out, err := json.MarshalIndent(rep, "", "  ")
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, string(out))
				return nil
			}
			rep.write(a.stdout)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the analysis as JSON")
	budget.register(cmd, engine.DefaultMaxStates, true)
	cmd.Flags().BoolVar(&refresh, "refresh", false, "explore again, even when the analysis is cached")
	cmd.Flags().IntVar(&samples, "samples", 0, "also play `N` drills at random and show the spread of their scores")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed for the random drills of --samples")
	return cmd
}

// analysisReport is the shape of `ttx analyze --json`.
type analysisReport struct {
	Scenario          string               `json:"scenario"`
	Version           string               `json:"version"`
	States            int                  `json:"states"`
	Paths             uint64               `json:"paths"`
	PathsSaturated    bool                 `json:"paths_saturated,omitempty"`
	Loops             bool                 `json:"loops"`
	ReachableScenes   []string             `json:"reachable_scenes"`
	UnreachableScenes []string             `json:"unreachable_scenes"`
	DeadEnds          []string             `json:"dead_ends"`
	ReachableEndings  []string             `json:"reachable_endings"`
	UnreachedEndings  []string             `json:"unreached_endings"`
	Principles        []principleBounds    `json:"principles"`
	Total             principleBounds      `json:"total"`
	Samples           *engine.Distribution `json:"samples,omitempty"`
	// Estimated is set when the scenario did not fit the budget: best and
	// worst are then bounds, and the paths real paths that come close to
	// them, scoring best_reached and worst_reached. States and scenes
	// reachable are then those of the estimate, and paths is 0.
	Estimated    bool   `json:"estimated"`
	Limit        string `json:"limit,omitempty"` // the budget that ran out: states, outcomes, memory or time
	EstimateNote string `json:"estimate_note,omitempty"`
}

type principleBounds struct {
	Principle    string   `json:"principle,omitempty"`
	Best         int      `json:"best"`
	Worst        int      `json:"worst"`
	BestReached  int      `json:"best_reached"`
	WorstReached int      `json:"worst_reached"`
	BestPath     []string `json:"best_path"`
	WorstPath    []string `json:"worst_path"`
}

func newAnalysisReport(sc *engine.Scenario, an *engine.Analysis) analysisReport {
	r := analysisReport{
		Scenario: sc.ID, Version: sc.Version, States: an.States, Paths: an.Paths,
		PathsSaturated: an.PathsSaturated, Loops: an.Loops,
		Estimated: an.Estimated, Limit: string(an.Limit), EstimateNote: an.Note,
		ReachableScenes: []string{}, UnreachableScenes: []string{}, DeadEnds: []string{},
		ReachableEndings: []string{}, UnreachedEndings: []string{}, Principles: []principleBounds{},
	}
	for i, s := range sc.Scenes {
		if an.Reachable[i] {
			r.ReachableScenes = append(r.ReachableScenes, s.ID)
		} else {
			r.UnreachableScenes = append(r.UnreachableScenes, s.ID)
		}
	}
	for _, i := range an.DeadEnds {
		r.DeadEnds = append(r.DeadEnds, sc.Scenes[i].ID)
	}
	for i, e := range sc.Endings {
		if an.EndingReachable[i] {
			r.ReachableEndings = append(r.ReachableEndings, e.ID)
		} else {
			r.UnreachedEndings = append(r.UnreachedEndings, e.ID)
		}
	}
	for p, pr := range sc.Guidance.Principles {
		if !sc.Scored(p) {
			continue
		}
		r.Principles = append(r.Principles, principleBounds{
			Principle: pr.ID, Best: an.Best[p], Worst: an.Worst[p], BestReached: an.BestReached[p], WorstReached: an.WorstReached[p],
			BestPath: pathIDs(sc, an.BestPath[p]), WorstPath: pathIDs(sc, an.WorstPath[p]),
		})
	}
	r.Total = principleBounds{Best: an.BestTotal, Worst: an.WorstTotal, BestReached: an.BestTotalReached, WorstReached: an.WorstTotalReached,
		BestPath: pathIDs(sc, an.BestTotalPath), WorstPath: pathIDs(sc, an.WorstTotalPath)}
	return r
}

// pathIDs writes a path the way `ttx run --choose` takes it: one entry per
// decision, picks joined with +; chance events that must fire follow in
// brackets.
func pathIDs(sc *engine.Scenario, p engine.Path) []string {
	out := make([]string, len(p))
	for i, s := range p {
		ids := make([]string, len(s.Choices))
		for k, c := range s.Choices {
			_, ch := sc.ChoiceByIndex(c)
			ids[k] = ch.ID
		}
		out[i] = strings.Join(ids, "+")
		if len(s.Events) > 0 {
			ev := make([]string, len(s.Events))
			for k, e := range s.Events {
				ev[k] = sc.Events[e].ID
			}
			out[i] += " [" + strings.Join(ev, ", ") + "]"
		}
	}
	return out
}

func (r analysisReport) write(w io.Writer) {
	fmt.Fprintf(w, "%s (version %s)\n\n", r.Scenario, orDash(r.Version))
	if r.Estimated {
		fmt.Fprintf(w, "%s\n\n", r.EstimateNote)
		fmt.Fprintf(w, "States explored:  %d, then the exploration stopped\n", r.States)
		fmt.Fprintln(w, "Playthroughs:     not counted")
	} else {
		fmt.Fprintf(w, "States explored:  %d\n", r.States)
		paths := fmt.Sprint(r.Paths)
		if r.PathsSaturated {
			paths = "more than " + paths
		}
		fmt.Fprintf(w, "Playthroughs:     %s\n", paths)
	}
	if r.Loops {
		fmt.Fprintln(w, "Loops:            yes: some state can come round again")
	}
	atMost := ""
	if r.Estimated {
		atMost = "at most "
	}
	fmt.Fprintf(w, "Scenes reachable: %s%d of %d\n", atMost, len(r.ReachableScenes), len(r.ReachableScenes)+len(r.UnreachableScenes))
	list := func(label string, ids []string) {
		if len(ids) > 0 {
			fmt.Fprintf(w, "%s %s\n", label, strings.Join(ids, ", "))
		}
	}
	list("  unreachable:   ", r.UnreachableScenes)
	list("Dead ends:       ", r.DeadEnds)
	fmt.Fprintf(w, "Endings reached:  %s\n", strings.Join(r.ReachableEndings, ", "))
	list("  never reached: ", r.UnreachedEndings)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.Estimated {
		fmt.Fprintln(w, "\nRaw score bounds (estimated; the best path shown scores what it reaches)")
		fmt.Fprintln(tw, "  principle\tbest\tworst\treaches\tbest path")
		for _, p := range append(r.Principles, r.Total) {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%s\n", orAll(p.Principle), p.Best, p.Worst, p.BestReached, strings.Join(p.BestPath, ","))
		}
	} else {
		fmt.Fprintln(w, "\nRaw score bounds")
		fmt.Fprintln(tw, "  principle\tbest\tworst\tbest path")
		for _, p := range append(r.Principles, r.Total) {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\n", orAll(p.Principle), p.Best, p.Worst, strings.Join(p.BestPath, ","))
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "\nWorst path over all principles (raw sum): %s\n", strings.Join(r.Total.WorstPath, ","))
	if r.Samples != nil {
		writeDistribution(w, r.Samples)
	}
}

// orAll names the row of the raw sum over all principles.
func orAll(principle string) string {
	if principle == "" {
		return "all (raw sum)"
	}
	return principle
}

// writeDistribution draws the spread of random playthroughs as a histogram.
func writeDistribution(w io.Writer, d *engine.Distribution) {
	fmt.Fprintf(w, "\nTotal score of %d random playthroughs (seed %d)\n", d.Samples, d.Seed)
	most := 1
	for _, n := range d.Histogram {
		most = max(most, n)
	}
	for i, n := range d.Histogram {
		bar := strings.Repeat("█", (n*40+most-1)/most)
		fmt.Fprintf(w, "  %-8s %-40s %d\n", fmt.Sprintf("%d-%d%%", i*10, i*10+10), bar, n)
	}
	p := d.Percentile
	fmt.Fprintf(w, "  mean %.0f%% · p10 %.0f%% · median %.0f%% · p90 %.0f%%\n", d.Mean, p["p10"], p["p50"], p["p90"])
	ids := make([]string, 0, len(d.Endings))
	for id := range d.Endings {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var parts []string
	for _, id := range ids {
		name := id
		if name == "" {
			name = "(none)"
		}
		parts = append(parts, fmt.Sprintf("%s %.1f%%", name, 100*float64(d.Endings[id])/float64(d.Samples)))
	}
	fmt.Fprintf(w, "  endings: %s\n", strings.Join(parts, ", "))
	if d.Unfinished > 0 {
		fmt.Fprintf(w, "  %d playthroughs went round a loop for %d decisions and were cut off\n", d.Unfinished, 10_000)
	}
}

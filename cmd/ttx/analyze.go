package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
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
			if samples < 0 || samples > engine.MaxSamples {
				return userErr("--samples takes 0 (none) to %s random drills, not %d", thousands(engine.MaxSamples), samples)
			}
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
				return jsondoc.Write(a.stdout, rep)
			}
			rep.write(a.stdout)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the analysis as JSON")
	budget.register(cmd, engine.DefaultMaxStates, true)
	cmd.Flags().BoolVar(&refresh, "refresh", false, "explore again, even when the analysis is cached")
	cmd.Flags().IntVar(&samples, "samples", 0, "also play `N` drills at random (at most "+thousands(engine.MaxSamples)+") and show the spread of their scores")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed for the random drills of --samples")
	return cmd
}

// analysisReport is the document of `ttx analyze --json`.
type analysisReport struct {
	jsondoc.Header
	Scenario          jsondoc.Scenario     `json:"scenario"`
	States            int                  `json:"states"`
	Paths             uint64               `json:"paths"`
	PathsSaturated    bool                 `json:"paths_saturated"`
	Loops             bool                 `json:"loops"`
	ReachableScenes   []string             `json:"reachable_scenes"`
	UnreachableScenes []string             `json:"unreachable_scenes"`
	DeadEnds          []string             `json:"dead_ends"`
	ReachableEndings  []string             `json:"reachable_endings"`
	UnreachedEndings  []string             `json:"unreached_endings"`
	Principles        []principleBounds    `json:"principles"`
	Total             bounds               `json:"total"`   // of all principles' raw sum
	Samples           *engine.Distribution `json:"samples"` // null without --samples
	// Estimated is set when the scenario did not fit the budget: best and
	// worst are then bounds that no drill goes beyond, and the paths real
	// paths that come close to them, scoring best_reached and
	// worst_reached. Scenes and endings reachable are then those that may
	// be, paths is 0, and states counts those explored.
	Estimated    bool    `json:"estimated"`
	Limit        *string `json:"limit"`         // the budget that ran out: states, outcomes, memory or time; null when exact
	EstimateNote *string `json:"estimate_note"` // why the bounds are estimated, in a sentence; null when exact
}

// bounds are the best and worst raw scores and a path reaching each (when
// estimated, one reaching best_reached and worst_reached).
type bounds struct {
	Best         int     `json:"best"`
	Worst        int     `json:"worst"`
	BestReached  int     `json:"best_reached"`
	WorstReached int     `json:"worst_reached"`
	BestPath     pathDoc `json:"best_path"`
	WorstPath    pathDoc `json:"worst_path"`
}

// principleBounds are a principle's raw score bounds.
type principleBounds struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	bounds
}

// pathDoc is a decision path: Choose as ttx run --choose takes it, and
// its steps with the chance events that fired (the path is only played
// again with a seed under which they fire the same way).
type pathDoc struct {
	Choose string     `json:"choose"`
	Steps  []pathStep `json:"steps"`
}

type pathStep struct {
	Scene   string   `json:"scene"`
	Choices []string `json:"choices"`
	Events  []string `json:"events"`
}

func newAnalysisReport(sc *engine.Scenario, an *engine.Analysis) analysisReport {
	r := analysisReport{
		Header: jsondoc.HeaderOf(jsondoc.FormatAnalysis), Scenario: jsondoc.ScenarioOf(sc), States: an.States, Paths: an.Paths,
		PathsSaturated: an.PathsSaturated, Loops: an.Loops, Estimated: an.Estimated,
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
		r.Principles = append(r.Principles, principleBounds{ID: pr.ID, Title: engine.Sanitize(pr.Title), bounds: bounds{
			Best: an.Best[p], Worst: an.Worst[p], BestReached: an.BestReached[p], WorstReached: an.WorstReached[p],
			BestPath: pathOf(sc, an.BestPath[p]), WorstPath: pathOf(sc, an.WorstPath[p]),
		}})
	}
	r.Total = bounds{Best: an.BestTotal, Worst: an.WorstTotal, BestReached: an.BestTotalReached, WorstReached: an.WorstTotalReached,
		BestPath: pathOf(sc, an.BestTotalPath), WorstPath: pathOf(sc, an.WorstTotalPath)}
	if an.Estimated {
		limit, note := string(an.Limit), an.Note
		r.Limit, r.EstimateNote = &limit, &note
	}
	r.Scenario.Title, r.Scenario.Version = engine.Sanitize(r.Scenario.Title), engine.Sanitize(r.Scenario.Version)
	return r
}

// pathOf is a path as documents write it.
func pathOf(sc *engine.Scenario, p engine.Path) pathDoc {
	out := pathDoc{Steps: make([]pathStep, len(p))}
	ds := make([]jsondoc.Decision, len(p))
	for i, s := range p {
		st := pathStep{Scene: sc.Scenes[s.Scene].ID, Choices: make([]string, len(s.Choices)), Events: make([]string, len(s.Events))}
		for k, c := range s.Choices {
			_, ch := sc.ChoiceByIndex(c)
			st.Choices[k] = ch.ID
		}
		for k, e := range s.Events {
			st.Events[k] = sc.Events[e].ID
		}
		out.Steps[i] = st
		ds[i] = jsondoc.Decision{Choices: st.Choices}
	}
	out.Choose = jsondoc.Choose(ds)
	return out
}

// text writes a path for people: the decisions as ttx run --choose takes
// them, with the chance events that must fire in brackets.
func (p pathDoc) text() string {
	parts := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		parts[i] = strings.Join(s.Choices, "+")
		if len(s.Events) > 0 {
			parts[i] += " [" + strings.Join(s.Events, ", ") + "]"
		}
	}
	return strings.Join(parts, ",")
}

func (r analysisReport) write(w io.Writer) {
	fmt.Fprintf(w, "%s (version %s)\n\n", r.Scenario.ID, orDash(r.Scenario.Version))
	atMost := ""
	if r.Estimated {
		fmt.Fprintf(w, "%s\n\n", *r.EstimateNote)
		fmt.Fprintf(w, "States explored:  %d, then the exploration stopped\n", r.States)
		fmt.Fprintln(w, "Playthroughs:     not counted")
		atMost = "at most "
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
	rows := append(r.Principles, principleBounds{ID: "all (raw sum)", bounds: r.Total})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.Estimated {
		fmt.Fprintln(w, "\nRaw score bounds (estimated; the best path shown scores what it reaches)")
		fmt.Fprintln(tw, "  principle\tbest\tworst\treaches\tbest path")
		for _, p := range rows {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%s\n", p.ID, p.Best, p.Worst, p.BestReached, p.BestPath.text())
		}
	} else {
		fmt.Fprintln(w, "\nRaw score bounds")
		fmt.Fprintln(tw, "  principle\tbest\tworst\tbest path")
		for _, p := range rows {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\n", p.ID, p.Best, p.Worst, p.BestPath.text())
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "\nWorst path over all principles (raw sum): %s\n", r.Total.WorstPath.text())
	if r.Samples != nil {
		writeDistribution(w, r.Samples)
	}
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

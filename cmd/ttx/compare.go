package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/engine/store"
)

func (a *app) compareCmd() *cobra.Command {
	var (
		format, out string
		asJSON      bool
	)
	cmd := &cobra.Command{
		Use:   "compare RUN RUN... [--format text|md|html] [--json]",
		Short: "Compare recorded drills side by side, principle by principle",
		Long: `Compare recorded drills of one scenario side by side, principle by principle,
each with the score it was given when it ended, with where their paths first
diverged and what each chose there. Warns when the runs were played on
different versions of the scenario.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return userErr("compare takes two or more run ids; ttx results lists them")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openReader()
			if err != nil {
				return err
			}
			defer s.Close()
			var ins []report.Input
			var runs []store.Run
			for _, arg := range args {
				in, r, err := a.loadRun(s, arg)
				if err != nil {
					return err
				}
				ins, runs = append(ins, in), append(runs, *r)
			}
			var warnings []string
			for _, in := range ins[1:] {
				if in.Result.Scenario != ins[0].Result.Scenario {
					return userErr("run %d is of scenario %q and run %d of %q; compare runs of one scenario", ins[0].RunID, ins[0].Result.Scenario, in.RunID, in.Result.Scenario)
				}
				if in.Result.Hash != ins[0].Result.Hash {
					warnings = append(warnings, fmt.Sprintf("run %d was played on version %q of the scenario and run %d on %q; scores may not compare",
						ins[0].RunID, engine.Sanitize(ins[0].Result.Version), in.RunID, engine.Sanitize(in.Result.Version)))
				}
			}
			if asJSON {
				return jsondoc.Write(a.stdout, compareDocOf(ins, runs, warnings))
			}
			for _, w := range warnings {
				fmt.Fprintf(a.stderr, "ttx: warning: %s\n", w)
			}
			switch format {
			case "md":
				return a.output(out, func(w io.Writer) error { return report.CompareMarkdown(w, ins) })
			case "html":
				return a.output(out, func(w io.Writer) error { return report.CompareHTML(w, ins) })
			case "text":
				return a.output(out, func(w io.Writer) error { writeComparison(w, ins); return nil })
			}
			return userErr("--format is text, md or html, not %q", engine.Sanitize(format))
		},
	}
	formatFlag(cmd, &format, "text", "md", "html")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to `FILE` (atomically) instead of standard output")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the comparison as JSON")
	return cmd
}

// compareDoc is the document of `ttx compare --json`.
type compareDoc struct {
	jsondoc.Header
	Scenario    jsondoc.Scenario `json:"scenario"` // of the first run
	Runs        []jsondoc.Run    `json:"runs"`
	Divergences []divergence     `json:"divergences"` // each run after the first against the first
	Warnings    []string         `json:"warnings"`
}

// divergence is where two runs' decisions first differ.
type divergence struct {
	RunIDs  [2]int64             `json:"run_ids"`
	Same    bool                 `json:"same"`    // the runs made the same decisions
	Step    *int                 `json:"step"`    // 1-based; null when the same
	Scene   *string              `json:"scene"`   // the first run's scene there; null when it had ended
	Choices [2]*jsondoc.Decision `json:"choices"` // what each run chose there; null for a run that had ended
}

func compareDocOf(ins []report.Input, runs []store.Run, warnings []string) compareDoc {
	doc := compareDoc{Header: jsondoc.HeaderOf(jsondoc.FormatCompare), Scenario: jsondoc.ScenarioOf(ins[0].Scenario),
		Runs: make([]jsondoc.Run, len(runs)), Divergences: []divergence{}, Warnings: []string{}}
	doc.Scenario.Title = engine.Sanitize(doc.Scenario.Title)
	doc.Warnings = append(doc.Warnings, warnings...)
	for i := range runs {
		doc.Runs[i] = runs[i].Doc()
	}
	for i := 1; i < len(ins); i++ {
		a, b := ins[0], ins[i]
		dv := divergence{RunIDs: [2]int64{a.RunID, b.RunID}}
		step, ok := report.Divergence(a, b)
		if !ok {
			dv.Same = true
			doc.Divergences = append(doc.Divergences, dv)
			continue
		}
		n := step + 1
		dv.Step = &n
		for k, in := range []report.Input{a, b} {
			if step < len(in.Result.Decisions) {
				d := in.Result.Decisions[step]
				dv.Choices[k] = &jsondoc.Decision{Choices: d.Choices, TimedOut: d.TimedOut}
				if k == 0 {
					dv.Scene = &d.Scene
				}
			}
		}
		doc.Divergences = append(doc.Divergences, dv)
	}
	return doc
}

// writeComparison prints runs side by side for the terminal.
func writeComparison(w io.Writer, ins []report.Input) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{""}
	for _, in := range ins {
		head = append(head, fmt.Sprintf("#%d %s", in.RunID, orDash(oneLine(in.Team))))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	row := func(label string, f func(in report.Input) string) {
		cols := []string{label}
		for _, in := range ins {
			cols = append(cols, f(in))
		}
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
	}
	row("ending", func(in report.Input) string { return orDash(in.Result.Ending) })
	var capped []string
	row("total", func(in report.Input) string {
		rt, c := engine.OverallRating(in.Result.TotalPercent, in.Result.Scores)
		if c == nil {
			return fmt.Sprintf("%.0f%% %s", in.Result.TotalPercent, rt.Code)
		}
		capped = append(capped, fmt.Sprintf("^ #%d %s", in.RunID, c.Reason(rt, engine.Sanitize)))
		return fmt.Sprintf("%.0f%% %s^", in.Result.TotalPercent, rt.Code)
	})
	planned := false
	for p, pr := range ins[0].Scenario.Guidance.Principles {
		scored := false
		for _, in := range ins {
			scored = scored || in.Result.Scores[p].Scored
		}
		if !scored {
			continue
		}
		row(pr.ID, func(in report.Input) string {
			s := in.Result.Scores[p]
			if !s.Scored {
				return "-"
			}
			mark := ""
			if s.Plan != nil {
				mark, planned = "*", true
			}
			return fmt.Sprintf("%.0f%% %s%s", s.Percent, engine.RatingFor(s.Percent).Code, mark)
		})
	}
	tw.Flush()
	if len(capped) > 0 {
		fmt.Fprintln(w, "\n^ the overall rating is never more than one band better than the weakest principle's:")
		for _, c := range capped {
			fmt.Fprintln(w, "  "+c)
		}
	}
	if planned {
		fmt.Fprintln(w, "\n* counts the response plan in the risk register, credited where the team followed it, as scored when the drill ended")
	}
	for i := 1; i < len(ins); i++ {
		a, b := ins[0], ins[i]
		step, ok := report.Divergence(a, b)
		if !ok {
			fmt.Fprintf(w, "\n#%d and #%d made the same decisions.\n", a.RunID, b.RunID)
			continue
		}
		fmt.Fprintf(w, "\n#%d and #%d first diverged at decision %d", a.RunID, b.RunID, step+1)
		if step < len(a.Result.Decisions) {
			fmt.Fprintf(w, " (scene %s)", a.Result.Decisions[step].Scene)
		}
		fmt.Fprintln(w, ":")
		for _, in := range []report.Input{a, b} {
			what := "(no decision: the drill had ended)"
			if step < len(in.Result.Decisions) {
				what = strings.Join(in.Result.Decisions[step].Choices, " + ")
			}
			fmt.Fprintf(w, "  #%d chose %s\n", in.RunID, what)
		}
	}
}

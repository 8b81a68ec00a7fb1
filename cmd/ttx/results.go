package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/engine/store"
)

func nowUTC() time.Time { return time.Now().UTC() }

func (a *app) resultsCmd() *cobra.Command {
	var (
		f      store.Filter
		asJSON bool
		best   bool
	)
	cmd := &cobra.Command{
		Use:   "results [--scenario ID] [--team T] [--best] [--json]",
		Short: "List recorded drills, newest first, or the leaderboard of a scenario",
		Args:  exactArgs(0, "no arguments (or the subcommands export and import)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStore()
			if err != nil {
				return err
			}
			defer s.Close()
			var runs []store.Run
			if best {
				if f.Scenario == "" {
					return userErr("--best ranks the runs of one scenario; give --scenario ID")
				}
				runs, err = s.Leaderboard(f.Scenario, f.Limit)
			} else {
				runs, err = s.List(f)
			}
			if err != nil {
				return userErr("%v", err)
			}
			if asJSON {
				return writeJSON(a.stdout, runs)
			}
			writeRuns(a.stdout, runs)
			return nil
		},
	}
	cmd.Flags().StringVar(&f.Scenario, "scenario", "", "only the runs of scenario `ID`")
	cmd.Flags().StringVar(&f.Team, "team", "", "only the runs of team `T`")
	cmd.Flags().IntVar(&f.Limit, "limit", 0, "at most `N` runs (0: all)")
	cmd.Flags().BoolVar(&best, "best", false, "the leaderboard: each team's best run of --scenario")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the runs as JSON")
	cmd.AddCommand(a.exportCmd(), a.importCmd())
	return cmd
}

// principleOrder is the order of the seven principles in tables.
var principleOrder = []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"}

func writeRuns(w io.Writer, runs []store.Run) {
	if len(runs) == 0 {
		fmt.Fprintln(w, "no recorded drills yet: play one with ttx, or ttx run SCENARIO --team NAME --choose ...")
		return
	}
	// Columns are padded by hand: tabwriter is slow over ten thousand rows.
	head := append([]string{"RUN", "DATE", "TEAM", "SCENARIO", "VERSION", "ENDING", "TOTAL"}, principleOrder...)
	for i := 7; i < len(head); i++ {
		head[i] = strings.ToUpper(head[i])
	}
	rows := make([][]string, 0, len(runs)+1)
	rows = append(rows, head)
	for _, r := range runs {
		ending := r.Ending
		switch {
		case !r.Finished:
			ending = "(unfinished)"
		case ending == "":
			ending = "(none)"
		}
		total := "-"
		if r.Finished {
			total = strconv.FormatFloat(r.Total, 'f', 0, 64) + "%"
		}
		row := []string{strconv.FormatInt(r.ID, 10), r.Started.Local().Format("2006-01-02 15:04"), orDash(r.Team),
			r.Record.Scenario, orDash(r.Record.Version), ending, total}
		for _, p := range principleOrder {
			cell := "-"
			for _, s := range r.Scores {
				if s.Principle == p && s.Scored {
					cell = strconv.FormatFloat(s.Percent, 'f', 0, 64) + "%"
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(head))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, row := range rows {
		for i, c := range row {
			bw.WriteString(c)
			if i < len(row)-1 {
				bw.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		bw.WriteByte('\n')
	}
	bw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, string(b))
	return err
}

func (a *app) exportCmd() *cobra.Command {
	var (
		f   store.Filter
		out string
	)
	cmd := &cobra.Command{
		Use:   "export [--scenario ID] [-o FILE.json]",
		Short: "Write recorded drills as JSON, to move them to another machine",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStore()
			if err != nil {
				return err
			}
			defer s.Close()
			err = a.output(out, func(w io.Writer) error { return s.Export(w, f) })
			if ee := (*exitError)(nil); err != nil && !errors.As(err, &ee) {
				return userErr("the export failed: %v", err)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&f.Scenario, "scenario", "", "only the runs of scenario `ID`")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to `FILE` (atomically) instead of standard output")
	return cmd
}

func (a *app) importCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.json",
		Short: "Add the drills of an export; importing twice adds nothing",
		Args:  exactArgs(1, "FILE.json"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStore()
			if err != nil {
				return err
			}
			defer s.Close()
			f, err := engine.OpenRegular(args[0])
			if err != nil {
				return userErr("%v", engine.ReadError(args[0], "an export (a .json file from ttx results export)", err))
			}
			defer f.Close()
			n, err := s.Import(f)
			if err != nil {
				return userErr("%s: %v; nothing was imported", args[0], err)
			}
			fmt.Fprintf(a.stdout, "imported %d new run(s)\n", n)
			return nil
		},
	}
}

// loadRun fetches a stored run by its id argument and replays it.
func (a *app) loadRun(s *store.Store, arg string) (report.Input, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil {
		return report.Input{}, userErr("%q is not a run id; ttx results lists them", arg)
	}
	r, err := s.Get(id)
	if err != nil {
		return report.Input{}, userErr("%v", err)
	}
	sc, d, err := a.replayRun(r)
	if err != nil {
		return report.Input{}, err
	}
	res, err := d.Result(r.Team)
	if err != nil {
		return report.Input{}, userErr("%v", err)
	}
	return report.Input{Scenario: sc, Drill: d, Result: res, RunID: r.ID, Team: r.Team, Participants: r.Participants,
		Started: r.Started, Ended: r.Ended, Hotwash: r.Hotwash, Actions: r.Actions}, nil
}

func (a *app) reportCmd() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "report RUN [--format md|html|json] [-o FILE]",
		Short: "Write the after-action report of a recorded drill",
		Long: `Write the after-action report of a recorded drill: overview, timeline of injects
and decisions, per-principle scores with ratings and the decisions behind them,
what the best path did differently, the hotwash and the improvement plan.
The HTML report is one self-contained file that prints on A4.`,
		Args: exactArgs(1, "RUN, a run id from ttx results"),
		RunE: func(cmd *cobra.Command, args []string) error {
			write, ok := map[string]func(io.Writer, report.Input) error{"md": report.Markdown, "html": report.HTML, "json": report.JSON}[format]
			if !ok {
				return userErr("--format is md, html or json, not %q", format)
			}
			s, err := a.openStore()
			if err != nil {
				return err
			}
			defer s.Close()
			in, err := a.loadRun(s, args[0])
			if err != nil {
				return err
			}
			return a.output(out, func(w io.Writer) error { return write(w, in) })
		},
	}
	formatFlag(cmd, &format, "md", "html", "json")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to `FILE` (atomically) instead of standard output")
	return cmd
}

// output writes to stdout, or atomically to a file.
func (a *app) output(file string, write func(io.Writer) error) error {
	if file == "" {
		return write(a.stdout)
	}
	if err := a.checkOutput(file); err != nil {
		return err
	}
	var b strings.Builder
	if err := write(&b); err != nil {
		return err
	}
	if err := engine.WriteFileAtomic(file, []byte(b.String()), 0o644); err != nil {
		return writeFailed(file, err)
	}
	fmt.Fprintf(a.stderr, "wrote %s\n", file)
	return nil
}

func (a *app) compareCmd() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "compare RUN RUN... [--format text|md|html]",
		Short: "Compare recorded drills side by side, principle by principle",
		Long: `Compare recorded drills of one scenario side by side, principle by principle,
with where their paths first diverged and what each chose there. Warns when
the runs were played on different versions of the scenario.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return userErr("compare takes two or more run ids; ttx results lists them")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStore()
			if err != nil {
				return err
			}
			defer s.Close()
			var ins []report.Input
			for _, arg := range args {
				in, err := a.loadRun(s, arg)
				if err != nil {
					return err
				}
				ins = append(ins, in)
			}
			for _, in := range ins[1:] {
				if in.Result.Scenario != ins[0].Result.Scenario {
					return userErr("run %d is of scenario %q and run %d of %q; compare runs of one scenario", ins[0].RunID, ins[0].Result.Scenario, in.RunID, in.Result.Scenario)
				}
				if in.Result.Hash != ins[0].Result.Hash {
					fmt.Fprintf(a.stderr, "ttx: warning: run %d was played on version %q of the scenario and run %d on %q; scores may not compare\n", ins[0].RunID, ins[0].Result.Version, in.RunID, in.Result.Version)
				}
			}
			switch format {
			case "md":
				return a.output(out, func(w io.Writer) error { return report.CompareMarkdown(w, ins) })
			case "html":
				return a.output(out, func(w io.Writer) error { return report.CompareHTML(w, ins) })
			case "text":
				return a.output(out, func(w io.Writer) error { writeComparison(w, ins); return nil })
			}
			return userErr("--format is text, md or html, not %q", format)
		},
	}
	formatFlag(cmd, &format, "text", "md", "html")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to `FILE` (atomically) instead of standard output")
	return cmd
}

// writeComparison prints runs side by side for the terminal.
func writeComparison(w io.Writer, ins []report.Input) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{""}
	for _, in := range ins {
		head = append(head, fmt.Sprintf("#%d %s", in.RunID, orDash(in.Team)))
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
	row("total", func(in report.Input) string { return fmt.Sprintf("%.0f%%", in.Result.TotalPercent) })
	for p, pr := range ins[0].Scenario.Guidance.Principles {
		if !ins[0].Scenario.Scored(p) {
			continue
		}
		row(pr.ID, func(in report.Input) string {
			s := in.Result.Scores[p]
			return fmt.Sprintf("%.0f%% %s", s.Percent, engine.RatingFor(s.Percent).Code)
		})
	}
	tw.Flush()
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

func (a *app) actionsCmd() *cobra.Command {
	var (
		scenario string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "actions [--scenario ID] | actions done ID | actions reopen ID",
		Short: "List the open improvement actions across drills, and mark them done",
		Args:  exactArgs(0, "no arguments (or the subcommands done and reopen)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStore()
			if err != nil {
				return err
			}
			defer s.Close()
			acts, err := s.OpenActions(scenario)
			if err != nil {
				return userErr("%v", err)
			}
			if asJSON {
				return writeJSON(a.stdout, acts)
			}
			if len(acts) == 0 {
				fmt.Fprintln(a.stdout, "no open improvement actions")
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tDUE\tOWNER\tPRINCIPLE\tSCENARIO\tRUN\tWHAT")
			for _, x := range acts {
				due := "-"
				if !x.Due.IsZero() {
					due = x.Due.Format("2006-01-02")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t#%d\t%s\n", x.ID, due, orDash(x.Owner), orDash(x.Principle), x.Scenario, x.Run, x.What)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&scenario, "scenario", "", "only the actions from drills of scenario `ID`")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the actions as JSON")
	mark := func(use string, done bool) *cobra.Command {
		return &cobra.Command{
			Use:   use + " ID",
			Short: map[bool]string{true: "Mark an improvement action done", false: "Open a done action again"}[done],
			Args:  exactArgs(1, "ID, an action id from ttx actions"),
			RunE: func(cmd *cobra.Command, args []string) error {
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil {
					return userErr("%q is not an action id; ttx actions lists them", args[0])
				}
				s, err := a.openStore()
				if err != nil {
					return err
				}
				defer s.Close()
				if err := s.SetActionDone(id, done, nowUTC()); err != nil {
					return userErr("%v", err)
				}
				return nil
			},
		}
	}
	cmd.AddCommand(mark("done", true), mark("reopen", false))
	return cmd
}

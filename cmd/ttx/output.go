package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

// exactArgs is cobra.ExactArgs with a message that names what is missing.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if n == 0 && len(args) > 0 && suggestCommand(cmd, args[0]) != "" {
			return unknownCommand(cmd, args[0])
		}
		if len(args) != n {
			return userErr("%s takes %s; see `%s --help`", cmd.Name(), what, cmd.CommandPath())
		}
		return nil
	}
}

// minArgs requires at least one argument, saying what is missing.
func minArgs(msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return userErr("%s", msg)
		}
		return nil
	}
}

// loadErr reports a scenario that does not load: diagnostics in their pretty
// form, anything else as one line.
func loadErr(err error) error {
	var ds engine.Diagnostics
	if errors.As(err, &ds) {
		return &exitError{code: exitUser, msg: ds.Pretty(), raw: true}
	}
	return userErr("%v", err)
}

// fileInUse is a file a command reads: the results database, the risk
// register, a scenario.
type fileInUse struct {
	path string
	what string // "the results database"
}

// use notes that the command reads the file at path.
func (a *app) use(path, what string) {
	a.inUse = append(a.inUse, fileInUse{path, what})
}

// checkOutput refuses an output file that is one the command reads: writing
// a report over the register or an export over the database would destroy
// it.
func (a *app) checkOutput(file string) error {
	out, err := os.Stat(file)
	if err != nil {
		return nil // a new file is in nobody's use
	}
	for _, u := range a.inUse {
		if st, err := os.Stat(u.path); err == nil && os.SameFile(out, st) {
			return userErr("-o %s is %s this command reads; writing there would destroy it, so choose another file", file, u.what)
		}
	}
	return nil
}

// writeFailed says why file could not be written, in one sentence that
// names neither a temporary file nor the path twice.
func writeFailed(file string, err error) error {
	var nr *engine.NotRegularError
	if errors.As(err, &nr) {
		what := nr.Path
		if what == file {
			what = "it"
		}
		return userErr("cannot write %s: %s is %s, and ttx replaces only a regular file; choose another path", file, what, engine.FileKind(nr.Mode))
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return userErr("cannot write %s: %v", file, err)
}

func hours(h float64) string { return "T+" + engine.FormatValue(engine.Var{}, h) + "h" }

// writeResult prints a result for people. A drill that has not ended has
// no score: it waits at scene w.
func writeResult(w io.Writer, sc *engine.Scenario, r *engine.Result, wait *waiting) {
	fmt.Fprintf(w, "%s (%s, version %s)\n", engine.Sanitize(sc.Title), sc.ID, orDash(engine.Sanitize(sc.Version)))
	if r.Team != "" {
		fmt.Fprintf(w, "Team: %s\n", engine.Sanitize(r.Team))
	}
	switch {
	case r.Ending != "":
		fmt.Fprintf(w, "Ending: %s (%s) at %s\n", engine.Sanitize(r.EndingTitle), r.Ending, hours(r.Hours))
	case r.Ended:
		fmt.Fprintf(w, "Ending: none: the drill stopped at a scene with nothing to choose, at %s\n", hours(r.Hours))
	default:
		fmt.Fprintf(w, "Not finished: at %s, scene %s waits for a decision\n", hours(r.Hours), wait.Scene)
	}
	fmt.Fprintf(w, "Seed: %d\n\nDecisions\n", r.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, d := range r.Decisions {
		line := fmt.Sprintf("  %s\t%s\t%s", hours(d.Hours), d.Scene, strings.Join(d.Choices, " + "))
		if d.TimedOut {
			line += " (time ran out)"
		}
		if len(d.Events) > 0 {
			line += "\t-> " + strings.Join(d.Events, ", ")
		}
		fmt.Fprintln(tw, line)
	}
	if len(r.Decisions) == 0 {
		fmt.Fprintln(tw, "  (none)")
	}
	tw.Flush()
	if !r.Ended {
		fmt.Fprintln(w, "\nNo score: a drill is scored once it ends.")
		return
	}
	fmt.Fprintln(w, "\nScores")
	fmt.Fprintf(w, "  %-10s %5s %5s %6s %8s\n", "principle", "raw", "best", "worst", "percent")
	var notes []string
	for _, s := range r.Scores {
		if !s.Scored {
			continue
		}
		mark := ""
		if s.Plan != nil {
			mark = " *"
			notes = append(notes, planNote(s))
		}
		fmt.Fprintf(w, "  %-10s %5d %5d %6d %7.0f%%%s\n", s.Principle, s.Raw, s.Best, s.Worst, s.Percent, mark)
	}
	rt, capped := engine.OverallRating(r.TotalPercent, r.Scores)
	fmt.Fprintf(w, "\nTotal: %.0f%%, rated %s (%s)\n", r.TotalPercent, rt.Code, rt.Label)
	if capped != nil {
		fmt.Fprintf(w, "  %s.\n", capped.Reason(rt, engine.Sanitize))
	}
	for _, n := range notes {
		fmt.Fprintln(w, "\n* "+n)
	}
	if r.BoundsEstimated {
		fmt.Fprintf(w, "\n%s\n", r.BoundsNote)
	}
}

// planNote says what the register plan added to a principle's score.
func planNote(s engine.Score) string { return s.PlanStatement() }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

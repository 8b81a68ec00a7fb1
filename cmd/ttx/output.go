package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

// exactArgs is cobra.ExactArgs with a message that names what is missing.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return userErr("%s takes %s; see `ttx %s --help`", cmd.Name(), what, cmd.Name())
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

func hours(h float64) string { return "T+" + engine.FormatValue(engine.Var{}, h) + "h" }

// writeResult prints a result for people.
func writeResult(w io.Writer, sc *engine.Scenario, r *engine.Result) {
	fmt.Fprintf(w, "%s (%s, version %s)\n", sc.Title, sc.ID, orDash(sc.Version))
	if r.Team != "" {
		fmt.Fprintf(w, "Team: %s\n", r.Team)
	}
	switch {
	case r.Ending != "":
		fmt.Fprintf(w, "Ending: %s (%s) at %s\n", r.EndingTitle, r.Ending, hours(r.Hours))
	case r.Ended:
		fmt.Fprintf(w, "Ending: none: the drill stopped at a scene with nothing to choose, at %s\n", hours(r.Hours))
	default:
		fmt.Fprintf(w, "Not finished: at %s\n", hours(r.Hours))
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
	tw.Flush()
	fmt.Fprintln(w, "\nScores")
	fmt.Fprintf(w, "  %-10s %5s %5s %6s %8s\n", "principle", "raw", "best", "worst", "percent")
	for _, s := range r.Scores {
		if !s.Scored {
			continue
		}
		fmt.Fprintf(w, "  %-10s %5d %5d %6d %7.0f%%\n", s.Principle, s.Raw, s.Best, s.Worst, s.Percent)
	}
	fmt.Fprintf(w, "\nTotal: %.0f%%\n", r.TotalPercent)
	if r.BoundsEstimated {
		fmt.Fprintf(w, "\n%s\n", r.BoundsNote)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/engine/store"
)

// loadRun fetches a stored run by its id argument and replays it on the
// scenario it was played on, scored as it was when it ended.
func (a *app) loadRun(s store.Store, arg string) (report.Input, *store.Run, error) {
	r, err := a.getRun(s, arg, "ttx results")
	if err != nil {
		return report.Input{}, nil, err
	}
	sc, d, err := a.replayRun(s, r)
	if err != nil {
		return report.Input{}, nil, err
	}
	res, err := r.Result(d)
	if err != nil {
		return report.Input{}, nil, userErr("%v", err)
	}
	return report.Input{Scenario: sc, Drill: d, Result: res, RunID: r.ID, Team: r.Team, Participants: r.Participants,
		Started: r.Started, Ended: r.Ended, Hotwash: r.Hotwash, Actions: r.Actions, Positions: r.Positions, Controls: r.Controls}, r, nil
}

func (a *app) reportCmd() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "report RUN [--format md|html|json] [-o FILE]",
		Short: "Write the after-action report of a recorded drill",
		Long: `Write the after-action report of a recorded drill: overview, timeline of injects
and decisions, per-principle scores with ratings and the decisions behind them,
what the best path did differently, the hotwash and the improvement plan.
The scores are those the drill was given when it ended; the scenario is the
version it was played on, as the results store keeps it.
The HTML report is one self-contained file that prints on A4.`,
		Args: exactArgs(1, "RUN, a run id from ttx results"),
		RunE: func(cmd *cobra.Command, args []string) error {
			write, ok := map[string]func(io.Writer, report.Input) error{"md": report.Markdown, "html": report.HTML, "json": report.JSON}[format]
			if !ok {
				return userErr("--format is md, html or json, not %q", engine.Sanitize(format))
			}
			s, err := a.openReader()
			if err != nil {
				return err
			}
			defer s.Close()
			in, _, err := a.loadRun(s, args[0])
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
	fmt.Fprintf(a.stderr, "wrote %s\n", engine.Sanitize(file))
	return nil
}

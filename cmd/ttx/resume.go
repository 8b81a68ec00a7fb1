package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine/jsondoc"
	"github.com/ttx-dev/ttx/ui"
)

func (a *app) resumeCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "resume [RUN]",
		Short: "List unfinished drills, or continue one exactly where it stopped",
		Long: `Without RUN, list the drills that were stopped before their end (closed,
crashed, killed). With RUN, continue that drill in the terminal UI exactly
where it stopped: the same seed, the same decisions, the same events and clocks.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return userErr("resume takes at most one run id")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.listUnfinished(asJSON)
			}
			s, err := a.openStore()
			if err != nil {
				return err
			}
			r, err := a.getRun(s, args[0], "ttx resume")
			if err != nil {
				s.Close()
				return err
			}
			if r.Finished {
				s.Close()
				return userErr("run %d is finished; ttx report %d shows it", r.ID, r.ID)
			}
			if r.Session != 0 {
				s.Close()
				return userErr("run %d is a team's drill of a room session; ttx serve resumes it with its session", r.ID)
			}
			_, d, err := a.replayRun(s, r)
			if err != nil {
				s.Close()
				return err
			}
			reg, broken, err := a.drillRegister()
			if err != nil {
				s.Close()
				return err
			}
			return a.runTUI(ui.Options{Resume: &ui.Resumed{Run: r, Drill: d}, Register: reg, RegisterErr: broken, RegisterPath: a.registerPath()}, s)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the unfinished drills as JSON")
	return cmd
}

// listUnfinished lists the drills stopped before their end.
func (a *app) listUnfinished(asJSON bool) error {
	s, err := a.openReader()
	if err != nil {
		return err
	}
	defer s.Close()
	runs, err := s.Unfinished()
	if err != nil {
		return userErr("%v", err)
	}
	if asJSON {
		return jsondoc.Write(a.stdout, runsDoc(jsondoc.FormatUnfinished, runs))
	}
	if len(runs) == 0 {
		fmt.Fprintln(a.stdout, "no unfinished drills")
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tSTARTED\tTEAM\tSCENARIO\tDECISIONS")
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\n", r.ID, r.Started.Local().Format("2006-01-02 15:04"), orDash(oneLine(r.Team)), oneLine(r.Record.Scenario), r.DecisionCount)
	}
	return tw.Flush()
}

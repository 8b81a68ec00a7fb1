package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

func (a *app) graphCmd() *cobra.Command {
	var (
		format string
		budget budgetFlags
	)
	cmd := &cobra.Command{
		Use:   "graph SCENARIO [--format dot|mermaid]",
		Short: "Print the branching as a graph (Graphviz DOT or Mermaid)",
		Long: `Print the scenario's branching as a graph: scenes as boxes (the start in bold,
unreachable ones dashed), endings as double octagons, each choice as an edge
labelled with its id and coloured by its score effect (green gains, red losses,
grey neither), and each event that can redirect the drill as a dashed edge.

  ttx graph retail-card-breach | dot -Tsvg > graph.svg`,
		Args: exactArgs(1, "SCENARIO"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "dot" && format != "mermaid" {
				return userErr("--format is dot or mermaid, not %q", format)
			}
			sc, err := a.scenario(args[0])
			if err != nil {
				return err
			}
			b, err := budget.budget()
			if err != nil {
				return err
			}
			an := a.analyst(b, false, true).Analyze(sc)
			a.endProgress()
			if an.Estimated {
				fmt.Fprintf(a.stderr, "ttx: %s The graph marks unreachable only the scenes the estimate rules out, and shows events from their own node.\n", an.Note)
			}
			if format == "mermaid" {
				return sc.WriteMermaid(a.stdout, an)
			}
			return sc.WriteDOT(a.stdout, an)
		},
	}
	formatFlag(cmd, &format, "dot", "mermaid")
	budget.register(cmd, engine.DefaultMaxStates, false)
	return cmd
}

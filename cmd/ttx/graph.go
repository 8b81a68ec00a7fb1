package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

func (a *app) graphCmd() *cobra.Command {
	var (
		format    string
		maxStates int
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
			an, err := engine.Analyze(sc, maxStates)
			var limit *engine.StateLimitError
			if errors.As(err, &limit) {
				fmt.Fprintf(a.stderr, "ttx: %v; the graph shows events from their own node and marks nothing unreachable\n", err)
				an = nil
			} else if err != nil {
				return err
			}
			if format == "mermaid" {
				return sc.WriteMermaid(a.stdout, an)
			}
			return sc.WriteDOT(a.stdout, an)
		},
	}
	formatFlag(cmd, &format, "dot", "mermaid")
	cmd.Flags().IntVar(&maxStates, "max-states", engine.DefaultMaxStates, "explore at most `N` states to find where events redirect")
	return cmd
}

package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

// actionsDoc is the document of `ttx actions --json`.
type actionsDoc struct {
	jsondoc.Header
	Actions []jsondoc.Action `json:"actions"`
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
			s, err := a.openReader()
			if err != nil {
				return err
			}
			defer s.Close()
			acts, err := s.OpenActions(scenario)
			if err != nil {
				return userErr("%v", err)
			}
			if asJSON {
				doc := actionsDoc{Header: jsondoc.HeaderOf(jsondoc.FormatActions), Actions: []jsondoc.Action{}}
				for _, x := range acts {
					x.What, x.Owner, x.Principle, x.Scenario = engine.Sanitize(x.What), engine.Sanitize(x.Owner), engine.Sanitize(x.Principle), engine.Sanitize(x.Scenario)
					doc.Actions = append(doc.Actions, jsondoc.ActionOf(x))
				}
				return jsondoc.Write(a.stdout, doc)
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
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t#%d\t%s\n", x.ID, due, orDash(oneLine(x.Owner)), orDash(oneLine(x.Principle)), oneLine(x.Scenario), x.Run, oneLine(x.What))
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
					return userErr("%q is not an action id; ttx actions lists them", engine.Sanitize(args[0]))
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

package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

// scenariosDoc is the document of `ttx list --json`.
type scenariosDoc struct {
	jsondoc.Header
	Scenarios []listedScenario `json:"scenarios"`
}

type listedScenario struct {
	jsondoc.Scenario
	Shipped bool   `json:"shipped"` // embedded in ttx
	Path    string `json:"path"`    // the file; for a shipped scenario, its name in ttx
}

func (a *app) listCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the scenarios available: shipped, and from --dir",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.catalog()
			if err != nil {
				return err
			}
			if asJSON {
				doc := scenariosDoc{Header: jsondoc.HeaderOf(jsondoc.FormatScenarios), Scenarios: []listedScenario{}}
				for _, e := range c.Entries {
					ls := listedScenario{Scenario: jsondoc.ScenarioOf(e.Scenario), Shipped: e.Shipped, Path: engine.Sanitize(e.Path)}
					ls.Title, ls.Version = engine.Sanitize(ls.Title), engine.Sanitize(ls.Version)
					doc.Scenarios = append(doc.Scenarios, ls)
				}
				return jsondoc.Write(a.stdout, doc)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			for _, e := range c.Entries {
				fmt.Fprintf(tw, "%s\t%s\n", e.ID, oneLine(e.Title))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the scenarios as JSON")
	return cmd
}

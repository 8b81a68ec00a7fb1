package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// app holds what every command shares: the streams and the global flags.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dirs           []string
	db             string
	risks          string
	cat            *scenarios.Catalog // loaded once, on first use
	inUse          []fileInUse        // files the command reads, which -o must not replace
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "ttx",
		Short: "Tabletop drills of data-breach crises, scored against breach-response guidance",
		Long: `ttx runs tabletop exercises of data-breach crises: branching scenarios written
in TOML, played by a team, and scored principle by principle against published
breach-response guidance.

Without a command, ttx opens the terminal UI at its home screen.
SCENARIO is the id of a shipped scenario (see ttx list) or a path to a .toml file.`,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringSliceVar(&a.dirs, "dir", nil, "also list scenarios from `DIR` (repeatable)")
	root.PersistentFlags().StringVar(&a.risks, "risks", "", "the risk register (default: risks.toml, when it exists)")
	root.PersistentFlags().StringVar(&a.db, "db", "", "the results database (default: $TTX_DB, else ttx/ttx.db in the user's data directory)")
	var home tuiFlags
	home.register(root)
	root.Args = noArgs
	root.RunE = func(cmd *cobra.Command, args []string) error { return a.tui(cmd, home, nil) }
	root.AddCommand(a.playCmd(), a.runCmd(), a.validateCmd(), a.listCmd(), a.analyzeCmd(), a.graphCmd(), a.newCmd(), a.schemaCmd(), a.testCmd(),
		a.resultsCmd(), a.reportCmd(), a.compareCmd(), a.actionsCmd(), a.resumeCmd(), a.riskmapCmd(), a.versionCmd(), a.packageCmd(), a.serveCmd())
	a.completions(root)
	return root
}

// catalog lists the shipped scenarios and those of --dir, loading them on
// the first call only.
func (a *app) catalog() (*scenarios.Catalog, error) {
	if a.cat != nil {
		return a.cat, nil
	}
	c, err := scenarios.NewCatalog(a.dirs...)
	if err != nil {
		return nil, userErr("%v", err)
	}
	for _, e := range c.Shadowed {
		fmt.Fprintf(a.stderr, "ttx: warning: %v\n", e)
	}
	a.cat = c
	return c, nil
}

// scenario loads the scenario named by a command's SCENARIO argument, with
// its diagnostics as the error when it does not load.
func (a *app) scenario(arg string) (*engine.Scenario, error) {
	c, err := a.catalog()
	if err != nil {
		return nil, err
	}
	sc, err := c.Resolve(arg)
	if err != nil {
		return nil, loadErr(err)
	}
	if !c.IsShipped(sc) {
		a.use(sc.File, "the scenario")
	}
	return sc, nil
}

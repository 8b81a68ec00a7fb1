package main

import (
	"fmt"
	"io"
	"os"
	"strings"

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
	rubrics        engine.Guides      // the shipped rubric, loaded without the catalog
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

// guides returns the rubrics files are read against. Unlike catalog, which
// parses every shipped scenario, it loads the rubric alone, so that a
// command that reads only the files it is given starts at once; with --dir
// it loads the catalog, whose problems are then reported.
func (a *app) guides() (engine.Guides, error) {
	if a.cat != nil || len(a.dirs) > 0 {
		c, err := a.catalog()
		if err != nil {
			return nil, err
		}
		return c.Guides, nil
	}
	if a.rubrics == nil {
		g, err := scenarios.Guides()
		if err != nil {
			return nil, userErr("the built-in guidance does not load: %v", err)
		}
		a.rubrics = g
	}
	return a.rubrics, nil
}

// isPath reports whether a SCENARIO argument is a path rather than an id:
// the rule of scenarios.Catalog.Resolve.
func isPath(arg string) bool {
	return strings.HasSuffix(arg, ".toml") || strings.ContainsRune(arg, os.PathSeparator)
}

// scenario loads the scenario named by a command's SCENARIO argument, with
// its diagnostics as the error when it does not load. A path needs only the
// rubric (guides).
func (a *app) scenario(arg string) (*engine.Scenario, error) {
	if isPath(arg) {
		g, err := a.guides()
		if err != nil {
			return nil, err
		}
		sc, err := engine.Load(arg, g)
		if err != nil {
			return nil, loadErr(err)
		}
		a.use(sc.File, "the scenario")
		return sc, nil
	}
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

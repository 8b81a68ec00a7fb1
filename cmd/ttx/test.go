package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

func (a *app) testCmd() *cobra.Command {
	var (
		verbose bool
		budget  budgetFlags
	)
	cmd := &cobra.Command{
		Use:   "test FILE|DIR...",
		Short: "Run playtests: paths of decisions with the ending and scores they must give",
		Long: `Run playtest files (or every .toml file under a directory): each [[playtest]]
plays a path of decisions on its scenario and checks the ending, the clock and
the scores it expects. Reports like go test; exit status 1 when any fails.

  scenario = "my-drill.toml"        # a path relative to this file, or a shipped id

  [[playtest]]
  name = "following the guidance"
  seed = 1
  choose = ["call-the-team", "say-sorry+explain-risk+email-customers", "offer-monitoring", "fix-the-cause"]
  ending = "recovered"              # or "none", or unfinished = true
  hours = 4                         # the clock at the end
  total = { min = 85 }              # percent
  scores = { prepare = { min = 100 } }
  raw = { own = 4 }

docs/scenario-format.md describes the playtest format.`,
		Args: minArgs("test takes one or more playtest files or directories"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.catalog()
			if err != nil {
				return err
			}
			b, err := budget.budget()
			if err != nil {
				return err
			}
			an := a.analyst(b, false, false)
			files, err := expandPaths(args)
			if err != nil {
				return err
			}
			explicit := map[string]bool{}
			for _, a := range args {
				explicit[a] = true
			}
			failed, ran := 0, 0
			for _, f := range files {
				// A directory may hold scenarios beside their playtests.
				if src, err := engine.ReadFile(f); err == nil && !explicit[f] && fileKind(f, src) != "playtests" {
					continue
				}
				ran++
				if !a.runPlaytests(c, an, f, verbose) {
					failed++
				}
			}
			if ran == 0 {
				return userErr("no playtest files (with [[playtest]] tables) in %s", strings.Join(args, ", "))
			}
			if failed > 0 {
				return &exitError{code: exitUser, msg: fmt.Sprintf("%d of %d playtest file(s) failed", failed, ran)}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every playtest, not only the failures")
	budget.register(cmd, engine.DefaultMaxStates, false)
	return cmd
}

// runPlaytests runs one file's playtests, scored with the bounds of an, and
// reports them; it returns whether all passed.
func (a *app) runPlaytests(c *scenarios.Catalog, an *engine.Analyst, file string, verbose bool) bool {
	start := time.Now()
	src, err := engine.ReadFile(file)
	if err != nil {
		fmt.Fprintf(a.stdout, "FAIL\t%s\t%v\n", file, err)
		return false
	}
	pf, err := engine.ParsePlaytests(file, src)
	if err != nil {
		var ds engine.Diagnostics
		if errors.As(err, &ds) {
			fmt.Fprint(a.stderr, ds.Pretty())
		}
		fmt.Fprintf(a.stdout, "FAIL\t%s\t(the playtest file does not load)\n", file)
		return false
	}
	target := pf.Scenario
	if strings.HasSuffix(target, ".toml") || strings.ContainsRune(target, '/') {
		target = filepath.Join(filepath.Dir(file), target)
	}
	sc, err := c.Resolve(target)
	if err != nil {
		if ds := (engine.Diagnostics{}); errors.As(err, &ds) {
			fmt.Fprint(a.stderr, ds.Pretty())
		}
		fmt.Fprintf(a.stdout, "FAIL\t%s\t(scenario %q does not load: %v)\n", file, pf.Scenario, firstLine(err))
		return false
	}
	sc.SetAnalyst(an)
	passed := 0
	for i := range pf.Playtests {
		p := &pf.Playtests[i]
		t0 := time.Now()
		fails := pf.Run(p, sc)
		took := time.Since(t0).Seconds()
		if len(fails) == 0 {
			passed++
			if verbose {
				fmt.Fprintf(a.stdout, "--- PASS: %s (%.2fs)\n", p.Name, took)
			}
			continue
		}
		fmt.Fprintf(a.stdout, "--- FAIL: %s (%.2fs)\n", p.Name, took)
		for _, d := range fails {
			fmt.Fprintf(a.stdout, "    %s\n", d.Error())
		}
	}
	took := time.Since(start).Seconds()
	if passed == len(pf.Playtests) {
		fmt.Fprintf(a.stdout, "ok  \t%s\t%d passed\t%.2fs\n", file, passed, took)
		return true
	}
	fmt.Fprintf(a.stdout, "FAIL\t%s\t%d passed, %d failed\t%.2fs\n", file, passed, len(pf.Playtests)-passed, took)
	return false
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

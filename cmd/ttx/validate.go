package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

func (a *app) validateCmd() *cobra.Command {
	var (
		strict bool
		budget budgetFlags
	)
	cmd := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check scenario, risk register, rubric and playtest files and report every problem with its position",
		Long: `Check scenario files (or every .toml file under a directory) and report each
problem as FILE:LINE:COL: message, with the offending line and a hint. A risk
register (such as risks.toml), a guidance rubric or a playtest file is
recognised by its tables and checked with the rules of its kind.

Besides errors, it warns about what is legal but likely a mistake: scenes never
reached, dead ends, endings never reached, variables nothing reads, choices
that change nothing, principles never scored. It explores every reachable
state to find them, within a budget (--max-states, 1,000,000 by default, so
that a file validates in about two seconds, --max-memory and --max-time);
past it, it judges from an estimate and says so in a warning.

Exit status 0 when every file is valid (warnings do not fail, unless --strict),
1 otherwise.`,
		Args: minArgs("validate takes one or more files or directories"),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := a.guides()
			if err != nil {
				return err
			}
			files, err := expandPaths(args)
			if err != nil {
				return err
			}
			b, err := budget.budget()
			if err != nil {
				return err
			}
			bad := 0
			for _, f := range files {
				ws, err := checkFile(f, g, a.analyst(b, false, false))
				var ds engine.Diagnostics
				switch {
				case errors.As(err, &ds):
					fmt.Fprint(a.stderr, ds.Pretty())
					bad++
				case err != nil:
					fmt.Fprintf(a.stderr, "%v\n", err)
					bad++
				default:
					fmt.Fprint(a.stderr, ws.Pretty())
					if strict && len(ws) > 0 {
						bad++
					}
				}
			}
			if bad > 0 {
				why := ""
				if strict {
					why = " (--strict counts warnings as failures)"
				}
				return &exitError{code: exitUser, msg: fmt.Sprintf("%d of %d file(s) failed to validate%s", bad, len(files), why)}
			}
			if len(files) > 1 {
				fmt.Fprintf(a.stdout, "%d files valid\n", len(files))
			} else {
				fmt.Fprintf(a.stdout, "%s: valid\n", files[0])
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "fail on warnings too")
	budget.register(cmd, validateStates, true)
	return cmd
}

// validateStates is how many states validate explores by default: about two
// seconds' work here.
const validateStates = 1_000_000

// The table headers that tell the kinds of TOML file apart.
var (
	scenarioHeader = regexp.MustCompile(`(?m)^[ \t]*\[scenario\]`)
	rubricHeader   = regexp.MustCompile(`(?m)^[ \t]*\[guidance\]`)
	playtestHeader = regexp.MustCompile(`(?m)^[ \t]*\[\[playtest\]\]`)
	registerHeader = regexp.MustCompile(`(?m)^[ \t]*(\[\[risks\]\]|\[register\]|\[bands\])`)
)

// fileKind tells what a TOML file is by its shape: a scenario, a risk
// register, a guidance rubric or a playtest file. A file of no known shape
// is taken for a scenario, whose errors then say what is missing; a file
// named risks.toml is a register unless it has a [scenario] table.
func fileKind(path string, src []byte) string {
	switch {
	case scenarioHeader.Match(src):
		return "scenario"
	case rubricHeader.Match(src):
		return "rubric"
	case playtestHeader.Match(src):
		return "playtests"
	case registerHeader.Match(src) || filepath.Base(path) == engine.DefaultRegisterFile:
		return "register"
	}
	return "scenario"
}

// checkFile checks a scenario, risk register, rubric or playtest file with
// the rules of its kind, and returns its warnings; a scenario's include
// what its analysis by an finds.
func checkFile(path string, g engine.Guides, an *engine.Analyst) (engine.Diagnostics, error) {
	src, err := engine.ReadFile(path)
	if err != nil {
		return nil, err
	}
	switch fileKind(path, src) {
	case "rubric":
		_, err := engine.ParseGuidance(path, src)
		return nil, err
	case "playtests":
		_, err := engine.ParsePlaytests(path, src)
		return nil, err
	case "register":
		reg, err := engine.ParseRegister(path, src, g[engine.DefaultGuidance])
		if err != nil {
			return nil, err
		}
		return reg.Warnings, nil
	}
	sc, err := engine.Parse(path, src, g)
	if err != nil {
		return nil, err
	}
	return sc.Lint(an.Analyze(sc)), nil
}

// expandPaths replaces each directory by the .toml files under it.
func expandPaths(args []string) ([]string, error) {
	var out []string
	for _, p := range args {
		st, err := os.Stat(p)
		if err != nil {
			return nil, userErr("%s: no such file or directory", p)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		n := len(out)
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".toml") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, userErr("%s: %v", p, err)
		}
		if len(out) == n {
			return nil, userErr("%s: the directory has no .toml files", p)
		}
	}
	return out, nil
}

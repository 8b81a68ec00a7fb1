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
	"github.com/ttx-dev/ttx/scenarios"
)

func (a *app) validateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check scenario files and report every problem with its position",
		Long: `Check scenario files (or every .toml file under a directory) and report each
problem as FILE:LINE:COL: message, with the offending line and a hint.
Exit status 0 when every file is valid (warnings do not fail), 1 otherwise.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return userErr("validate takes one or more files or directories")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.catalog()
			if err != nil {
				return err
			}
			files, err := expandPaths(args)
			if err != nil {
				return err
			}
			bad := 0
			for _, f := range files {
				sc, err := loadAny(f, c)
				var ds engine.Diagnostics
				switch {
				case errors.As(err, &ds):
					fmt.Fprint(a.stderr, ds.Pretty())
					bad++
				case err != nil:
					fmt.Fprintf(a.stderr, "%v\n", err)
					bad++
				case sc != nil:
					fmt.Fprint(a.stderr, sc.Warnings.Pretty())
				}
			}
			if bad > 0 {
				return &exitError{code: exitUser, msg: fmt.Sprintf("%d of %d file(s) failed to validate", bad, len(files))}
			}
			if len(files) > 1 {
				fmt.Fprintf(a.stdout, "%d files valid\n", len(files))
			} else {
				fmt.Fprintf(a.stdout, "%s: valid\n", files[0])
			}
			return nil
		},
	}
}

var rubricHeader = regexp.MustCompile(`(?m)^[ \t]*\[guidance\]`)

// loadAny checks a scenario, or a guidance rubric when the file is one; a
// rubric comes back as a nil scenario and a nil error.
func loadAny(path string, c *scenarios.Catalog) (*engine.Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return engine.Load(path, c.Guides) // for its error message
	}
	if rubricHeader.Match(src) {
		_, err := engine.ParseGuidance(path, src)
		return nil, err
	}
	return engine.Parse(path, src, c.Guides)
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

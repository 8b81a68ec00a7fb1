package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// schemaFile is the name ttx new gives the JSON Schema beside a scenario; the
// starter's #:schema line points at it.
const schemaFile = "ttx-scenario.schema.json"

var newID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func (a *app) newCmd() *cobra.Command {
	var dir, title string
	cmd := &cobra.Command{
		Use:   "new NAME [--dir DIR]",
		Short: "Write a commented starter scenario to build on",
		Long: `Write DIR/NAME.toml, a commented starter scenario that validates with
--strict and plays to an ending, and, if it is not there yet, the JSON Schema
that lets editors complete and check its keys (` + schemaFile + `).`,
		Args: exactArgs(1, "NAME, the new scenario's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			if !newID.MatchString(id) {
				return userErr("%q cannot be a scenario id: use lowercase letters, digits and hyphens, like my-drill", id)
			}
			if title == "" {
				title = id
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return userErr("cannot create %s: %v", dir, err)
			}
			path := filepath.Join(dir, id+".toml")
			if _, err := os.Stat(path); err == nil {
				return userErr("%s already exists; choose another name or remove it first", path)
			}
			if err := engine.WriteFileAtomic(path, scenarios.Starter(id, title), 0o644); err != nil {
				return writeFailed(path, err)
			}
			schema := filepath.Join(dir, schemaFile)
			if _, err := os.Stat(schema); errors.Is(err, fs.ErrNotExist) {
				g, err := a.guides()
				if err != nil {
					return err
				}
				if err := engine.WriteFileAtomic(schema, engine.Schema(g[engine.DefaultGuidance]), 0o644); err != nil {
					return writeFailed(schema, err)
				}
			}
			fmt.Fprintf(a.stdout, "wrote %s\nnext: ttx validate --strict %s, then ttx play %s\n", path, path, path)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", "directory to write into")
	cmd.Flags().StringVar(&title, "title", "", "the scenario's title (default: NAME)")
	return cmd
}

func (a *app) schemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the scenario format, for TOML editors",
		Long: `Print the JSON Schema of the scenario format. Save it beside your scenarios and
point at it from the first line of a scenario file, for completion and checks
in taplo or Even Better TOML:

  ttx schema > ` + schemaFile + `
  #:schema ./` + schemaFile,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := a.guides()
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(engine.Schema(g[engine.DefaultGuidance]))
			return err
		},
	}
}

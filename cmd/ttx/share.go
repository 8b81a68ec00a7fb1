package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

func (a *app) exportCmd() *cobra.Command {
	var (
		f   store.Filter
		out string
	)
	cmd := &cobra.Command{
		Use:   "export [--scenario ID] [-o FILE.json]",
		Short: "Write recorded drills and their scenarios as JSON, to move them to another machine",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openReader()
			if err != nil {
				return err
			}
			defer s.Close()
			err = a.output(out, func(w io.Writer) error { return s.Export(w, f) })
			if ee := (*exitError)(nil); err != nil && !errors.As(err, &ee) {
				return userErr("the export failed: %v", err)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&f.Scenario, "scenario", "", "only the runs of scenario `ID`")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to `FILE` (atomically) instead of standard output")
	return cmd
}

func (a *app) importCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.json",
		Short: "Add the drills of an export, each scored again; importing twice adds nothing",
		Long: `Add the drills of a file written by ttx results export. Each run must replay,
decision by decision, on the scenario the file carries, and is scored again
from that replay: the scores written in the file are not trusted. The file's
checksum catches a copy damaged on the way; it is no proof of who wrote it.
Importing the same file twice adds nothing.`,
		Args: exactArgs(1, "FILE.json"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.catalog()
			if err != nil {
				return err
			}
			f, err := engine.OpenRegular(args[0])
			if err != nil {
				return userErr("%v", engine.ReadError(args[0], "an export (a .json file from ttx results export)", err))
			}
			defer f.Close()
			s, err := a.openStore()
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := s.Import(f, store.Library{Guides: c.Guides, Known: c.ByHash})
			if err != nil {
				return userErr("%s: %v", engine.Sanitize(args[0]), err)
			}
			fmt.Fprintf(a.stdout, "imported %d new run(s)\n", n)
			return nil
		},
	}
}

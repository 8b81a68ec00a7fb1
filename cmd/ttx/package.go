package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/exercise"
)

func (a *app) packageCmd() *cobra.Command {
	var (
		dir, team string
		params    []string
		force     bool
	)
	cmd := &cobra.Command{
		Use:   "package SCENARIO [-o DIR] [--team NAME] [--param KEY=VALUE ...]",
		Short: "Write the printable exercise package: plan, situation manual, cards, guide, feedback form",
		Long: `Write the printable exercise package of a scenario into DIR (default:
SCENARIO-package): an Exercise Plan, a Situation Manual, role cards, inject
cards, a facilitator and evaluator guide and a participant feedback form, in
the shapes of CISA's Tabletop Exercise Packages and FEMA's HSEEP, with an
index.html. Each document is one self-contained HTML file that prints on A4,
and the same document as Markdown.

--param sets the scenario's parameters (its [params]), such as the
organisation's name, as for ttx play and ttx run.`,
		Example: `  ttx package retail-card-breach -o pkg --team "Board" --param company="Northwind Retail"`,
		Args:    exactArgs(1, "SCENARIO"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := a.scenarioWith(args[0], params)
			if err != nil {
				return err
			}
			if dir == "" {
				dir = sc.ID + "-package"
			}
			docs, err := exercise.Build(sc, exercise.Options{Team: engine.Sanitize(team)})
			if err != nil {
				return &exitError{code: exitInternal, msg: fmt.Sprintf("cannot build the package: %v", err)}
			}
			if st, err := os.Stat(dir); err == nil && !st.IsDir() {
				return userErr("%s is a file, not a directory; give another -o", dir)
			}
			if !force {
				for _, d := range docs {
					for _, ext := range []string{".html", ".md"} {
						p := filepath.Join(dir, d.Name+ext)
						if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
							return userErr("%s already exists; choose another -o, or give --force to replace the package there", p)
						}
					}
				}
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return userErr("cannot create %s: %v", dir, err)
			}
			for _, d := range docs {
				for ext, b := range map[string][]byte{".html": d.HTML, ".md": d.Markdown} {
					p := filepath.Join(dir, d.Name+ext)
					if err := engine.WriteFileAtomic(p, b, 0o644); err != nil {
						return userErr("cannot write %s: %v", p, err)
					}
				}
			}
			fmt.Fprintf(a.stdout, "wrote %d documents (HTML and Markdown) to %s\nopen %s to print them\n", len(docs), dir, filepath.Join(dir, "index.html"))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&dir, "output", "o", "", "the directory to write into (default: SCENARIO-package)")
	f.StringVar(&team, "team", "", "the team that plays, shown on the documents")
	f.BoolVar(&force, "force", false, "replace the documents of a package already in the directory")
	paramFlag(cmd, &params)
	return cmd
}

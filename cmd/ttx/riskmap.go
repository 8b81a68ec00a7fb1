package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
	"github.com/ttx-dev/ttx/ui"
)

// registerPath is the register the commands use: --risks, else risks.toml.
func (a *app) registerPath() string {
	if a.risks != "" {
		return a.risks
	}
	return engine.DefaultRegisterFile
}

// loadRegister loads the register at path, for a report: one that does not
// load (or is not there) is the error.
func (a *app) loadRegister(path string) (*engine.Register, error) {
	g, err := a.guides()
	if err != nil {
		return nil, err
	}
	reg, err := engine.LoadRegister(path, g[engine.DefaultGuidance])
	if err != nil {
		return nil, loadErr(err)
	}
	fmt.Fprint(a.stderr, reg.Warnings.Pretty())
	a.use(path, "the risk register")
	return reg, nil
}

// drillRegister loads the register a drill plays with (--risks, else
// risks.toml when it exists). A register that does not load stops
// nothing: the drill runs without it, and broken says why (every problem,
// positioned); err is only for --risks naming a file that is not there.
func (a *app) drillRegister() (reg *engine.Register, broken error, err error) {
	path := a.registerPath()
	if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
		if a.risks != "" {
			return nil, nil, userErr("--risks %s: no such file; check the path, or leave --risks out to use risks.toml when there is one", path)
		}
		return nil, nil, nil
	}
	g, err := a.guides()
	if err != nil {
		return nil, nil, err
	}
	reg, lerr := engine.LoadRegister(path, g[engine.DefaultGuidance])
	if lerr != nil {
		return nil, lerr, nil
	}
	fmt.Fprint(a.stderr, reg.Warnings.Pretty())
	a.use(path, "the risk register")
	return reg, nil, nil
}

// withoutPlan says, once, that a drill of sc runs without the register's
// plan because the register does not load.
func (a *app) withoutPlan(sc *engine.Scenario, broken error) {
	if broken == nil || sc.Risk == "" {
		return
	}
	first := broken.Error()
	var ds engine.Diagnostics
	if errors.As(broken, &ds) && len(ds) > 0 {
		first = ds[0].Error()
		if len(ds) > 1 {
			first += fmt.Sprintf(" (and %d more)", len(ds)-1)
		}
	}
	fmt.Fprintf(a.stderr, "ttx: warning: the risk register %s does not load, so this drill is scored without its plan: %s; ttx validate %s lists every problem\n",
		a.registerPath(), engine.Sanitize(first), a.registerPath())
}

// riskFor returns the register's entry for the risk sc drills, or nil.
func riskFor(reg *engine.Register, sc *engine.Scenario) *engine.Risk {
	if reg == nil || sc.Risk == "" {
		return nil
	}
	return reg.Risk(sc.Risk)
}

// riskMapTUI opens the risk map of the register at path: a register not
// yet written opens empty (the first risk added creates it), and one that
// does not load opens showing why, changing nothing.
func (a *app) riskMapTUI(path string) error {
	if err := a.needTerminal(); err != nil {
		return userErr("the risk map needs a terminal; for a report without one, use ttx riskmap %s --report", path)
	}
	var reg *engine.Register
	var broken error
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		g, err := a.guides()
		if err != nil {
			return err
		}
		if reg, broken = engine.LoadRegister(path, g[engine.DefaultGuidance]); broken == nil {
			a.use(path, "the risk register")
		}
	}
	s, err := a.openStore()
	if err != nil {
		return err
	}
	return a.runTUI(ui.Options{Register: reg, RegisterErr: broken, RegisterPath: path, OpenRiskMap: true}, s)
}

func (a *app) riskmapCmd() *cobra.Command {
	var (
		init, reportMode, simulate, schema bool
		format, out                        string
		years                              int
		seed                               uint64
	)
	cmd := &cobra.Command{
		Use:   "riskmap [FILE]",
		Short: "The risk register: a heat map to work on, readiness reports, a loss simulation",
		Long: `Open the risk register (FILE, default risks.toml) as a heat map in the terminal:
likelihood by impact, cells coloured by severity band, with each risk's plan,
coverage of the principles and drills; add, edit and delete risks (the file is
saved atomically, canonically, with a .bak of the previous version).

  ttx riskmap --init            write a starter register of common PR disasters
  ttx riskmap --report          the readiness report: heat map, flags, drills
  ttx riskmap --simulate        a Monte Carlo of annual losses from the estimates
  ttx riskmap --schema          the register's JSON Schema, for editors

docs/risk-register.md describes the format.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if simulate && (years < 1 || years > risk.MaxYears) {
				return userErr("--years takes 1 to %s simulated years, not %d", thousands(risk.MaxYears), years)
			}
			path := a.registerPath()
			if len(args) == 1 {
				path = args[0]
			}
			guides, err := a.guides()
			if err != nil {
				return err
			}
			g := guides[engine.DefaultGuidance]
			switch {
			case schema:
				_, err := a.stdout.Write(engine.RegisterSchema(g))
				return err
			case init:
				if _, err := os.Stat(path); err == nil {
					return userErr("%s already exists; the starter register is only written to a new file", path)
				}
				if err := engine.SaveRegister(path, risk.Starter()); err != nil {
					return userErr("%v", err)
				}
				fmt.Fprintf(a.stdout, "wrote %s: a starter register of %d risks; review the ratings and owners, then ttx riskmap %s\n", path, len(risk.Starter().Risks), path)
				return nil
			}
			if !reportMode && !simulate {
				return a.riskMapTUI(path)
			}
			reg, err := a.loadRegister(path)
			if err != nil {
				return err
			}
			s, err := a.openReader()
			if err != nil {
				return err
			}
			defer s.Close()
			as, err := risk.Assess(reg, s, time.Now())
			if err != nil {
				return userErr("%v", err)
			}
			var sim *risk.Simulation
			if simulate {
				sim = risk.Simulate(reg, years, seed)
			}
			write := map[string]func(io.Writer) error{
				"text": func(w io.Writer) error { return risk.Text(w, as, sim, 100) },
				"md":   func(w io.Writer) error { return risk.Markdown(w, as, sim) },
				"json": func(w io.Writer) error { return risk.JSON(w, as, sim) },
				"html": func(w io.Writer) error { return risk.HTML(w, as, sim) },
			}[format]
			if write == nil {
				return userErr("--format is text, md, json or html, not %q", format)
			}
			return a.output(out, write)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&init, "init", false, "write a starter register to FILE (it must not exist)")
	f.BoolVar(&reportMode, "report", false, "print the readiness report instead of opening the map")
	f.BoolVar(&simulate, "simulate", false, "add a Monte Carlo of annual losses to the report")
	f.BoolVar(&schema, "schema", false, "print the register's JSON Schema")
	formatFlag(cmd, &format, "text", "md", "json", "html")
	f.StringVarP(&out, "output", "o", "", "write the report to `FILE` (atomically)")
	f.IntVar(&years, "years", risk.DefaultYears, "simulated years for --simulate (at most "+thousands(risk.MaxYears)+")")
	f.Uint64Var(&seed, "seed", 1, "seed for --simulate")
	return cmd
}

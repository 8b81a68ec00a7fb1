package main

import (
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui"
)

// tuiFlags are the flags of the commands that open the terminal UI.
type tuiFlags struct {
	team   string
	seed   uint64
	people []string
}

func (f *tuiFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.team, "team", "", "team name (skips asking for it)")
	cmd.Flags().StringArrayVar(&f.people, "participant", nil, "who takes part, as `NAME[:ROLE]` (repeatable); recorded with the result")
	cmd.Flags().Uint64Var(&f.seed, "seed", 0, "seed for chance events (default: a new one per drill, shown in the briefing)")
}

func (a *app) playCmd() *cobra.Command {
	var f tuiFlags
	var params []string
	cmd := &cobra.Command{
		Use:   "play [SCENARIO]",
		Short: "Run a drill in the terminal UI",
		Long: `Run a drill in the terminal UI: the briefing, the drill with its clocks and
injects, and the debrief. Without SCENARIO it opens the home screen.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var sc *engine.Scenario
			switch {
			case len(args) == 1:
				var err error
				if sc, err = a.scenarioWith(args[0], params); err != nil {
					return err
				}
			case len(params) > 0:
				return userErr("--param sets a parameter of one scenario; name it: ttx play SCENARIO --param KEY=VALUE")
			}
			return a.tui(cmd, f, sc)
		},
	}
	f.register(cmd)
	paramFlag(cmd, &params)
	return cmd
}

// tui runs the terminal UI, at the home screen or at sc's briefing, with
// every drill recorded in the results store.
func (a *app) tui(cmd *cobra.Command, f tuiFlags, sc *engine.Scenario) error {
	if err := a.needTerminal(); err != nil {
		return err
	}
	people, err := parseParticipants(f.people)
	if err != nil {
		return err
	}
	s, err := a.openStore()
	if err != nil {
		return err
	}
	reg, err := a.loadRegister(a.registerPath(), a.risks != "")
	if err != nil {
		s.Close()
		return err
	}
	return a.runTUI(ui.Options{Start: sc, Team: engine.Sanitize(f.team), Seed: f.seed, SeedSet: cmd.Flags().Changed("seed"), Store: s,
		Register: reg, RegisterPath: a.registerPath(), Participants: people})
}

// needTerminal refuses to start the UI without a terminal on both ends.
func (a *app) needTerminal() error {
	in, inOK := a.stdin.(*os.File)
	out, outOK := a.stdout.(*os.File)
	if !inOK || !outOK || !term.IsTerminal(in.Fd()) || !term.IsTerminal(out.Fd()) {
		return userErr("the drill needs a terminal; to play without one, use `ttx run SCENARIO --choose ID,...`")
	}
	return nil
}

// runTUI runs the terminal UI with opts and closes its store after.
func (a *app) runTUI(opts ui.Options) error {
	if opts.Store != nil {
		defer opts.Store.Close()
	}
	if err := a.needTerminal(); err != nil {
		return err
	}
	// The home list needs the scenarios: those already loaded, or a load in
	// a command, off the path to the first frame.
	loaded := a.cat
	opts.Catalog = func() (*scenarios.Catalog, error) {
		if loaded != nil {
			return loaded, nil
		}
		return scenarios.NewCatalog(a.dirs...)
	}
	if os.Getenv("NO_COLOR") != "" {
		lipgloss.SetColorProfile(termenv.Ascii)
		opts.NoColor = true
	}
	opts.Dark = lipgloss.HasDarkBackground()
	if err := ui.Run(opts, a.stdin, a.stdout); err != nil {
		return &exitError{code: exitInternal, msg: err.Error()}
	}
	return nil
}

package main

import (
	"errors"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
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
	reg, broken, err := a.drillRegister()
	if err != nil {
		s.Close()
		return err
	}
	return a.runTUI(ui.Options{Start: sc, Team: engine.Sanitize(f.team), Seed: f.seed, SeedSet: cmd.Flags().Changed("seed"),
		Register: reg, RegisterErr: broken, RegisterPath: a.registerPath(), Participants: people}, s)
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

// runTUI runs the terminal UI with opts, recording in s, and closes s
// after. ctrl+c and the signals that end a program (SIGINT, SIGTERM,
// SIGHUP) restore the terminal and exit 128 plus the signal's number,
// saying what became of a drill in progress.
func (a *app) runTUI(opts ui.Options, s store.Store) error {
	if s != nil {
		defer s.Close()
		opts.Store = s
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
	// The renderer of this terminal: its colour profile (none under
	// NO_COLOR) and its background, asked before the program reads keys.
	r := lipgloss.NewRenderer(a.stdout)
	r.HasDarkBackground()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	err := ui.Run(ui.Terminal{Renderer: r, In: a.stdin, Out: a.stdout, Signals: sigs}, opts)
	var stop *ui.StopError
	switch {
	case errors.As(err, &stop):
		return stopped(stop)
	case err != nil:
		return &exitError{code: exitInternal, msg: err.Error()}
	}
	return nil
}

// stopped is the exit of a UI ended by ctrl+c or a signal: 128 plus the
// signal's number (130 for ctrl+c), with what became of the drill.
func stopped(stop *ui.StopError) error {
	code, msg := 130, stop.Note
	if sig, ok := stop.Signal.(syscall.Signal); ok {
		code = 128 + int(sig)
		if sig != syscall.SIGINT {
			msg = strings.TrimSuffix("stopped by a signal ("+sig.String()+"); "+msg, "; ")
		}
	}
	return &exitError{code: code, msg: msg}
}

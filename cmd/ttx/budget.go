package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

// budgetFlags are the flags that bound an analysis: --max-states,
// --max-memory and, where asked for, --max-time.
type budgetFlags struct {
	states int
	memory string
	time   time.Duration
}

// register adds the flags to cmd, with states the default of --max-states;
// withTime adds --max-time, with no limit by default.
func (f *budgetFlags) register(cmd *cobra.Command, states int, withTime bool) {
	fl := cmd.Flags()
	fl.IntVar(&f.states, "max-states", states, "explore at most `N` distinct states, then estimate the score bounds")
	fl.StringVar(&f.memory, "max-memory", fmt.Sprintf("%dMiB", engine.DefaultMaxMemory>>20), "explore within `SIZE` of memory (e.g. 512MiB, 2GiB), then estimate the score bounds")
	if withTime {
		fl.DurationVar(&f.time, "max-time", 0, "explore for at most `DURATION` (e.g. 2s, 1m; 0 for no limit), then estimate; such results are not cached")
	}
}

// budget returns the engine budget the flags give.
func (f *budgetFlags) budget() (engine.Budget, error) {
	if f.states < 1 {
		return engine.Budget{}, userErr("--max-states must be at least 1, not %d", f.states)
	}
	mem, err := parseSize(f.memory)
	if err != nil {
		return engine.Budget{}, userErr("--max-memory: %v", err)
	}
	if f.time < 0 {
		return engine.Budget{}, userErr("--max-time must not be negative")
	}
	return engine.Budget{MaxStates: f.states, MaxMemory: mem, MaxTime: f.time}, nil
}

// parseSize reads a size such as 512MiB, 2GiB, 800MB or 1048576B; a number
// alone is in MiB. It must be at least 1 MiB and at most 1 TiB.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	n, err := strconv.ParseFloat(t[:i], 64)
	if err != nil || i == 0 {
		return 0, fmt.Errorf("%q is not a size; write it like 512MiB or 2GiB", s)
	}
	units := map[string]float64{"": 1 << 20, "b": 1, "k": 1 << 10, "kb": 1e3, "kib": 1 << 10, "m": 1 << 20, "mb": 1e6, "mib": 1 << 20, "g": 1 << 30, "gb": 1e9, "gib": 1 << 30, "t": 1 << 40, "tb": 1e12, "tib": 1 << 40}
	u, ok := units[strings.ToLower(strings.TrimSpace(t[i:]))]
	if !ok {
		return 0, fmt.Errorf("%q has an unknown unit; use B, KiB, MiB, GiB (or KB, MB, GB)", s)
	}
	v := n * u
	if v < 1<<20 || v > 1<<40 {
		return 0, fmt.Errorf("%s is outside 1MiB..1TiB", s)
	}
	return int64(v), nil
}

// analysisCache is the cache of analyses: the directory $TTX_CACHE, else
// ttx/analysis in the user's cache directory; nil when there is none.
func analysisCache() *engine.AnalysisCache {
	if dir := os.Getenv("TTX_CACHE"); dir != "" {
		return &engine.AnalysisCache{Dir: dir}
	}
	c, err := engine.UserAnalysisCache()
	if err != nil {
		return nil
	}
	return c
}

// analyst returns an analyst with budget b and the user's cache; with
// progress, a long exploration reports how it goes on stderr when stderr is
// a terminal.
func (a *app) analyst(b engine.Budget, refresh, progress bool) *engine.Analyst {
	if progress {
		b.Progress = a.progress()
	}
	return &engine.Analyst{Budget: b, Cache: analysisCache(), Refresh: refresh}
}

// terminal returns stderr when it is a terminal, else nil.
func (a *app) terminal() *os.File {
	f, ok := a.stderr.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil
	}
	return f
}

// progress returns a function that shows the progress of an exploration on
// one line of stderr, or nil when stderr is not a terminal.
func (a *app) progress() func(engine.Progress) {
	f := a.terminal()
	if f == nil {
		return nil
	}
	return func(p engine.Progress) { fmt.Fprint(f, "\r\x1b[Kexploring: "+p.String()) }
}

// endProgress clears the progress line, if one may have been written.
func (a *app) endProgress() {
	if a.terminal() != nil {
		fmt.Fprint(a.stderr, "\r\x1b[K")
	}
}

package riskmap

import (
	"fmt"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
	"github.com/ttx-dev/ttx/ui/common"
)

// ForSession is the risk map of a session: its register (a new, empty one
// saved at the session's register path when it has none), the rubric's
// principles, saving to the register's file, and readiness from the
// session's store.
func ForSession(c *common.Common) Config {
	if c.RegisterErr != nil {
		// The file is there but does not load: show why, change nothing.
		return Config{Problem: c.RegisterErr, Register: &engine.Register{File: common.Or(c.RegisterPath, engine.DefaultRegisterFile)}}
	}
	reg := c.Register
	if reg == nil {
		path := c.RegisterPath
		if path == "" {
			path = engine.DefaultRegisterFile
		}
		reg = &engine.Register{File: path, Title: "Risk register", Bands: engine.DefaultBands}
		c.Register = reg
	}
	var guide *engine.Guidance
	if c.Catalog != nil {
		guide = c.Catalog.Guides[engine.DefaultGuidance]
	} else if reg.Guidance != nil {
		guide = reg.Guidance
	}
	cfg := Config{Register: reg, Guidance: guide, Save: func(r *engine.Register) error { return engine.SaveRegister(r.File, r) }}
	if s, now := c.Store, c.Now; s != nil {
		cfg.Readiness = func(r *engine.Register) (map[string][]string, error) { return Readiness(r, s, now()) }
	}
	return cfg
}

// Readiness says, for each risk of reg, how ready the company is for it:
// drills, scores, open actions and flags, from the results in runs.
func Readiness(reg *engine.Register, runs risk.RunSource, now time.Time) (map[string][]string, error) {
	a, err := risk.Assess(reg, runs, now)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range a.Risks {
		var lines []string
		if r.Drilled() {
			lines = append(lines, fmt.Sprintf("Drilled %s, last on %s; latest %.0f%%, best %.0f%%", common.Plural(r.Drills, "time", "times"),
				r.LastDrill.Local().Format("2006-01-02"), r.LatestTotal, r.BestTotal))
		} else {
			lines = append(lines, "Never drilled")
		}
		if n := len(r.OpenActions); n > 0 {
			lines = append(lines, common.Plural(n, "open improvement action", "open improvement actions"))
		}
		for _, n := range r.Notes {
			lines = append(lines, "⚑ "+n)
		}
		out[r.ID] = lines
	}
	return out, nil
}

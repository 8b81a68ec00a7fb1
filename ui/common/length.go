package common

import (
	"fmt"
	"math"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// Minutes a decision takes a room of executives: they read, argue and
// commit, and ten to twenty minutes is what facilitators plan for.
const (
	minPerDecisionLo = 10
	minPerDecisionHi = 20
)

// Length says how long a scenario takes to play with executives, short for
// a list ("13 decisions · about 2 h") and long for the briefing. A scenario
// with modules takes the sum of their budgets; one without, ten to twenty
// minutes a decision.
func Length(sc *engine.Scenario) (short, long string) {
	lo, hi := sc.Length()
	n := Plural(lo, "decision", "decisions")
	if hi != lo {
		n = fmt.Sprintf("%d–%d decisions", lo, hi)
	}
	var budget time.Duration
	for _, m := range sc.Modules {
		budget += m.Budget
	}
	if budget > 0 {
		return n + " · about " + hoursShort(budget),
			fmt.Sprintf("%s in %s, about %s of discussion by their budgets", n, Plural(len(sc.Modules), "module", "modules"), Minutes(budget))
	}
	from := time.Duration(lo*minPerDecisionLo) * time.Minute
	to := time.Duration(hi*minPerDecisionHi) * time.Minute
	return n + " · " + hoursShort(from) + "–" + hoursShort(to),
		fmt.Sprintf("%s; plan %s to %s with executives (%d to %d minutes a decision)", n, Minutes(from), Minutes(to), minPerDecisionLo, minPerDecisionHi)
}

// Minutes writes a duration as hours and minutes: "2 h 10 min", "45 min".
func Minutes(d time.Duration) string { return engine.FormatDuration(d.Round(time.Minute)) }

// hoursShort writes a duration to the half hour: "2 h", "2½ h", "30 min".
func hoursShort(d time.Duration) string {
	if d < time.Hour {
		return Minutes(d)
	}
	h := math.Round(d.Hours()*2) / 2
	if h == math.Trunc(h) {
		return fmt.Sprintf("%.0f h", h)
	}
	return fmt.Sprintf("%.0f½ h", math.Trunc(h))
}

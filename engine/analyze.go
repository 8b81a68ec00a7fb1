package engine

import (
	"fmt"
	"time"
)

// The default budget of an analysis: what `ttx analyze`, `ttx run` and every
// score use unless told otherwise. The memory budget keeps a process under
// 1 GB of resident memory while it explores.
const (
	DefaultMaxStates       = 5_000_000
	DefaultMaxMemory int64 = 512 << 20
)

// A time budget is shared: the exploration may take six tenths of it, the
// estimate's fixpoint until nine tenths (past them, the estimate that is
// linear in the file), and the paths of the estimate the rest.
const (
	exploreShare  = 6
	estimateShare = 9
)

// outcomesPerState is how many outcomes (ways a decision can turn out)
// an exploration may enumerate per state of its budget, so that a decision
// with a great many outcomes cannot run for long without a single new state.
// An outcome counts as more than one when many events must be checked after
// it: one more for every four events.
const outcomesPerState = 12

// Budget bounds an exploration. A zero field means its default; MaxTime 0
// means no limit on time. When a budget runs out, the analysis does not fail:
// its bounds are estimated instead (Analysis.Estimated).
type Budget struct {
	MaxStates int           // distinct states, and 12 times as many outcomes (see outcomesPerState)
	MaxMemory int64         // bytes held by the exploration
	MaxTime   time.Duration // wall-clock time; results cut off by it are never cached

	// Progress, when not nil, is called about four times a second while an
	// exploration runs, from the goroutine that runs it.
	Progress func(Progress)
}

func (b Budget) withDefaults() Budget {
	if b.MaxStates <= 0 {
		b.MaxStates = DefaultMaxStates
	}
	if b.MaxMemory <= 0 {
		b.MaxMemory = DefaultMaxMemory
	}
	return b
}

// Progress is how far a running exploration has got, within its budget.
type Progress struct {
	States   int           // distinct states so far
	Outcomes int64         // outcomes enumerated so far
	Bytes    int64         // memory held by the exploration
	Elapsed  time.Duration // since it started
	Budget   Budget        // its budget, defaults filled in
}

// String says how far the exploration has got, for a progress line:
// "1,365,033 of at most 5,000,000 states (485,553 a second), 263 of 512 MiB,
// 2.8s".
func (p Progress) String() string {
	rate := float64(p.States) / max(p.Elapsed.Seconds(), 1e-3)
	return fmt.Sprintf("%s of at most %s states (%s a second), %d of %d MiB, %s",
		thousands(int64(p.States)), thousands(int64(p.Budget.MaxStates)), thousands(int64(rate)),
		p.Bytes>>20, p.Budget.MaxMemory>>20, p.Elapsed.Round(time.Second/10))
}

// Limit names the part of a budget that ran out.
type Limit string

// The limits an exploration can reach.
const (
	LimitStates   Limit = "states"
	LimitOutcomes Limit = "outcomes"
	LimitMemory   Limit = "memory"
	LimitTime     Limit = "time"
)

// Analysis is what is known of a scenario's reachable states: exactly, from
// an exhaustive exploration when it fits its budget, or as estimated bounds
// when it does not (Estimated). Chance events count as possibly firing and
// possibly not.
type Analysis struct {
	States          int    // distinct states explored
	Reachable       []bool // per scene (when estimated: possibly reachable)
	EndingReachable []bool // per ending (when estimated: possibly reachable)
	DeadEnds        []int  // scenes at which some reachable state offers no choice (when estimated: those found)
	// Paths is the number of distinct playthroughs (decisions and chance
	// outcomes) from the start to an end; it saturates at math.MaxUint64
	// (PathsSaturated) and does not count going round a loop. It is 0 when
	// the analysis is estimated.
	Paths          uint64
	PathsSaturated bool
	// Loops reports that some state can be reached again from itself, so a
	// drill may go round; the bounds below ignore going round.
	Loops bool

	Best, Worst []int // per principle: the highest and lowest raw total reachable
	// BestPath is, per principle, a path that reaches its best: of those,
	// one with the best total over all principles, so that a choice that
	// gains on the principle and loses on others is on it only when no
	// other choice gains as much (when estimated, the guided search breaks
	// its ties the same way). WorstPath reaches each principle's worst.
	BestPath, WorstPath   []Path
	BestTotal, WorstTotal int // over the sum of all principles
	BestTotalPath         Path
	WorstTotalPath        Path

	// Redirects lists every event seen to change where a drill went next
	// (when estimated: every event that may).
	Redirects []Redirect

	// TextShown says, per scene, which of its texts some reachable state
	// shows: [0] its own text, [k+1] its variant k (see analyze_text.go).
	// When estimated, which it may show.
	TextShown [][]bool

	// Estimated is set when the exploration did not fit its budget. Best and
	// Worst are then bounds from an abstraction of the scenario (numeric
	// variables as ranges, what it does not follow as unknown): no drill
	// scores above Best or below Worst, but they may not be reached. The
	// paths are real paths found by a search guided by the bounds, and
	// BestReached and the like are what they score.
	Estimated bool
	Limit     Limit  // the budget that ran out; "" when exact
	Note      string // when estimated, one plain sentence saying so and why
	// Unbounded is set when some part of the scenario can go round and
	// score each time without a limit the abstraction can prove; the bounds
	// then count each scoring choice of such a loop a bounded number of
	// times, and a drill that goes round more can score outside them.
	Unbounded bool

	BestReached, WorstReached           []int // per principle: what BestPath and WorstPath score
	BestTotalReached, WorstTotalReached int
}

// Redirect is an event seen to send the drill elsewhere: after a decision in
// Scene, Event fired and the drill went to Target.
type Redirect struct {
	Scene  int
	Event  int
	Target Target
}

// Path is a sequence of decisions from the start to an end.
type Path []Step

// Step is one decision of a path and the chance events that fired after it.
type Step struct {
	Scene   int
	Choices []int // file-wide choice indices
	Events  []int // events that fired after the decision
}

// Analyze explores sc within budget b: exhaustively when every reachable
// state fits, memoizing each distinct state once so that the cost grows with
// the number of states, not of paths; otherwise it estimates the bounds
// (Analysis.Estimated). It never fails.
func Analyze(sc *Scenario, b Budget) *Analysis {
	b = b.withDefaults()
	start := time.Now()
	x := newExplorer(sc, b, start)
	if res := x.explore(); res != nil {
		return res
	}
	// What the exploration found for sure, before its memory goes.
	found, stop, states := x.res, x.stop, x.states()
	x = nil
	ab := abstractBounds(sc, b, start)
	res := ab.analysis()
	res.Estimated, res.Limit, res.States = true, stop, states
	res.Loops, res.DeadEnds = found.Loops, found.DeadEnds
	res.Note = estimateNote(stop, states, b, ab.unbounded)
	guidePaths(sc, ab, res, b, start)
	return res
}

// estimateNote says, in one sentence, that the bounds are estimated and why.
func estimateNote(stop Limit, states int, b Budget, unbounded bool) string {
	var why string
	switch stop {
	case LimitStates:
		why = fmt.Sprintf("the scenario has more than %s distinct states, the exploration's budget (--max-states)", thousands(int64(b.MaxStates)))
	case LimitOutcomes:
		why = fmt.Sprintf("the scenario's decisions can turn out in more than %s ways (picks and chance events), the exploration's budget", thousands(int64(b.MaxStates)*outcomesPerState))
	case LimitMemory:
		why = fmt.Sprintf("exploring the scenario takes more than %d MiB, the exploration's budget (--max-memory), after %s states", b.MaxMemory>>20, thousands(int64(states)))
	default:
		why = fmt.Sprintf("exploring the scenario takes longer than the --max-time budget of %s allows", b.MaxTime)
	}
	s := "Score bounds are estimated, as " + why + ": no drill scores above the best or below the worst"
	if unbounded {
		s += ", except one that goes round a loop more often than the analysis can follow"
	}
	return s + "."
}

// thousands writes n with commas every three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

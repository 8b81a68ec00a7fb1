package engine

import (
	"math"
	"time"
)

// analysis turns the estimate into an Analysis: reachability from its graph
// (scenes and endings it cannot reach are surely unreachable), and the bounds
// at the start.
func (a *abstraction) analysis() *Analysis {
	sc := a.sc
	reach := a.reachable()
	res := &Analysis{
		Reachable: reach[:len(sc.Scenes)], EndingReachable: make([]bool, len(sc.Endings)), Unbounded: a.unbounded,
		Best: make([]int, a.np), Worst: make([]int, a.np),
	}
	for _, e := range a.g.edges {
		if e.to < 0 && e.ending >= 0 && reach[e.from] {
			res.EndingReachable[e.ending] = true
		}
	}
	res.TextShown = newTextShown(sc)
	for i := range sc.Scenes {
		if reach[i] {
			a.textsShown(i, a.stateOf(i), res.TextShown[i])
		}
	}
	s := sc.Start
	for p := 0; p < a.np; p++ {
		res.Best[p], res.Worst[p] = boundInt(a.best[p][s], true), boundInt(a.worst[p][s], false)
	}
	res.BestTotal, res.WorstTotal = boundInt(a.best[a.np][s], true), boundInt(a.worst[a.np][s], false)
	return res
}

// textsShown marks in shown the texts scene s may show in a state of x:
// variant k when its condition may hold and every earlier one's may not,
// and its own text when no variant need hold.
func (a *abstraction) textsShown(s int, x *aState, shown []bool) {
	earlierMayFail := true
	for k, when := range a.textWhen[s] {
		t := when(x)
		if t.mayTrue() && earlierMayFail {
			shown[k+1] = true
		}
		earlierMayFail = earlierMayFail && t.mayFalse()
	}
	if earlierMayFail {
		shown[0] = true
	}
}

// maxBound is where bounds are cut off: far beyond any score, but within
// what a JSON number and an int hold exactly.
const maxBound = 1 << 50

// boundInt turns a bound into a whole number, rounding outwards.
func boundInt(v float64, up bool) int {
	switch {
	case math.IsNaN(v), math.IsInf(v, -1) && up, math.IsInf(v, 1) && !up:
		return 0 // nothing reaches an end: there is nothing to bound
	case up:
		v = math.Ceil(v)
	default:
		v = math.Floor(v)
	}
	return int(max(-maxBound, min(maxBound, v)))
}

// guidePaths finds, for each bound of an estimated analysis, a real path
// that goes for it: at each decision, the outcome whose score so far plus
// the bound of what can still follow is best, never coming back to a state
// already on the path. What each path scores goes to BestReached and the
// like; a bound below what a real path scores is raised to it.
func guidePaths(sc *Scenario, a *abstraction, res *Analysis, b Budget, start time.Time) {
	np := a.np
	g := &guide{sc: sc, a: a, x: newExplorer(sc, Budget{MaxStates: 1, MaxMemory: 1}, start), b: b, start: start}
	res.BestPath, res.WorstPath = make([]Path, np), make([]Path, np)
	res.BestReached, res.WorstReached = make([]int, np), make([]int, np)
	// A path that reaches an end proves what it scores: a bound short of
	// it (only possible past a loop the bounds count too few times) is
	// moved to it.
	for p := 0; p < np; p++ {
		var ended bool
		res.BestPath[p], res.BestReached[p], ended = g.search(p, true)
		if ended {
			res.Best[p] = max(res.Best[p], res.BestReached[p])
		}
		res.WorstPath[p], res.WorstReached[p], ended = g.search(p, false)
		if ended {
			res.Worst[p] = min(res.Worst[p], res.WorstReached[p])
		}
	}
	var ended bool
	res.BestTotalPath, res.BestTotalReached, ended = g.search(np, true)
	if ended {
		res.BestTotal = max(res.BestTotal, res.BestTotalReached)
	}
	res.WorstTotalPath, res.WorstTotalReached, ended = g.search(np, false)
	if ended {
		res.WorstTotal = min(res.WorstTotal, res.WorstTotalReached)
	}
}

// search walks twice, guided by the bounds and by what each decision scores
// at once (the bounds can lead a walk far from an end that the scores of
// the moment reach), and keeps the better walk that reaches an end.
func (g *guide) search(col int, best bool) (Path, int, bool) {
	p1, r1, e1 := g.walk(col, best, false)
	p2, r2, e2 := g.walk(col, best, true)
	switch {
	case e2 && (!e1 || (best && r2 > r1) || (!best && r2 < r1)):
		return p2, r2, e2
	}
	return p1, r1, e1
}

// guide walks the paths of guidePaths.
type guide struct {
	sc    *Scenario
	a     *abstraction
	x     *explorer // for its enumeration of outcomes
	b     Budget
	start time.Time
}

// Limits of one guided walk: its length, and the outcomes it weighs at one
// decision.
const (
	guideMaxOutcomes = 4096
	guideMaxSteps    = 100_000
)

// walk follows column col (a principle, or np for the total) up when best,
// down when not: at each decision, by the score of each outcome plus the
// bound of what can follow it, or when myopic by the score of the outcome
// alone (the bound breaking ties). It returns the path, what it scores in
// that column, and whether it reached an end; a walk that cannot go on
// scores its checks as if the drill ended there.
func (g *guide) walk(col int, best, myopic bool) (Path, int, bool) {
	sc, x, a := g.sc, g.x, g.a
	bound := a.worst[col]
	if best {
		bound = a.best[col]
	}
	colSum := func(d []int32) int {
		if col == a.np {
			s := 0
			for _, v := range d {
				s += int(v)
			}
			return s
		}
		return int(d[col])
	}
	checks := make([]int32, a.np)
	checkSum := func(st *State) int {
		clear(checks)
		sc.checkScoresInto(st, checks)
		return colSum(checks)
	}
	cur, cand := x.newBranch(), x.newBranch()
	sc.visit(&cur.st, sc.Start)
	scene := sc.Start
	seen := map[string]bool{}
	var path Path
	var picks []int
	raw := 0
	var it outIter
	maxSteps := min(guideMaxSteps, 4*len(sc.Scenes)+64)
	for steps := 0; steps < maxSteps; steps++ {
		if g.b.MaxTime > 0 && time.Since(g.start) > g.b.MaxTime {
			break
		}
		seen[string(x.stateKey(scene, cur))] = true
		it.reset()
		found, better, tie := false, 0.0, 0.0
		var pick outcome
		for n := 0; n < guideMaxOutcomes; n++ {
			o, ok := x.next(scene, cur, x.work, &it)
			if !ok {
				break
			}
			now := float64(colSum(x.work.delta))
			later := 0.0
			if o.end {
				now += float64(checkSum(&x.work.st))
			} else {
				if seen[string(x.stateKey(o.next, x.work))] || math.IsInf(bound[o.next], 0) {
					continue
				}
				later = bound[o.next]
			}
			score, second := now+later, 0.0
			if myopic {
				score, second = now, later
			}
			if !best {
				score, second = -score, -second
			}
			if !found || score > better || (score == better && second > tie) {
				found, better, tie, pick = true, score, second, o
				copyBranch(cand, x.work)
				cand.delta = append(cand.delta[:0], x.work.delta...)
				cand.evs = append(cand.evs[:0], x.work.evs...)
				picks = append(picks[:0], x.picks...)
			}
		}
		if !found {
			break
		}
		path = append(path, x.step(scene, picks, cand.evs))
		raw += colSum(cand.delta)
		cur, cand = cand, cur
		if pick.end {
			return path, raw + checkSum(&cur.st), true
		}
		scene = pick.next
	}
	return path, raw + checkSum(&cur.st), false
}

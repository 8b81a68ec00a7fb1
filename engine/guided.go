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
// the moment reach), and keeps the better walk that reaches an end; of two
// that score alike on a principle's best, the one with the better total.
func (g *guide) search(col int, best bool) (Path, int, bool) {
	w1 := g.walk(col, best, false)
	w2 := g.walk(col, best, true)
	if w2.ended && (!w1.ended || w2.better(w1, best, best && col < g.a.np)) {
		return w2.path, w2.raw, true
	}
	return w1.path, w1.raw, w1.ended
}

// guide walks the paths of guidePaths.
type guide struct {
	sc    *Scenario
	a     *abstraction
	x     *explorer // for its enumeration of outcomes
	b     Budget
	start time.Time
}

// walked is a guided walk: its path, what it scores in the column it
// followed and in all, and whether it reached an end.
type walked struct {
	path       Path
	raw, total int
	ended      bool
}

// better reports whether w scores better than o in its column (higher when
// best), or, with byTotal, as well there and higher in all.
func (w walked) better(o walked, best, byTotal bool) bool {
	if w.raw != o.raw {
		return (w.raw > o.raw) == best
	}
	return byTotal && w.total > o.total
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
// alone (the bound breaking ties). Going up a principle, outcomes that
// weigh alike are told apart by the total, so far and bounded after, so
// that a choice that gains there and loses elsewhere is taken only when
// nothing else gains as much. A walk that cannot go on scores its checks
// as if the drill ended there.
func (g *guide) walk(col int, best, myopic bool) walked {
	sc, x, a := g.sc, g.x, g.a
	bound := a.worst[col]
	if best {
		bound = a.best[col]
	}
	byTotal := best && col < a.np
	colSum := func(d []int32) int {
		if col == a.np {
			return int(sum32(d))
		}
		return int(d[col])
	}
	checks := make([]int32, a.np)
	checkScores := func(st *State) []int32 {
		clear(checks)
		sc.checkScoresInto(st, checks)
		return checks
	}
	cur, cand := x.newBranch(), x.newBranch()
	sc.visit(&cur.st, sc.Start)
	scene := sc.Start
	seen := map[string]bool{}
	var w walked
	var picks []int
	var it outIter
	maxSteps := min(guideMaxSteps, 4*len(sc.Scenes)+64)
	for steps := 0; steps < maxSteps; steps++ {
		if g.b.MaxTime > 0 && time.Since(g.start) > g.b.MaxTime {
			break
		}
		seen[string(x.stateKey(scene, cur))] = true
		it.reset()
		found := false
		var better [3]float64
		var pick outcome
		for n := 0; n < guideMaxOutcomes; n++ {
			o, ok := x.next(scene, cur, x.work, &it)
			if !ok {
				break
			}
			now, nowTotal := float64(colSum(x.work.delta)), float64(sum32(x.work.delta))
			later, laterTotal := 0.0, 0.0
			if o.end {
				c := checkScores(&x.work.st)
				now += float64(colSum(c))
				nowTotal += float64(sum32(c))
			} else {
				if seen[string(x.stateKey(o.next, x.work))] || math.IsInf(bound[o.next], 0) {
					continue
				}
				later, laterTotal = bound[o.next], a.best[a.np][o.next]
			}
			key := [3]float64{now + later, 0, 0}
			if myopic {
				key = [3]float64{now, later, 0}
			}
			if byTotal {
				key[2] = nowTotal + laterTotal
			}
			if !best {
				key = [3]float64{-key[0], -key[1], -key[2]}
			}
			if !found || after(key, better) {
				found, better, pick = true, key, o
				copyBranch(cand, x.work)
				cand.delta = append(cand.delta[:0], x.work.delta...)
				cand.evs = append(cand.evs[:0], x.work.evs...)
				picks = append(picks[:0], x.picks...)
			}
		}
		if !found {
			break
		}
		w.path = append(w.path, x.step(scene, picks, cand.evs))
		w.raw += colSum(cand.delta)
		w.total += int(sum32(cand.delta))
		cur, cand = cand, cur
		if pick.end {
			w.ended = true
			break
		}
		scene = pick.next
	}
	c := checkScores(&cur.st)
	w.raw += colSum(c)
	w.total += int(sum32(c))
	return w
}

// after reports whether key k comes after o, comparing in order.
func after(k, o [3]float64) bool {
	for i := range k {
		if k[i] != o[i] {
			return k[i] > o[i]
		}
	}
	return false
}

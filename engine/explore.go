package engine

import (
	"cmp"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"time"
	"unsafe"
)

// explorer is the exhaustive exploration: a depth-first search over the
// graph of distinct states, each memoized once. A state's outcomes are
// enumerated lazily, one at a time, and folded into its values as they come,
// so that a decision with a great many outcomes (picks, chance events) holds
// no more memory than one with three, and the budget is checked between any
// two outcomes.
//
// Per state it keeps, in chunks that never move, a record (its key's place,
// its path count, its slot, its status) and w int32 values: best per
// principle, worst per principle, best total, worst total, and per principle
// the best total among the ways that reach its best (see tieCol). A state on
// the stack also holds a copy of itself in a slot, reused once it is done.
type explorer struct {
	sc     *Scenario
	np, w  int
	b      Budget
	start  time.Time
	res    *Analysis
	seed   maphash.Seed
	layout keyLayout

	recs  [][]nodeRec // per node, in chunks of nodesPerChunk
	vals  [][]int32   // per node, w values, in chunks of nodesPerChunk nodes
	n     int         // nodes
	keys  [][]byte    // all keys, back to back, in chunks that are never moved
	table []uint64    // see lookup

	slots []*branch
	free  []int32
	stack []aframe

	work     *branch // the outcome being looked at
	picks    []int
	key      []byte
	endDelta []int32
	scratch  scratch

	// The events that may fire by themselves (not manual, of a chance
	// above 0): those before event 64 as bits of autoLow (of onceLow, those
	// that fire once), the others in autoHigh.
	autoLow, onceLow uint64
	autoHigh         []int
	checks           *checkMemo
	redirects        map[Redirect]bool
	outcomes         int64 // outcomes enumerated
	// spent is outcomes weighted by what each costs (the events to check
	// after it): what the outcome budget counts.
	spent, cost, nextCheck int64
	bytes                  int64 // memory held by the arenas above, counted as they grow
	frameSize              int64 // an estimate of the memory a frame on the stack holds
	stop                   Limit // the budget that ran out, if one did
	lastTick               time.Time
}

// nodeRec is what a state keeps besides its values.
type nodeRec struct {
	keyAt  uint64 // chunk<<48 | offset<<24 | length of its key
	paths  uint64
	slot   int32 // its state's slot while on the stack, or -1
	status uint8 // 0 new, 1 on the stack, 2 done
}

const (
	statusStack = 1
	statusDone  = 2
)

// aframe is a state on the stack of the search.
type aframe struct {
	node  int32
	scene int32
	from  *branch // its state, in its slot
	v     []int32 // its values
	any   bool    // some outcome has been folded in
	pend  int32   // a child pushed from here, whose values are awaited; -1 if none
	paths uint64  // playthroughs so far
	it    outIter
	delta []int32 // the score delta of the edge to pend
}

// branch is one state with the events fired so far, and, for an outcome, the
// score delta and events of the decision that led to it.
type branch struct {
	st State
	// The events fired so far: the first 64 a bit each, the others in
	// fired (from event 64 on).
	firedBits uint64
	fired     []bool
	delta     []int32
	evs       []int
}

// The arenas grow by whole chunks and never move: copying them as they grow
// cost more than the exploration itself on large scenarios.
const (
	nodesPerChunk = 1 << 14
	keyChunk      = 1 << 22
)

func newExplorer(sc *Scenario, b Budget, start time.Time) *explorer {
	np := len(sc.Guidance.Principles)
	x := &explorer{
		sc: sc, np: np, w: 3*np + 2, b: b, start: start, lastTick: start,
		seed: maphash.MakeSeed(), layout: newKeyLayout(sc), endDelta: make([]int32, np),
		res: &Analysis{Reachable: make([]bool, len(sc.Scenes)), EndingReachable: make([]bool, len(sc.Endings)), TextShown: newTextShown(sc)},
	}
	for i := range sc.Events {
		switch e := &sc.Events[i]; {
		case e.Manual || e.Chance <= 0:
		case i >= bitSlots:
			x.autoHigh = append(x.autoHigh, i)
		case e.Once:
			x.onceLow |= 1 << i
			fallthrough
		default:
			x.autoLow |= 1 << i
		}
	}
	x.checks = newCheckMemo(sc, np)
	x.bytes += x.checks.size()
	x.work = x.newBranch()
	x.frameSize = int64(unsafe.Sizeof(aframe{})) + 4*int64(np)
	x.cost = 1 + int64(len(sc.Events)/4)
	return x
}

func (x *explorer) newBranch() *branch {
	return &branch{st: x.sc.newState(), fired: make([]bool, max(0, len(x.sc.Events)-bitSlots)), delta: make([]int32, x.np)}
}

// branchSize is the memory a new branch holds; what its lists of choices
// made and scenes seen grow to is counted as they grow (listBytes).
func (x *explorer) branchSize() int64 {
	return int64(unsafe.Sizeof(branch{})) + int64(8*len(x.sc.Vars)+max(0, len(x.sc.Events)-bitSlots)+4*x.np)
}

// listBytes is the memory of a branch's lists.
func listBytes(b *branch) int64 {
	return int64(cap(b.st.made))*int64(unsafe.Sizeof(madeAt{})) + 4*int64(cap(b.st.seen)) + 8*int64(cap(b.evs))
}

// copyBranch copies src's state and fired events into dst.
func copyBranch(dst, src *branch) {
	copyState(&dst.st, &src.st)
	dst.firedBits = src.firedBits
	if len(src.fired) > 0 {
		copy(dst.fired, src.fired)
	}
}

// hasFired reports whether event i has fired.
func (b *branch) hasFired(i int) bool {
	if i < bitSlots {
		return b.firedBits&(1<<i) != 0
	}
	return b.fired[i-bitSlots]
}

// setFired records that event i fired.
func (b *branch) setFired(i int) {
	if i < bitSlots {
		b.firedBits |= 1 << i
	} else {
		b.fired[i-bitSlots] = true
	}
}

func (x *explorer) states() int { return x.n }

// explore runs the search from the start. It returns the exact analysis, or
// nil when a budget ran out (x.stop says which).
func (x *explorer) explore() *Analysis {
	sc := x.sc
	root := x.newBranch()
	sc.visit(&root.st, sc.Start)
	x.res.Reachable[sc.Start] = true
	if !anyOffered(&sc.Scenes[sc.Start], &root.st) {
		x.res.DeadEnds = append(x.res.DeadEnds, sc.Start)
	}
	id, _ := x.node(sc.Start, root, true)
	x.push(id, sc.Start)
	if !x.run() {
		return nil
	}
	res := x.res
	np := x.np
	res.States = x.n
	res.Paths = x.rec(id).paths
	res.PathsSaturated = res.Paths == math.MaxUint64
	v := x.val(id)
	res.Best, res.Worst = make([]int, np), make([]int, np)
	for p := 0; p < np; p++ {
		res.Best[p], res.Worst[p] = int(v[p]), int(v[np+p])
		res.BestPath = append(res.BestPath, x.path(root, p))
		res.WorstPath = append(res.WorstPath, x.path(root, np+p))
	}
	res.BestTotal, res.WorstTotal = int(v[2*np]), int(v[2*np+1])
	res.BestTotalPath = x.path(root, 2*np)
	res.WorstTotalPath = x.path(root, 2*np+1)
	slices.SortFunc(res.Redirects, func(a, b Redirect) int {
		return cmp.Or(cmp.Compare(a.Scene, b.Scene), cmp.Compare(a.Event, b.Event), cmp.Compare(a.Target.Index, b.Target.Index), boolCmp(a.Target.Ending, b.Target.Ending))
	})
	res.BestReached, res.WorstReached = res.Best, res.Worst
	res.BestTotalReached, res.WorstTotalReached = res.BestTotal, res.WorstTotal
	return res
}

// run is the depth-first search. It reports whether it finished within the
// budget.
func (x *explorer) run() bool {
	np := x.np
	for len(x.stack) > 0 {
		f := &x.stack[len(x.stack)-1]
		if f.pend >= 0 {
			x.fold(f, x.val(int(f.pend)), f.delta, x.rec(int(f.pend)).paths)
			f.pend = -1
		}
		o, ok := x.next(int(f.scene), f.from, x.work, &f.it)
		if !ok {
			x.finish(f, f.from)
			x.stack = x.stack[:len(x.stack)-1]
			continue
		}
		x.outcomes++
		if x.spent += x.cost; x.spent >= x.nextCheck && !x.withinBudget() {
			return false
		}
		if o.end {
			if o.ending >= 0 {
				x.res.EndingReachable[o.ending] = true
			}
			copy(x.endDelta, x.work.delta)
			x.checkScores(&x.work.st, x.endDelta)
			x.foldEnd(f, x.endDelta)
			continue
		}
		child, isNew := x.node(o.next, x.work, true)
		if isNew {
			x.res.Reachable[o.next] = true
			if x.n > x.b.MaxStates {
				x.stop = LimitStates
				return false
			}
			f.pend = int32(child)
			f.delta = append(f.delta[:0], x.work.delta[:np]...)
			x.push(child, o.next)
			continue
		}
		switch x.rec(child).status {
		case statusStack:
			x.res.Loops = true // a way back round: the bounds ignore it
		case statusDone:
			x.fold(f, x.val(child), x.work.delta, x.rec(child).paths)
		}
	}
	return true
}

// withinBudget checks the budgets other than states, and reports progress.
func (x *explorer) withinBudget() bool {
	x.nextCheck += 1024
	if x.spent > int64(x.b.MaxStates)*outcomesPerState {
		x.stop = LimitOutcomes
		return false
	}
	if x.memory() > x.b.MaxMemory {
		x.stop = LimitMemory
		return false
	}
	if x.nextCheck%(16*1024) != 0 {
		return true
	}
	now := time.Now()
	if x.b.MaxTime > 0 && now.Sub(x.start) > x.b.MaxTime*exploreShare/10 {
		x.stop = LimitTime
		return false
	}
	if x.b.Progress != nil && now.Sub(x.lastTick) >= time.Second/4 {
		x.lastTick = now
		x.b.Progress(Progress{States: x.n, Outcomes: x.outcomes, Bytes: x.memory(), Elapsed: now.Sub(x.start), Budget: x.b})
	}
	return true
}

// memory is the memory held by the exploration: its arenas, counted as they
// grow, and its stack.
func (x *explorer) memory() int64 {
	return x.bytes + int64(cap(x.stack))*x.frameSize + int64(cap(x.free))*4
}

// push puts node id, a state in scene, on the stack.
func (x *explorer) push(id, scene int) {
	r := x.rec(id)
	r.status = statusStack
	from := x.slots[r.slot]
	x.noteText(scene, &from.st)
	if n := len(x.stack); n < cap(x.stack) {
		// Reuse the frame's buffers from the last time the stack was this deep.
		x.stack = x.stack[:n+1]
		f := &x.stack[n]
		f.node, f.scene, f.from, f.v, f.any, f.pend, f.paths = int32(id), int32(scene), from, x.val(id), false, -1, 0
		f.it.reset()
		return
	}
	x.stack = append(x.stack, aframe{node: int32(id), scene: int32(scene), from: from, v: x.val(id), pend: -1})
}

// fold takes an outcome that leads to a state with values c into frame f.
func (x *explorer) fold(f *aframe, c, d []int32, paths uint64) {
	np := x.np
	v := f.v
	d = d[:np]
	var sum int32
	for _, y := range d {
		sum += y
	}
	// Of the ways to a principle's best, the best total (tieCol).
	best, worst, tie := v[:np], v[np:][:np], v[2*np+2:][:np]
	cbest, cworst, ctie := c[:np], c[np:][:np], c[2*np+2:][:np]
	if !f.any {
		for p, dp := range d {
			best[p], worst[p], tie[p] = dp+cbest[p], dp+cworst[p], sum+ctie[p]
		}
		v[2*np], v[2*np+1] = sum+c[2*np], sum+c[2*np+1]
	} else {
		for p, dp := range d {
			if b, t := dp+cbest[p], sum+ctie[p]; b > best[p] || (b == best[p] && t > tie[p]) {
				best[p], tie[p] = b, t
			}
			worst[p] = min(worst[p], dp+cworst[p])
		}
		v[2*np], v[2*np+1] = max(v[2*np], sum+c[2*np]), min(v[2*np+1], sum+c[2*np+1])
	}
	f.any = true
	var carry uint64
	f.paths, carry = bits.Add64(f.paths, paths, 0)
	if carry != 0 {
		f.paths = math.MaxUint64
	}
}

// foldEnd takes an outcome that ends the drill, scoring d in all, into f.
func (x *explorer) foldEnd(f *aframe, d []int32) {
	np := x.np
	v := f.v
	d = d[:np]
	var sum int32
	for _, y := range d {
		sum += y
	}
	best, worst, tie := v[:np], v[np:][:np], v[2*np+2:][:np]
	if !f.any {
		for p, dp := range d {
			best[p], worst[p], tie[p] = dp, dp, sum
		}
		v[2*np], v[2*np+1] = sum, sum
	} else {
		for p, dp := range d {
			if dp > best[p] || (dp == best[p] && sum > tie[p]) {
				best[p], tie[p] = dp, sum
			}
			worst[p] = min(worst[p], dp)
		}
		v[2*np], v[2*np+1] = max(v[2*np], sum), min(v[2*np+1], sum)
	}
	f.any = true
	if f.paths != math.MaxUint64 {
		f.paths++
	}
}

// finish closes frame f, whose state is in from, once its outcomes are all
// folded in.
func (x *explorer) finish(f *aframe, from *branch) {
	np := x.np
	r := x.rec(int(f.node))
	if len(f.it.offer) == 0 {
		x.noteDeadEnd(int(f.scene))
	}
	if !f.any {
		// A dead end, or only ways back round: the drill stops here.
		clear(x.endDelta)
		x.checkScores(&from.st, x.endDelta)
		v := f.v
		var sum int32
		for p := 0; p < np; p++ {
			v[p], v[np+p] = x.endDelta[p], x.endDelta[p]
			sum += x.endDelta[p]
		}
		v[2*np], v[2*np+1] = sum, sum
		for p := 0; p < np; p++ {
			v[2*np+2+p] = sum
		}
		f.paths = 1
	}
	r.paths = f.paths
	r.status = statusDone
	x.free = append(x.free, r.slot)
	r.slot = -1
}

func (x *explorer) noteDeadEnd(scene int) {
	for _, s := range x.res.DeadEnds {
		if s == scene {
			return
		}
	}
	x.res.DeadEnds = append(x.res.DeadEnds, scene)
}

func (x *explorer) redirect(r Redirect) {
	if x.redirects == nil {
		x.redirects = map[Redirect]bool{}
	}
	if !x.redirects[r] {
		x.redirects[r] = true
		x.res.Redirects = append(x.res.Redirects, r)
	}
}

// checkScoresInto adds the checks that hold in st to delta.
func (sc *Scenario) checkScoresInto(st *State, delta []int32) {
	for i := range sc.Checks {
		k := &sc.Checks[i]
		// k.When.Eval(st), its guard inline: most checks are decided by it.
		v, ok := k.When.g.decides(st)
		if !ok {
			v = k.When.fn(st)
		}
		if v {
			delta[k.Principle] += int32(k.Score)
		}
	}
}

package engine

import (
	"bytes"
	"cmp"
	"encoding/binary"
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
// principle, worst per principle, best total, worst total. A state on the
// stack also holds a copy of itself in a slot, reused once it is done.
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

	redirects map[Redirect]bool
	outcomes  int64 // outcomes enumerated
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
	any   bool   // some outcome has been folded in
	pend  int32  // a child pushed from here, whose values are awaited; -1 if none
	paths uint64 // playthroughs so far
	it    outIter
	delta []int32 // the score delta of the edge to pend
}

// branch is one state with the events fired so far, and, for an outcome, the
// score delta and events of the decision that led to it.
type branch struct {
	st    State
	fired []bool
	delta []int32
	evs   []int
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
		sc: sc, np: np, w: 2*np + 2, b: b, start: start, lastTick: start,
		seed: maphash.MakeSeed(), layout: newKeyLayout(sc), endDelta: make([]int32, np),
		res: &Analysis{Reachable: make([]bool, len(sc.Scenes)), EndingReachable: make([]bool, len(sc.Endings)), TextShown: newTextShown(sc)},
	}
	x.work = x.newBranch()
	x.frameSize = int64(unsafe.Sizeof(aframe{})) + 4*int64(np)
	x.cost = 1 + int64(len(sc.Events)/4)
	return x
}

func (x *explorer) newBranch() *branch {
	return &branch{st: x.sc.newState(), fired: make([]bool, len(x.sc.Events)), delta: make([]int32, x.np)}
}

// branchSize is the memory a new branch holds; what its lists of choices
// made and scenes seen grow to is counted as they grow (listBytes).
func (x *explorer) branchSize() int64 {
	return int64(unsafe.Sizeof(branch{})) + int64(8*len(x.sc.Vars)+len(x.sc.Events)+4*x.np)
}

// listBytes is the memory of a branch's lists.
func listBytes(b *branch) int64 {
	return int64(cap(b.st.made))*int64(unsafe.Sizeof(madeAt{})) + 4*int64(cap(b.st.seen)) + 8*int64(cap(b.evs))
}

// copyBranch copies src's state and fired events into dst.
func copyBranch(dst, src *branch) {
	copyState(&dst.st, &src.st)
	copy(dst.fired, src.fired)
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
		from := x.slots[x.rec(int(f.node)).slot]
		o, ok := x.next(int(f.scene), from, x.work, &f.it)
		if !ok {
			x.finish(f, from)
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
			x.sc.checkScoresInto(&x.work.st, x.endDelta)
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
	x.rec(id).status = statusStack
	x.noteText(scene, &x.slots[x.rec(id).slot].st)
	if n := len(x.stack); n < cap(x.stack) {
		// Reuse the frame's buffers from the last time the stack was this deep.
		x.stack = x.stack[:n+1]
		f := &x.stack[n]
		f.node, f.scene, f.any, f.pend, f.paths = int32(id), int32(scene), false, -1, 0
		f.it.reset()
		return
	}
	x.stack = append(x.stack, aframe{node: int32(id), scene: int32(scene), pend: -1})
}

// fold takes an outcome that leads to a state with values c into frame f.
func (x *explorer) fold(f *aframe, c, d []int32, paths uint64) {
	np := x.np
	v := x.val(int(f.node))
	var sum int32
	for _, y := range d[:np] {
		sum += y
	}
	first := !f.any
	for p := 0; p < np; p++ {
		if b := d[p] + c[p]; first || b > v[p] {
			v[p] = b
		}
		if w := d[p] + c[np+p]; first || w < v[np+p] {
			v[np+p] = w
		}
	}
	if b := sum + c[2*np]; first || b > v[2*np] {
		v[2*np] = b
	}
	if w := sum + c[2*np+1]; first || w < v[2*np+1] {
		v[2*np+1] = w
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
	v := x.val(int(f.node))
	var sum int32
	for _, y := range d {
		sum += y
	}
	first := !f.any
	for p := 0; p < np; p++ {
		if first || d[p] > v[p] {
			v[p] = d[p]
		}
		if first || d[p] < v[np+p] {
			v[np+p] = d[p]
		}
	}
	if first || sum > v[2*np] {
		v[2*np] = sum
	}
	if first || sum < v[2*np+1] {
		v[2*np+1] = sum
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
		x.sc.checkScoresInto(&from.st, x.endDelta)
		v := x.val(int(f.node))
		var sum int32
		for p := 0; p < np; p++ {
			v[p], v[np+p] = x.endDelta[p], x.endDelta[p]
			sum += x.endDelta[p]
		}
		v[2*np], v[2*np+1] = sum, sum
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
		if k.When.Eval(st) {
			delta[k.Principle] += int32(k.Score)
		}
	}
}

// keyLayout lists what a state key holds: the scene, then only the parts of
// the state that some expression reads.
type keyLayout struct {
	vars, once []int
	hours      bool
	madeKey    []uint8 // per choice slot: 0 not in the key, 1 whether made, 2 when made
	seenKey    []bool  // per scene slot: in the key
}

func newKeyLayout(sc *Scenario) keyLayout {
	l := keyLayout{madeKey: make([]uint8, len(sc.choseSlots.items)), seenKey: make([]bool, len(sc.visitSlots.items))}
	r := &sc.reads
	for i, on := range r.vars {
		if on {
			l.vars = append(l.vars, i)
		}
	}
	for k, i := range sc.choseSlots.items {
		switch {
		case r.choices[i] && r.hoursAt[i]:
			l.madeKey[k] = 2
		case r.choices[i]:
			l.madeKey[k] = 1
		}
	}
	for k, i := range sc.visitSlots.items {
		l.seenKey[k] = r.scenes[i]
	}
	for i := range sc.Events {
		if sc.Events[i].Once {
			l.once = append(l.once, i)
		}
	}
	l.hours = r.hours
	return l
}

// stateKey encodes what distinguishes a state for the future of a drill.
func (x *explorer) stateKey(scene int, b *branch) []byte {
	st, l := &b.st, &x.layout
	k := binary.LittleEndian.AppendUint32(x.key[:0], uint32(scene))
	for _, i := range l.vars {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Vals[i]))
	}
	if l.hours {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Hours))
	}
	// The choices and scenes that matter, as lists of slots: a list ends
	// with a zero, and slots are written plus one.
	for _, m := range st.made {
		switch l.madeKey[m.slot] {
		case 1:
			k = binary.AppendUvarint(k, uint64(m.slot)+1)
		case 2:
			k = binary.AppendUvarint(k, uint64(m.slot)+1)
			k = binary.LittleEndian.AppendUint64(k, math.Float64bits(m.at))
		}
	}
	k = append(k, 0)
	for _, s := range st.seen {
		if l.seenKey[s] {
			k = binary.AppendUvarint(k, uint64(s)+1)
		}
	}
	k = append(k, 0)
	var acc byte
	var n uint
	for _, i := range l.once {
		if b.fired[i] {
			acc |= 1 << n
		}
		if n++; n == 8 {
			k, acc, n = append(k, acc), 0, 0
		}
	}
	if n > 0 {
		k = append(k, acc)
	}
	x.key = k
	return k
}

// node returns the node of a state and whether it is new; with create, a new
// state gets a node and a slot holding a copy of it. Without create, an
// unknown state is -1.
func (x *explorer) node(scene int, b *branch, create bool) (int, bool) {
	k := x.stateKey(scene, b)
	h := maphash.Bytes(x.seed, k)
	i, found := x.lookup(h, k)
	if found >= 0 {
		return found, false
	}
	if !create {
		return -1, false
	}
	id := x.n
	if id%nodesPerChunk == 0 {
		x.recs = append(x.recs, make([]nodeRec, nodesPerChunk))
		x.vals = append(x.vals, make([]int32, nodesPerChunk*x.w))
		x.bytes += nodesPerChunk * (int64(unsafe.Sizeof(nodeRec{})) + 4*int64(x.w))
	}
	x.n++
	r := x.rec(id)
	r.keyAt = x.storeKey(k)
	x.table[i] = uint64(uint32(h>>32))<<32 | uint64(id+1)
	if x.n*2 > len(x.table) {
		x.rehash()
	}
	var s int32
	if n := len(x.free); n > 0 {
		s = x.free[n-1]
		x.free = x.free[:n-1]
	} else {
		s = int32(len(x.slots))
		x.slots = append(x.slots, x.newBranch())
		x.bytes += x.branchSize() + 8
	}
	slot := x.slots[s]
	before := listBytes(slot)
	copyBranch(slot, b)
	x.bytes += listBytes(slot) - before
	r.slot = s
	return id, true
}

func (x *explorer) rec(id int) *nodeRec { return &x.recs[id/nodesPerChunk][id%nodesPerChunk] }

// val returns node id's values: best per principle, worst per principle,
// best total, worst total.
func (x *explorer) val(id int) []int32 {
	c := x.vals[id/nodesPerChunk]
	o := (id % nodesPerChunk) * x.w
	return c[o : o+x.w : o+x.w]
}

// The state table is open addressing with linear probing over one flat
// array: each entry holds 32 bits of the key's hash and the node id plus one
// (0 is empty); the same 32 bits place it, so growing the table needs no
// hash again. Lookups touch one cache line where Go's map touches several,
// which matters at millions of states.

// lookup finds key k with hash h: the node's id, or -1 and the free entry
// where it would go.
func (x *explorer) lookup(h uint64, k []byte) (int, int) {
	if x.table == nil {
		x.table = make([]uint64, 1<<12)
		x.bytes += 8 << 12
	}
	mask := uint64(len(x.table) - 1)
	tag := h >> 32
	for i := tag & mask; ; i = (i + 1) & mask {
		e := x.table[i]
		if e == 0 {
			return int(i), -1
		}
		if e>>32 == tag {
			id := int(uint32(e)) - 1
			if bytes.Equal(x.keyOf(id), k) {
				return int(i), id
			}
		}
	}
}

// rehash doubles the table.
func (x *explorer) rehash() {
	t := make([]uint64, 2*len(x.table))
	x.bytes += 8 * int64(len(x.table))
	mask := uint64(len(t) - 1)
	for _, e := range x.table {
		if e == 0 {
			continue
		}
		i := (e >> 32) & mask
		for t[i] != 0 {
			i = (i + 1) & mask
		}
		t[i] = e
	}
	x.table = t
}

// storeKey copies a key into the key arena and returns where it is.
func (x *explorer) storeKey(k []byte) uint64 {
	n := len(x.keys)
	if n == 0 || len(x.keys[n-1])+len(k) > cap(x.keys[n-1]) {
		c := max(keyChunk, len(k))
		x.keys = append(x.keys, make([]byte, 0, c))
		x.bytes += int64(c)
		n++
	}
	c := x.keys[n-1]
	off := len(c)
	x.keys[n-1] = append(c, k...)
	return uint64(n-1)<<48 | uint64(off)<<24 | uint64(len(k))
}

func (x *explorer) keyOf(id int) []byte {
	at := x.rec(id).keyAt
	c, off, n := at>>48, (at>>24)&(1<<24-1), at&(1<<24-1)
	return x.keys[c][off : off+n]
}

// path follows, from the start, outcomes whose value matches the state's
// value in column col (a principle's best or worst, or the total's),
// enumerating each state's outcomes again on the way.
func (x *explorer) path(root *branch, col int) Path {
	np := x.np
	cur := x.newBranch()
	copyBranch(cur, root)
	scene := x.sc.Start
	var out Path
	var it outIter
	checks := make([]int32, np)
	for steps := 0; steps <= x.n; steps++ {
		id, _ := x.node(scene, cur, false)
		if id < 0 {
			break
		}
		want := x.val(id)[col]
		it.reset()
		var pick *outcome
		var o outcome
		for {
			var ok bool
			if o, ok = x.next(scene, cur, x.work, &it); !ok {
				break
			}
			var got int32
			for p := 0; p < np; p++ {
				if col == p || col == np+p || col >= 2*np {
					got += x.work.delta[p]
				}
			}
			if o.end {
				clear(checks)
				x.sc.checkScoresInto(&x.work.st, checks)
				for p := 0; p < np; p++ {
					if col == p || col == np+p || col >= 2*np {
						got += checks[p]
					}
				}
			} else {
				cid, _ := x.node(o.next, x.work, false)
				if cid < 0 || x.rec(cid).status != statusDone {
					continue
				}
				got += x.val(cid)[col]
			}
			if got == want {
				pick = &o
				break
			}
		}
		if pick == nil {
			break
		}
		out = append(out, x.step(scene, x.picks, x.work.evs))
		if pick.end {
			break
		}
		scene = pick.next
		copyBranch(cur, x.work)
	}
	return out
}

// step describes a decision of scene-local picks and the events that
// followed.
func (x *explorer) step(scene int, picks, evs []int) Step {
	stp := Step{Scene: scene, Events: append([]int{}, evs...)}
	for _, c := range picks {
		stp.Choices = append(stp.Choices, x.sc.Scenes[scene].Choices[c].index)
	}
	return stp
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

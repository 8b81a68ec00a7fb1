package engine

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
)

// DefaultMaxStates is how many distinct states Analyze explores before it
// gives up, unless told otherwise.
const DefaultMaxStates = 5_000_000

// Analysis is the result of exploring every reachable state of a scenario.
// Chance events count as possibly firing and possibly not.
type Analysis struct {
	States          int    // distinct states explored
	Reachable       []bool // per scene
	EndingReachable []bool // per ending
	DeadEnds        []int  // scenes at which some reachable state offers no choice
	// Paths is the number of distinct playthroughs (decisions and chance
	// outcomes) from the start to an end; it saturates at math.MaxUint64
	// (PathsSaturated) and does not count going round a loop.
	Paths          uint64
	PathsSaturated bool
	// Loops reports that some state can be reached again from itself, so a
	// drill may go round; the bounds below ignore going round.
	Loops bool

	Best, Worst           []int // per principle: the highest and lowest raw total reachable
	BestPath, WorstPath   []Path
	BestTotal, WorstTotal int // over the sum of all principles
	BestTotalPath         Path
	WorstTotalPath        Path

	// Redirects lists every event seen to change where a drill went next.
	Redirects []Redirect

	// TextShown says, per scene, which of its texts some reachable state
	// shows: [0] its own text, [k+1] its variant k (see analyze_text.go).
	TextShown [][]bool
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

// StateLimitError is returned when a scenario has more distinct states than
// the exploration was allowed.
type StateLimitError struct{ Limit int }

func (e *StateLimitError) Error() string {
	return fmt.Sprintf("the scenario has more than %d distinct states, so it cannot be explored exhaustively; look for a counter that grows without bound, or raise --max-states", e.Limit)
}

// Analyze explores sc exhaustively, depth first, memoizing each distinct
// state once, so that its cost grows with the number of states, not of
// paths. maxStates caps the exploration (0 means DefaultMaxStates); past it
// Analyze returns a *StateLimitError.
func Analyze(sc *Scenario, maxStates int) (*Analysis, error) {
	if maxStates <= 0 {
		maxStates = DefaultMaxStates
	}
	a := newAnalyzer(sc, maxStates)
	root := a.getBranch()
	sc.visit(&root.st, sc.Start)
	a.res.Reachable[sc.Start] = true
	if !anyOffered(&sc.Scenes[sc.Start], &root.st) {
		a.res.DeadEnds = append(a.res.DeadEnds, sc.Start)
	}
	id, _ := a.node(sc.Start, root, true)
	if err := a.run(id); err != nil {
		return nil, err
	}
	res := a.res
	np := a.np
	res.States = len(a.scene)
	res.Paths = a.paths[id]
	res.PathsSaturated = res.Paths == math.MaxUint64
	v := a.val(id)
	res.Best, res.Worst = make([]int, np), make([]int, np)
	for p := 0; p < np; p++ {
		res.Best[p], res.Worst[p] = int(v[p]), int(v[np+p])
		res.BestPath = append(res.BestPath, a.path(root, p))
		res.WorstPath = append(res.WorstPath, a.path(root, np+p))
	}
	res.BestTotal, res.WorstTotal = int(v[2*np]), int(v[2*np+1])
	res.BestTotalPath = a.path(root, 2*np)
	res.WorstTotalPath = a.path(root, 2*np+1)
	return res, nil
}

// analyzer holds the state graph. Nodes are numbered; per node it keeps the
// state's key (in one arena), its scene, its status and, while it waits to be
// expanded, a copy of its state in a reusable slot. Values per node are w
// int32s: best per principle, worst per principle, best total, worst total.
type analyzer struct {
	sc     *Scenario
	np, w  int
	limit  int
	res    *Analysis
	seed   maphash.Seed
	layout keyLayout

	// nodes
	keys   [][]byte // all keys, back to back, in chunks that are never moved
	keyAt  []uint64 // per node: chunk<<48 | offset<<24 | length of its key
	table  []uint64 // see lookup
	hashes []uint64 // per node: its key's hash, to rehash
	scene  []int32
	status []uint8   // 0 waiting, 1 on the stack, 2 done
	slot   []int32   // per node: its state's slot while waiting or on the stack
	vals   [][]int32 // per node, w values, in chunks of nodesPerChunk nodes
	paths  []uint64

	// state slots, reused once a node is done
	slots []*branch
	free  []int32

	// depth-first search
	edges  []aedge
	deltas []int32 // per edge: np score deltas (checks folded in for ends)
	stack  []aframe

	// expansion scratch
	pool    []*branch
	outs    []outcome
	offered []int
	picks   []int
	pickBuf []int
	key     []byte

	redirects map[Redirect]bool
	scratch   []float64
	sets      [][]Assign
	adds      [][]Delta
}

type aedge struct {
	child int32 // node, or -1 for an end
	back  bool  // leads to a node on the stack: a loop
}

type aframe struct {
	node       int32
	start, end int // edges
	cursor     int
}

// branch is one state with the events fired so far, and, during expansion,
// the score delta and events of the decision that led to it.
type branch struct {
	st    State
	fired []bool
	delta []int32
	evs   []int
}

// outcome is one way a decision turned out.
type outcome struct {
	picks  [2]int // scene-local choices: a.pickBuf[picks[0]:picks[1]]
	b      *branch
	ending int  // ending reached, or -1
	end    bool // the drill ends here (an ending, or a dead end next)
	next   int  // next scene when not ended
}

func newAnalyzer(sc *Scenario, limit int) *analyzer {
	np := len(sc.Guidance.Principles)
	return &analyzer{
		sc: sc, np: np, w: 2*np + 2, limit: limit, seed: maphash.MakeSeed(),
		layout: newKeyLayout(sc),
		res:    &Analysis{Reachable: make([]bool, len(sc.Scenes)), EndingReachable: make([]bool, len(sc.Endings)), TextShown: newTextShown(sc)},
	}
}

func (a *analyzer) getBranch() *branch {
	if n := len(a.pool); n > 0 {
		b := a.pool[n-1]
		a.pool = a.pool[:n-1]
		return b
	}
	b := &branch{st: a.sc.newState(), fired: make([]bool, len(a.sc.Events)), delta: make([]int32, a.np)}
	return b
}

func (a *analyzer) putBranch(b *branch) { a.pool = append(a.pool, b) }

// copyBranch copies src's state and fired events into dst.
func copyBranch(dst, src *branch) {
	copyState(&dst.st, &src.st)
	copy(dst.fired, src.fired)
}

// keyLayout lists what a state key holds: the scene, then only the parts of
// the state that some expression reads.
type keyLayout struct {
	vars, hoursAt, chosen, scenes, once []int
	hours                               bool
}

func newKeyLayout(sc *Scenario) keyLayout {
	var l keyLayout
	r := &sc.reads
	for i, on := range r.vars {
		if on {
			l.vars = append(l.vars, i)
		}
	}
	for i, on := range r.choices {
		switch {
		case on && r.hoursAt[i]:
			l.hoursAt = append(l.hoursAt, sc.choseSlots.get(i))
		case on:
			l.chosen = append(l.chosen, sc.choseSlots.get(i))
		}
	}
	for i, on := range r.scenes {
		if on {
			l.scenes = append(l.scenes, sc.visitSlots.get(i))
		}
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
func (a *analyzer) stateKey(scene int, b *branch) []byte {
	st, l := &b.st, &a.layout
	k := binary.LittleEndian.AppendUint32(a.key[:0], uint32(scene))
	for _, i := range l.vars {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Vals[i]))
	}
	if l.hours {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Hours))
	}
	for _, i := range l.hoursAt {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.ChoseAt[i]))
	}
	var acc byte
	var n uint
	for _, i := range l.chosen {
		if st.ChoseAt[i] < Never {
			acc |= 1 << n
		}
		if n++; n == 8 {
			k, acc, n = append(k, acc), 0, 0
		}
	}
	for _, i := range l.scenes {
		if st.Visited[i] {
			acc |= 1 << n
		}
		if n++; n == 8 {
			k, acc, n = append(k, acc), 0, 0
		}
	}
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
	a.key = k
	return k
}

// node returns the node of a state and whether it is new; with create, a new
// state gets a node and a slot holding a copy of it. Without create, an
// unknown state is -1.
func (a *analyzer) node(scene int, b *branch, create bool) (int, bool) {
	k := a.stateKey(scene, b)
	h := maphash.Bytes(a.seed, k)
	i, found := a.lookup(h, k)
	if found >= 0 {
		return found, false
	}
	if !create {
		return -1, false
	}
	id := int32(len(a.scene))
	a.table[i] = uint64(uint32(h>>32))<<32 | uint64(id+1)
	a.hashes = append(a.hashes, h)
	if len(a.hashes)*2 > len(a.table) {
		a.rehash()
	}
	a.keyAt = append(a.keyAt, a.storeKey(k))
	a.scene = append(a.scene, int32(scene))
	a.status = append(a.status, 0)
	if int(id)%nodesPerChunk == 0 {
		a.vals = append(a.vals, make([]int32, nodesPerChunk*a.w))
	}
	a.paths = append(a.paths, 0)
	var s int32
	if n := len(a.free); n > 0 {
		s = a.free[n-1]
		a.free = a.free[:n-1]
	} else {
		s = int32(len(a.slots))
		a.slots = append(a.slots, a.getBranch())
	}
	copyBranch(a.slots[s], b)
	a.slot = append(a.slot, s)
	return int(id), true
}

// The state table is open addressing with linear probing over one flat
// array: each entry holds the top half of the key's hash and the node id
// plus one (0 is empty). Lookups touch one cache line where Go's map touches
// several, which matters at millions of states.

// lookup finds key k with hash h: the node's id, or -1 and the free entry
// where it would go.
func (a *analyzer) lookup(h uint64, k []byte) (int, int) {
	if a.table == nil {
		a.table = make([]uint64, 1<<12)
	}
	mask := uint64(len(a.table) - 1)
	tag := h >> 32
	for i := h & mask; ; i = (i + 1) & mask {
		e := a.table[i]
		if e == 0 {
			return int(i), -1
		}
		if e>>32 == tag {
			id := int32(uint32(e)) - 1
			if bytes.Equal(a.keyOf(id), k) {
				return int(i), int(id)
			}
		}
	}
}

// rehash doubles the table.
func (a *analyzer) rehash() {
	t := make([]uint64, 2*len(a.table))
	mask := uint64(len(t) - 1)
	for id, h := range a.hashes {
		i := h & mask
		for t[i] != 0 {
			i = (i + 1) & mask
		}
		t[i] = (h>>32)<<32 | uint64(id+1)
	}
	a.table = t
}

// The arenas grow by whole chunks and never move: copying them as they grow
// cost more than the exploration itself on large scenarios.
const (
	nodesPerChunk = 1 << 14
	keyChunk      = 1 << 22
)

// val returns node id's values: best per principle, worst per principle,
// best total, worst total.
func (a *analyzer) val(id int) []int32 {
	c := a.vals[id/nodesPerChunk]
	o := (id % nodesPerChunk) * a.w
	return c[o : o+a.w : o+a.w]
}

// storeKey copies a key into the key arena and returns where it is.
func (a *analyzer) storeKey(k []byte) uint64 {
	n := len(a.keys)
	if n == 0 || len(a.keys[n-1])+len(k) > cap(a.keys[n-1]) {
		a.keys = append(a.keys, make([]byte, 0, max(keyChunk, len(k))))
		n++
	}
	c := a.keys[n-1]
	off := len(c)
	a.keys[n-1] = append(c, k...)
	return uint64(n-1)<<48 | uint64(off)<<24 | uint64(len(k))
}

func (a *analyzer) keyOf(id int32) []byte {
	at := a.keyAt[id]
	c, off, n := at>>48, (at>>24)&(1<<24-1), at&(1<<24-1)
	return a.keys[c][off : off+n]
}

func (a *analyzer) run(root int) error {
	a.status[root] = 1
	a.push(root)
	for len(a.stack) > 0 {
		if len(a.scene) > a.limit {
			return &StateLimitError{a.limit}
		}
		f := &a.stack[len(a.stack)-1]
		if f.cursor < f.end {
			e := &a.edges[f.cursor]
			f.cursor++
			if e.child < 0 {
				continue
			}
			switch a.status[e.child] {
			case 0:
				a.status[e.child] = 1
				a.push(int(e.child))
			case 1:
				e.back = true
				a.res.Loops = true
			}
			continue
		}
		a.combine(f)
		a.status[f.node] = 2
		a.free = append(a.free, a.slot[f.node])
		a.slot[f.node] = -1
		a.edges = a.edges[:f.start]
		a.deltas = a.deltas[:f.start*a.np]
		a.stack = a.stack[:len(a.stack)-1]
	}
	return nil
}

// push expands a node onto the stack: one edge per way each decision can
// turn out.
func (a *analyzer) push(id int) {
	start := len(a.edges)
	scene := int(a.scene[id])
	a.noteText(scene, &a.slots[a.slot[id]].st)
	a.expand(scene, a.slots[a.slot[id]])
	for i := range a.outs {
		o := &a.outs[i]
		child := int32(-1)
		if o.end {
			if o.ending >= 0 {
				a.res.EndingReachable[o.ending] = true
			}
			a.sc.checkScoresInto(&o.b.st, o.b.delta)
		} else {
			cid, isNew := a.node(o.next, o.b, true)
			if isNew {
				a.res.Reachable[o.next] = true
			}
			child = int32(cid)
		}
		a.edges = append(a.edges, aedge{child: child})
		a.deltas = append(a.deltas, o.b.delta...)
	}
	a.releaseOuts()
	if len(a.edges) == start {
		a.noteDeadEnd(scene)
	}
	a.stack = append(a.stack, aframe{node: int32(id), start: start, end: len(a.edges), cursor: start})
}

func (a *analyzer) redirect(r Redirect) {
	if a.redirects == nil {
		a.redirects = map[Redirect]bool{}
	}
	if !a.redirects[r] {
		a.redirects[r] = true
		a.res.Redirects = append(a.res.Redirects, r)
	}
}

// keepPicks copies picks for an outcome, until releaseOuts.
func (a *analyzer) keepPicks(picks []int) [2]int {
	start := len(a.pickBuf)
	a.pickBuf = append(a.pickBuf, picks...)
	return [2]int{start, len(a.pickBuf)}
}

func (a *analyzer) releaseOuts() {
	for i := range a.outs {
		a.putBranch(a.outs[i].b)
		a.outs[i].b = nil
	}
	a.outs = a.outs[:0]
	a.pickBuf = a.pickBuf[:0]
}

func (a *analyzer) noteDeadEnd(scene int) {
	for _, s := range a.res.DeadEnds {
		if s == scene {
			return
		}
	}
	a.res.DeadEnds = append(a.res.DeadEnds, scene)
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

// combine computes a finished node's values from its edges.
func (a *analyzer) combine(f *aframe) {
	np := a.np
	v := a.val(int(f.node))
	var paths uint64
	any := false
	take := func(col int, x int32) {
		if !any || x > v[col] {
			v[col] = x
		}
	}
	takeMin := func(col int, x int32) {
		if !any || x < v[col] {
			v[col] = x
		}
	}
	for i := f.start; i < f.end; i++ {
		e := a.edges[i]
		if e.back {
			continue
		}
		d := a.deltas[i*np : i*np+np]
		var sum int32
		for _, x := range d {
			sum += x
		}
		if e.child >= 0 {
			c := a.val(int(e.child))
			for p := 0; p < np; p++ {
				take(p, d[p]+c[p])
				takeMin(np+p, d[p]+c[np+p])
			}
			take(2*np, sum+c[2*np])
			takeMin(2*np+1, sum+c[2*np+1])
			var carry uint64
			paths, carry = bits.Add64(paths, a.paths[e.child], 0)
			if carry != 0 {
				paths = math.MaxUint64
			}
		} else {
			for p := 0; p < np; p++ {
				take(p, d[p])
				takeMin(np+p, d[p])
			}
			take(2*np, sum)
			takeMin(2*np+1, sum)
			if paths != math.MaxUint64 {
				paths++
			}
		}
		any = true
	}
	if !any {
		// A dead end, or only loops back: the drill stops here.
		b := a.slots[a.slot[f.node]]
		clear(b.delta)
		a.sc.checkScoresInto(&b.st, b.delta)
		var sum int32
		for p := 0; p < np; p++ {
			v[p], v[np+p] = b.delta[p], b.delta[p]
			sum += b.delta[p]
		}
		v[2*np], v[2*np+1] = sum, sum
		paths = 1
	}
	a.paths[f.node] = paths
}

// expand fills a.outs with every way a decision in scene can turn out from
// the state in from: every offered choice (or allowed set of picks), and
// every combination of the chance events that may then fire.
func (a *analyzer) expand(scene int, from *branch) {
	a.releaseOuts()
	s := &a.sc.Scenes[scene]
	offer := a.offered[:0]
	for i := range s.Choices {
		if offered(&s.Choices[i], &from.st) {
			offer = append(offer, i)
		}
	}
	a.offered = offer
	if len(offer) == 0 {
		return
	}
	if !s.IsPick() {
		for _, c := range offer {
			a.picks = append(a.picks[:0], c)
			a.decide(scene, from, a.picks)
		}
		return
	}
	// Every subset of the offered choices of an allowed size, in order.
	lo, hi := min(s.PickMin, len(offer)), min(s.PickMax, len(offer))
	idx := make([]int, 0, hi)
	for k := lo; k <= hi; k++ {
		idx = idx[:k]
		for i := range idx {
			idx[i] = i
		}
		for {
			a.picks = a.picks[:0]
			for _, i := range idx {
				a.picks = append(a.picks, offer[i])
			}
			a.decide(scene, from, a.picks)
			i := k - 1
			for i >= 0 && idx[i] == len(offer)-k+i {
				i--
			}
			if i < 0 {
				break
			}
			idx[i]++
			for j := i + 1; j < k; j++ {
				idx[j] = idx[j-1] + 1
			}
		}
	}
}

// decide applies one decision to a copy of from and follows it through the
// endings and events, adding each outcome to a.outs.
func (a *analyzer) decide(scene int, from *branch, picks []int) {
	s := &a.sc.Scenes[scene]
	b := a.getBranch()
	copyBranch(b, from)
	clear(b.delta)
	b.evs = b.evs[:0]
	_, a.scratch = a.sc.decide(&b.st, s, picks, a.sets, a.adds, a.scratch)
	for _, p := range picks {
		for _, pt := range s.Choices[p].Score {
			b.delta[pt.Principle] += int32(pt.By)
		}
	}
	if e := a.sc.endingNow(&b.st); e >= 0 {
		a.outs = append(a.outs, outcome{picks: a.keepPicks(picks), b: b, ending: e, end: true})
		return
	}
	next := s.Goto
	if !s.IsPick() {
		next = s.Choices[picks[0]].Goto
	}
	a.events(scene, picks, b, 0, next, false)
}

// events walks the events from i on, branching on each chance event that may
// fire, and adds each resulting outcome to a.outs.
func (a *analyzer) events(scene int, picks []int, b *branch, i int, next Target, redirected bool) {
	for ; i < len(a.sc.Events); i++ {
		if !a.sc.eligible(&b.st, b.fired, i) {
			continue
		}
		e := &a.sc.Events[i]
		if e.Chance <= 0 {
			continue
		}
		if e.Chance < 1 {
			// Branch: the event does not fire here...
			c := a.getBranch()
			copyBranch(c, b)
			copy(c.delta, b.delta)
			c.evs = append(c.evs[:0], b.evs...)
			a.events(scene, picks, c, i+1, next, redirected)
		}
		// ...and it fires.
		b.fired[i] = true
		a.scratch = a.sc.fire(&b.st, e, a.scratch)
		b.evs = append(b.evs, i)
		if e.Goto.Index >= 0 && !redirected {
			next, redirected = e.Goto, true
			a.redirect(Redirect{Scene: scene, Event: i, Target: e.Goto})
		}
	}
	o := outcome{picks: a.keepPicks(picks), b: b, ending: -1}
	if next.Ending {
		o.end, o.ending = true, next.Index
	} else {
		o.next = next.Index
		a.sc.visit(&b.st, next.Index)
		if !anyOffered(&a.sc.Scenes[next.Index], &b.st) {
			a.res.Reachable[next.Index] = true
			a.noteText(next.Index, &b.st)
			a.noteDeadEnd(next.Index)
			o.end = true
		}
	}
	a.outs = append(a.outs, o)
}

// path follows, from the start, edges whose value matches the node's value
// in column col (a principle's best or worst, or the total's), re-expanding
// each state on the way.
func (a *analyzer) path(root *branch, col int) Path {
	np := a.np
	cur := a.getBranch()
	copyBranch(cur, root)
	scene := a.sc.Start
	var out Path
	for steps := 0; steps <= len(a.scene); steps++ {
		id, _ := a.node(scene, cur, false)
		if id < 0 {
			break
		}
		want := a.val(id)[col]
		a.expand(scene, cur)
		var pick *outcome
		for i := range a.outs {
			o := &a.outs[i]
			var got int32
			for p := 0; p < np; p++ {
				if col == p || col == np+p || col >= 2*np {
					got += o.b.delta[p]
				}
			}
			if o.end {
				checks := make([]int32, np)
				a.sc.checkScoresInto(&o.b.st, checks)
				for p := 0; p < np; p++ {
					if col == p || col == np+p || col >= 2*np {
						got += checks[p]
					}
				}
			} else {
				cid, _ := a.node(o.next, o.b, false)
				if cid < 0 || a.status[cid] != 2 {
					continue
				}
				got += a.val(cid)[col]
			}
			if got == want {
				pick = o
				break
			}
		}
		if pick == nil {
			break
		}
		stp := Step{Scene: scene, Events: append([]int{}, pick.b.evs...)}
		for _, c := range a.pickBuf[pick.picks[0]:pick.picks[1]] {
			stp.Choices = append(stp.Choices, a.sc.Scenes[scene].Choices[c].index)
		}
		out = append(out, stp)
		if pick.end {
			break
		}
		scene = pick.next
		copyBranch(cur, pick.b)
	}
	a.releaseOuts()
	a.putBranch(cur)
	return out
}

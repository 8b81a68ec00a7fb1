package engine

import (
	"encoding/binary"
	"fmt"
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
	// (PathsSaturated) and does not count paths through loops.
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

// analyzer explores the state graph depth first, memoizing each distinct
// state once: its cost grows with the number of states, not of paths.
type analyzer struct {
	sc    *Scenario
	np    int            // principles
	ids   map[string]int // state key -> node
	nodes []anode
	vals  []int32 // per node: best[np], worst[np], bestTotal, worstTotal
	paths []uint64

	edges  []aedge
	deltas []int32 // per edge: np score deltas (checks folded in for terminal edges)
	stack  []aframe

	key     []byte
	scratch []float64
	sets    [][]Assign
	adds    [][]Delta
	picks   []int
	fired   []int
	tmp     State
	limit   int
	res     *Analysis
	offered []int
	pool    []*branch
}

// branch is scratch space for one way a decision may turn out: the state,
// the events fired so far, and the score delta. Branches are pooled, so that
// exploring does not allocate per edge.
type branch struct {
	st    State
	fired []bool
	delta []int32
	evs   []int
}

func (a *analyzer) getBranch() *branch {
	if n := len(a.pool); n > 0 {
		b := a.pool[n-1]
		a.pool = a.pool[:n-1]
		return b
	}
	return &branch{st: a.sc.newState(), fired: make([]bool, len(a.sc.Events)), delta: make([]int32, a.np)}
}

func (a *analyzer) putBranch(b *branch) { a.pool = append(a.pool, b) }

// fork returns a copy of b from the pool.
func (a *analyzer) fork(b *branch) *branch {
	c := a.getBranch()
	copyState(&c.st, &b.st)
	copy(c.fired, b.fired)
	copy(c.delta, b.delta)
	c.evs = append(c.evs[:0], b.evs...)
	return c
}

type anode struct {
	st     *State
	fired  []bool
	status uint8 // 0 new, 1 on the stack, 2 done
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

// outcome is one way a decision can turn out, passed to a callback during
// expansion.
type outcome struct {
	choice  int    // ordinary scene: the scene-local choice
	picks   []int  // pick scene: the scene-local choices
	fired   []int  // events that fired
	st      *State // state after the decision and events
	evFired []bool
	ending  int  // ending reached, or -1
	end     bool // the drill ends (an ending, or a dead end next)
	next    int  // next scene when not ended
	delta   []int32
}

// Analyze explores sc exhaustively. maxStates caps the exploration (0 means
// DefaultMaxStates); past it Analyze returns a *StateLimitError.
func Analyze(sc *Scenario, maxStates int) (*Analysis, error) {
	if maxStates <= 0 {
		maxStates = DefaultMaxStates
	}
	np := len(sc.Guidance.Principles)
	a := &analyzer{
		sc: sc, np: np, ids: map[string]int{}, limit: maxStates, tmp: sc.newState(),
		res: &Analysis{Reachable: make([]bool, len(sc.Scenes)), EndingReachable: make([]bool, len(sc.Endings))},
	}
	root := sc.newState()
	rootFired := make([]bool, len(sc.Events))
	root.Visited[sc.Start] = true
	if !anyOffered(&sc.Scenes[sc.Start], &root) {
		a.res.DeadEnds = append(a.res.DeadEnds, sc.Start)
	}
	a.res.Reachable[sc.Start] = true
	id, _ := a.node(sc.Start, &root, rootFired, true)
	if err := a.run(id); err != nil {
		return nil, err
	}
	res := a.res
	res.States = len(a.nodes)
	res.Paths = a.paths[id]
	res.PathsSaturated = res.Paths == math.MaxUint64
	v := a.vals[id*(2*np+2):]
	res.Best, res.Worst = make([]int, np), make([]int, np)
	for p := 0; p < np; p++ {
		res.Best[p], res.Worst[p] = int(v[p]), int(v[np+p])
		res.BestPath = append(res.BestPath, a.path(sc.Start, &root, rootFired, p, true))
		res.WorstPath = append(res.WorstPath, a.path(sc.Start, &root, rootFired, p, false))
	}
	res.BestTotal, res.WorstTotal = int(v[2*np]), int(v[2*np+1])
	res.BestTotalPath = a.path(sc.Start, &root, rootFired, -1, true)
	res.WorstTotalPath = a.path(sc.Start, &root, rootFired, -1, false)
	return res, nil
}

// stateKey encodes what distinguishes a state for the future of a drill: the
// scene, and only the parts of the state that some expression reads.
func (a *analyzer) stateKey(scene int, st *State, fired []bool) []byte {
	k := binary.LittleEndian.AppendUint32(a.key[:0], uint32(scene))
	r := &a.sc.reads
	for i, on := range r.vars {
		if on {
			k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Vals[i]))
		}
	}
	if r.hours {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Hours))
	}
	for i, on := range r.choices {
		if on {
			k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.ChoseAt[i]))
		}
	}
	var acc byte
	var n uint
	bit := func(b bool) {
		if b {
			acc |= 1 << n
		}
		if n++; n == 8 {
			k = append(k, acc)
			acc, n = 0, 0
		}
	}
	for i, on := range r.scenes {
		if on {
			bit(st.Visited[i])
		}
	}
	for i := range a.sc.Events {
		if a.sc.Events[i].Once {
			bit(fired[i])
		}
	}
	if n > 0 {
		k = append(k, acc)
	}
	a.key = k
	return k
}

// node returns the node of a state, creating it (with a copy of the state)
// when new.
func (a *analyzer) node(scene int, st *State, fired []bool, create bool) (int, bool) {
	k := a.stateKey(scene, st, fired)
	if id, ok := a.ids[string(k)]; ok {
		return id, false
	}
	if !create {
		return -1, false
	}
	id := len(a.nodes)
	a.ids[string(k)] = id
	cp := a.sc.newState()
	copyState(&cp, st)
	a.nodes = append(a.nodes, anode{st: &cp, fired: append([]bool(nil), fired...)})
	for range 2*a.np + 2 {
		a.vals = append(a.vals, 0)
	}
	a.paths = append(a.paths, 0)
	return id, true
}

func (a *analyzer) run(root int) error {
	a.nodes[root].status = 1
	scenes := []int{a.sc.Start} // scene per node, to expand
	a.push(root, scenes[root], &scenes)
	for len(a.stack) > 0 {
		if len(a.nodes) > a.limit {
			return &StateLimitError{a.limit}
		}
		f := &a.stack[len(a.stack)-1]
		if f.cursor < f.end {
			e := &a.edges[f.cursor]
			f.cursor++
			if e.child < 0 {
				continue
			}
			switch a.nodes[e.child].status {
			case 0:
				a.nodes[e.child].status = 1
				a.push(int(e.child), scenes[e.child], &scenes)
			case 1:
				e.back = true
				a.res.Loops = true
			}
			continue
		}
		a.combine(f)
		n := &a.nodes[f.node]
		n.status, n.st, n.fired = 2, nil, nil
		a.edges = a.edges[:f.start]
		a.deltas = a.deltas[:f.start*a.np]
		a.stack = a.stack[:len(a.stack)-1]
	}
	return nil
}

// push expands a node: one edge per way each decision can turn out.
func (a *analyzer) push(id, scene int, scenes *[]int) {
	start := len(a.edges)
	n := a.nodes[id]
	a.expand(scene, n.st, n.fired, func(o *outcome) {
		child := int32(-1)
		if o.end {
			if o.ending >= 0 {
				a.res.EndingReachable[o.ending] = true
			}
			a.sc.checkScoresInto(o.st, o.delta)
		} else {
			cid, isNew := a.node(o.next, o.st, o.evFired, true)
			if isNew {
				*scenes = append(*scenes, o.next)
				a.res.Reachable[o.next] = true
			}
			child = int32(cid)
		}
		a.edges = append(a.edges, aedge{child: child})
		a.deltas = append(a.deltas, o.delta...)
	})
	if len(a.edges) == start {
		// A dead end: the drill stops here and the checks are scored.
		a.noteDeadEnd(scene)
	}
	a.stack = append(a.stack, aframe{node: int32(id), start: start, end: len(a.edges), cursor: start})
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
	w := 2*np + 2
	v := a.vals[int(f.node)*w : int(f.node)*w+w]
	var paths uint64
	any := false
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
		var cb, cw []int32
		if e.child >= 0 {
			c := a.vals[int(e.child)*w : int(e.child)*w+w]
			cb, cw = c[:np], c[np:2*np]
			sum2b, sum2w := sum+c[2*np], sum+c[2*np+1]
			if !any || sum2b > v[2*np] {
				v[2*np] = sum2b
			}
			if !any || sum2w < v[2*np+1] {
				v[2*np+1] = sum2w
			}
			var carry uint64
			paths, carry = bits.Add64(paths, a.paths[e.child], 0)
			if carry != 0 {
				paths = math.MaxUint64
			}
		} else {
			if !any || sum > v[2*np] {
				v[2*np] = sum
			}
			if !any || sum < v[2*np+1] {
				v[2*np+1] = sum
			}
			if paths != math.MaxUint64 {
				paths++
			}
		}
		for p := 0; p < np; p++ {
			b, wv := d[p], d[p]
			if cb != nil {
				b += cb[p]
				wv += cw[p]
			}
			if !any || b > v[p] {
				v[p] = b
			}
			if !any || wv < v[np+p] {
				v[np+p] = wv
			}
		}
		any = true
	}
	if !any {
		// A dead end, or only loops back: the drill stops here.
		st := a.nodes[f.node].st
		delta := make([]int32, np)
		a.sc.checkScoresInto(st, delta)
		var sum int32
		for p := 0; p < np; p++ {
			v[p], v[np+p] = delta[p], delta[p]
			sum += delta[p]
		}
		v[2*np], v[2*np+1] = sum, sum
		paths = 1
	}
	a.paths[f.node] = paths
}

// expand calls emit for every way a decision in scene can turn out from st:
// every offered choice (or allowed set of picks), and every combination of
// the chance events that may then fire. The outcome and its slices are only
// valid during the call.
func (a *analyzer) expand(scene int, st *State, fired []bool, emit func(*outcome)) {
	s := &a.sc.Scenes[scene]
	offer := a.offered[:0]
	for i := range s.Choices {
		if offered(&s.Choices[i], st) {
			offer = append(offer, i)
		}
	}
	a.offered = offer
	if len(offer) == 0 {
		return
	}
	offer = append([]int(nil), offer...) // a.offered is reused by nested calls
	decide := func(picks []int) {
		b := a.getBranch()
		copyState(&b.st, st)
		copy(b.fired, fired)
		clear(b.delta)
		b.evs = b.evs[:0]
		_, a.scratch = a.sc.decide(&b.st, s, picks, a.sets, a.adds, a.scratch)
		for _, p := range picks {
			for _, pt := range s.Choices[p].Score {
				b.delta[pt.Principle] += int32(pt.By)
			}
		}
		o := outcome{picks: picks, ending: -1}
		if !s.IsPick() {
			o.choice = picks[0]
		}
		if e := a.sc.endingNow(&b.st); e >= 0 {
			o.end, o.ending = true, e
			o.st, o.evFired, o.delta, o.fired = &b.st, b.fired, b.delta, b.evs
			emit(&o)
			a.putBranch(b)
			return
		}
		next := s.Goto
		if !s.IsPick() {
			next = s.Choices[picks[0]].Goto
		}
		a.events(&o, b, 0, next, false, emit)
	}
	if !s.IsPick() {
		var one [1]int
		for _, c := range offer {
			one[0] = c
			decide(one[:])
		}
		return
	}
	lo, hi := min(s.PickMin, len(offer)), min(s.PickMax, len(offer))
	for k := lo; k <= hi; k++ {
		combinations(offer, k, decide)
	}
}

// events walks the events from i on, branching on each chance event that may
// fire, and emits each resulting outcome. It returns b to the pool.
func (a *analyzer) events(o *outcome, b *branch, i int, next Target, redirected bool, emit func(*outcome)) {
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
			a.events(o, a.fork(b), i+1, next, redirected, emit)
		}
		// ...and it fires.
		b.fired[i] = true
		a.scratch = a.sc.fire(&b.st, e, a.scratch)
		b.evs = append(b.evs, i)
		if e.Goto.Index >= 0 && !redirected {
			next, redirected = e.Goto, true
		}
	}
	o.st, o.evFired, o.delta, o.fired = &b.st, b.fired, b.delta, b.evs
	o.end, o.ending = false, -1
	if next.Ending {
		o.end, o.ending = true, next.Index
	} else {
		o.next = next.Index
		b.st.Visited[next.Index] = true
		if !anyOffered(&a.sc.Scenes[next.Index], &b.st) {
			a.res.Reachable[next.Index] = true
			a.noteDeadEnd(next.Index)
			o.end = true
		}
	}
	emit(o)
	a.putBranch(b)
}

// combinations calls f with every k-element subset of set, in order.
func combinations(set []int, k int, f func([]int)) {
	buf := make([]int, k)
	var rec func(start, depth int)
	rec = func(start, depth int) {
		if depth == k {
			f(buf)
			return
		}
		for i := start; i <= len(set)-(k-depth); i++ {
			buf[depth] = set[i]
			rec(i+1, depth+1)
		}
	}
	rec(0, 0)
}

// path follows the best (or worst) edges from the start for principle p, or
// for the total when p < 0, re-expanding each state on the way.
func (a *analyzer) path(scene int, st *State, fired []bool, p int, best bool) Path {
	np := a.np
	w := 2*np + 2
	col := p
	if p < 0 {
		col = 2 * np
	}
	if !best {
		if p < 0 {
			col = 2*np + 1
		} else {
			col = np + p
		}
	}
	var out Path
	for steps := 0; steps < len(a.nodes)+1; steps++ {
		id, _ := a.node(scene, st, fired, false)
		if id < 0 {
			break
		}
		want := a.vals[id*w+col]
		var pick *outcome
		a.expand(scene, st, fired, func(o *outcome) {
			if pick != nil {
				return
			}
			var got int32
			if p < 0 {
				for _, x := range o.delta {
					got += x
				}
			} else {
				got = o.delta[p]
			}
			if o.end {
				d := make([]int32, np)
				a.sc.checkScoresInto(o.st, d)
				if p < 0 {
					for _, x := range d {
						got += x
					}
				} else {
					got += d[p]
				}
			} else {
				cid, _ := a.node(o.next, o.st, o.evFired, false)
				if cid < 0 || a.nodes[cid].status != 2 {
					return
				}
				got += a.vals[cid*w+col]
			}
			if got == want {
				cp := *o
				cp.picks = append([]int(nil), o.picks...)
				cp.fired = append([]int(nil), o.fired...)
				st := a.sc.newState()
				copyState(&st, o.st)
				cp.st, cp.evFired = &st, append([]bool(nil), o.evFired...)
				pick = &cp
			}
		})
		if pick == nil {
			break
		}
		stp := Step{Scene: scene, Events: pick.fired}
		for _, c := range pick.picks {
			stp.Choices = append(stp.Choices, a.sc.Scenes[scene].Choices[c].index)
		}
		out = append(out, stp)
		if pick.end {
			break
		}
		scene, st, fired = pick.next, pick.st, pick.evFired
	}
	return out
}

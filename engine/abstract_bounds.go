package engine

// The graph of the estimate and its bounds. Nodes are the scenes and, at
// tier 3, one hub through which every event's goto passes; an edge is a
// decision (or an event's goto from the hub) with its score columns, or an
// end of the drill with the checks that may then score folded in.
//
// Over a graph without cycles the bound is the longest (shortest) path.
// Within a cycle, a path can go round, but never through the same drill state
// twice (the exact exploration ignores going round, and so do its bounds):
// an edge whose source can hold only k distinct states is taken at most k
// times, an edge that needs a once event, or makes a choice or enters a scene
// for the first time, at most once. Where the edges that can be taken without
// such a limit form a cycle that scores, no bound holds: the estimate then
// counts those edges once each and says so (Analysis.Unbounded).

// agraph is the graph of an estimate.
type agraph struct {
	n     int // nodes
	W     int // score columns
	edges []aEdge
	cols  []float64 // per edge: W highs, then W lows
	// out lists each node's edges: out[off[v]:off[v+1]].
	off, out []int32
}

// aEdge is one edge: a decision, an event's goto, or an end.
type aEdge struct {
	from, to int32   // to is -1 for an end
	choice   int32   // the choice made, or -1 (picks, the hub's edges)
	event    int32   // the event whose goto it is, or -1
	ending   int32   // for an end: the ending reached, or -1 (nothing to choose)
	limits   []limit // for an edge of a cycle: what limits how often it is taken
}

// limit says that the edges of one group together are taken at most n
// times on one path: the edges that need a once event (n = 1), that make a
// choice for the first time, or enter a scene for the first time (n = 1),
// that leave a scene which can hold only n distinct states, or one edge
// whose choice is offered in only n of them.
type limit struct {
	group int64 // kind<<32 | index
	n     float64
}

// The kinds of limit groups.
const (
	groupEvent  = 1 // the edges a once event redirects
	groupChoice = 2 // the edges that make a choice for the first time
	groupEnter  = 3 // the edges that enter a scene for the first time
	groupSource = 4 // the edges that leave a scene
	groupEdge   = 5 // the edge alone, from the states its choice is offered in
)

func groupOf(kind, index int) int64 { return int64(kind)<<32 | int64(index) }

func (a *abstraction) edgeBytes() int { return 32 + 16*a.W }

// edge adds an edge with score columns cols (highs then lows).
func (a *abstraction) edge(from, to, choice, event int, cols []float64) {
	a.g.edges = append(a.g.edges, aEdge{from: int32(from), to: int32(to), choice: int32(choice), event: int32(event), ending: -1})
	a.g.cols = append(a.g.cols, cols...)
}

// end adds an end from node from, at ending (-1 for none) in state st,
// after a decision scoring cols.
func (a *abstraction) end(from, ending int, st *aState, cols []float64) {
	e := make([]float64, 2*a.W)
	copy(e, cols)
	a.checkBounds(st, e)
	a.edge(from, -1, -1, -1, e)
	a.g.edges[len(a.g.edges)-1].ending = int32(ending)
}

// checkBounds adds to cols what the end-of-drill checks may score in st.
func (a *abstraction) checkBounds(st *aState, cols []float64) {
	for i := range a.sc.Checks {
		k := &a.sc.Checks[i]
		t := a.checkWhen[i](st)
		if !t.mayTrue() {
			continue
		}
		hi, lo := float64(k.Score), float64(k.Score)
		if t.mayFalse() {
			hi, lo = max(0, hi), min(0, lo)
		}
		for _, col := range [2]int{k.Principle, a.np} {
			cols[col] += hi
			cols[a.W+col] += lo
		}
	}
}

// mayStop reports whether scene s, entered in a state of x, may offer
// nothing, so that the drill stops there.
func (a *abstraction) mayStop(s int, x *aState) bool {
	for j := range a.sc.Scenes[s].Choices {
		if !a.choiceWhen[a.sc.Scenes[s].Choices[j].index](x).mayFalse() {
			return false
		}
	}
	return true
}

// build makes the graph from every scene's state.
func (a *abstraction) build() {
	a.g = agraph{n: len(a.sc.Scenes) + 1, W: a.W}
	if a.tier == 3 {
		a.buildLinear()
	} else {
		zero := make([]float64, 2*a.W)
		for s := range a.sc.Scenes {
			x := a.in[s]
			if x == nil {
				continue
			}
			a.decisions(s, x, func(y *aState, cols []float64, choice int, _ *aState) bool {
				for _, e := range a.exits {
					a.end(s, e.ending, e.st, cols)
				}
				for _, t := range a.targets {
					a.edge(s, t.scene, choice, t.event, cols)
				}
				return true
			})
			if a.mayStop(s, x) {
				a.end(s, -1, x, zero)
			}
		}
	}
	a.index()
}

// buildLinear makes the graph of tier 3, where nothing is followed: every
// state is the same, so what endings and events may do after a decision is
// worked out once, and every event's goto passes through one hub.
func (a *abstraction) buildLinear() {
	sc := a.sc
	hub := len(sc.Scenes)
	top := a.newState()
	zero := make([]float64, 2*a.W)
	y := a.clone(top)
	a.after(y, Target{Index: -1})
	// The endings a condition may end a decision at, and where events may
	// send it.
	var endings []int
	ownWins, toHub := false, false
	for _, g := range a.gotos {
		switch {
		case g.event < 0:
			ownWins = true
		case g.to.Ending:
			toHub = true
			a.end(hub, g.to.Index, top, zero)
		default:
			toHub = true
			a.edge(hub, g.to.Index, -1, g.event, zero)
		}
	}
	for _, e := range a.exits {
		if e.ending >= 0 && !isGotoEnd(a.gotos, e.ending) {
			endings = append(endings, e.ending)
		}
	}
	a.releaseExits()
	cols := make([]float64, 2*a.W)
	decide := func(s int, goto_ Target, choice int) {
		for _, e := range endings {
			a.end(s, e, top, cols)
		}
		if ownWins && goto_.Index >= 0 {
			if goto_.Ending {
				a.end(s, goto_.Index, top, cols)
			} else {
				a.edge(s, goto_.Index, choice, -1, cols)
			}
		}
		if toHub {
			a.edge(s, hub, choice, -1, cols)
		}
	}
	for s := range sc.Scenes {
		scene := &sc.Scenes[s]
		if scene.IsPick() {
			p := a.clone(top)
			if a.pick(scene, p, cols) {
				decide(s, scene.Goto, -1)
			}
			a.release(p)
		} else {
			for j := range scene.Choices {
				ch := &scene.Choices[j]
				if !a.choiceWhen[ch.index](top).mayTrue() {
					continue
				}
				a.choiceCols(ch, cols)
				decide(s, ch.Goto, ch.index)
			}
		}
		if a.mayStop(s, top) {
			a.end(s, -1, top, zero)
		}
	}
	a.top = top
}

// isGotoEnd reports whether ending is reached by one of gotos.
func isGotoEnd(gotos []aGoto, ending int) bool {
	for _, g := range gotos {
		if g.event >= 0 && g.to.Ending && g.to.Index == ending {
			return true
		}
	}
	return false
}

// index lists each node's edges.
func (a *abstraction) index() {
	g := &a.g
	g.off = make([]int32, g.n+1)
	for _, e := range g.edges {
		g.off[e.from+1]++
	}
	for v := 0; v < g.n; v++ {
		g.off[v+1] += g.off[v]
	}
	g.out = make([]int32, len(g.edges))
	next := append([]int32(nil), g.off[:g.n]...)
	for i, e := range g.edges {
		g.out[next[e.from]] = int32(i)
		next[e.from]++
	}
}

// reachable marks the nodes reachable from the start.
func (a *abstraction) reachable() []bool {
	g := &a.g
	seen := make([]bool, g.n)
	stack := []int32{int32(a.sc.Start)}
	seen[a.sc.Start] = true
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, ei := range g.out[g.off[v]:g.off[v+1]] {
			if t := g.edges[ei].to; t >= 0 && !seen[t] {
				seen[t] = true
				stack = append(stack, t)
			}
		}
	}
	return seen
}

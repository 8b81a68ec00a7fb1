package engine

import (
	"math"
)

// The bounds of the estimate's graph: the longest and shortest paths, per
// column, with what limits how often the edges of a cycle are taken.

// solve computes, per column, the best and worst that can still be scored
// from each node.
func (a *abstraction) solve() {
	g := &a.g
	// Components of the whole graph, sinks first.
	tgt := make([]int32, len(g.out))
	for i, ei := range g.out {
		tgt[i] = g.edges[ei].to
	}
	comp, ncomp := tarjan(g.n, g.off, tgt)
	members := make([][]int32, ncomp)
	for v := 0; v < g.n; v++ {
		members[comp[v]] = append(members[comp[v]], int32(v))
	}
	cyclic := make([]bool, ncomp)
	for c, ms := range members {
		cyclic[c] = len(ms) > 1
	}
	for _, e := range g.edges {
		if e.to >= 0 && e.to == e.from {
			cyclic[comp[e.from]] = true
		}
	}
	// A drill can stop in a cycle with only ways back round left (the exact
	// exploration scores such a state as an end): let every scene of a
	// cycle end, and work out how often each edge of a cycle can be taken.
	zero := make([]float64, 2*a.W)
	n := len(g.edges)
	for v := 0; v < len(a.sc.Scenes); v++ {
		if c := comp[v]; cyclic[c] {
			if st := a.stateOf(v); st != nil {
				a.end(v, -1, st, zero)
			}
		}
	}
	if len(g.edges) != n {
		a.index()
	}
	sources := map[int32]float64{}
	for i := range g.edges {
		e := &g.edges[i]
		if e.to >= 0 && comp[e.from] == comp[e.to] && cyclic[comp[e.from]] {
			e.limits = a.edgeLimits(i, e, sources)
		}
	}
	a.best, a.worst = make([][]float64, a.W), make([][]float64, a.W)
	a.ubBest, a.ubWorst = make([]bool, a.W), make([]bool, a.W)
	for col := 0; col < a.W; col++ {
		a.best[col], a.ubBest[col] = g.longest(members, comp, cyclic, func(ei int) float64 { return g.cols[ei*2*g.W+col] })
		w, ub := g.longest(members, comp, cyclic, func(ei int) float64 { return -g.cols[ei*2*g.W+g.W+col] })
		for i := range w {
			w[i] = -w[i]
		}
		a.worst[col], a.ubWorst[col] = w, ub
		a.unbounded = a.unbounded || a.ubBest[col] || ub
	}
}

// combine narrows a's bounds with o's, an estimate of the same scenario at
// another tier: per column and node the tighter of two sound bounds, never
// one that is not sound when the other is.
func (a *abstraction) combine(o *abstraction) {
	a.unbounded = false
	for col := 0; col < a.W; col++ {
		a.ubBest[col] = pick(a.best[col], o.best[col], a.ubBest[col], o.ubBest[col], true)
		a.ubWorst[col] = pick(a.worst[col], o.worst[col], a.ubWorst[col], o.ubWorst[col], false)
		a.unbounded = a.unbounded || a.ubBest[col] || a.ubWorst[col]
	}
}

// pick sets dst to the tighter of dst and o, two upper bounds per node (or
// lower ones, when not upper), of which one that may fall short (ub) gives
// way to one that does not. It reports whether the result may fall short.
func pick(dst, o []float64, ub, oub, upper bool) bool {
	tighter := func(x, y float64) float64 {
		if upper {
			return min(x, y)
		}
		return max(x, y)
	}
	looser := func(x, y float64) float64 {
		if upper {
			return max(x, y)
		}
		return min(x, y)
	}
	for i := range dst {
		switch {
		case ub == oub && !ub:
			dst[i] = tighter(dst[i], o[i])
		case ub == oub:
			dst[i] = looser(dst[i], o[i])
		case ub:
			dst[i] = o[i]
		}
	}
	return ub && oub
}

// stateOf returns what can enter scene s, or nil when nothing can.
func (a *abstraction) stateOf(s int) *aState {
	if a.tier == 3 {
		return a.top
	}
	return a.in[s]
}

// edgeLimits lists what limits how often one path takes edge e, which lies
// on a cycle; an edge that can never be taken gets a limit of 0. sources
// keeps, per scene, how many distinct states can enter it.
func (a *abstraction) edgeLimits(i int, e *aEdge, sources map[int32]float64) []limit {
	sc := a.sc
	var ls []limit
	if e.event >= 0 && sc.Events[e.event].Once {
		ls = append(ls, limit{groupOf(groupEvent, int(e.event)), 1})
	}
	if int(e.from) >= len(sc.Scenes) {
		return ls // the hub holds no state
	}
	n, ok := sources[e.from]
	if !ok {
		n = a.keyCount(a.stateOf(int(e.from)))
		sources[e.from] = n
	}
	ls = append(ls, limit{groupOf(groupSource, int(e.from)), n})
	pre := a.clone(a.stateOf(int(e.from)))
	defer a.release(pre)
	if e.choice >= 0 {
		_, ch := sc.ChoiceByIndex(int(e.choice))
		if !a.c.refine(pre, ch.When, true) {
			return []limit{{groupOf(groupSource, int(e.from)), 0}}
		}
		if p := a.lay.madeAt(sc, int(e.choice)); p >= 0 && pre.t[p] == triFalse {
			ls = append(ls, limit{groupOf(groupChoice, int(e.choice)), 1}) // chose() is true ever after
		}
	}
	if int(e.to) < len(sc.Scenes) {
		if p := a.lay.seenAt(sc, int(e.to)); p >= 0 && pre.t[p] == triFalse {
			ls = append(ls, limit{groupOf(groupEnter, int(e.to)), 1}) // visited() is true ever after
		}
	}
	if k := a.keyCount(pre); k < n {
		ls = append(ls, limit{groupOf(groupEdge, i), k})
	}
	return ls
}

// longest computes, for each node, the greatest sum of gains over the paths
// from it to an end, with the limits of the cycles as described above. It
// reports whether some cycle could gain without a limit.
func (g *agraph) longest(members [][]int32, comp []int32, cyclic []bool, gain func(int) float64) ([]float64, bool) {
	val := make([]float64, g.n)
	unbounded := false
	tv := func(ei int32) float64 {
		if t := g.edges[ei].to; t >= 0 {
			return val[t]
		}
		return 0
	}
	for c, ms := range members {
		if !cyclic[c] {
			v := ms[0]
			best := math.Inf(-1)
			for _, ei := range g.out[g.off[v]:g.off[v+1]] {
				best = max(best, gain(int(ei))+tv(ei))
			}
			val[v] = best
			continue
		}
		b, ub := g.cycleBound(ms, comp, int32(c), gain, tv)
		unbounded = unbounded || ub
		for _, v := range ms {
			val[v] = b
		}
	}
	return val, unbounded
}

// cycleBound bounds the gain of a path through the component ms (number c)
// to an end or out of it. The edges inside split into F, the members of
// chosen limit groups (each group taken at most its n times), and I, the
// others. When the I edges form no cycle that gains, a path is at most
// crossings (the sum of the chosen groups' n) with stretches of I edges
// between them, and gains at most
//
//	sum over chosen groups of n*(its best gain, or 0) + crossings*(best
//	gain of an I stretch) + (best gain of a last I stretch and the way out).
//
// No group is chosen at first; while the I edges form a cycle that gains,
// the group with the smallest n among those of that cycle's component is
// chosen. A gaining cycle without any limit is unbounded: its gaining edges
// then count once each, and the bound no longer holds for a drill that goes
// round it more often.
func (g *agraph) cycleBound(ms []int32, comp []int32, c int32, gain func(int) float64, tv func(int32) float64) (float64, bool) {
	local := make(map[int32]int32, len(ms))
	for i, v := range ms {
		local[v] = int32(i)
	}
	exit := make([]float64, len(ms))
	var inner []int32
	for i, v := range ms {
		exit[i] = math.Inf(-1)
		for _, ei := range g.out[g.off[v]:g.off[v+1]] {
			e := &g.edges[ei]
			switch {
			case e.to >= 0 && comp[e.to] == c:
				if !neverTaken(e) {
					inner = append(inner, ei)
				}
			default:
				exit[i] = max(exit[i], gain(int(ei))+tv(ei))
			}
		}
	}
	chosen := map[int64]float64{} // the chosen groups, with their n
	inF := map[int32]bool{}
	forced := map[int32]bool{} // gaining edges of an unbounded cycle, counted once
	unbounded := false
	var off, tgt, gi []int32
	var sub []int32
	var nsub int
	for {
		// The I edges, as a local graph.
		off = make([]int32, len(ms)+1)
		for _, ei := range inner {
			if !inF[ei] {
				off[local[g.edges[ei].from]+1]++
			}
		}
		for i := range ms {
			off[i+1] += off[i]
		}
		tgt, gi = make([]int32, off[len(ms)]), make([]int32, off[len(ms)])
		next := append([]int32(nil), off[:len(ms)]...)
		for _, ei := range inner {
			if !inF[ei] {
				from := local[g.edges[ei].from]
				tgt[next[from]], gi[next[from]] = local[g.edges[ei].to], ei
				next[from]++
			}
		}
		sub, nsub = tarjan(len(ms), off, tgt)
		// The edges inside each component of the I graph, and whether
		// one of them gains.
		within := map[int32][]int32{}
		gaining := map[int32]bool{}
		for f := range ms {
			for j := off[f]; j < off[f+1]; j++ {
				if s := sub[f]; s == sub[tgt[j]] {
					within[s] = append(within[s], gi[j])
					if gain(int(gi[j])) > 0 {
						gaining[s] = true
					}
				}
			}
		}
		if len(gaining) == 0 {
			break
		}
		for s := range gaining {
			// The group with the smallest limit, and the most edges here.
			best, bestN, bestCount := int64(0), math.Inf(1), 0
			count := map[int64]int{}
			for _, ei := range within[s] {
				for _, l := range g.edges[ei].limits {
					count[l.group]++
				}
			}
			for _, ei := range within[s] {
				for _, l := range g.edges[ei].limits {
					if l.n < bestN || (l.n == bestN && count[l.group] > bestCount) {
						best, bestN, bestCount = l.group, l.n, count[l.group]
					}
				}
			}
			if !math.IsInf(bestN, 1) {
				chosen[best] = bestN
				for _, ei := range inner {
					for _, l := range g.edges[ei].limits {
						if l.group == best {
							inF[ei] = true
						}
					}
				}
				continue
			}
			unbounded = true
			for _, ei := range within[s] {
				if gain(int(ei)) > 0 {
					forced[ei], inF[ei] = true, true
				}
			}
		}
	}
	var gainF, crossings float64
	for grp, n := range chosen {
		most := 0.0
		for _, ei := range inner {
			for _, l := range g.edges[ei].limits {
				if l.group == grp {
					most = max(most, gain(int(ei)))
				}
			}
		}
		gainF += n * most
		crossings += n
	}
	for ei := range forced {
		gainF += gain(int(ei))
		crossings++
	}
	// Over the components of the I graph, sinks first: the best stretch of
	// gains (only the positive ones count: a stretch can be cut anywhere),
	// and the best way out.
	stretch := make([]float64, nsub)
	out := make([]float64, nsub)
	for i := range out {
		out[i] = math.Inf(-1)
	}
	order := make([][]int32, nsub)
	for f := range ms {
		order[sub[f]] = append(order[sub[f]], int32(f))
	}
	for s, fs := range order {
		for _, f := range fs {
			out[s] = max(out[s], exit[f])
			for j := off[f]; j < off[f+1]; j++ {
				t := sub[tgt[j]]
				if t == int32(s) {
					continue // inside: gains nothing, as made sure above
				}
				x := gain(int(gi[j]))
				stretch[s] = max(stretch[s], max(0, x)+stretch[t])
				out[s] = max(out[s], x+out[t])
			}
		}
	}
	seg, way := 0.0, math.Inf(-1)
	for s := range stretch {
		seg = max(seg, stretch[s])
		way = max(way, out[s])
	}
	inside := gainF
	if crossings > 0 && seg > 0 {
		inside += crossings * seg
	}
	return inside + way, unbounded
}

// neverTaken reports whether an edge has a limit of zero: its choice can
// never be offered there.
func neverTaken(e *aEdge) bool {
	for _, l := range e.limits {
		if l.n == 0 {
			return true
		}
	}
	return false
}

// tarjan returns the strongly connected components of a graph given as
// adjacency lists (targets tgt[off[v]:off[v+1]]), numbered so that a
// component comes after every component it reaches: sinks first.
func tarjan(n int, off, tgt []int32) ([]int32, int) {
	index := make([]int32, n) // 0 when not visited yet, else its order plus one
	low := make([]int32, n)
	onStack := make([]bool, n)
	comp := make([]int32, n)
	var stack []int32
	type frame struct{ v, e int32 }
	var call []frame
	next, ncomp := int32(1), int32(0)
	for root := int32(0); root < int32(n); root++ {
		if index[root] != 0 {
			continue
		}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		call = append(call, frame{root, off[root]})
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.e < off[v+1] {
				w := tgt[f.e]
				f.e++
				if w < 0 {
					continue
				}
				if index[w] == 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, off[w]})
				} else if onStack[w] {
					low[v] = min(low[v], index[w])
				}
				continue
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				u := call[len(call)-1].v
				low[u] = min(low[u], low[v])
			}
		}
	}
	return comp, int(ncomp)
}

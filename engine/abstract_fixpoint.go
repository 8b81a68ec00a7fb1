package engine

import (
	"math"
	"time"
)

// The fixpoint of the estimate: every scene's abstract state, grown until
// nothing changes (with widening so that it ends), then narrowed again.

// widenAfter is how many times a scene's state may grow before its growing
// ranges are widened to infinity, which ends the fixpoint; narrowRounds is
// how many times every state is then computed again from what leads to it.
const (
	widenAfter   = 6
	narrowRounds = 2
)

// overBudget counts work and reports when the fixpoint must give up for a
// coarser tier.
func (a *abstraction) overBudget(units int) bool {
	a.work += int64(units)
	if a.work > a.maxWork {
		return true
	}
	return !a.deadline.IsZero() && a.work&(1<<12-1) < int64(units) && time.Now().After(a.deadline)
}

// fixpoint computes every scene's abstract state. It reports false when the
// work ran over the budget.
func (a *abstraction) fixpoint() bool {
	sc := a.sc
	queue := []int{sc.Start}
	queued := make([]bool, len(sc.Scenes))
	queued[sc.Start] = true
	a.in[sc.Start] = a.startState()
	units := 1 + len(sc.Events) + len(sc.Endings)
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		queued[s] = false
		x := a.clone(a.in[s])
		ok := a.decisions(s, x, func(y *aState, _ []float64, _ int, _ *aState) bool {
			if a.overBudget(units) {
				return false
			}
			for _, t := range a.targets {
				if a.join(t.scene, y) && !queued[t.scene] {
					queued[t.scene] = true
					queue = append(queue, t.scene)
				}
			}
			return true
		})
		a.release(x)
		if !ok {
			return false
		}
	}
	return a.narrow(narrowRounds)
}

// narrow computes every scene's state again from its predecessors' states,
// without widening: this can only shrink them, and keeps them sound, so that
// a range widened to infinity comes back to what the conditions on the way
// allow (a counter that a loop's `when` stops at four).
func (a *abstraction) narrow(rounds int) bool {
	sc := a.sc
	units := 1 + len(sc.Events) + len(sc.Endings)
	for range rounds {
		next := make([]*aState, len(sc.Scenes))
		next[sc.Start] = a.startState()
		for s, in := range a.in {
			if in == nil {
				continue
			}
			x := a.clone(in)
			ok := a.decisions(s, x, func(y *aState, _ []float64, _ int, _ *aState) bool {
				if a.overBudget(units) {
					return false
				}
				for _, t := range a.targets {
					if next[t.scene] == nil {
						next[t.scene] = a.clone(y)
					} else {
						joinInto(next[t.scene], y)
					}
					a.enter(next[t.scene], t.scene)
				}
				return true
			})
			a.release(x)
			if !ok {
				return false
			}
		}
		for s, in := range a.in {
			if in != nil {
				a.release(in)
			}
			a.in[s] = next[s]
		}
	}
	return true
}

// join adds y, a state entering scene s, to what can enter s, and reports
// whether that grew.
func (a *abstraction) join(s int, y *aState) bool {
	cur := a.in[s]
	if cur == nil {
		cur = a.clone(y)
		a.enter(cur, s)
		a.in[s] = cur
		return true
	}
	grew := false
	widen := a.grew[s] >= widenAfter
	for i, v := range y.v {
		c := cur.v[i]
		h := hull(c, v)
		if h == c {
			continue
		}
		if widen {
			if h.lo < c.lo {
				h.lo = math.Inf(-1)
			}
			if h.hi > c.hi {
				h.hi = math.Inf(1)
			}
		}
		cur.v[i] = h
		grew = true
	}
	p := a.lay.seenAt(a.sc, s)
	for i, t := range y.t {
		if i == p {
			continue
		}
		if n := cur.t[i] | t; n != cur.t[i] {
			cur.t[i] = n
			grew = true
		}
	}
	if grew {
		a.grew[s]++
		if widen {
			a.tidy(cur)
		}
	}
	return grew
}

// tidy puts widened ranges back inside what they can hold: a bounded
// variable its bounds, the clock and hours_at zero or more.
func (a *abstraction) tidy(st *aState) {
	for i, v := range a.sc.Vars {
		if p := a.lay.varPos[i]; p >= 0 && v.HasBound {
			st.v[p] = clampI(st.v[p], v.Min, v.Max)
		}
	}
	if p := a.lay.hoursPos; p >= 0 {
		st.v[p].lo = max(st.v[p].lo, 0)
	}
	for _, p := range a.lay.atPos {
		if p >= 0 {
			st.v[p] = clampI(st.v[p], 0, Never)
		}
	}
}

// joinInto widens y to hold f too.
func joinInto(y, f *aState) {
	for i := range y.v {
		y.v[i] = hull(y.v[i], f.v[i])
	}
	for i := range y.t {
		y.t[i] |= f.t[i]
	}
}

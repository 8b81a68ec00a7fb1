package engine

import (
	"math"
	"slices"
)

// One decision over abstract states: the rules of step.go, on ranges and
// flags.

// decisions follows every decision of scene s from state x: each choice
// that may be offered, or the picks of a pick scene as one decision. For
// each it calls f with the state after the decision and its events, the
// decision's score columns (the most, then the least, per principle and for
// the total), the choice (-1 for picks) and the state it was taken from;
// the scenes the drill may go on to are in a.targets, and the ends it may
// reach in a.exits. f returns false to stop.
func (a *abstraction) decisions(s int, x *aState, f func(y *aState, cols []float64, choice int, pre *aState) bool) bool {
	scene := &a.sc.Scenes[s]
	cols := make([]float64, 2*a.W)
	if scene.IsPick() {
		y := a.clone(x)
		ok := true
		if a.pick(scene, y, cols) {
			a.after(y, scene.Goto)
			ok = f(y, cols, -1, x)
			a.releaseExits()
		}
		a.release(y)
		return ok
	}
	for j := range scene.Choices {
		ch := &scene.Choices[j]
		if !a.choiceWhen[ch.index](x).mayTrue() {
			continue
		}
		pre := a.clone(x)
		if !a.c.refine(pre, ch.When, true) {
			a.release(pre)
			continue
		}
		y := a.clone(pre)
		a.choose(ch, y)
		a.choiceCols(ch, cols)
		a.after(y, ch.Goto)
		ok := f(y, cols, ch.index, pre)
		a.releaseExits()
		a.release(y)
		a.release(pre)
		if !ok {
			return false
		}
	}
	return true
}

// choiceCols sets cols to the score columns of an ordinary choice: the same
// high and low, per principle and for the total.
func (a *abstraction) choiceCols(ch *Choice, cols []float64) {
	clear(cols)
	for _, p := range ch.Score {
		for _, col := range [2]int{p.Principle, a.np} {
			cols[col] += float64(p.By)
			cols[a.W+col] += float64(p.By)
		}
	}
}

func (a *abstraction) releaseExits() {
	for _, e := range a.exits {
		a.release(e.st)
	}
	a.exits = a.exits[:0]
}

// choose applies an ordinary choice to st: its effects, the clock, and the
// record that it was made.
func (a *abstraction) choose(ch *Choice, st *aState) {
	before := point(0)
	if p := a.lay.hoursPos; p >= 0 {
		before = st.v[p]
	}
	a.effects(st, ch.Set, a.choiceSets[ch.index], ch.Add)
	if p := a.lay.hoursPos; p >= 0 {
		st.v[p] = addI(st.v[p], point(ch.Hours))
	}
	a.made(st, ch.index, before, true)
}

// made records that a choice was made (surely, or maybe) at the clock
// before.
func (a *abstraction) made(st *aState, choice int, before ival, surely bool) {
	p := a.lay.madeAt(a.sc, choice)
	if p < 0 {
		return
	}
	if q := a.lay.atAt(a.sc, choice); q >= 0 {
		switch st.t[p] {
		case triFalse:
			if surely {
				st.v[q] = before
			} else {
				st.v[q] = hull(st.v[q], before)
			}
		case triEither:
			st.v[q] = hull(st.v[q], before)
		}
	}
	if surely {
		st.t[p] = triTrue
	} else {
		st.t[p] |= canTrue
	}
}

// effects applies assignments (all evaluated first), then additions, then
// the bounds.
func (a *abstraction) effects(st *aState, sets []Assign, fs []aNum, adds []Delta) {
	a.scratch = a.scratch[:0]
	for _, f := range fs {
		a.scratch = append(a.scratch, f(st))
	}
	for i, s := range sets {
		if p := a.lay.varPos[s.Var]; p >= 0 {
			st.v[p] = a.scratch[i]
		}
	}
	for _, d := range adds {
		if p := a.lay.varPos[d.Var]; p >= 0 {
			st.v[p] = addI(st.v[p], point(d.By))
		}
	}
	a.clamp(st)
}

func (a *abstraction) clamp(st *aState) {
	for _, i := range a.sc.bounded {
		if p := a.lay.varPos[i]; p >= 0 {
			v := &a.sc.Vars[i]
			st.v[p] = clampI(st.v[p], v.Min, v.Max)
		}
	}
}

// pick applies the decision of a pick scene to st, for every allowed set of
// the choices that may be offered at once: each assigned variable may keep
// its value or take any assigned one, additions add up over at most as many
// picks as allowed, and the clock advances by one of the picks' hours. cols
// gets the score columns: per principle and for the total, the most and the
// least the picks can score. It reports false when nothing may be offered.
func (a *abstraction) pick(s *Scene, st *aState, cols []float64) bool {
	var offer []*Choice
	for j := range s.Choices {
		if a.choiceWhen[s.Choices[j].index](st).mayTrue() {
			offer = append(offer, &s.Choices[j])
		}
	}
	if len(offer) == 0 {
		return false
	}
	k := min(s.PickMax, len(offer))
	pre := a.clone(st)
	before := point(0)
	if p := a.lay.hoursPos; p >= 0 {
		before = pre.v[p]
	}
	// Assignments, evaluated against the state before the decision.
	for _, ch := range offer {
		for i, set := range ch.Set {
			if p := a.lay.varPos[set.Var]; p >= 0 {
				st.v[p] = hull(st.v[p], a.choiceSets[ch.index][i](pre))
			}
		}
	}
	a.release(pre)
	// Additions: the k most negative and the k most positive.
	adds := map[int][]float64{}
	for _, ch := range offer {
		for _, d := range ch.Add {
			adds[d.Var] = append(adds[d.Var], d.By)
		}
	}
	for v, bys := range adds {
		if p := a.lay.varPos[v]; p >= 0 {
			lo, hi := extremes(bys, k)
			st.v[p] = addI(st.v[p], ival{lo, hi, false})
		}
	}
	a.clamp(st)
	if p := a.lay.hoursPos; p >= 0 {
		h := ival{math.Inf(1), math.Inf(-1), false}
		for _, ch := range offer {
			h = hull(h, point(ch.Hours))
		}
		st.v[p] = addI(st.v[p], h)
	}
	for _, ch := range offer {
		a.made(st, ch.index, before, false)
	}
	// Scores.
	per := make([]float64, 0, len(offer))
	for col := 0; col < a.W; col++ {
		per = per[:0]
		for _, ch := range offer {
			sum := 0.0
			for _, p := range ch.Score {
				if p.Principle == col || col == a.np {
					sum += float64(p.By)
				}
			}
			per = append(per, sum)
		}
		lo, hi := extremes(per, k)
		cols[col], cols[a.W+col] = hi, lo
	}
	return true
}

// extremes returns the least and the greatest sum of at most k of xs.
func extremes(xs []float64, k int) (lo, hi float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	for i := 0; i < k && i < len(s) && s[i] < 0; i++ {
		lo += s[i]
	}
	for i := len(s) - 1; i >= len(s)-k && i >= 0 && s[i] > 0; i-- {
		hi += s[i]
	}
	return lo, hi
}

// after follows y, the state after a decision whose own goto is own, through the endings and the events, as step 4 and 5 of a decision.
// The ends it may reach go to a.exits, the scenes it may go on to, to
// a.targets; y becomes the state after the events.
func (a *abstraction) after(y *aState, own Target) {
	sc := a.sc
	a.targets = a.targets[:0]
	for i := range sc.Endings {
		t := a.endWhen[i](y)
		if t.mayTrue() {
			e := a.clone(y)
			a.c.refine(e, sc.Endings[i].When, true)
			a.exits = append(a.exits, aExit{ending: i, st: e})
		}
		if !t.mayFalse() {
			return // this ending surely holds: no event fires
		}
		if t.mayTrue() {
			a.c.refine(y, sc.Endings[i].When, false)
		}
	}
	// The gotos that may win: the first event that fires with one wins, so
	// once one surely fires, neither later ones nor the decision's own can.
	gotos := a.gotos[:0]
	ownWins := true
	for i := range sc.Events {
		e := &sc.Events[i]
		fp := a.lay.firePos[i]
		if e.Manual || (e.Once && fp >= 0 && y.t[fp] == triTrue) {
			continue // a manual event never fires by itself
		}
		el := a.eventWhen[i](y)
		if !el.mayTrue() || e.Chance <= 0 {
			continue
		}
		surely := !el.mayFalse() && e.Chance >= 1 && (!e.Once || (fp >= 0 && y.t[fp] == triFalse))
		f := a.clone(y)
		a.c.refine(f, e.When, true)
		if fp >= 0 {
			f.t[fp] = triTrue
		}
		a.effects(f, e.Set, a.eventSets[i], e.Add)
		if e.Goto.Index >= 0 && ownWins {
			gotos = append(gotos, aGoto{e.Goto, i})
			if surely {
				ownWins = false
			}
		}
		if surely {
			copy(y.v, f.v)
			copy(y.t, f.t)
		} else {
			joinInto(y, f)
		}
		a.release(f)
	}
	if ownWins {
		gotos = append(gotos, aGoto{own, -1})
	}
	for _, g := range gotos {
		if g.to.Ending {
			a.exits = append(a.exits, aExit{ending: g.to.Index, st: a.clone(y)})
			continue
		}
		a.targets = append(a.targets, aTarget{scene: g.to.Index, event: g.event})
	}
	a.gotos = gotos
}

// aGoto is where a decision may lead: its own goto or an event's.
type aGoto struct {
	to    Target
	event int // -1 for the decision's own
}

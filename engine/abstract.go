package engine

import (
	"math"
	"slices"
	"time"
)

// The estimate: when a scenario has too many states to explore, it is played
// once more over abstract states, one per scene, each the join of every
// state that can enter the scene: a number as a range, a flag as true, false
// or either. Every rule of a decision is applied as the drill applies it, on
// ranges, so the abstract states hold every concrete state (a fixpoint, with
// ranges that keep growing widened to infinity). The scores then come from the
// graph of scenes and decisions this gives: the best and worst sum of score
// deltas over its paths, with each end scoring the checks that may hold.
//
// Precision comes in tiers, tried in order until one fits the budget: (1)
// variables, the clock, and the choices, scenes and events expressions ask
// about; (2) variables and the clock; (3) nothing: every condition is
// unknown, and the bounds come from the gotos alone, in time linear in the
// file.

// absLayout says where each tracked part of the drill state lives in an
// abstract state; -1 means it is not followed (anything is possible).
type absLayout struct {
	varPos   []int // per variable: index in v
	hoursPos int   // index in v
	atPos    []int // per choice slot: index in v (hours_at)
	madePos  []int // per choice slot: index in t (chose)
	seenPos  []int // per scene slot: index in t (visited)
	firePos  []int // per event: index in t (whether a once event fired)
	nv, nt   int
}

// aState is an abstract state: ranges and flags.
type aState struct {
	v []ival
	t []tri
}

func newAbsLayout(sc *Scenario, tier int) absLayout {
	l := absLayout{varPos: filled(len(sc.Vars)), hoursPos: -1, atPos: filled(len(sc.choseSlots.items)),
		madePos: filled(len(sc.choseSlots.items)), seenPos: filled(len(sc.visitSlots.items)), firePos: filled(len(sc.Events))}
	if tier >= 3 {
		return l
	}
	r := &sc.reads
	for i, on := range r.vars {
		if on {
			l.varPos[i] = l.nv
			l.nv++
		}
	}
	if r.hours {
		l.hoursPos = l.nv
		l.nv++
	}
	if tier >= 2 {
		return l
	}
	for k, i := range sc.choseSlots.items {
		if r.choices[i] {
			l.madePos[k] = l.nt
			l.nt++
			if r.hoursAt[i] {
				l.atPos[k] = l.nv
				l.nv++
			}
		}
	}
	for k, i := range sc.visitSlots.items {
		if r.scenes[i] {
			l.seenPos[k] = l.nt
			l.nt++
		}
	}
	for i := range sc.Events {
		if sc.Events[i].Once {
			l.firePos[i] = l.nt
			l.nt++
		}
	}
	return l
}

func filled(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

func (l *absLayout) madeAt(sc *Scenario, choice int) int {
	if k := sc.choseSlots.get(choice); k >= 0 {
		return l.madePos[k]
	}
	return -1
}

func (l *absLayout) atAt(sc *Scenario, choice int) int {
	if k := sc.choseSlots.get(choice); k >= 0 {
		return l.atPos[k]
	}
	return -1
}

func (l *absLayout) seenAt(sc *Scenario, scene int) int {
	if k := sc.visitSlots.get(scene); k >= 0 {
		return l.seenPos[k]
	}
	return -1
}

// varTop is what an unfollowed variable may hold.
func (l *absLayout) varTop(sc *Scenario, i int) ival {
	v := &sc.Vars[i]
	switch {
	case v.Bool:
		return boolIval
	case v.HasBound:
		return ival{v.Min, v.Max, true}
	}
	return topIval
}

// bytes is the memory an abstract state holds.
func (l *absLayout) bytes() int64 { return int64(24*l.nv+l.nt) + 56 }

// abstraction is the estimate of one scenario at one tier.
type abstraction struct {
	sc   *Scenario
	np   int
	W    int // score columns: one per principle, then the total
	tier int
	lay  absLayout
	c    *absCompiler
	key  keyLayout

	in   []*aState // per scene: every state that can enter it; nil when none can
	top  *aState   // at tier 3, the one state of every scene
	grew []int     // per scene: how often its state grew
	pool []*aState

	choiceWhen []aCond   // per file-wide choice
	choiceSets [][]aNum  // per file-wide choice: per assignment
	eventWhen  []aCond   // per event
	eventSets  [][]aNum  // per event
	endWhen    []aCond   // per ending
	checkWhen  []aCond   // per check
	textWhen   [][]aCond // per scene: per text variant
	varGrid    []grid    // per variable
	hoursGrid  grid      // the clock's
	scratch    []ival    // for assignments
	exits      []aExit   // of the decision being followed
	targets    []aTarget // of the decision being followed
	gotos      []aGoto   // scratch for after

	work, maxWork int64
	deadline      time.Time

	g               agraph
	unbounded       bool
	best, worst     [][]float64 // per column: per node, the bound of what is still to score
	ubBest, ubWorst []bool      // per column: the bound may fall short (a loop without limit)
}

// aExit is an end of a decision: an ending reached by its condition or a
// goto, with the state there.
type aExit struct {
	ending int // or -1 for a scene with nothing to choose
	st     *aState
}

// aTarget is a scene a decision may lead to, and the event that sends it
// there (-1 for the decision's own goto).
type aTarget struct {
	scene, event int
}

// abstractBounds estimates sc at the most precise tier that fits the budget.
// Tier 3 always fits: it is linear in the file.
func abstractBounds(sc *Scenario, b Budget, start time.Time) *abstraction {
	deadline := time.Time{}
	if b.MaxTime > 0 {
		deadline = start.Add(b.MaxTime * estimateShare / 10)
	}
	for tier := 1; tier <= 3; tier++ {
		a := newAbstraction(sc, tier)
		a.deadline = deadline
		// The states of every scene, the graph, and the work of the
		// fixpoint must fit: estimate them before starting.
		size := int64(len(sc.Scenes))*(a.lay.bytes()+16) + int64(sc.NumChoices())*int64(a.edgeBytes())*2
		if tier < 3 && size > b.MaxMemory/2 {
			continue
		}
		a.maxWork = int64(b.MaxStates) * outcomesPerState
		if tier == 3 || a.fixpoint() {
			a.build()
			a.solve()
			if tier < 3 {
				// The linear estimate follows nothing, but it costs little,
				// and where loops are concerned it can be the tighter.
				l := newAbstraction(sc, 3)
				l.build()
				l.solve()
				a.combine(l)
			}
			return a
		}
	}
	panic("engine: the linear estimate did not finish") // tier 3 returns above
}

func newAbstraction(sc *Scenario, tier int) *abstraction {
	np := len(sc.Guidance.Principles)
	a := &abstraction{sc: sc, np: np, W: np + 1, tier: tier, lay: newAbsLayout(sc, tier), key: newKeyLayout(sc),
		in: make([]*aState, len(sc.Scenes)), grew: make([]int, len(sc.Scenes))}
	a.c = newAbsCompiler(sc, &a.lay)
	a.choiceWhen = make([]aCond, sc.NumChoices())
	a.choiceSets = make([][]aNum, sc.NumChoices())
	for i := range sc.Scenes {
		for j := range sc.Scenes[i].Choices {
			ch := &sc.Scenes[i].Choices[j]
			a.choiceWhen[ch.index] = a.c.condOf(ch.When)
			a.choiceSets[ch.index] = a.setsOf(ch.Set)
		}
	}
	for i := range sc.Events {
		e := &sc.Events[i]
		a.eventWhen = append(a.eventWhen, a.c.condOf(e.When))
		a.eventSets = append(a.eventSets, a.setsOf(e.Set))
	}
	for i := range sc.Endings {
		f := eitherCond
		if w := sc.Endings[i].When; w != nil {
			f = a.c.condOf(w)
		} else {
			f = func(*aState) tri { return triFalse }
		}
		a.endWhen = append(a.endWhen, f)
	}
	for i := range sc.Checks {
		a.checkWhen = append(a.checkWhen, a.c.condOf(sc.Checks[i].When))
	}
	a.textWhen = make([][]aCond, len(sc.Scenes))
	for i := range sc.Scenes {
		for _, v := range sc.Scenes[i].Variants {
			a.textWhen[i] = append(a.textWhen[i], a.c.condOf(v.When))
		}
	}
	a.varGrid, a.hoursGrid = grids(sc)
	return a
}

func (a *abstraction) setsOf(sets []Assign) []aNum {
	fs := make([]aNum, len(sets))
	for i, s := range sets {
		fs[i] = a.c.numOf(s.Expr)
	}
	return fs
}

// newState returns a state from the pool (its contents are stale).
func (a *abstraction) newState() *aState {
	if n := len(a.pool); n > 0 {
		s := a.pool[n-1]
		a.pool = a.pool[:n-1]
		return s
	}
	return &aState{v: make([]ival, a.lay.nv), t: make([]tri, a.lay.nt)}
}

func (a *abstraction) release(s *aState) { a.pool = append(a.pool, s) }

func (a *abstraction) clone(s *aState) *aState {
	c := a.newState()
	copy(c.v, s.v)
	copy(c.t, s.t)
	return c
}

// startState is the abstract state of a drill as it enters the start scene.
func (a *abstraction) startState() *aState {
	st := a.newState()
	for i, v := range a.sc.Vars {
		if p := a.lay.varPos[i]; p >= 0 {
			st.v[p] = point(v.Start)
		}
	}
	if p := a.lay.hoursPos; p >= 0 {
		st.v[p] = point(0)
	}
	for k := range a.lay.madePos {
		if p := a.lay.madePos[k]; p >= 0 {
			st.t[p] = triFalse
		}
		if p := a.lay.atPos[k]; p >= 0 {
			st.v[p] = point(Never)
		}
	}
	for _, p := range a.lay.seenPos {
		if p >= 0 {
			st.t[p] = triFalse
		}
	}
	for _, p := range a.lay.firePos {
		if p >= 0 {
			st.t[p] = triFalse
		}
	}
	a.enter(st, a.sc.Start)
	return st
}

// enter marks scene i as visited in st.
func (a *abstraction) enter(st *aState, i int) {
	if p := a.lay.seenAt(a.sc, i); p >= 0 {
		st.t[p] = triTrue
	}
}

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

// widenAfter is how many times a scene's state may grow before its growing
// ranges are widened to infinity, which ends the fixpoint; narrowRounds is
// how many times every state is then computed again from what leads to it.
const (
	widenAfter   = 6
	narrowRounds = 2
)

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

// joinInto widens y to hold f too.
func joinInto(y, f *aState) {
	for i := range y.v {
		y.v[i] = hull(y.v[i], f.v[i])
	}
	for i := range y.t {
		y.t[i] |= f.t[i]
	}
}

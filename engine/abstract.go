package engine

import (
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

package engine

// The rules of one decision, shared by the drill and the analyzer so that
// both play the same game.

// offered reports whether choice c can be taken in state s.
func offered(c *Choice, s *State) bool { return c.When == nil || c.When.Eval(s) }

// scratch is the space a decision works in, kept by its drill (or
// explorer) so that a decision allocates nothing.
type scratch struct {
	sets [][]Assign
	adds [][]Delta
	vals []float64
}

// applyEffects evaluates every assignment of w.sets against the state before
// any of them, then assigns, then adds those of w.adds, then clamps to
// bounds.
func (sc *Scenario) applyEffects(st *State, w *scratch) {
	w.vals = w.vals[:0]
	for _, set := range w.sets {
		for _, a := range set {
			w.vals = append(w.vals, a.Expr.Eval(st))
		}
	}
	k := 0
	for _, set := range w.sets {
		for _, a := range set {
			st.setVal(a.Var, w.vals[k], sc.Vars[a.Var].Bool)
			k++
		}
	}
	for _, add := range w.adds {
		for _, d := range add {
			st.setVal(d.Var, st.Vals[d.Var]+d.By, sc.Vars[d.Var].Bool)
		}
	}
	sc.clamp(st)
}

// clamp keeps the variables with bounds within them: numbers, never flags.
func (sc *Scenario) clamp(st *State) {
	for _, i := range sc.bounded {
		v := &sc.Vars[i]
		st.Vals[i] = max(v.Min, min(v.Max, st.Vals[i]))
	}
}

// decide applies a decision of the choices picks (scene-local indices, in
// file order) in scene s: effects, then the clock, then the record of what
// was chosen. It returns the clock before the decision.
func (sc *Scenario) decide(st *State, s *Scene, picks []int, w *scratch) float64 {
	w.sets, w.adds = w.sets[:0], w.adds[:0]
	hours := 0.0
	for _, p := range picks {
		c := &s.Choices[p]
		if len(c.Set) > 0 {
			w.sets = append(w.sets, c.Set)
		}
		if len(c.Add) > 0 {
			w.adds = append(w.adds, c.Add)
		}
		hours = max(hours, c.Hours)
	}
	sc.applyEffects(st, w)
	before := st.Hours
	st.Hours += hours
	for _, p := range picks {
		if k := sc.choseSlots.get(s.Choices[p].index); k >= 0 {
			st.markMade(k, before)
		}
	}
	return before
}

// endingNow returns the first ending whose condition holds, or -1.
func (sc *Scenario) endingNow(st *State) int {
	for i := range sc.Endings {
		w := sc.Endings[i].When
		if w == nil {
			continue
		}
		// w.Eval(st), its guard inline: most endings are decided by it.
		v, ok := w.g.decides(st)
		if !ok {
			v = w.fn(st)
		}
		if v {
			return i
		}
	}
	return -1
}

// fire applies event e's effects.
func (sc *Scenario) fire(st *State, e *Event, w *scratch) {
	if len(e.Set) == 0 && len(e.Add) == 0 {
		return
	}
	w.sets, w.adds = append(w.sets[:0], e.Set), append(w.adds[:0], e.Add)
	sc.applyEffects(st, w)
}

// eligible reports whether event i may fire now by itself: a manual event
// never does.
func (sc *Scenario) eligible(st *State, fired []bool, i int) bool {
	e := &sc.Events[i]
	if e.Manual || (e.Once && fired[i]) {
		return false
	}
	return e.When == nil || e.When.Eval(st)
}

// checkScores adds the checks that hold in st to raw, per principle.
func (sc *Scenario) checkScores(st *State, raw []int) {
	for i := range sc.Checks {
		k := &sc.Checks[i]
		if k.When.Eval(st) {
			raw[k.Principle] += k.Score
		}
	}
}

// anyOffered reports whether scene s offers at least one choice in st.
func anyOffered(s *Scene, st *State) bool {
	for i := range s.Choices {
		if offered(&s.Choices[i], st) {
			return true
		}
	}
	return false
}

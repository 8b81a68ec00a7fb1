package engine

// The rules of one decision, shared by the drill and the analyzer so that
// both play the same game.

// offered reports whether choice c can be taken in state s.
func offered(c *Choice, s *State) bool { return c.When == nil || c.When.Eval(s) }

// applyEffects evaluates every assignment against the state before any of
// them, then assigns, then adds, then clamps to bounds. scratch holds the
// evaluated values; it is grown as needed and returned for reuse.
func (sc *Scenario) applyEffects(st *State, sets [][]Assign, adds [][]Delta, scratch []float64) []float64 {
	scratch = scratch[:0]
	for _, set := range sets {
		for _, a := range set {
			scratch = append(scratch, a.Expr.Eval(st))
		}
	}
	k := 0
	for _, set := range sets {
		for _, a := range set {
			st.Vals[a.Var] = scratch[k]
			k++
		}
	}
	for _, add := range adds {
		for _, d := range add {
			st.Vals[d.Var] += d.By
		}
	}
	sc.clamp(st)
	return scratch
}

func (sc *Scenario) clamp(st *State) {
	for _, i := range sc.bounded {
		v := &sc.Vars[i]
		st.Vals[i] = max(v.Min, min(v.Max, st.Vals[i]))
	}
}

// decide applies a decision of the choices picks (scene-local indices, in
// file order) in scene s: effects, then the clock, then the record of what
// was chosen. It returns the clock before the decision.
func (sc *Scenario) decide(st *State, s *Scene, picks []int, sets [][]Assign, adds [][]Delta, scratch []float64) (float64, []float64) {
	sets, adds = sets[:0], adds[:0]
	hours := 0.0
	for _, p := range picks {
		c := &s.Choices[p]
		if len(c.Set) > 0 {
			sets = append(sets, c.Set)
		}
		if len(c.Add) > 0 {
			adds = append(adds, c.Add)
		}
		hours = max(hours, c.Hours)
	}
	scratch = sc.applyEffects(st, sets, adds, scratch)
	before := st.Hours
	st.Hours += hours
	for _, p := range picks {
		if k := sc.choseSlots.get(s.Choices[p].index); k >= 0 {
			st.markMade(k, before)
		}
	}
	return before, scratch
}

// endingNow returns the first ending whose condition holds, or -1.
func (sc *Scenario) endingNow(st *State) int {
	for i := range sc.Endings {
		if w := sc.Endings[i].When; w != nil && w.Eval(st) {
			return i
		}
	}
	return -1
}

// fire applies event e's effects.
func (sc *Scenario) fire(st *State, e *Event, scratch []float64) []float64 {
	if len(e.Set) == 0 && len(e.Add) == 0 {
		return scratch
	}
	return sc.applyEffects(st, [][]Assign{e.Set}, [][]Delta{e.Add}, scratch)
}

// eligible reports whether event i may fire now.
func (sc *Scenario) eligible(st *State, fired []bool, i int) bool {
	e := &sc.Events[i]
	if e.Once && fired[i] {
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

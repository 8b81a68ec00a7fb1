package engine

import "math"

// State is the part of a drill that expressions read. What expressions can
// ask of the past (chose, hours_at, visited) is kept sparse, as lists of what
// has happened, so that starting a drill or copying a state costs as much as
// the drill so far, not as much as the file: a scenario of ten thousand
// scenes that names a thousand of its choices in conditions still starts a
// drill with two empty lists.
type State struct {
	Vals  []float64 // per variable; booleans are 0 or 1
	Hours float64   // the scenario clock

	made []madeAt // the tracked choices made so far, by ascending slot
	seen []int32  // the slots of the tracked scenes entered so far, ascending
	// The flags (boolean variables) among the first 64 variables, and the
	// first 64 slots of made and seen, again as bits, so that a condition
	// tests them at once (expr_flat.go): bit i of flags is set when
	// variable i is a flag that is not 0, bit k of chose when the choice in
	// slot k was made before Never, bit k of visits when the scene in slot
	// k was entered.
	flags, chose, visits uint64
	madeBits             uint64 // bit k: the choice in slot k was made, whenever
	// odd is set once a flag held something else than 0 or 1 (which the
	// loader does not let happen), so that the exploration's key of the
	// state checks their values (stateKey).
	odd bool
}

// bitSlots is how many variables, and slots of choices and scenes, State
// keeps as bits too.
const bitSlots = 64

// setVal assigns v to variable i, which is a flag when flag.
func (s *State) setVal(i int, v float64, flag bool) {
	s.Vals[i] = v
	if !flag || i >= bitSlots {
		return
	}
	if v != 0 {
		s.flags |= 1 << i
	} else {
		s.flags &^= 1 << i
	}
	if b := math.Float64bits(v); b != 0 && b != oneBits {
		s.odd = true
	}
}

// madeAt is a tracked choice that was made, and the clock when it first was.
type madeAt struct {
	slot int32
	at   float64
}

// choseAt returns the clock when the choice in slot k was first made, or
// Never.
func (s *State) choseAt(k int) float64 {
	if i, ok := s.findMade(int32(k)); ok {
		return s.made[i].at
	}
	return Never
}

// findMade finds slot k in s.made: its index, or where it would go.
func (s *State) findMade(k int32) (int, bool) {
	lo, hi := 0, len(s.made)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.made[m].slot < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(s.made) && s.made[lo].slot == k
}

// markMade records that the choice in slot k was made at the given clock,
// unless it was made before.
func (s *State) markMade(k int, at float64) {
	i, ok := s.findMade(int32(k))
	if ok {
		return
	}
	s.made = append(s.made, madeAt{})
	copy(s.made[i+1:], s.made[i:])
	s.made[i] = madeAt{int32(k), at}
	if k < bitSlots {
		s.madeBits |= 1 << k
		if at < Never {
			s.chose |= 1 << k
		}
	}
}

// chosen reports whether the choice in slot k was made before Never: what
// chose() asks.
func (s *State) chosen(k int) bool {
	if k < bitSlots {
		return s.chose&(1<<k) != 0
	}
	return s.choseAt(k) < Never
}

// visited reports whether the scene in slot k has been entered.
func (s *State) visited(k int) bool {
	if k < bitSlots {
		return s.visits&(1<<k) != 0
	}
	_, ok := s.findSeen(int32(k))
	return ok
}

func (s *State) findSeen(k int32) (int, bool) {
	lo, hi := 0, len(s.seen)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.seen[m] < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(s.seen) && s.seen[lo] == k
}

// markSeen records that the scene in slot k has been entered.
func (s *State) markSeen(k int) {
	i, ok := s.findSeen(int32(k))
	if ok {
		return
	}
	s.seen = append(s.seen, 0)
	copy(s.seen[i+1:], s.seen[i:])
	s.seen[i] = int32(k)
	if k < bitSlots {
		s.visits |= 1 << k
	}
}

// newState returns the state at the start of a drill, before the start scene
// is entered.
func (sc *Scenario) newState() State {
	st := State{Vals: make([]float64, len(sc.Vars))}
	if n := len(sc.choseSlots.items); n > 0 {
		st.made = make([]madeAt, 0, min(n, 8))
	}
	for i, v := range sc.Vars {
		st.setVal(i, v.Start, v.Bool)
	}
	return st
}

// copyState copies src into dst, which must have been made by newState for
// the same scenario.
func copyState(dst, src *State) {
	copy(dst.Vals, src.Vals)
	dst.Hours = src.Hours
	dst.flags, dst.chose, dst.visits, dst.madeBits, dst.odd = src.flags, src.chose, src.visits, src.madeBits, src.odd
	dst.made = append(dst.made[:0], src.made...)
	dst.seen = append(dst.seen[:0], src.seen...)
}

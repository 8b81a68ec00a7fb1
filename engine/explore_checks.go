package engine

import "unsafe"

// The checks at the end of each way a drill can end. Half the outcomes of a
// shipped scenario end the drill, and each then tests every check; but most
// checks are decided by their guards alone (flags, chose(), visited(): see
// expr_flat.go), so what they add is a function of a few bits of the final
// state. The exploration remembers it, for the last combinations of those
// bits met, in a table of checkMemoSize entries.

const (
	checkMemoBits = 10
	checkMemoSize = 1 << checkMemoBits
)

// checkMemo remembers what the checks decided by their guards add.
type checkMemo struct {
	bits   stateBits // the bits those checks read (the wants unused)
	byBits []int     // those checks
	rest   []int     // the others, tested each time
	keys   [checkMemoSize][3]uint64
	set    [checkMemoSize]bool
	deltas []int32 // per entry, per principle
}

func newCheckMemo(sc *Scenario, np int) *checkMemo {
	m := &checkMemo{deltas: make([]int32, checkMemoSize*np)}
	for i := range sc.Checks {
		g := &sc.Checks[i].When.g
		if !g.full {
			m.rest = append(m.rest, i)
			continue
		}
		m.byBits = append(m.byBits, i)
		m.bits.flags |= g.flags
		m.bits.chose |= g.chose
		m.bits.visits |= g.visits
	}
	return m
}

// size is the memory the table holds.
func (m *checkMemo) size() int64 {
	return int64(unsafe.Sizeof(*m)) + 4*int64(len(m.deltas))
}

// checkScores adds the checks that hold in st to delta, as
// Scenario.checkScoresInto does.
func (x *explorer) checkScores(st *State, delta []int32) {
	sc, m, np := x.sc, x.checks, x.np
	if len(m.byBits) > 0 {
		key := [3]uint64{st.flags & m.bits.flags, st.chose & m.bits.chose, st.visits & m.bits.visits}
		h := (key[0]*0x9e3779b97f4a7c15 ^ key[1]*0xc2b2ae3d27d4eb4f ^ key[2]*0x165667b19e3779f9) >> (64 - checkMemoBits)
		d := m.deltas[int(h)*np:][:np]
		if !m.set[h] || m.keys[h] != key {
			clear(d)
			for _, i := range m.byBits {
				if k := &sc.Checks[i]; k.When.Eval(st) {
					d[k.Principle] += int32(k.Score)
				}
			}
			m.keys[h], m.set[h] = key, true
		}
		for p, y := range d {
			delta[p] += y
		}
	}
	for _, i := range m.rest {
		if k := &sc.Checks[i]; k.When.Eval(st) {
			delta[k.Principle] += int32(k.Score)
		}
	}
}

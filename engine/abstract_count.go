package engine

import (
	"math"
)

// Counting the distinct drill states an abstract state holds, for the limits
// of cycles: a variable whose every change is a whole multiple of some step
// (additions, literal assignments, bounds, its start) can only take the
// values of that grid within its range, and a flag two values. Anything else
// (an assignment computed from an expression, a fraction that is not a
// multiple of a power of two) counts as endless.

// grid says that a number only takes the values off + k*step; ok is false
// when nothing so simple holds.
type grid struct {
	off, step float64
	ok        bool
}

// grids works out each variable's grid and the clock's.
func grids(sc *Scenario) ([]grid, grid) {
	vals := make([][]float64, len(sc.Vars))
	free := make([]bool, len(sc.Vars))
	for i, v := range sc.Vars {
		vals[i] = []float64{0} // differences from the start
		if v.HasBound {
			vals[i] = append(vals[i], v.Min-v.Start, v.Max-v.Start)
		}
	}
	note := func(sets []Assign, adds []Delta) {
		for _, s := range sets {
			if s.Expr.node != nil {
				free[s.Var] = true
			} else {
				vals[s.Var] = append(vals[s.Var], s.Expr.lit-sc.Vars[s.Var].Start)
			}
		}
		for _, d := range adds {
			vals[d.Var] = append(vals[d.Var], d.By)
		}
	}
	hours := []float64{0}
	for i := range sc.Scenes {
		for j := range sc.Scenes[i].Choices {
			ch := &sc.Scenes[i].Choices[j]
			note(ch.Set, ch.Add)
			hours = append(hours, ch.Hours)
		}
	}
	for i := range sc.Events {
		note(sc.Events[i].Set, sc.Events[i].Add)
	}
	out := make([]grid, len(sc.Vars))
	for i, v := range sc.Vars {
		if v.Bool {
			out[i] = grid{0, 1, true}
			continue
		}
		if !free[i] {
			out[i] = gridOf(v.Start, vals[i])
		}
	}
	return out, gridOf(0, hours)
}

// gridOf finds the coarsest step of which every difference is a whole
// multiple, when they are all multiples of 2^-20 small enough to add up
// exactly.
func gridOf(off float64, diffs []float64) grid {
	const scaleBits = 20
	scale := math.Ldexp(1, scaleBits)
	var g uint64
	for _, d := range diffs {
		x := math.Abs(d) * scale
		if math.IsNaN(x) || x != math.Trunc(x) || x >= 1<<52 {
			return grid{}
		}
		g = gcd(g, uint64(x))
	}
	if math.IsNaN(off) || math.IsInf(off, 0) {
		return grid{}
	}
	if g == 0 {
		g = 1 << scaleBits // nothing changes it: any step will do
	}
	return grid{off: off, step: float64(g) / scale, ok: true}
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// count is how many values of the grid lie in the range v.
func (g grid) count(v ival) float64 {
	switch {
	case v.empty() && !v.nan:
		return 0
	case v.isPoint():
		return 1
	case v.nan || !g.ok || math.IsInf(v.lo, 0) || math.IsInf(v.hi, 0):
		return math.Inf(1)
	case math.Max(math.Abs(v.lo), math.Abs(v.hi)) >= 1<<40:
		return math.Inf(1) // beyond where sums stay exact on the grid
	}
	n := math.Floor((v.hi-g.off)/g.step) - math.Ceil((v.lo-g.off)/g.step) + 1
	if v.contains(0) {
		n++ // zero and minus zero are two keys
	}
	return max(n, 1)
}

// keyCount bounds how many distinct states of the exact exploration's keys
// (less the scene) st holds.
func (a *abstraction) keyCount(st *aState) float64 {
	n := 1.0
	for _, i := range a.key.vars {
		p := a.lay.varPos[i]
		if p < 0 {
			return math.Inf(1)
		}
		n *= a.varGrid[i].count(st.v[p])
	}
	if a.key.hours {
		p := a.lay.hoursPos
		if p < 0 {
			return math.Inf(1)
		}
		n *= a.hoursGrid.count(st.v[p])
	}
	flag := func(p int) float64 {
		if p < 0 || st.t[p] == triEither {
			return 2
		}
		return 1
	}
	for k, kind := range a.key.madeKey {
		p := a.lay.madePos[k]
		switch kind {
		case 1:
			n *= flag(p)
		case 2:
			q := a.lay.atPos[k]
			if q < 0 {
				return math.Inf(1)
			}
			switch {
			case p >= 0 && st.t[p] == triFalse:
			case p >= 0 && st.t[p] == triTrue:
				n *= a.hoursGrid.count(st.v[q])
			default:
				at := st.v[q]
				at.hi = math.Min(at.hi, math.Nextafter(Never, 0))
				n *= a.hoursGrid.count(at) + 1
			}
		}
	}
	for k, on := range a.key.seenKey {
		if on {
			n *= flag(a.lay.seenPos[k])
		}
	}
	for _, i := range a.key.once {
		n *= flag(a.lay.firePos[i])
	}
	return n
}

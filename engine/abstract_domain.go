package engine

import "math"

// The abstract values of the estimate: a number as a range, and a condition
// as true, false or either. Every operation over-approximates: the range it
// returns holds every value the concrete operation could give on values of
// its operands' ranges, so what the estimate says cannot happen, cannot.

// ival is a set of numbers: the range [lo, hi] (empty when lo > hi), and NaN
// when nan. Infinite ends count as possible values.
type ival struct {
	lo, hi float64
	nan    bool
}

var (
	topIval  = ival{math.Inf(-1), math.Inf(1), true}
	boolIval = ival{0, 1, false}
)

func point(v float64) ival {
	if math.IsNaN(v) {
		return ival{math.Inf(1), math.Inf(-1), true}
	}
	return ival{v, v, false}
}

func (a ival) empty() bool { return a.lo > a.hi }

// isPoint reports whether a holds exactly one number, and not NaN.
func (a ival) isPoint() bool { return a.lo == a.hi && !a.nan }

func (a ival) contains(v float64) bool { return a.lo <= v && v <= a.hi }

// hull is the smallest range holding a and b.
func hull(a, b ival) ival {
	switch {
	case a.empty():
		b.nan = b.nan || a.nan
		return b
	case b.empty():
		a.nan = a.nan || b.nan
		return a
	}
	return ival{min(a.lo, b.lo), max(a.hi, b.hi), a.nan || b.nan}
}

// binop applies a monotone-in-each-endpoint operation f to every pair of
// ends. A NaN among them (infinity minus infinity, zero times infinity)
// means the operation can give NaN, and then any number.
func binop(a, b ival, f func(x, y float64) float64) ival {
	nan := a.nan || b.nan
	if a.empty() || b.empty() {
		return ival{math.Inf(1), math.Inf(-1), nan}
	}
	r := ival{math.Inf(1), math.Inf(-1), nan}
	for _, x := range [2]float64{a.lo, a.hi} {
		for _, y := range [2]float64{b.lo, b.hi} {
			v := f(x, y)
			if math.IsNaN(v) {
				return topIval
			}
			r.lo, r.hi = min(r.lo, v), max(r.hi, v)
		}
	}
	return r
}

func addI(a, b ival) ival {
	if (a.lo == math.Inf(-1) && b.hi == math.Inf(1)) || (a.hi == math.Inf(1) && b.lo == math.Inf(-1)) {
		return topIval
	}
	return binop(a, b, func(x, y float64) float64 { return x + y })
}

func negI(a ival) ival { return ival{-a.hi, -a.lo, a.nan} }

func subI(a, b ival) ival { return addI(a, negI(b)) }

func mulI(a, b ival) ival {
	if (a.contains(0) && (math.IsInf(b.lo, 0) || math.IsInf(b.hi, 0))) ||
		(b.contains(0) && (math.IsInf(a.lo, 0) || math.IsInf(a.hi, 0))) {
		return topIval
	}
	return binop(a, b, func(x, y float64) float64 { return x * y })
}

func divI(a, b ival) ival {
	if b.contains(0) || math.IsInf(b.lo, 0) || math.IsInf(b.hi, 0) || math.IsInf(a.lo, 0) || math.IsInf(a.hi, 0) {
		// Division by zero gives infinities or NaN; by infinity, zeros
		// or NaN: keep it simple and say anything.
		if a.isPoint() && b.isPoint() {
			return point(a.lo / b.lo)
		}
		return topIval
	}
	return binop(a, b, func(x, y float64) float64 { return x / y })
}

func powI(a, b ival) ival {
	if a.isPoint() && b.isPoint() {
		return point(math.Pow(a.lo, b.lo))
	}
	return topIval
}

func absI(a ival) ival {
	switch {
	case a.empty():
		return a
	case a.lo >= 0:
		return a
	case a.hi <= 0:
		return negI(a)
	}
	return ival{0, max(-a.lo, a.hi), a.nan}
}

// monoI applies a non-decreasing function to a range.
func monoI(a ival, f func(float64) float64) ival {
	if a.empty() {
		return a
	}
	return ival{f(a.lo), f(a.hi), a.nan}
}

// minmaxI is min or max over ranges. With a NaN among them the concrete
// result is one of the arguments or NaN, so then it is their hull.
func minmaxI(args []ival, isMax bool) ival {
	r := args[0]
	nan := false
	h := args[0]
	for _, a := range args {
		nan = nan || a.nan
		h = hull(h, a)
	}
	if nan {
		h.nan = true
		return h
	}
	for _, a := range args[1:] {
		if a.empty() || r.empty() {
			return h
		}
		if isMax {
			r = ival{max(r.lo, a.lo), max(r.hi, a.hi), false}
		} else {
			r = ival{min(r.lo, a.lo), min(r.hi, a.hi), false}
		}
	}
	return r
}

// clampI is the concrete clamp max(lo, min(hi, x)) over a range.
func clampI(a ival, lo, hi float64) ival {
	if a.empty() {
		return a
	}
	return ival{max(lo, min(hi, a.lo)), max(lo, min(hi, a.hi)), a.nan}
}

// meet is the intersection of a and b's ranges, keeping a's NaN only when
// both may be NaN.
func meet(a, b ival) ival {
	return ival{max(a.lo, b.lo), min(a.hi, b.hi), a.nan && b.nan}
}

// tri is an abstract condition: which of false and true it may be.
type tri uint8

const (
	canFalse  tri = 1
	canTrue   tri = 2
	triFalse      = canFalse
	triTrue       = canTrue
	triEither     = canFalse | canTrue
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

func (t tri) mayTrue() bool  { return t&canTrue != 0 }
func (t tri) mayFalse() bool { return t&canFalse != 0 }

func notT(t tri) tri { return (t&canFalse)<<1 | (t&canTrue)>>1 }

func andT(a, b tri) tri {
	var r tri
	if a.mayTrue() && b.mayTrue() {
		r |= canTrue
	}
	if a.mayFalse() || b.mayFalse() {
		r |= canFalse
	}
	return r
}

func orT(a, b tri) tri { return notT(andT(notT(a), notT(b))) }

func eqT(a, b tri) tri {
	var r tri
	if (a.mayTrue() && b.mayTrue()) || (a.mayFalse() && b.mayFalse()) {
		r |= canTrue
	}
	if (a.mayTrue() && b.mayFalse()) || (a.mayFalse() && b.mayTrue()) {
		r |= canFalse
	}
	return r
}

// truthI is a boolean variable's value as a condition: true when not zero.
func truthI(a ival) tri {
	var r tri
	if a.contains(0) {
		r |= canFalse
	}
	if a.nan || (!a.empty() && (a.lo != 0 || a.hi != 0)) {
		r |= canTrue
	}
	return r
}

func ivalOfTri(t tri) ival {
	switch t {
	case triTrue:
		return point(1)
	case triFalse:
		return point(0)
	}
	return boolIval
}

// compareI compares two ranges with op (<, <=, >, >=, ==, !=).
func compareI(op string, a, b ival) tri {
	var r tri
	nan := a.nan || b.nan
	both := !a.empty() && !b.empty()
	switch op {
	case ">":
		return compareI("<", b, a)
	case ">=":
		return compareI("<=", b, a)
	case "<":
		if both && a.lo < b.hi {
			r |= canTrue
		}
		if nan || (both && a.hi >= b.lo) {
			r |= canFalse
		}
	case "<=":
		if both && a.lo <= b.hi {
			r |= canTrue
		}
		if nan || (both && a.hi > b.lo) {
			r |= canFalse
		}
	case "==":
		if both && a.lo <= b.hi && b.lo <= a.hi {
			r |= canTrue
		}
		if nan || (both && !(a.lo == a.hi && b.lo == b.hi && a.lo == b.lo)) {
			r |= canFalse
		}
	default: // "!="
		return notT(compareI("==", a, b))
	}
	if r == 0 {
		// Only when an operand can take no value at all.
		r = canFalse
	}
	return r
}

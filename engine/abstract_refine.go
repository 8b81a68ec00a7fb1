package engine

import (
	"github.com/expr-lang/expr/ast"
	"math"
)

// Narrowing an abstract state by what a condition says.

// refine narrows st to the states in which the condition k gives want. It
// reports false when no such state is left: the condition cannot give want.
// Only what a condition says plainly is used (comparisons of a variable or
// the clock with a value, booleans, chose and visited, through !, && and ||);
// anything else leaves st as it is, which is always sound.
func (c *absCompiler) refine(st *aState, k *Cond, want bool) bool {
	if k == nil {
		return want
	}
	if k.node == nil {
		return true
	}
	return c.refineNode(st, k.node, want)
}

func (c *absCompiler) refineNode(st *aState, n ast.Node, want bool) bool {
	switch n := n.(type) {
	case *ast.BoolNode:
		return n.Value == want
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			return c.refineNode(st, n.Node, !want)
		}
	case *ast.IdentifierNode:
		i, ok := c.sc.varIdx[n.Value]
		if !ok || !c.sc.Vars[i].Bool {
			break
		}
		p := c.lay.varPos[i]
		if p < 0 {
			break
		}
		v := st.v[p]
		if want {
			v = meet(v, point(1))
		} else {
			v = meet(v, point(0))
		}
		st.v[p] = v
		return !v.empty()
	case *ast.CallNode:
		return c.refineCall(st, n, want)
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			if want {
				return c.refineNode(st, n.Left, true) && c.refineNode(st, n.Right, true)
			}
		case "||", "or":
			if !want {
				return c.refineNode(st, n.Left, false) && c.refineNode(st, n.Right, false)
			}
		case "==", "!=", "<", "<=", ">", ">=":
			if isNumericNode(n.Left) && isNumericNode(n.Right) {
				return c.refineCompare(st, n, want)
			}
		}
	}
	// Not understood: the condition can still give want, as far as this
	// says.
	return c.cond(n)(st)&triOf(want) != 0
}

// refineCall narrows by chose() or visited().
func (c *absCompiler) refineCall(st *aState, n *ast.CallNode, want bool) bool {
	id, arg, ok := callArgs(n)
	p := -1
	if ok {
		switch id {
		case "visited":
			if i, ok := c.sc.sceneIdx[arg]; ok {
				p = c.lay.seenAt(c.sc, i)
			}
		case "chose":
			if i, ok := c.sc.choiceIdx[arg]; ok {
				p = c.lay.madeAt(c.sc, i)
				if q := c.lay.atAt(c.sc, i); q >= 0 && p >= 0 && !want && st.t[p].mayFalse() {
					st.v[q] = point(Never)
				}
			}
		}
	}
	if p < 0 {
		return c.cond(n)(st)&triOf(want) != 0
	}
	t := st.t[p] & triOf(want)
	st.t[p] = t
	return t != 0
}

// refineCompare narrows a variable or the clock compared with a value.
func (c *absCompiler) refineCompare(st *aState, n *ast.BinaryNode, want bool) bool {
	op := n.Operator
	if !want {
		op = map[string]string{"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}[op]
	}
	lp, rp := c.slotOf(n.Left), c.slotOf(n.Right)
	l, r := c.num(n.Left)(st), c.num(n.Right)(st)
	if !want && (l.nan || r.nan) {
		// The comparison is also false when NaN is involved: nothing
		// narrower holds.
		return compareI(n.Operator, l, r).mayFalse()
	}
	// A true comparison rules NaN out on both sides.
	nl, nr := narrow(op, l, r), narrow(flipOp(op), r, l)
	if lp >= 0 {
		st.v[lp] = nl
	}
	if rp >= 0 {
		st.v[rp] = nr
	}
	return !nl.empty() && !nr.empty()
}

// narrow returns the part of a for which `a op b` can hold.
func narrow(op string, a, b ival) ival {
	a.nan = false
	if b.empty() {
		return ival{math.Inf(1), math.Inf(-1), false}
	}
	switch op {
	case "<", "<=":
		a.hi = min(a.hi, b.hi)
	case ">", ">=":
		a.lo = max(a.lo, b.lo)
	case "==":
		a = meet(a, ival{b.lo, b.hi, false})
	}
	return a
}

func flipOp(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}

// slotOf returns where in a state's ranges a node that is a plain variable
// or the clock lives, or -1.
func (c *absCompiler) slotOf(n ast.Node) int {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return -1
	}
	if id.Value == "hours" {
		return c.lay.hoursPos
	}
	if i, ok := c.sc.varIdx[id.Value]; ok && !c.sc.Vars[i].Bool {
		return c.lay.varPos[i]
	}
	return -1
}

package engine

import "github.com/expr-lang/expr/ast"

// Conditions compile to closures over State (expr.go), one per node of the
// checked tree. The shapes most conditions of play take compile flatter
// here, since the exhaustive analysis evaluates them millions of times: a
// flag, a comparison of a variable or the clock with a constant, chose() and
// visited(), each negated or not, is one test without a call, and a chain
// of && (or of ||) is one conjunction, whose flags, chose() and visited()
// are tested at once as bits (State.flags, State.chose, State.visits): its
// guard, which Cond.Eval tests before it calls anything. Conditions read
// the drill and change nothing, so the parts of a chain can be tested in
// any order; each test is the same comparison as its closure's, so the
// results are the same, bit for bit.

// testOp is what a test compares.
type testOp uint8

const (
	opFlag    testOp = iota // the variable is not 0
	opEQ                    // the variable (or the clock) == k
	opNE                    // != k
	opLT                    // < k
	opLE                    // <= k
	opGT                    // > k
	opGE                    // >= k
	opChose                 // the choice in slot i was made
	opVisited               // the scene in slot i was entered
	opFunc                  // fn holds
)

// test is one part of a condition: op on variable i (the clock when i is
// -1, for comparisons) or on slot i, the result negated when neg.
type test struct {
	op  testOp
	neg bool
	i   int
	k   float64
	fn  func(*State) bool
}

func (t *test) eval(s *State) bool {
	var r bool
	switch t.op {
	case opFlag:
		r = s.Vals[t.i] != 0
	case opChose:
		r = s.chosen(t.i)
	case opVisited:
		r = s.visited(t.i)
	case opFunc:
		r = t.fn(s)
	default:
		v := s.Hours
		if t.i >= 0 {
			v = s.Vals[t.i]
		}
		switch t.op {
		case opEQ:
			r = v == t.k
		case opNE:
			r = v != t.k
		case opLT:
			r = v < t.k
		case opLE:
			r = v <= t.k
		case opGT:
			r = v > t.k
		default:
			r = v >= t.k
		}
	}
	return r != t.neg
}

// compareOps are the comparisons a test makes, and flipped, the same
// comparison with its sides swapped (k < v is v > k, also for NaN).
var (
	compareOps = map[string]testOp{"==": opEQ, "!=": opNE, "<": opLT, "<=": opLE, ">": opGT, ">=": opGE}
	flipped    = map[testOp]testOp{opEQ: opEQ, opNE: opNE, opLT: opGT, opLE: opGE, opGT: opLT, opGE: opLE}
)

// simple compiles the checked boolean node n as one test, if it has one of
// the shapes above.
func (c *exprCompiler) simple(n ast.Node) (test, bool) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return test{op: opFlag, i: c.sc.varIdx[n.Value]}, true
	case *ast.UnaryNode: // "!" or "not": the only unary operators of a condition
		t, ok := c.simple(n.Node)
		t.neg = !t.neg
		return t, ok
	case *ast.CallNode:
		arg := n.Arguments[0].(*ast.StringNode).Value
		if n.Callee.(*ast.IdentifierNode).Value == "visited" {
			return test{op: opVisited, i: c.sc.trackScene(c.sc.sceneIdx[arg])}, true
		}
		return test{op: opChose, i: c.sc.track(c.sc.choiceIdx[arg])}, true
	case *ast.BinaryNode:
		op, ok := compareOps[n.Operator]
		if !ok || isBool(n.Left) || isText(n.Left) || isText(n.Right) {
			return test{}, false
		}
		if i, ok := c.varOf(n.Left); ok {
			if k, ok := c.constOf(n.Right); ok {
				return test{op: op, i: i, k: k}, true
			}
		}
		if i, ok := c.varOf(n.Right); ok {
			if k, ok := c.constOf(n.Left); ok {
				return test{op: flipped[op], i: i, k: k}, true
			}
		}
	}
	return test{}, false
}

// varOf returns the variable a numeric node reads as it is, or -1 for the
// clock.
func (c *exprCompiler) varOf(n ast.Node) (int, bool) {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return 0, false
	}
	if id.Value == "hours" {
		return -1, true
	}
	return c.sc.varIdx[id.Value], true
}

// constOf returns the value of a numeric node that reads nothing of the
// drill, computed as its closure (num) would.
func (c *exprCompiler) constOf(n ast.Node) (float64, bool) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return float64(n.Value), true
	case *ast.FloatNode:
		return n.Value, true
	case *ast.MemberNode:
		p, _ := c.param(n)
		v, _ := p.val.(float64)
		return v, true
	case *ast.UnaryNode:
		v, ok := c.constOf(n.Node)
		if ok && n.Operator == "-" {
			v = -v
		}
		return v, ok
	}
	return 0, false
}

// testFunc compiles a condition of one test.
func testFunc(t test) func(*State) bool {
	i, neg := t.i, t.neg
	switch {
	case t.op == opFunc && !neg:
		return t.fn
	case t.op == opFlag && neg:
		return func(s *State) bool { return s.Vals[i] == 0 }
	case t.op == opFlag:
		return func(s *State) bool { return s.Vals[i] != 0 }
	case neg || i < 0:
	case t.op == opLT:
		return func(s *State) bool { return s.Vals[i] < t.k }
	case t.op == opLE:
		return func(s *State) bool { return s.Vals[i] <= t.k }
	case t.op == opGT:
		return func(s *State) bool { return s.Vals[i] > t.k }
	case t.op == opGE:
		return func(s *State) bool { return s.Vals[i] >= t.k }
	}
	return func(s *State) bool { return t.eval(s) }
}

// stateBits is what a conjunction asks of State's bits: for each of flags,
// chose and visits, a mask of the bits it tests and the bits it wants set.
type stateBits struct {
	flags, flagsWant, chose, choseWant, visits, visitsWant uint64
}

// match reports whether s has the bits b wants.
func (b *stateBits) match(s *State) bool {
	return (s.flags&b.flags^b.flagsWant)|(s.chose&b.chose^b.choseWant)|(s.visits&b.visits^b.visitsWant) == 0
}

// guard is what Cond.Eval tests first: when the bits of a state are not as
// the condition's chain wants them, it is false (true when the chain is of
// ||, or); when they are and they are all it tests (full), it is true (false
// for or).
type guard struct {
	stateBits
	or, full bool
}

// decides returns the value of the condition when its guard decides it
// (ok); else the condition's closure must be called.
func (g *guard) decides(s *State) (v, ok bool) {
	m := g.match(s)
	return m != g.or, !m || g.full
}

// conj is a chain of && being compiled: its tests of the bits, its flags
// past the first 64 variables, and the rest of its tests.
type conj struct {
	stateBits
	flags []flagTest
	rest  []test
}

// flagTest is a flag a conjunction wants set (want) or clear.
type flagTest struct {
	i    int
	want bool
}

// setBit adds a test of bit i to mask and want, unless the mask tests it
// for the other value already.
func setBit(mask, want *uint64, i int, set bool) bool {
	w := uint64(0)
	if set {
		w = 1
	}
	if *mask>>i&1 != 0 && *want>>i&1 != w {
		return false
	}
	*mask |= 1 << i
	*want |= w << i
	return true
}

func (c *conj) add(t test) {
	bit := t.i >= 0 && t.i < bitSlots
	switch {
	case t.op == opFlag && bit && setBit(&c.stateBits.flags, &c.flagsWant, t.i, !t.neg):
	case t.op == opChose && bit && setBit(&c.chose, &c.choseWant, t.i, !t.neg):
	case t.op == opVisited && bit && setBit(&c.visits, &c.visitsWant, t.i, !t.neg):
	case t.op == opFlag:
		c.flags = append(c.flags, flagTest{t.i, !t.neg})
	default:
		c.rest = append(c.rest, t)
	}
}

// conjOf collects the parts of n, a chain of && (or of ||, as the
// negation of the && of its parts negated), or a single part; with fns,
// the parts that are no test are compiled as closures, else left out.
func (c *exprCompiler) conjOf(n ast.Node, and, fns bool) conj {
	var cj conj
	var walk func(ast.Node)
	walk = func(m ast.Node) {
		if b, ok := m.(*ast.BinaryNode); ok && isLogic(b.Operator) && isAnd(b.Operator) == and {
			walk(b.Left)
			walk(b.Right)
			return
		}
		t, ok := c.simple(m)
		if !ok && !fns {
			cj.rest = append(cj.rest, test{op: opFunc})
			return
		}
		if !ok {
			t = test{op: opFunc, fn: c.cond(m)}
		}
		t.neg = t.neg == and // an || part is negated
		cj.add(t)
	}
	walk(n)
	return cj
}

// chain compiles a chain of && (or of ||) as one conjunction.
func (c *exprCompiler) chain(n *ast.BinaryNode, and bool) func(*State) bool {
	cj := c.conjOf(n, and, true)
	neg, b, flags, rest := !and, cj.stateBits, cj.flags, cj.rest
	return func(s *State) bool {
		if !b.match(s) {
			return neg
		}
		for _, f := range flags {
			if (s.Vals[f.i] != 0) != f.want {
				return neg
			}
		}
		for i := range rest {
			if !rest[i].eval(s) {
				return neg
			}
		}
		return !neg
	}
}

// guardOf returns the guard of the checked boolean node n.
func (c *exprCompiler) guardOf(n ast.Node) guard {
	and := true
	if b, ok := n.(*ast.BinaryNode); ok && isLogic(b.Operator) {
		and = isAnd(b.Operator)
	} else if _, ok := c.simple(n); !ok {
		return guard{}
	}
	cj := c.conjOf(n, and, false)
	return guard{stateBits: cj.stateBits, or: !and, full: len(cj.flags) == 0 && len(cj.rest) == 0}
}

func isAnd(op string) bool   { return op == "&&" || op == "and" }
func isLogic(op string) bool { return isAnd(op) || op == "||" || op == "or" }

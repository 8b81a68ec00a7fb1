package engine

import (
	"math"

	"github.com/expr-lang/expr/ast"
)

// Expressions over abstract states: each checked tree is compiled once more,
// into closures that give a range (numbers) or a tri (conditions). A node the
// estimate does not know gives "anything", which keeps it sound whatever the
// format grows.

type (
	aCond func(*aState) tri
	aNum  func(*aState) ival
)

// absCompiler compiles expressions against an abstract layout, once per tree.
type absCompiler struct {
	sc    *Scenario
	lay   *absLayout
	conds map[ast.Node]aCond
	nums  map[ast.Node]aNum
}

func newAbsCompiler(sc *Scenario, lay *absLayout) *absCompiler {
	return &absCompiler{sc: sc, lay: lay, conds: map[ast.Node]aCond{}, nums: map[ast.Node]aNum{}}
}

func eitherCond(*aState) tri { return triEither }

// condOf compiles a condition; nil means always true.
func (c *absCompiler) condOf(k *Cond) aCond {
	if k == nil {
		return func(*aState) tri { return triTrue }
	}
	if k.node == nil {
		return eitherCond
	}
	return c.cond(k.node)
}

// numOf compiles a value for a variable.
func (c *absCompiler) numOf(n *Num) aNum {
	if n.node == nil {
		v := point(n.lit)
		return func(*aState) ival { return v }
	}
	if isBool(n.node) {
		f := c.cond(n.node)
		return func(st *aState) ival { return ivalOfTri(f(st)) }
	}
	return c.num(n.node)
}

// varVal reads variable i.
func (c *absCompiler) varVal(i int) aNum {
	if p := c.lay.varPos[i]; p >= 0 {
		return func(st *aState) ival { return st.v[p] }
	}
	t := c.lay.varTop(c.sc, i)
	return func(*aState) ival { return t }
}

// cond compiles a condition, once per tree.
func (c *absCompiler) cond(n ast.Node) aCond { return once(c.conds, n, c.compileCond) }

// once returns what compile makes of n, compiling it only the first time.
func once[F any](made map[ast.Node]F, n ast.Node, compile func(ast.Node) F) F {
	if f, ok := made[n]; ok {
		return f
	}
	f := compile(n)
	made[n] = f
	return f
}

func (c *absCompiler) compileCond(n ast.Node) aCond {
	switch n := n.(type) {
	case *ast.BoolNode:
		v := triOf(n.Value)
		return func(*aState) tri { return v }
	case *ast.IdentifierNode:
		i, ok := c.sc.varIdx[n.Value]
		if !ok {
			return eitherCond
		}
		f := c.varVal(i)
		return func(st *aState) tri { return truthI(f(st)) }
	case *ast.UnaryNode:
		if n.Operator != "!" && n.Operator != "not" {
			return eitherCond
		}
		f := c.cond(n.Node)
		return func(st *aState) tri { return notT(f(st)) }
	case *ast.ConditionalNode:
		return ternary(c.cond(n.Cond), c.cond(n.Exp1), c.cond(n.Exp2), func(x, y tri) tri { return x | y })
	case *ast.CallNode:
		return c.callCond(n)
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			a, b := c.cond(n.Left), c.cond(n.Right)
			return func(st *aState) tri { return andT(a(st), b(st)) }
		case "||", "or":
			a, b := c.cond(n.Left), c.cond(n.Right)
			return func(st *aState) tri { return orT(a(st), b(st)) }
		case "==", "!=", "<", "<=", ">", ">=":
		default:
			return eitherCond
		}
		if isBool(n.Left) && isBool(n.Right) {
			if n.Operator != "==" && n.Operator != "!=" {
				return eitherCond
			}
			a, b := c.cond(n.Left), c.cond(n.Right)
			if n.Operator == "==" {
				return func(st *aState) tri { return eqT(a(st), b(st)) }
			}
			return func(st *aState) tri { return notT(eqT(a(st), b(st))) }
		}
		if !isNumericNode(n.Left) || !isNumericNode(n.Right) {
			return eitherCond
		}
		a, b, op := c.num(n.Left), c.num(n.Right), n.Operator
		return func(st *aState) tri { return compareI(op, a(st), b(st)) }
	}
	return eitherCond
}

// ternary compiles `k ? a : b`: a when k surely holds, b when it surely does
// not, and both joined when it may go either way.
func ternary[T any](k aCond, a, b func(*aState) T, join func(T, T) T) func(*aState) T {
	return func(st *aState) T {
		switch k(st) {
		case triTrue:
			return a(st)
		case triFalse:
			return b(st)
		}
		return join(a(st), b(st))
	}
}

// callCond compiles chose() and visited().
func (c *absCompiler) callCond(n *ast.CallNode) aCond {
	id, arg, ok := callArgs(n)
	if !ok {
		return eitherCond
	}
	switch id {
	case "visited":
		i, ok := c.sc.sceneIdx[arg]
		if !ok {
			return eitherCond
		}
		if p := c.lay.seenAt(c.sc, i); p >= 0 {
			return func(st *aState) tri { return st.t[p] }
		}
	case "chose":
		i, ok := c.sc.choiceIdx[arg]
		if !ok {
			return eitherCond
		}
		if p := c.lay.madeAt(c.sc, i); p >= 0 {
			return func(st *aState) tri { return st.t[p] }
		}
	}
	return eitherCond
}

// callArgs returns the function and the id a call names.
func callArgs(n *ast.CallNode) (string, string, bool) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok || len(n.Arguments) != 1 {
		return "", "", false
	}
	s, ok := n.Arguments[0].(*ast.StringNode)
	if !ok {
		return "", "", false
	}
	return id.Value, s.Value, true
}

func topNum(*aState) ival { return topIval }

// num compiles a number, once per tree.
func (c *absCompiler) num(n ast.Node) aNum { return once(c.nums, n, c.compileNum) }

func (c *absCompiler) compileNum(n ast.Node) aNum {
	switch n := n.(type) {
	case *ast.IntegerNode:
		v := point(float64(n.Value))
		return func(*aState) ival { return v }
	case *ast.FloatNode:
		v := point(n.Value)
		return func(*aState) ival { return v }
	case *ast.IdentifierNode:
		if n.Value == "hours" {
			if p := c.lay.hoursPos; p >= 0 {
				return func(st *aState) ival { return st.v[p] }
			}
			return func(*aState) ival { return ival{0, math.Inf(1), false} }
		}
		i, ok := c.sc.varIdx[n.Value]
		if !ok {
			return topNum
		}
		return c.varVal(i)
	case *ast.UnaryNode:
		f := c.num(n.Node)
		switch n.Operator {
		case "-":
			return func(st *aState) ival { return negI(f(st)) }
		case "+":
			return f
		}
		return topNum
	case *ast.ConditionalNode:
		return ternary(c.cond(n.Cond), c.num(n.Exp1), c.num(n.Exp2), hull)
	case *ast.CallNode:
		id, arg, ok := callArgs(n)
		if !ok || id != "hours_at" {
			return topNum
		}
		i, ok := c.sc.choiceIdx[arg]
		if !ok {
			return topNum
		}
		if p := c.lay.atAt(c.sc, i); p >= 0 {
			return func(st *aState) ival { return st.v[p] }
		}
		return func(*aState) ival { return ival{0, Never, false} }
	case *ast.BuiltinNode:
		return c.builtin(n)
	case *ast.BinaryNode:
		a, b := c.num(n.Left), c.num(n.Right)
		var op func(x, y ival) ival
		switch n.Operator {
		case "+":
			op = addI
		case "-":
			op = subI
		case "*":
			op = mulI
		case "/":
			op = divI
		case "**", "^":
			op = powI
		default:
			return topNum
		}
		return func(st *aState) ival { return op(a(st), b(st)) }
	}
	return topNum
}

func (c *absCompiler) builtin(n *ast.BuiltinNode) aNum {
	if len(n.Arguments) == 0 {
		return topNum
	}
	args := make([]aNum, len(n.Arguments))
	for i, a := range n.Arguments {
		args[i] = c.num(a)
	}
	a := args[0]
	switch n.Name {
	case "abs":
		return func(st *aState) ival { return absI(a(st)) }
	case "floor":
		return func(st *aState) ival { return monoI(a(st), math.Floor) }
	case "ceil":
		return func(st *aState) ival { return monoI(a(st), math.Ceil) }
	case "round":
		return func(st *aState) ival { return monoI(a(st), math.Round) }
	case "min", "max":
		isMax := n.Name == "max"
		buf := make([]ival, len(args))
		return func(st *aState) ival {
			for i, f := range args {
				buf[i] = f(st)
			}
			return minmaxI(buf, isMax)
		}
	}
	return topNum
}

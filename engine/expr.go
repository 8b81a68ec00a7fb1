package engine

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
)

// Never is what hours_at returns for a choice that was never made.
const Never = 1e9

// Limits on expression source, checked before expr's parser sees it: the
// parser recurses once per bracket and overflows the stack, fatally, on about
// a million nested parentheses.
const (
	maxExprLen   = 2000
	maxExprDepth = 32
	maxExprNodes = 500
)

// Cond is a compiled boolean expression.
type Cond struct {
	Src   string
	fn    func(*State) bool
	node  ast.Node // the checked tree, for the analyzer's estimate
	konst bool     // reads nothing of the drill: only numbers and parameters
	reads reads    // what it reads of the drill, for the authoring checks
	g     guard    // what it asks of the bits of a state (expr_flat.go)
}

// Constant reports whether the condition reads nothing of a drill (only
// numbers and parameters), and if so its value.
func (c *Cond) Constant() (value, ok bool) {
	if !c.konst {
		return false, false
	}
	var none State // what it reads of it, nothing
	return c.fn(&none), true
}

// Eval evaluates the condition against s: most conditions are decided by
// their guard (expr_flat.go), without a call.
func (c *Cond) Eval(s *State) bool {
	if v, ok := c.g.decides(s); ok {
		return v
	}
	return c.fn(s)
}

// Num is a compiled numeric expression (a boolean one yields 0 or 1).
type Num struct {
	Src  string
	fn   func(*State) float64
	node ast.Node // the checked tree; nil for a literal
	lit  float64  // the value of a literal
}

// Eval evaluates the expression against s.
func (n *Num) Eval(s *State) float64 {
	if n.node == nil {
		return n.lit
	}
	return n.fn(s)
}

// readSet records what a group of expressions reads: which variables, which
// choices (through chose or hours_at), which scenes (through visited), and
// whether the clock.
type readSet struct {
	vars    []bool
	choices []bool // read by chose() or hours_at()
	hoursAt []bool // read by hours_at(): the hour matters, not just whether
	scenes  []bool
	hours   bool
}

func newReadSet(vars, choices, scenes int) readSet {
	return readSet{vars: make([]bool, vars), choices: make([]bool, choices), hoursAt: make([]bool, choices), scenes: make([]bool, scenes)}
}

// exprError is a problem in an expression, at a rune offset into its source.
type exprError struct {
	off int
	msg string
}

func (e *exprError) Error() string { return e.msg }

// exprCompiler type-checks expressions with expr against the scenario's
// declared variables and compiles the checked tree into closures over State,
// which evaluate without allocating. Identical sources compile once.
type exprCompiler struct {
	sc    *Scenario
	cfg   *conf.Config
	into  *readSet // where compiled expressions add what they read; nil to record nothing
	all   *readSet // where every expression adds what it reads, clocks too
	reads *reads   // what the expression being checked reads
	cache map[string]cacheEntry
}

type cacheEntry struct {
	node  ast.Node
	reads reads
	err   *exprError
}

var reserved = map[string]bool{
	"hours": true, "chose": true, "visited": true, "hours_at": true,
	"true": true, "false": true, "nil": true, "and": true, "or": true, "not": true,
	"in": true, "let": true, "if": true, "else": true, "matches": true, "contains": true,
	"startsWith": true, "endsWith": true, "abs": true, "min": true, "max": true,
	"floor": true, "ceil": true, "round": true,
}

var allowedBuiltins = []string{"abs", "min", "max", "floor", "ceil", "round"}

func newExprCompiler(sc *Scenario) *exprCompiler {
	env := make(map[string]any, len(sc.Vars)+4)
	for _, v := range sc.Vars {
		if v.Bool {
			env[v.Name] = false
		} else {
			env[v.Name] = 0.0
		}
	}
	env["hours"] = 0.0
	env["chose"] = func(string) bool { return false }
	env["visited"] = func(string) bool { return false }
	env["hours_at"] = func(string) float64 { return 0 }
	if len(sc.Params) > 0 {
		env["param"] = paramEnv(sc.Params)
	}
	cfg := conf.CreateNew()
	opts := []expr.Option{expr.Env(env), expr.DisableAllBuiltins(), expr.MaxNodes(maxExprNodes), expr.Optimize(false)}
	for _, b := range allowedBuiltins {
		opts = append(opts, expr.EnableBuiltin(b))
	}
	for _, o := range opts {
		o(cfg)
	}
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	cfg.Check()
	return &exprCompiler{sc: sc, cfg: cfg, cache: map[string]cacheEntry{}}
}

// check parses and type-checks src, from the cache when it was seen before.
func (c *exprCompiler) check(src string) (ast.Node, *exprError) {
	e, ok := c.cache[src]
	if !ok {
		saved := c.reads
		c.reads = &reads{}
		node, err := c.parse(src)
		if err == nil {
			err = c.scan(node)
		}
		e = cacheEntry{node, *c.reads, err}
		c.reads = saved
		c.cache[src] = e
	}
	if c.into != nil {
		e.reads.mergeInto(c.into)
	}
	if c.all != nil {
		e.reads.mergeInto(c.all)
	}
	return e.node, e.err
}

// reads lists what one expression reads, sparsely: a scenario of ten
// thousand scenes has ten thousand expressions that each read a few things.
type reads struct {
	vars, choices, hoursAt, scenes []int
	hours                          bool
}

func (r *reads) mergeInto(rs *readSet) {
	for _, i := range r.vars {
		rs.vars[i] = true
	}
	for _, i := range r.choices {
		rs.choices[i] = true
	}
	for _, i := range r.hoursAt {
		rs.hoursAt[i] = true
	}
	for _, i := range r.scenes {
		rs.scenes[i] = true
	}
	rs.hours = rs.hours || r.hours
}

func (c *exprCompiler) parse(src string) (ast.Node, *exprError) {
	if strings.TrimSpace(src) == "" {
		return nil, &exprError{0, "the expression is empty; write a condition such as `trust < 50`"}
	}
	if n := len([]rune(src)); n > maxExprLen {
		return nil, &exprError{0, fmt.Sprintf("the expression is %d characters long; expressions are limited to %d, so split the logic across variables", n, maxExprLen)}
	}
	if off, ok := bracketDepthOK(src); !ok {
		return nil, &exprError{off, fmt.Sprintf("brackets nest deeper than %d levels here; simplify the expression", maxExprDepth)}
	}
	tree, err := checker.ParseCheck(src, c.cfg)
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			return nil, &exprError{fe.From, c.friendly(fe.Message)}
		}
		return nil, &exprError{0, err.Error()}
	}
	return tree.Node, nil
}

// bracketDepthOK reports whether brackets outside string literals nest at
// most maxExprDepth deep, and if not, the rune offset where they go too deep.
func bracketDepthOK(src string) (int, bool) {
	depth, quote, esc := 0, rune(0), false
	i := 0
	for _, r := range src {
		switch {
		case quote != 0:
			if esc {
				esc = false
			} else if r == '\\' {
				esc = true
			} else if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"' || r == '`':
			quote = r
		case r == '(' || r == '[' || r == '{':
			depth++
			if depth > maxExprDepth {
				return i, false
			}
		case r == ')' || r == ']' || r == '}':
			depth--
		}
		i++
	}
	return 0, true
}

var (
	unknownName = regexp.MustCompile(`^unknown name (\S+)`)
	noField     = regexp.MustCompile(`has no field (\S+)`)
)

// friendly rewrites expr's terse messages into sentences for authors.
func (c *exprCompiler) friendly(msg string) string {
	if m := unknownName.FindStringSubmatch(msg); m != nil {
		name := m[1]
		names := make([]string, 0, len(c.sc.Vars)+4)
		for _, v := range c.sc.Vars {
			names = append(names, v.Name)
		}
		names = append(names, "hours", "chose", "visited", "hours_at")
		if name == "param" {
			return "`param` reads the parameters of [params], but the file declares none; declare each with its default value"
		}
		return fmt.Sprintf("`%s` is not a declared variable or function%s; declare variables in [vars]", name, didYouMean(name, names))
	}
	if m := noField.FindStringSubmatch(msg); m != nil {
		return c.noParam(m[1])
	}
	if strings.HasPrefix(msg, "invalid operation: in ") {
		return "`in` tests text in quotes against a list parameter, as in 'eu' in param.regions"
	}
	if strings.Contains(msg, `unexpected token Operator("=")`) {
		return "`=` is not an operator here; compare with `==`"
	}
	if strings.HasPrefix(msg, "invalid operation: %") {
		return "`%` is not available in scenario expressions"
	}
	if strings.Contains(msg, "maximum allowed nodes") {
		return fmt.Sprintf("the expression is too large (more than %d parts); split the logic across variables", maxExprNodes)
	}
	msg = strings.TrimSuffix(msg, ".")
	return "invalid expression: " + msg
}

// scan walks a checked tree, rejects what scenarios may not use, resolves the
// ids that chose, visited and hours_at name, and records what it reads.
func (c *exprCompiler) scan(n ast.Node) *exprError {
	var err *exprError
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		if err != nil || n == nil {
			return
		}
		switch n := n.(type) {
		case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		case *ast.IdentifierNode:
			if n.Value == "hours" {
				c.reads.hours = true
			} else if i, ok := c.sc.varIdx[n.Value]; ok {
				c.reads.vars = append(c.reads.vars, i)
			} else {
				err = &exprError{n.Location().From, fmt.Sprintf("`%s` cannot be used as a value here", n.Value)}
			}
		case *ast.UnaryNode:
			walk(n.Node)
		case *ast.MemberNode:
			_, err = c.param(n)
		case *ast.BinaryNode:
			if n.Operator == "in" || isText(n.Left) || isText(n.Right) {
				err = c.scanParamTest(n)
				return
			}
			switch n.Operator {
			case "&&", "and", "||", "or", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "**", "^":
			default:
				err = &exprError{n.Location().From, fmt.Sprintf("the operator `%s` is not available in scenario expressions", n.Operator)}
				return
			}
			walk(n.Left)
			walk(n.Right)
		case *ast.ConditionalNode:
			if isBool(n.Exp1) != isBool(n.Exp2) {
				err = &exprError{n.Location().From, "both results of `? :` must be of one type: two numbers, or two conditions"}
				return
			}
			walk(n.Cond)
			walk(n.Exp1)
			walk(n.Exp2)
		case *ast.BuiltinNode:
			for _, a := range n.Arguments {
				if !isNumericNode(a) {
					err = &exprError{a.Location().From, fmt.Sprintf("%s() takes numbers", n.Name)}
					return
				}
				walk(a)
			}
		case *ast.CallNode:
			err = c.scanCall(n)
		default:
			err = &exprError{n.Location().From, "this kind of expression is not available in scenarios; use variables, numbers, comparisons, && || !, arithmetic, and chose(), visited(), hours_at()"}
		}
	}
	walk(n)
	if err == nil && !isNumericNode(n) && !isBool(n) {
		err = &exprError{0, fmt.Sprintf("the expression gives a %s; it must give a number or a boolean", n.Type())}
	}
	return err
}

func (c *exprCompiler) scanCall(n *ast.CallNode) *exprError {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return &exprError{n.Location().From, "only chose(), visited() and hours_at() can be called"}
	}
	if len(n.Arguments) != 1 {
		return &exprError{n.Location().From, fmt.Sprintf("%s() takes one id in quotes", id.Value)}
	}
	s, ok := n.Arguments[0].(*ast.StringNode)
	if !ok {
		return &exprError{n.Arguments[0].Location().From, fmt.Sprintf("%s() takes an id in quotes, such as %s('some-id')", id.Value, id.Value)}
	}
	at := s.Location().From
	switch id.Value {
	case "chose", "hours_at":
		i, ok := c.sc.choiceIdx[s.Value]
		if !ok {
			return &exprError{at, fmt.Sprintf("%s('%s') names no choice%s", id.Value, s.Value, didYouMean(s.Value, keys(c.sc.choiceIdx)))}
		}
		c.reads.choices = append(c.reads.choices, i)
		if id.Value == "hours_at" {
			// The clock matters too: a choice still to be made records it.
			c.reads.hoursAt = append(c.reads.hoursAt, i)
			c.reads.hours = true
		}
	case "visited":
		i, ok := c.sc.sceneIdx[s.Value]
		if !ok {
			return &exprError{at, fmt.Sprintf("visited('%s') names no scene%s", s.Value, didYouMean(s.Value, keys(c.sc.sceneIdx)))}
		}
		c.reads.scenes = append(c.reads.scenes, i)
	default:
		return &exprError{n.Location().From, fmt.Sprintf("%s() is not a scenario function; use chose(), visited() or hours_at()", id.Value)}
	}
	return nil
}

// isNumericNode reports whether a checked node gives a number. min and max
// are typed loosely by expr, so builtins count by what scan allows them.
func isNumericNode(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.BuiltinNode:
		return true
	case *ast.ConditionalNode:
		return isNumericNode(n.Exp1) && isNumericNode(n.Exp2)
	}
	t := n.Type()
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

func isBool(n ast.Node) bool { return n.Type() != nil && n.Type().Kind() == reflect.Bool }

// Cond compiles src as a condition.
func (c *exprCompiler) Cond(src string) (*Cond, *exprError) {
	n, err := c.check(src)
	if err != nil {
		return nil, err
	}
	if !isBool(n) {
		return nil, &exprError{0, "this must be a condition (true or false), but it gives a number; compare it, e.g. `trust < 50`"}
	}
	r := c.cache[src].reads
	konst := len(r.vars)+len(r.choices)+len(r.scenes) == 0 && !r.hours
	return &Cond{Src: src, fn: c.cond(n), node: n, konst: konst, reads: r, g: c.guardOf(n)}, nil
}

// Num compiles src as a value for a variable: a number, or a condition when
// wantBool.
func (c *exprCompiler) Num(src string, wantBool bool) (*Num, *exprError) {
	n, err := c.check(src)
	if err != nil {
		return nil, err
	}
	if wantBool {
		if !isBool(n) {
			return nil, &exprError{0, "this variable is a boolean, but the expression gives a number"}
		}
		f := c.cond(n)
		return &Num{Src: src, fn: func(s *State) float64 { return b2f(f(s)) }, node: n}, nil
	}
	if isBool(n) {
		return nil, &exprError{0, "this variable is a number, but the expression gives true or false"}
	}
	return &Num{Src: src, fn: c.num(n), node: n}, nil
}

// constNum is a compiled literal.
func constNum(v float64, src string) *Num {
	return &Num{Src: src, fn: func(*State) float64 { return v }, lit: v}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// cond compiles a checked boolean node. scan has already rejected anything
// outside the supported set, so the cases here and those of simple
// (expr_flat.go: flags, chose, visited, and the like) are exhaustive.
func (c *exprCompiler) cond(n ast.Node) func(*State) bool {
	if t, ok := c.simple(n); ok {
		return testFunc(t)
	}
	switch n := n.(type) {
	case *ast.BoolNode:
		v := n.Value
		return func(*State) bool { return v }
	case *ast.MemberNode:
		p, _ := c.param(n)
		v, _ := p.val.(bool)
		return func(*State) bool { return v }
	case *ast.UnaryNode:
		f := c.cond(n.Node)
		return func(s *State) bool { return !f(s) }
	case *ast.ConditionalNode:
		k, a, b := c.cond(n.Cond), c.cond(n.Exp1), c.cond(n.Exp2)
		return func(s *State) bool {
			if k(s) {
				return a(s)
			}
			return b(s)
		}
	case *ast.BinaryNode:
		if n.Operator == "in" || isText(n.Left) {
			v := c.paramTest(n)
			return func(*State) bool { return v }
		}
		if isLogic(n.Operator) {
			return c.chain(n, isAnd(n.Operator))
		}
		if isBool(n.Left) {
			a, b := c.cond(n.Left), c.cond(n.Right)
			if n.Operator == "==" {
				return func(s *State) bool { return a(s) == b(s) }
			}
			return func(s *State) bool { return a(s) != b(s) }
		}
		a, b := c.num(n.Left), c.num(n.Right)
		switch n.Operator {
		case "==":
			return func(s *State) bool { return a(s) == b(s) }
		case "!=":
			return func(s *State) bool { return a(s) != b(s) }
		case "<":
			return func(s *State) bool { return a(s) < b(s) }
		case "<=":
			return func(s *State) bool { return a(s) <= b(s) }
		case ">":
			return func(s *State) bool { return a(s) > b(s) }
		default: // ">="
			return func(s *State) bool { return a(s) >= b(s) }
		}
	}
	panic(fmt.Sprintf("engine: unexpected boolean node %T", n))
}

// num compiles a checked numeric node.
func (c *exprCompiler) num(n ast.Node) func(*State) float64 {
	switch n := n.(type) {
	case *ast.IntegerNode:
		v := float64(n.Value)
		return func(*State) float64 { return v }
	case *ast.FloatNode:
		v := n.Value
		return func(*State) float64 { return v }
	case *ast.MemberNode:
		p, _ := c.param(n)
		v, _ := p.val.(float64)
		return func(*State) float64 { return v }
	case *ast.IdentifierNode:
		if n.Value == "hours" {
			return func(s *State) float64 { return s.Hours }
		}
		i := c.sc.varIdx[n.Value]
		return func(s *State) float64 { return s.Vals[i] }
	case *ast.UnaryNode:
		f := c.num(n.Node)
		if n.Operator == "-" {
			return func(s *State) float64 { return -f(s) }
		}
		return f
	case *ast.ConditionalNode:
		k, a, b := c.cond(n.Cond), c.num(n.Exp1), c.num(n.Exp2)
		return func(s *State) float64 {
			if k(s) {
				return a(s)
			}
			return b(s)
		}
	case *ast.CallNode: // hours_at
		i := c.sc.track(c.sc.choiceIdx[n.Arguments[0].(*ast.StringNode).Value])
		return func(s *State) float64 { return s.choseAt(i) }
	case *ast.BuiltinNode:
		return c.builtin(n)
	case *ast.BinaryNode:
		a, b := c.num(n.Left), c.num(n.Right)
		switch n.Operator {
		case "+":
			return func(s *State) float64 { return a(s) + b(s) }
		case "-":
			return func(s *State) float64 { return a(s) - b(s) }
		case "*":
			return func(s *State) float64 { return a(s) * b(s) }
		case "/":
			return func(s *State) float64 { return a(s) / b(s) }
		default: // "**", "^"
			return func(s *State) float64 { return math.Pow(a(s), b(s)) }
		}
	}
	panic(fmt.Sprintf("engine: unexpected numeric node %T", n))
}

func (c *exprCompiler) builtin(n *ast.BuiltinNode) func(*State) float64 {
	args := make([]func(*State) float64, len(n.Arguments))
	for i, a := range n.Arguments {
		args[i] = c.num(a)
	}
	a := args[0]
	switch n.Name {
	case "abs":
		return func(s *State) float64 { return math.Abs(a(s)) }
	case "floor":
		return func(s *State) float64 { return math.Floor(a(s)) }
	case "ceil":
		return func(s *State) float64 { return math.Ceil(a(s)) }
	case "round":
		return func(s *State) float64 { return math.Round(a(s)) }
	}
	isMax := n.Name == "max"
	return func(s *State) float64 {
		v := args[0](s)
		for _, f := range args[1:] {
			if w := f(s); (w > v) == isMax && w != v {
				v = w
			}
		}
		return v
	}
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

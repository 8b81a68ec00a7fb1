package exercise

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/ttx-dev/ttx/engine"
)

// Conditions in words, for people who do not read expressions: a facilitator
// with an inject card in hand wants "from T+4h, if the team has not chosen
// “Pull the skimmer”", not hours >= 4 && !chose('pull-skimmer').

// describe puts a condition of sc in words; what it cannot put in words
// stays as written, in code.
func describe(sc *engine.Scenario, src string) string {
	tree, err := parser.Parse(src)
	if err != nil {
		return "`" + src + "`"
	}
	d := describer{sc: sc, src: src}
	return d.node(tree.Node)
}

type describer struct {
	sc  *engine.Scenario
	src string
}

// code quotes the source of n as written: the span of its whole subtree,
// with the brackets it opens closed.
func (d describer) code(n ast.Node) string {
	from, to := len(d.src), 0
	ast.Walk(&n, spanner{&from, &to})
	if from >= to || to > len(d.src) {
		return "`" + d.src + "`"
	}
	for open := strings.Count(d.src[from:to], "(") - strings.Count(d.src[from:to], ")"); open > 0 && to < len(d.src); to++ {
		if d.src[to] == ')' {
			open--
		}
	}
	return "`" + strings.TrimSpace(d.src[from:to]) + "`"
}

// spanner widens [from, to) to the locations of the nodes it visits.
type spanner struct{ from, to *int }

func (s spanner) Visit(n *ast.Node) {
	l := (*n).Location()
	*s.from = min(*s.from, l.From)
	*s.to = max(*s.to, l.To)
}

func (d describer) node(n ast.Node) string {
	switch n := n.(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			return d.operand(n.Left) + " and " + d.operand(n.Right)
		case "||", "or":
			return "either " + d.node(n.Left) + ", or " + d.node(n.Right)
		case "in":
			if m, ok := n.Right.(*ast.MemberNode); ok {
				if s, ok := n.Left.(*ast.StringNode); ok {
					return fmt.Sprintf("the %s include “%s”", d.paramName(m), s.Value)
				}
			}
		}
		if s, ok := d.compare(n); ok {
			return s
		}
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			return d.negate(n.Node)
		}
	case *ast.CallNode:
		if s, ok := d.call(n, false); ok {
			return s
		}
	case *ast.IdentifierNode:
		if v, ok := d.flag(n.Value, true); ok {
			return v
		}
	case *ast.MemberNode:
		return "the organisation is " + d.paramName(n)
	case *ast.BoolNode:
		if n.Value {
			return "always"
		}
		return "never"
	}
	return d.code(n)
}

// operand describes an operand of "and": an "or" in brackets, so that the
// sentence keeps the expression's grouping.
func (d describer) operand(n ast.Node) string {
	if b, ok := n.(*ast.BinaryNode); ok && (b.Operator == "||" || b.Operator == "or") {
		return "(" + d.node(n) + ")"
	}
	return d.node(n)
}

func (d describer) negate(n ast.Node) string {
	switch n := n.(type) {
	case *ast.CallNode:
		if s, ok := d.call(n, true); ok {
			return s
		}
	case *ast.IdentifierNode:
		if v, ok := d.flag(n.Value, false); ok {
			return v
		}
	case *ast.MemberNode:
		return "the organisation is not " + d.paramName(n)
	case *ast.BinaryNode:
		m, mok := n.Right.(*ast.MemberNode)
		s, sok := n.Left.(*ast.StringNode)
		if n.Operator == "in" && mok && sok {
			return fmt.Sprintf("the %s do not include “%s”", d.paramName(m), s.Value)
		}
	}
	return "not (" + d.node(n) + ")"
}

// call describes chose(), visited() and hours_at() alone.
func (d describer) call(n *ast.CallNode, not bool) (string, bool) {
	id, ok1 := n.Callee.(*ast.IdentifierNode)
	if !ok1 || len(n.Arguments) != 1 {
		return "", false
	}
	arg, ok2 := n.Arguments[0].(*ast.StringNode)
	if !ok2 {
		return "", false
	}
	switch id.Value {
	case "chose":
		if not {
			return "the team has not chosen " + d.choice(arg.Value), true
		}
		return "the team chose " + d.choice(arg.Value), true
	case "visited":
		if not {
			return "the team has not reached " + d.scene(arg.Value), true
		}
		return "the team has reached " + d.scene(arg.Value), true
	}
	return "", false
}

var (
	hourWords = map[string]string{">=": "from", ">": "after", "<": "before", "<=": "by", "==": "at", "!=": "other than at"}
	valWords  = map[string]string{">=": "is at least", ">": "is above", "<": "is below", "<=": "is at most", "==": "is", "!=": "is not"}
	flipped   = map[string]string{">=": "<=", ">": "<", "<": ">", "<=": ">=", "==": "==", "!=": "!="}
)

// compare describes a comparison of the clock, of a choice's hour, of a
// variable or of a parameter with a constant.
func (d describer) compare(n *ast.BinaryNode) (string, bool) {
	op, left, right := n.Operator, n.Left, n.Right
	if _, ok := valWords[op]; !ok {
		return "", false
	}
	if isConst(left) && !isConst(right) {
		op, left, right = flipped[op], right, left
	}
	val := d.constant(right)
	if val == "" {
		return "", false
	}
	switch l := left.(type) {
	case *ast.IdentifierNode:
		if l.Value == "hours" {
			return hourWords[op] + " T+" + val + "h", true
		}
		if v, ok := d.variable(l.Value); ok {
			return v + " " + valWords[op] + " " + val, true
		}
	case *ast.CallNode:
		if id, ok := l.Callee.(*ast.IdentifierNode); ok && id.Value == "hours_at" && len(l.Arguments) == 1 {
			if arg, ok := l.Arguments[0].(*ast.StringNode); ok {
				return "the team chose " + d.choice(arg.Value) + " " + hourWords[op] + " T+" + val + "h", true
			}
		}
	case *ast.MemberNode:
		return "the " + d.paramName(l) + " " + valWords[op] + " " + val, true
	}
	return "", false
}

func isConst(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.StringNode, *ast.BoolNode:
		return true
	case *ast.UnaryNode:
		return isConst(n.Node)
	}
	return false
}

func (d describer) constant(n ast.Node) string {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return fmt.Sprint(n.Value)
	case *ast.FloatNode:
		return engine.FormatValue(engine.Var{}, n.Value)
	case *ast.StringNode:
		return "“" + n.Value + "”"
	case *ast.BoolNode:
		return fmt.Sprint(n.Value)
	case *ast.UnaryNode:
		if v := d.constant(n.Node); v != "" && n.Operator == "-" {
			return "-" + v
		}
	}
	return ""
}

// flag describes a true/false variable as holding or not: a displayed flag
// as on or off, another by its name.
func (d describer) flag(name string, on bool) (string, bool) {
	v, ok := d.variable(name)
	switch {
	case !ok:
		return "", false
	case strings.HasPrefix(v, "“") && on:
		return v + " is on", true
	case strings.HasPrefix(v, "“"):
		return v + " is off", true
	case on:
		return v, true
	}
	return "not " + v, true
}

// variable names a declared variable as the drill shows it: by its display
// label when it has one, else by its name as the file writes it (a name such
// as le_hold, turned into words, would read as a typo), quoted either way.
func (d describer) variable(name string) (string, bool) {
	for _, v := range d.sc.Vars {
		if v.Name != name {
			continue
		}
		for _, s := range append(append([]engine.Shown{}, d.sc.Display.Meters...), d.sc.Display.Flags...) {
			if d.sc.Vars[s.Var].Name == name {
				return "“" + s.Label + "”", true
			}
		}
		return "“" + name + "”", true
	}
	return "", false
}

func (d describer) paramName(m *ast.MemberNode) string {
	if s, ok := m.Property.(*ast.StringNode); ok {
		return strings.ReplaceAll(s.Value, "_", " ")
	}
	return d.code(m)
}

// choice quotes a choice's text, shortened.
func (d describer) choice(id string) string {
	if i, ok := d.sc.ChoiceIndex(id); ok {
		_, c := d.sc.ChoiceByIndex(i)
		return quote(short(c.Text.Source(d.sc), 60))
	}
	return "`" + id + "`"
}

// scene quotes a scene's title.
func (d describer) scene(id string) string {
	if i, ok := d.sc.SceneIndex(id); ok {
		return quote(short(d.sc.Scenes[i].Title.Source(d.sc), 60))
	}
	return "`" + id + "`"
}

// short cuts s to about n runes, at a word.
func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

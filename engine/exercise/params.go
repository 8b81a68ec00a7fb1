package exercise

import (
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/ttx-dev/ttx/engine"
)

// What the package's parameters rule out is left out of it: a choice never
// offered to this organisation, an inject that never fires, a check never
// scored, a clock never in play. A condition is ruled out when the
// parameters alone make it false, whatever the drill does: `param.listed`
// for an organisation not listed, or `param.listed && material_called`.

// ruledOut reports whether the parameters bound in the scenario make c false
// in every drill. A nil condition (always) is never ruled out.
func (k *kit) ruledOut(c *engine.Cond) bool {
	if c == nil {
		return false
	}
	if v, ok := c.Constant(); ok {
		return !v
	}
	tree, err := parser.Parse(c.Src)
	if err != nil {
		return false
	}
	v, ok := k.paramValue(tree.Node)
	return ok && !v
}

// paramValue evaluates n when the parameters alone decide it: ok is false
// when its value depends on the drill.
func (k *kit) paramValue(n ast.Node) (value, ok bool) {
	switch n := n.(type) {
	case *ast.BoolNode:
		return n.Value, true
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			v, ok := k.paramValue(n.Node)
			return !v, ok
		}
	case *ast.MemberNode:
		if p, ok := k.param(n); ok && p.Kind == engine.ParamBool {
			return p.Value == "true", true
		}
	case *ast.BinaryNode:
		return k.paramBinary(n)
	}
	return false, false
}

func (k *kit) paramBinary(n *ast.BinaryNode) (value, ok bool) {
	switch n.Operator {
	case "&&", "and", "||", "or":
		and := n.Operator == "&&" || n.Operator == "and"
		l, lok := k.paramValue(n.Left)
		r, rok := k.paramValue(n.Right)
		switch {
		case lok && l != and, rok && r != and:
			return !and, true // one side decides it
		case lok && rok:
			return and, true
		}
	case "in":
		s, sok := n.Left.(*ast.StringNode)
		m, mok := n.Right.(*ast.MemberNode)
		if sok && mok {
			if p, ok := k.param(m); ok && p.Kind == engine.ParamList {
				return slices.Contains(strings.Split(p.Value, ","), s.Value), true
			}
		}
	case "==", "!=":
		m, mok := n.Left.(*ast.MemberNode)
		s, sok := n.Right.(*ast.StringNode)
		if !mok || !sok {
			m, mok = n.Right.(*ast.MemberNode)
			s, sok = n.Left.(*ast.StringNode)
		}
		if mok && sok {
			if p, ok := k.param(m); ok && p.Kind == engine.ParamText {
				return (p.Value == s.Value) == (n.Operator == "=="), true
			}
		}
	}
	return false, false
}

// param is the parameter that param.name reads.
func (k *kit) param(m *ast.MemberNode) (engine.Param, bool) {
	id, ok1 := m.Node.(*ast.IdentifierNode)
	name, ok2 := m.Property.(*ast.StringNode)
	if !ok1 || !ok2 || id.Value != "param" {
		return engine.Param{}, false
	}
	return k.sc.Param(name.Value)
}

// offered lists the choices of scene i that the parameters leave in play.
func (k *kit) offered(i int) []int {
	var out []int
	for j := range k.sc.Scenes[i].Choices {
		if !k.ruledOut(k.sc.Scenes[i].Choices[j].When) {
			out = append(out, j)
		}
	}
	return out
}

package engine

import (
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// RuledOut reports whether the parameters bound in the scenario make c false
// in every drill, whatever the drill does: `param.listed` for an
// organisation not listed, or `param.listed && material_called`. A nil
// condition (always) is never ruled out.
func (sc *Scenario) RuledOut(c *Cond) bool {
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
	v, ok := sc.paramValue(tree.Node)
	return ok && !v
}

// paramValue evaluates n when the parameters alone decide it: ok is false
// when its value depends on the drill.
func (sc *Scenario) paramValue(n ast.Node) (value, ok bool) {
	switch n := n.(type) {
	case *ast.BoolNode:
		return n.Value, true
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			v, ok := sc.paramValue(n.Node)
			return !v, ok
		}
	case *ast.MemberNode:
		if p, ok := sc.paramOf(n); ok && p.Kind == ParamBool {
			return p.Value == "true", true
		}
	case *ast.BinaryNode:
		return sc.paramBinary(n)
	}
	return false, false
}

func (sc *Scenario) paramBinary(n *ast.BinaryNode) (value, ok bool) {
	switch n.Operator {
	case "&&", "and", "||", "or":
		and := n.Operator == "&&" || n.Operator == "and"
		l, lok := sc.paramValue(n.Left)
		r, rok := sc.paramValue(n.Right)
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
			if p, ok := sc.paramOf(m); ok && p.Kind == ParamList {
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
			if p, ok := sc.paramOf(m); ok && p.Kind == ParamText {
				return (p.Value == s.Value) == (n.Operator == "=="), true
			}
		}
	}
	return false, false
}

// paramOf is the parameter that param.name reads.
func (sc *Scenario) paramOf(m *ast.MemberNode) (Param, bool) {
	id, ok1 := m.Node.(*ast.IdentifierNode)
	name, ok2 := m.Property.(*ast.StringNode)
	if !ok1 || !ok2 || id.Value != "param" {
		return Param{}, false
	}
	return sc.Param(name.Value)
}

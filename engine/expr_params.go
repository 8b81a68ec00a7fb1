package engine

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/expr-lang/expr/ast"
)

// Parameters in expressions: param.name reads a parameter of [params]. Its
// value is bound when the file loads, so an expression of parameters alone
// compiles to a constant. Text and list parameters may only be compared:
// param.sector == 'retail', param.sector != 'retail', 'eu' in
// param.regions.

// param resolves param.name.
func (c *exprCompiler) param(n *ast.MemberNode) (Param, *exprError) {
	id, ok := n.Node.(*ast.IdentifierNode)
	name, ok2 := n.Property.(*ast.StringNode)
	if !ok || !ok2 || id.Value != "param" {
		return Param{}, &exprError{n.Location().From, "only parameters can be read with a dot, as param.name"}
	}
	p, found := c.sc.Param(name.Value)
	if !found {
		return Param{}, &exprError{name.Location().From, c.noParam(name.Value)}
	}
	return p, nil
}

// noParam says that param.name names no parameter.
func (c *exprCompiler) noParam(name string) string {
	names := make([]string, len(c.sc.Params))
	for i, p := range c.sc.Params {
		names[i] = p.Name
	}
	return fmt.Sprintf("`param.%s` names no parameter%s; declare it in [params]", name, didYouMean(name, names))
}

// isText reports whether a checked node gives text.
func isText(n ast.Node) bool { return n.Type() != nil && n.Type().Kind() == reflect.String }

// textOperand returns the text a node stands for: a literal in quotes, or a
// text parameter.
func (c *exprCompiler) textOperand(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.MemberNode:
		if p, err := c.param(n); err == nil && p.Kind == ParamText {
			s, _ := p.val.(string)
			return s, true
		}
	}
	return "", false
}

// scanParamTest checks a comparison of text or an `in` test: the only ways
// text and list parameters may be used.
func (c *exprCompiler) scanParamTest(n *ast.BinaryNode) *exprError {
	const usage = "text is only compared with == or != (param.sector == 'retail'), and a list is tested with in ('eu' in param.regions)"
	if len(c.sc.Params) == 0 {
		// Without parameters there is no text to compare: say what is not
		// available, as for any other construct.
		if n.Operator == "in" {
			return &exprError{n.Location().From, "the operator `in` is not available in scenario expressions"}
		}
		return &exprError{n.Location().From, "text in quotes is only an id for chose(), visited() or hours_at(), or compared with a parameter of [params]"}
	}
	if n.Operator == "in" {
		if _, ok := c.textOperand(n.Left); !ok {
			return &exprError{n.Left.Location().From, "`in` tests text in quotes against a list parameter; " + usage}
		}
		m, ok := n.Right.(*ast.MemberNode)
		if !ok {
			return &exprError{n.Right.Location().From, "`in` tests against a list parameter, such as param.regions; " + usage}
		}
		p, err := c.param(m)
		if err != nil {
			return err
		}
		if p.Kind != ParamList {
			return &exprError{n.Right.Location().From, "`param." + p.Name + "` is " + p.Kind.String() + ", not a list; " + usage}
		}
		return nil
	}
	if n.Operator != "==" && n.Operator != "!=" {
		return &exprError{n.Location().From, "the operator `" + n.Operator + "` does not apply to text; " + usage}
	}
	for _, side := range []ast.Node{n.Left, n.Right} {
		if _, ok := c.textOperand(side); !ok {
			return &exprError{side.Location().From, usage}
		}
	}
	return nil
}

// paramTest evaluates a comparison that scanParamTest accepted.
func (c *exprCompiler) paramTest(n *ast.BinaryNode) bool {
	a, _ := c.textOperand(n.Left)
	if n.Operator == "in" {
		p, _ := c.param(n.Right.(*ast.MemberNode))
		list, _ := p.val.([]string)
		return slices.Contains(list, a)
	}
	b, _ := c.textOperand(n.Right)
	return (a == b) == (n.Operator == "==")
}

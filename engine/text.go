package engine

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text is player-visible scenario text: Markdown that may interpolate
// declared variables with {name}. It is sanitized when loaded.
type Text struct {
	parts []textPart
}

type textPart struct {
	lit string
	v   int // variable index, or -1 for literal text
}

// plainText makes a Text with no variables.
func plainText(s string) Text {
	if s == "" {
		return Text{}
	}
	return Text{parts: []textPart{{lit: s, v: -1}}}
}

// Render returns the text with each variable replaced by its value in s.
// Whole numbers print without a decimal point; booleans as true or false.
// It allocates once, for the string it returns.
func (t Text) Render(sc *Scenario, s *State) string {
	if len(t.parts) == 1 && t.parts[0].v < 0 {
		return t.parts[0].lit
	}
	var buf [256]byte
	b := buf[:0]
	for _, p := range t.parts {
		if p.v < 0 {
			b = append(b, p.lit...)
			continue
		}
		b = appendValue(b, sc.Vars[p.v], s.Vals[p.v])
	}
	return string(b)
}

// Source returns the text with variables shown as {name}, as written.
func (t Text) Source(sc *Scenario) string {
	var b strings.Builder
	for _, p := range t.parts {
		if p.v < 0 {
			b.WriteString(strings.NewReplacer("{", "{{", "}", "}}").Replace(p.lit))
		} else {
			b.WriteString("{" + sc.Vars[p.v].Name + "}")
		}
	}
	return b.String()
}

// IsEmpty reports whether the text is empty.
func (t Text) IsEmpty() bool { return len(t.parts) == 0 }

// FormatValue formats a variable's value for display.
func FormatValue(v Var, x float64) string {
	var buf [32]byte
	return string(appendValue(buf[:0], v, x))
}

// appendValue appends a variable's value as FormatValue writes it.
func appendValue(b []byte, v Var, x float64) []byte {
	if v.Bool {
		return strconv.AppendBool(b, x != 0)
	}
	if x == float64(int64(x)) {
		return strconv.AppendInt(b, int64(x), 10)
	}
	return strconv.AppendFloat(b, x, 'f', -1, 64)
}

// parseText splits raw into literal parts and {name} variables. "{{" and
// "}}" are literal braces; a lone "}" is kept as it is. Errors carry the rune
// offset of the offending brace.
func parseText(raw string, vars map[string]int, names []string) (Text, *exprError) {
	if !strings.ContainsAny(raw, "{}") {
		return plainText(Sanitize(raw)), nil
	}
	var t Text
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, textPart{lit: Sanitize(lit.String()), v: -1})
			lit.Reset()
		}
	}
	runeOff := 0
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '{' && strings.HasPrefix(raw[i:], "{{"):
			lit.WriteByte('{')
			i += 2
			runeOff += 2
		case c == '}' && strings.HasPrefix(raw[i:], "}}"):
			lit.WriteByte('}')
			i += 2
			runeOff += 2
		case c == '{':
			end := strings.IndexAny(raw[i+1:], "{}\n")
			if end < 0 || raw[i+1+end] != '}' {
				return Text{}, &exprError{runeOff, "this `{` starts a variable name that is not closed on the same line; write `{{` for a literal brace"}
			}
			name := strings.TrimSpace(raw[i+1 : i+1+end])
			v, ok := vars[name]
			if !ok {
				return Text{}, &exprError{runeOff + 1, fmt.Sprintf("{%s} names no declared variable%s; declare it in [vars] or write `{{` for a literal brace", name, didYouMean(name, names))}
			}
			flush()
			t.parts = append(t.parts, textPart{v: v})
			seg := raw[i : i+2+end]
			i += len(seg)
			runeOff += len([]rune(seg))
		default:
			_, n := utf8.DecodeRuneInString(raw[i:])
			lit.WriteString(raw[i : i+n])
			i += n
			runeOff++
		}
	}
	flush()
	return t, nil
}

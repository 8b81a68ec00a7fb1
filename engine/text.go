package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Text is player-visible scenario text: Markdown that may interpolate
// declared variables with {name}, the clock with {hours}, {time}, {day} and
// {date}, and parameters with {param.name}. It is sanitized when loaded.
type Text struct {
	parts []textPart
}

type textPart struct {
	lit string
	v   int // variable index, or one of the part kinds below
}

// The kinds of a textPart that is not a variable.
const (
	partLit   = -1 // literal text (a parameter's value is bound as one)
	partHours = -2 // {hours}: the scenario clock in hours
	partTime  = -3 // {time}: the clock as a local time of day, 15:04
	partDay   = -4 // {day}: the clock's day of the week
	partDate  = -5 // {date}: the clock's date, "Tuesday 10 March 2026"
)

// clockNames are the names text may use for the clock, by part kind; a
// declared variable of the same name takes precedence, so that files written
// before these names existed keep their meaning.
var clockNames = map[string]int{"hours": partHours, "time": partTime, "day": partDay, "date": partDate}

// plainText makes a Text with no variables.
func plainText(s string) Text {
	if s == "" {
		return Text{}
	}
	return Text{parts: []textPart{{lit: s, v: partLit}}}
}

// Render returns the text with each variable replaced by its value in s and
// the clock by s's clock. Whole numbers print without a decimal point;
// booleans as true or false. It allocates once, for the string it returns.
func (t Text) Render(sc *Scenario, s *State) string {
	if len(t.parts) == 1 && t.parts[0].v == partLit {
		return t.parts[0].lit
	}
	var buf [256]byte
	b := buf[:0]
	for _, p := range t.parts {
		switch {
		case p.v >= 0:
			b = appendValue(b, sc.Vars[p.v], s.Vals[p.v])
		case p.v == partLit:
			b = append(b, p.lit...)
		case p.v == partHours:
			b = appendValue(b, Var{}, s.Hours)
		default:
			b = append(b, clockText(p.v, sc.ClockTime(s.Hours))...)
		}
	}
	return string(b)
}

// clockText formats a local time for a clock part.
func clockText(kind int, t time.Time) string {
	switch kind {
	case partTime:
		return t.Format("15:04")
	case partDay:
		return t.Format("Monday")
	default:
		return t.Format("Monday 2 January 2006")
	}
}

// ClockTime returns the local date and time at scenario hour h: StartTime
// plus h hours, to the minute. Without a StartTime it is h hours after the
// zero time.
func (sc *Scenario) ClockTime(h float64) time.Time {
	return sc.StartTime.Add(time.Duration(h * float64(time.Hour)).Round(time.Minute))
}

// Source returns the text with variables and the clock shown as {name}, as
// written; parameters show their bound values.
func (t Text) Source(sc *Scenario) string {
	var b strings.Builder
	for _, p := range t.parts {
		switch {
		case p.v >= 0:
			b.WriteString("{" + sc.Vars[p.v].Name + "}")
		case p.v == partLit:
			b.WriteString(strings.NewReplacer("{", "{{", "}", "}}").Replace(p.lit))
		default:
			for name, k := range clockNames {
				if k == p.v {
					b.WriteString("{" + name + "}")
				}
			}
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

// textNames is what {name} may name in a scenario's text.
type textNames struct {
	vars     map[string]int
	params   []Param
	hasStart bool
}

// parseText splits raw into literal parts, {name} variables, clock parts
// and {param.name} values. "{{" and "}}" are literal braces; a lone "}" is
// kept as it is. Errors carry the rune offset of the offending brace.
func parseText(raw string, names textNames) (Text, *exprError) {
	if !strings.ContainsAny(raw, "{}") {
		return plainText(Sanitize(raw)), nil
	}
	var t Text
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, textPart{lit: Sanitize(lit.String()), v: partLit})
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
			part, value, err := names.resolve(name)
			if err != "" {
				return Text{}, &exprError{runeOff + 1, err}
			}
			if part == partLit {
				lit.WriteString(value)
			} else {
				flush()
				t.parts = append(t.parts, textPart{v: part})
			}
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

// resolve says what {name} stands for: a variable's index, a clock part, or
// a parameter's value as a literal; or a message saying why it names nothing.
func (n textNames) resolve(name string) (part int, value, err string) {
	if v, ok := n.vars[name]; ok {
		return v, "", ""
	}
	if p, ok := strings.CutPrefix(name, "param."); ok {
		for _, q := range n.params {
			if q.Name == p {
				return partLit, q.Text(), ""
			}
		}
		if len(n.params) == 0 {
			return 0, "", fmt.Sprintf("{%s} names a parameter, but the file declares no [params]; declare `%s` there with its default value", name, p)
		}
		ids := make([]string, len(n.params))
		for i, q := range n.params {
			ids[i] = q.Name
		}
		return 0, "", fmt.Sprintf("{%s} names no parameter%s; declare `%s` in [params]", name, didYouMean(p, ids), p)
	}
	if k, ok := clockNames[name]; ok {
		if k != partHours && !n.hasStart {
			return 0, "", fmt.Sprintf("{%s} shows the scenario clock as a local time, so it needs `start_time` in [scenario], such as start_time = 2026-03-10T08:40:00", name)
		}
		return k, "", ""
	}
	all := make([]string, 0, len(n.vars)+len(clockNames))
	for v := range n.vars {
		all = append(all, v)
	}
	for c := range clockNames {
		all = append(all, c)
	}
	return 0, "", fmt.Sprintf("{%s} names no declared variable%s; declare it in [vars] or write `{{` for a literal brace", name, didYouMean(name, all))
}

// length is the text's length in characters as a player reads it, with
// each variable or clock counted as four characters.
func (t Text) length() int {
	n := 0
	for _, p := range t.parts {
		if p.v == partLit {
			n += utf8.RuneCountInString(p.lit)
		} else {
			n += 4
		}
	}
	return n
}

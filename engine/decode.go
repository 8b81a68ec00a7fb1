package engine

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Errors of the TOML decoder, turned into positioned diagnostics.
//
// A syntax error comes with its position. A value of the wrong type does
// not: BurntSushi/toml names the key path without array indices
// ("scenes.choices.hours") and the line of the last key of that name in the
// file. The loader finds the value itself: among the values at that path,
// those of the type the decoder found.

var (
	typeErr      = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (.*)$`)
	incompatible = regexp.MustCompile(`^incompatible types: TOML value has type (.+); destination has type (.+)$`)
	mismatch     = regexp.MustCompile(`^type mismatch for .+: expected (\S+) but found (.+)$`)
)

// decodeError reports the TOML decoder's error as diagnostics: one per value
// it is about, each once, and returns the first.
func (l *loader) decodeError(err error) Diagnostic {
	n := len(l.diags)
	l.decodeDiags(err)
	return l.diags[n]
}

func (l *loader) decodeDiags(err error) {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		p := l.index().posAt(pe.Position.Start)
		if pe.Position.Line > 0 && p.Line != pe.Position.Line {
			p = Pos{Line: pe.Position.Line, Col: pe.Position.Col}
		}
		msg := strings.TrimSuffix(pe.Message, ".")
		l.at(Error, p, "this is not valid TOML: "+msg, strings.TrimSpace(pe.Usage))
		return
	}
	m := typeErr.FindStringSubmatch(err.Error())
	if m == nil {
		l.at(Error, Pos{Line: 1, Col: 1}, Sanitize(err.Error()), "")
		return
	}
	line, _ := strconv.Atoi(m[1])
	key, msg := m[2], m[3]
	short := key[strings.LastIndexByte(key, '.')+1:]
	found := ""
	if t := incompatible.FindStringSubmatch(msg); t != nil {
		found = valueKind(t[1])
		msg = fmt.Sprintf("`%s` must be %s, not %s", short, typeWord(t[2]), typeWord(found))
	} else if t := mismatch.FindStringSubmatch(msg); t != nil {
		found = valueKind(t[2])
		msg = fmt.Sprintf("`%s` must be %s, not %s", short, typeWord(t[1]), typeWord(found))
	} else {
		msg = fmt.Sprintf("`%s`: %s", short, msg)
	}
	var at []Pos
	kps := l.index().stripped(stripIndices(key))
	if found != "" {
		for _, kp := range kps {
			if l.literalKind(kp) == found {
				at = append(at, kp.Val)
			}
		}
	}
	if len(at) == 0 {
		p := Pos{Line: max(line, 1), Col: 1}
		for _, kp := range kps {
			if kp.Key.Line == line || kp.Val.Line == line {
				p = kp.Val
				break
			}
		}
		at = append(at, p)
	}
	for _, p := range at {
		l.at(Error, p, msg, "")
	}
}

// valueKind names the kind of a Go type the decoder found a TOML value to
// be, as literalKind names it.
func valueKind(t string) string {
	switch {
	case t == "int64" || t == "integer":
		return "integer"
	case t == "float64" || t == "float":
		return "float"
	case t == "string" || t == "bool":
		return t
	case t == "time.Time" || strings.HasPrefix(t, "toml.Local"):
		return "datetime"
	case strings.HasPrefix(t, "[]map"):
		return "tables"
	case strings.HasPrefix(t, "[]"):
		return "array"
	case strings.HasPrefix(t, "map"):
		return "table"
	}
	return t
}

var dateLiteral = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}|\d{2}:\d{2})`)

// literalKind names the kind of the TOML value recorded at kp, by its first
// characters: the names valueKind gives.
func (l *loader) literalKind(kp keyPos) string {
	s := l.index().src
	off := kp.Val.Off
	if off < 0 || off >= len(s) {
		return ""
	}
	switch c := s[off]; {
	case c == '"' || c == '\'':
		return "string"
	case strings.HasPrefix(s[off:], "true") || strings.HasPrefix(s[off:], "false"):
		return "bool"
	case c == '{':
		return "table"
	case c == '[':
		if kp.Key == kp.Val && strings.TrimSpace(s[l.index().lines[kp.Val.Line-1]:off]) == "" {
			return "tables" // a table header: an element of an array of tables
		}
		return "array"
	}
	end := off
	for end < len(s) && posScalarByte[s[end]] {
		end++
	}
	lit := s[off:end]
	switch {
	case dateLiteral.MatchString(lit):
		return "datetime"
	case strings.HasPrefix(lit, "0x") || strings.HasPrefix(lit, "0o") || strings.HasPrefix(lit, "0b"):
		return "integer"
	case strings.ContainsAny(lit, ".eE") || strings.Contains(lit, "inf") || strings.Contains(lit, "nan"):
		return "float"
	}
	return "integer"
}

func typeWord(t string) string {
	switch strings.ToLower(t) {
	case "integer", "int64", "int":
		return "a whole number"
	case "float", "float64":
		return "a number"
	case "string":
		return "text in quotes"
	case "bool", "boolean":
		return "true or false"
	case "array", "slice":
		return "an array"
	case "tables":
		return "a table of an array ([[...]])"
	case "hash", "map", "struct", "table":
		return "a table"
	case "datetime":
		return "a date and time"
	}
	return t
}

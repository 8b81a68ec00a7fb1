package engine

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParamKind is the type of a parameter, set by its default value.
type ParamKind int

// The kinds of parameter.
const (
	ParamText   ParamKind = iota // text, e.g. company = "Northwind Retail"
	ParamBool                    // true or false, e.g. listed = true
	ParamNumber                  // a number, e.g. employees = 1200
	ParamList                    // a list of text, e.g. regions = ["eu", "us"]
)

func (k ParamKind) String() string {
	return [...]string{"text", "true or false", "a number", "a list of text"}[k]
}

// Param is a scenario parameter: a value the file declares in [params] with
// its default, that a facilitator may set for their organisation (ttx play,
// run and package --param KEY=VALUE). Text shows it as {param.name};
// expressions read it as param.name.
type Param struct {
	Name    string
	Kind    ParamKind
	Default string // the default, written as --param takes it
	Value   string // the value bound in this Scenario, written the same way
	val     any    // Value typed: string, bool, float64 or []string
}

// maxParamLen bounds a parameter value given on the command line.
const maxParamLen = 200

// ParamOverrides returns the parameters set away from their defaults, by
// name, as --param takes them; nil when every parameter has its default. A
// drill's Record carries them, so that Replay binds them again.
func (sc *Scenario) ParamOverrides() map[string]string {
	if len(sc.overrides) == 0 {
		return nil
	}
	return maps.Clone(sc.overrides)
}

// Param returns the parameter with the given name.
func (sc *Scenario) Param(name string) (Param, bool) {
	for _, p := range sc.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// WithParams returns the scenario with the given parameters bound, by name,
// each written as --param takes it (text as it is, true or false, a number,
// a list separated by commas); the others keep their defaults. Parameters
// set earlier on sc do not carry over. Text values are sanitized. An
// unknown name or a value of the wrong kind is an error that says which.
func (sc *Scenario) WithParams(set map[string]string) (*Scenario, error) {
	over := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(set)) {
		p, ok := sc.Param(name)
		if !ok {
			return nil, sc.unknownParam(name)
		}
		v, err := parseParam(p.Kind, set[name])
		if err != nil {
			return nil, fmt.Errorf("parameter %q %v", name, err)
		}
		if s := formatParam(v); s != p.Default {
			over[name] = s
		}
	}
	if maps.Equal(over, sc.overrides) || (len(over) == 0 && len(sc.overrides) == 0) {
		return sc, nil
	}
	out, err := parse(sc.File, sc.src, sc.guides, over)
	if err != nil {
		return nil, fmt.Errorf("scenario %q does not load with these parameters: %w", sc.ID, err)
	}
	return out, nil
}

func (sc *Scenario) unknownParam(name string) error {
	if len(sc.Params) == 0 {
		return fmt.Errorf("scenario %q has no parameters, so %q cannot be set", sc.ID, name)
	}
	names := make([]string, len(sc.Params))
	for i, p := range sc.Params {
		names[i] = p.Name
	}
	return fmt.Errorf("scenario %q has no parameter %q%s; its parameters are %s", sc.ID, name, didYouMean(name, names), strings.Join(names, ", "))
}

// parseParam reads a value given on the command line as a parameter of kind
// k. The error completes a sentence that starts with the parameter's name.
func parseParam(k ParamKind, s string) (any, error) {
	s = strings.TrimSpace(Sanitize(s))
	if utf8.RuneCountInString(s) > maxParamLen {
		return nil, fmt.Errorf("is longer than %d characters; shorten it", maxParamLen)
	}
	switch k {
	case ParamBool:
		switch strings.ToLower(s) {
		case "true", "yes":
			return true, nil
		case "false", "no":
			return false, nil
		}
		return nil, fmt.Errorf("is true or false, not %q", s)
	case ParamNumber:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("is a number, not %q", s)
		}
		return f, nil
	case ParamList:
		out := []string{}
		for _, e := range strings.Split(s, ",") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
		return out, nil
	}
	return s, nil
}

// formatParam writes a typed parameter value as --param takes it.
func formatParam(v any) string {
	switch v := v.(type) {
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return FormatValue(Var{}, v)
	case []string:
		return strings.Join(v, ",")
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// Text returns the parameter's value as text shows it: a list separated by
// commas and spaces.
func (p Param) Text() string {
	if l, ok := p.val.([]string); ok {
		return strings.Join(l, ", ")
	}
	return p.Value
}

// buildParams reads [params] in file order (order lists the names as the
// file gives them), binding the loader's overrides.
func (l *loader) buildParams(sc *Scenario, raw map[string]any, order []string) {
	for _, name := range order {
		path := "params." + name
		x, ok := raw[name]
		if !ok {
			continue
		}
		if !varPattern.MatchString(name) {
			l.keyErr(path, "parameter name `%s` must be letters, digits and underscores, not starting with a digit", name)
			continue
		}
		p := Param{Name: name}
		switch x := x.(type) {
		case string:
			p.Kind, p.val = ParamText, l.str(path, x)
		case bool:
			p.Kind, p.val = ParamBool, x
		case int64, float64:
			p.Kind, p.val = ParamNumber, toFloat(x)
		case []any:
			p.Kind = ParamList
			list := make([]string, 0, len(x))
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					l.valErr(fmt.Sprintf("%s.%d", path, i), "a list parameter holds text in quotes only")
					continue
				}
				list = append(list, l.str(fmt.Sprintf("%s.%d", path, i), s))
			}
			p.val = list
		default:
			l.valErr(path, "parameter `%s` must default to text, a number, true/false, or an array of text", name)
			continue
		}
		p.Default = formatParam(p.val)
		if s, ok := l.overrides[name]; ok {
			// Overrides were checked and normalized by WithParams.
			if v, err := parseParam(p.Kind, s); err == nil {
				p.val = v
			}
		}
		p.Value = formatParam(p.val)
		if p.Value != p.Default {
			if sc.overrides == nil {
				sc.overrides = map[string]string{}
			}
			sc.overrides[name] = p.Value
		}
		sc.Params = append(sc.Params, p)
	}
}

// paramEnv is what expressions see as `param`: a struct with one field per
// parameter, typed by its kind, so that expr type-checks param.name.
func paramEnv(params []Param) any {
	fields := make([]reflect.StructField, len(params))
	for i, p := range params {
		var t reflect.Type
		switch p.Kind {
		case ParamBool:
			t = reflect.TypeOf(false)
		case ParamNumber:
			t = reflect.TypeOf(0.0)
		case ParamList:
			t = reflect.TypeOf([]string{})
		default:
			t = reflect.TypeOf("")
		}
		fields[i] = reflect.StructField{Name: fmt.Sprintf("P%d", i), Type: t, Tag: reflect.StructTag(fmt.Sprintf(`expr:%q`, p.Name))}
	}
	return reflect.New(reflect.StructOf(fields)).Elem().Interface()
}

// prose sanitizes a string of the file that is not interpolated (notes,
// briefs, reasons, labels), replacing each {param.name} with the parameter's
// value; an unknown name is an error at its brace.
func (l *loader) prose(sc *Scenario, path, s string) string {
	s = l.str(path, s)
	if !strings.Contains(s, "{param.") {
		return s
	}
	var b strings.Builder
	rest, off := s, 0 // off counts the runes of s before rest
	for {
		i := strings.Index(rest, "{param.")
		j := -1
		if i >= 0 {
			j = strings.IndexByte(rest[i:], '}')
		}
		if i < 0 || j < 0 {
			b.WriteString(rest)
			return b.String()
		}
		b.WriteString(rest[:i])
		ref := rest[i : i+j+1]
		if p, ok := sc.Param(ref[len("{param.") : len(ref)-1]); ok {
			b.WriteString(p.Text())
		} else {
			_, _, msg := textNames{params: sc.Params}.resolve(ref[1 : len(ref)-1])
			l.exprErr(path, &exprError{off + utf8.RuneCountInString(rest[:i]) + 1, msg})
			b.WriteString(ref)
		}
		off += utf8.RuneCountInString(rest[:i+j+1])
		rest = rest[i+j+1:]
	}
}

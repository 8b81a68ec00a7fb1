package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Guides are the rubrics a scenario may name, by id.
type Guides map[string]*Guidance

// DefaultGuidance is the rubric id a scenario uses when it names none.
const DefaultGuidance = "breach-pr"

// Load reads and parses the scenario file at path. The error, when not nil,
// is Diagnostics listing every problem found, or an error reading the file.
func Load(path string, guides Guides) (*Scenario, error) {
	src, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src, guides)
}

// LoadFS is Load for a file in fsys.
func LoadFS(fsys fs.FS, path string, guides Guides) (*Scenario, error) {
	src, err := readRegularFS(fsys, path, MaxFileSize)
	if err != nil {
		return nil, ReadError(path, "a .toml file", err)
	}
	return Parse(path, src, guides)
}

// Parse checks and compiles a scenario from its source. name is used in
// diagnostics. Every problem in the file is reported, as Diagnostics, sorted by
// position; problems that stop the file from loading come back as the error,
// the others as the scenario's Warnings.
func Parse(name string, src []byte, guides Guides) (sc *Scenario, err error) {
	l := &loader{file: name, src: src}
	defer func() {
		if r := recover(); r != nil {
			sc, err = nil, Diagnostics{{File: name, Message: fmt.Sprintf("internal error while loading (%v); please report it with the file", r)}}
		}
	}()
	if d := precheck(name, src); d != nil {
		return nil, Diagnostics{*d}
	}
	var raw rawScenarioFile
	md, derr := toml.Decode(string(src), &raw)
	if derr != nil {
		return nil, Diagnostics{l.decodeError(derr)}
	}
	l.unknownKeys(md)
	sc = l.build(&raw, guides)
	if errs := l.errors(); len(errs) > 0 {
		return nil, errs
	}
	sum := sha256.Sum256(src)
	sc.Hash = hex.EncodeToString(sum[:])
	sc.src = src
	sc.Warnings = l.warnings()
	return sc, nil
}

// loader collects the diagnostics of one file. The position index is built
// only when a diagnostic needs a position, so a clean file never pays for it.
type loader struct {
	file  string
	src   []byte
	idx   *posIndex
	diags Diagnostics
}

func (l *loader) index() *posIndex {
	if l.idx == nil {
		l.idx = buildPosIndex(l.src)
	}
	return l.idx
}

func (l *loader) errors() Diagnostics   { return l.filter(Error) }
func (l *loader) warnings() Diagnostics { return l.filter(Warning) }

func (l *loader) filter(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range l.diags {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	out.sort()
	return out
}

// at adds a diagnostic at p.
func (l *loader) at(sev Severity, p Pos, msg, hint string) {
	if hint == "" {
		hint = hintFor(msg)
	}
	d := Diagnostic{File: l.file, Line: p.Line, Col: p.Col, Severity: sev, Message: Sanitize(msg), Hint: hint}
	if p.Line > 0 {
		d.Source = Sanitize(strings.TrimRight(l.index().line(p.Line), "\r"))
	}
	l.diags = append(l.diags, d)
}

// hints gives advice by what a message is about, so that every diagnostic
// comes with one; the first pattern that matches wins.
var hints = []struct {
	re   *regexp.Regexp
	hint string
}{
	{regexp.MustCompile(`^unknown key`), "keys are case-sensitive; docs/scenario-format.md lists the keys of every table"},
	{regexp.MustCompile(`pick scene`), "in a pick scene the players choose several choices, and the scene's own goto says where the drill goes next"},
	{regexp.MustCompile(`^goto|^start|needs a .goto.`), "a goto or start names the id of a [[scenes]] or [[endings]] entry of this file"},
	{regexp.MustCompile(`^timeout|needs .timeout.`), "timeout names the id of one of the scene's own choices, one without `when`"},
	{regexp.MustCompile(`principle`), "scores use the principle ids of the guidance rubric; `ttx analyze` shows which ones a scenario scores"},
	{regexp.MustCompile(`^\{|brace`), "write {name} to show a variable declared in [vars], and {{ or }} for a literal brace"},
	{regexp.MustCompile(`expression|variable or function|condition|chose\(|visited\(|hours_at\(|brackets|operator|can be called|not available`), "expressions use the variables of [vars], hours, chose('choice-id'), visited('scene-id'), hours_at('choice-id'), numbers, comparisons, && || ! and + - * /"},
	{regexp.MustCompile(`used twice`), "rename one of the two; ids are how gotos, chose() and stored drills refer to things"},
	{regexp.MustCompile("^`[^`]+` must be .*, not "), "in TOML, numbers and true/false are written bare, text in quotes, arrays in [ ] and tables in { }"},
	{regexp.MustCompile(`boolean|is a number|start as`), "[vars] declares each variable's type by its start value: a number, or true/false"},
	{regexp.MustCompile(`bounds`), "[bounds] gives each number variable [min, max]; values are clamped into it after every change"},
	{regexp.MustCompile(`^pick`), "pick = [2, 3] takes two or three choices; pick = 2 takes exactly two"},
	{regexp.MustCompile(`needs`), "docs/scenario-format.md shows a complete example of every table"},
	{regexp.MustCompile(`not valid TOML`), "check the quotes, brackets and `=` signs on this line; a string in \"...\" must close on the same line"},
	{regexp.MustCompile(`UTF-8|binary|NUL`), "scenario files are plain UTF-8 text; most editors can re-save a file as UTF-8"},
	{regexp.MustCompile(`nest|dotted parts`), "scenario files need at most two levels of nesting; a file that goes deeper is likely damaged or hostile"},
	{regexp.MustCompile(`.`), "docs/scenario-format.md describes every key and what it accepts"},
}

func hintFor(msg string) string {
	for _, h := range hints {
		if h.re.MatchString(msg) {
			return h.hint
		}
	}
	return ""
}

// keyErr reports a problem with the key at path; valErr with its value.
func (l *loader) keyErr(path, msg string, args ...any) {
	l.at(Error, l.keyPos(path, false), fmt.Sprintf(msg, args...), "")
}

func (l *loader) valErr(path, msg string, args ...any) {
	l.at(Error, l.keyPos(path, true), fmt.Sprintf(msg, args...), "")
}

func (l *loader) warnAt(path, msg, hint string) {
	l.at(Warning, l.keyPos(path, false), msg, hint)
}

// keyPos finds the position of path's key or value; a path that is not in the
// file (a missing required key) falls back to its closest parent.
func (l *loader) keyPos(path string, val bool) Pos {
	ix := l.index()
	for p := path; p != ""; {
		if kp, ok := ix.lookup(p); ok {
			if val && p == path {
				return kp.Val
			}
			return kp.Key
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return Pos{Line: 1, Col: 1}
}

// exprErr reports a problem inside the expression string at path.
func (l *loader) exprErr(path string, e *exprError) {
	l.at(Error, l.index().stringPos(path, e.off), e.msg, "")
}

var typeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)
var incompatible = regexp.MustCompile(`^incompatible types: TOML value has type (\S+); destination has type (\S+)$`)
var mismatch = regexp.MustCompile(`^type mismatch for \S+: expected (\w+) but found (\w+)$`)

// decodeError turns the TOML decoder's error into a positioned diagnostic.
func (l *loader) decodeError(err error) Diagnostic {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		p := l.index().posAt(pe.Position.Start)
		if pe.Position.Line > 0 && p.Line != pe.Position.Line {
			p = Pos{Line: pe.Position.Line, Col: pe.Position.Col}
		}
		msg := strings.TrimSuffix(pe.Message, ".")
		l.at(Error, p, "this is not valid TOML: "+msg, strings.TrimSpace(pe.Usage))
		return l.diags[len(l.diags)-1]
	}
	m := typeErr.FindStringSubmatch(err.Error())
	if m == nil {
		return Diagnostic{File: l.file, Message: Sanitize(err.Error())}
	}
	line, _ := strconv.Atoi(m[1])
	key, msg := m[2], m[3]
	p := Pos{Line: line, Col: 1}
	for _, kp := range l.index().stripped(stripIndices(key)) {
		if kp.Key.Line == line || kp.Val.Line == line {
			p = kp.Val
			break
		}
	}
	short := key[strings.LastIndexByte(key, '.')+1:]
	if t := incompatible.FindStringSubmatch(msg); t != nil {
		msg = fmt.Sprintf("`%s` must be %s, not %s", short, typeWord(t[2]), typeWord(t[1]))
	} else if t := mismatch.FindStringSubmatch(msg); t != nil {
		msg = fmt.Sprintf("`%s` must be %s, not %s", short, typeWord(t[1]), typeWord(t[2]))
	} else {
		msg = fmt.Sprintf("`%s`: %s", short, msg)
	}
	l.at(Error, p, msg, "")
	return l.diags[len(l.diags)-1]
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
	case "hash", "map", "struct", "table":
		return "a table"
	}
	return t
}

// stripIndices removes numeric segments from a key path.
func stripIndices(path string) string {
	parts := strings.Split(path, ".")
	out := parts[:0]
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}

// unknownKeys reports every key the decoder found no field for, suggesting
// the nearest key of its table from known.
func (l *loader) unknownKeys(md toml.MetaData) { l.unknownKeysOf(md, knownKeys, nil) }

// unknownKeysOf is unknownKeys for a format whose tables' keys are known,
// with hint giving each message its hint (nil for the default).
func (l *loader) unknownKeysOf(md toml.MetaData, known map[string][]string, hint func(string) string) {
	seen := map[string]bool{}
	for _, k := range md.Undecoded() {
		path := k.String()
		if seen[path] || isUnknownParent(md, k) {
			continue
		}
		seen[path] = true
		parent := stripIndices(strings.Join(k[:len(k)-1], "."))
		name := k[len(k)-1]
		where := "here"
		if parent != "" {
			where = "in [" + parent + "]"
		}
		msg := fmt.Sprintf("unknown key `%s` %s%s", name, where, didYouMean(name, known[parent]))
		h := ""
		if hint != nil {
			h = hint(msg)
		}
		kps := l.index().stripped(path)
	next:
		for _, kp := range kps {
			// The elements of an array value are indexed under the same
			// stripped path as their key: report the key alone.
			for _, o := range kps {
				if o.Key.Off < kp.Key.Off && kp.Key.Off < o.End {
					continue next
				}
			}
			l.at(Error, kp.Key, msg, h)
		}
	}
}

// isUnknownParent reports whether some proper prefix of k is itself undecoded,
// so that only the outermost unknown key is reported.
func isUnknownParent(md toml.MetaData, k toml.Key) bool {
	for _, u := range md.Undecoded() {
		if len(u) < len(k) && strings.HasPrefix(k.String(), u.String()+".") {
			return true
		}
	}
	return false
}

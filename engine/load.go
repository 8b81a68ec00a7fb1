package engine

import (
	"crypto/sha256"
	"encoding/hex"
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
	return parse(name, src, guides, nil)
}

// parse is Parse with parameters bound away from their defaults
// (normalized, as WithParams makes them).
func parse(name string, src []byte, guides Guides, overrides map[string]string) (sc *Scenario, err error) {
	l := &loader{file: name, src: src, overrides: overrides}
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
		l.decodeError(derr)
		return nil, l.errors()
	}
	l.unknownKeys(md)
	var order []string
	if len(raw.Params) > 0 {
		order = paramOrder(md)
	}
	sc = l.build(&raw, guides, order)
	if errs := l.errors(); len(errs) > 0 {
		return nil, errs
	}
	sum := sha256.Sum256(src)
	sc.Hash = hex.EncodeToString(sum[:])
	sc.src = src
	sc.guides = guides
	sc.Warnings = l.warnings()
	return sc, nil
}

// paramOrder lists the keys of [params] in the order the file gives them.
func paramOrder(md toml.MetaData) []string {
	var out []string
	for _, k := range md.Keys() {
		if len(k) == 2 && k[0] == "params" {
			out = append(out, k[1])
		}
	}
	return out
}

// loader collects the diagnostics of one file. The position index is built
// only when a diagnostic needs a position, so a clean file never pays for it.
type loader struct {
	file      string
	src       []byte
	idx       *posIndex
	diags     Diagnostics
	overrides map[string]string // parameters bound away from their defaults
	// tableRoles is set when the roles come from [[roles]] tables, so that
	// scene roles are checked against them.
	tableRoles bool
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
	{regexp.MustCompile(`param`), "[params] declares each parameter with its default value; text shows it as {param.name}, expressions read it as param.name, and --param NAME=VALUE sets it for a drill"},
	{regexp.MustCompile(`start_time|^\{(time|day|date)\}`), "start_time = 2026-03-10T08:40:00 in [scenario] sets the clock's start; {time}, {day} and {date} then show the scenario clock as a local time"},
	{regexp.MustCompile(`module|budget`), "each [[modules]] entry has an id, a title, a budget such as \"30m\", and the ids of the scenes it groups"},
	{regexp.MustCompile(`variant`), "a [[scenes.variants]] entry has `when` and `text`; the first variant whose `when` holds replaces the scene's text"},
	{regexp.MustCompile(`discussion prompt`), "discuss holds strings, or [[scenes.discuss]] tables with `prompt` and an optional `answer`"},
	{regexp.MustCompile(`role`), "[[roles]] declares each role with an id and a title; a scene's `role` names one of them"},
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
		if seen[path] || isUnknownParent(md, k) || (len(k) > 2 && (k[0] == "params" || k[0] == "vars")) {
			// Inside a parameter's or a variable's value: the loader
			// reports the value as a whole.
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

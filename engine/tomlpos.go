package engine

// Source positions for TOML keys and values.
//
// github.com/BurntSushi/toml reports no positions for keys after a
// successful decode, yet every loader error must read FILE:LINE:COL. This
// file scans the raw source once more, in a single linear pass, and records
// where each key path and its value sit. The scanner assumes the file has
// already decoded; on input it does not understand it skips to the next line
// or stops, and it never panics or loops.

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Pos is a position in a source file. Line and Col start at 1; Col counts runes (a tab is one column); Off is the byte offset.
type Pos struct{ Line, Col, Off int }

// keyPos records where a key and its value sit.
//
// For a dotted key (a.b.c = 1) the entries for a, a.b and a.b.c each point
// Key at the first character of their own last segment, so that an error
// about c points at c; all three share Val and End. An element of an array
// has Key == Val at the element. A table header and the implicit parents it
// creates have Key == Val at the header's first '[' and End just past its
// closing bracket(s).
type keyPos struct {
	Key Pos // first character of the key (of the header for a table: the first '[')
	Val Pos // first character of the value (the opening quote for strings); equal to Key for table headers
	End int // byte offset just past the value
}

// posEntry is one recorded key path.
type posEntry struct {
	path   string // full path, e.g. "scenes.1.choices.0.goto"
	kp     keyPos
	parent int32 // index of the entry of the enclosing path; -1 at top level
	seg    int32 // byte offset in path where this entry's own segment starts
	index  bool  // the last segment is an array index
}

// posIndex maps TOML key paths to their positions in one source file.
//
// Paths are dot-joined segments: tables by name ("scenario"), a 0-based index
// per element of an array of tables or of an array ("scenes.1",
// "scenes.1.choices.2.goto", "bounds.trust.0"), keys of inline tables nested
// under their key ("scenes.0.choices.0.set.exposed"), quoted keys by their
// unquoted text. An index is safe for concurrent use once built.
type posIndex struct {
	src     string
	lines   []int // byte offset of the start of each line
	entries []posEntry
	byPath  map[string]int32

	strippedOnce sync.Once
	byStripped   map[string][]int32
}

// posMaxDepth bounds the nesting of arrays and inline tables the scanner
// follows, so that hostile input cannot exhaust the stack.
const posMaxDepth = 128

// Byte classes used by the scanner.
var (
	posBareKey    [256]bool // may appear in a bare key
	posScalarByte [256]bool // may appear in a number, boolean or date-time
)

func init() {
	for c := 0; c < 256; c++ {
		b := byte(c)
		bare := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-'
		posBareKey[c] = bare
		posScalarByte[c] = bare || b == '+' || b == '.' || b == ':'
	}
}

// buildPosIndex scans src and records the position of every key, table
// header and array element. It never fails: whatever it cannot make sense of
// is skipped up to the next line, or ends the scan.
func buildPosIndex(src []byte) *posIndex {
	s := string(src)
	n := strings.Count(s, "\n")
	ix := &posIndex{
		src:     s,
		lines:   make([]int, 1, n+1),
		entries: make([]posEntry, 0, n+n/4+8),
		byPath:  make(map[string]int32, n+n/4+8),
	}
	// A UTF-8 byte order mark is skipped, as the decoder does, and is not
	// counted as a column: line 1 starts after it.
	if strings.HasPrefix(s, "\xef\xbb\xbf") {
		ix.lines[0] = 3
	}
	for off := 0; ; {
		j := strings.IndexByte(s[off:], '\n')
		if j < 0 {
			break
		}
		off += j + 1
		ix.lines = append(ix.lines, off)
	}
	sc := posScanner{
		ix:         ix,
		s:          s,
		i:          ix.lines[0],
		aot:        map[string]int{},
		budget:     32*len(s) + 1<<20,
		tableEntry: -1,
		cOff:       ix.lines[0],
		cCol:       1,
	}
	sc.run()
	return ix
}

// lookup returns the positions recorded for path.
func (ix *posIndex) lookup(path string) (keyPos, bool) {
	if ix == nil {
		return keyPos{}, false
	}
	j, ok := ix.byPath[path]
	if !ok {
		return keyPos{}, false
	}
	return ix.entries[j].kp, true
}

// stripped returns every entry whose path, with the numeric array indices removed, equals path (e.g. "scenes.choices.gotoo" matches "scenes.2.choices.0.gotoo"), in source order.
// Only segments that are array indices are removed: a bare key that happens
// to be made of digits is kept. An array's elements strip to the array's own
// path, so "scenes.discuss" gives each discuss array and its elements, and
// "scenes" each [[scenes]] header and the entry for the array itself.
func (ix *posIndex) stripped(path string) []keyPos {
	if ix == nil {
		return nil
	}
	ix.strippedOnce.Do(ix.buildStripped)
	idx := ix.byStripped[path]
	if len(idx) == 0 {
		return nil
	}
	out := make([]keyPos, len(idx))
	for k, j := range idx {
		out[k] = ix.entries[j].kp
	}
	return out
}

// buildStripped fills byStripped, on the first call of stripped. Parents
// always precede their children in entries, so one pass suffices.
func (ix *posIndex) buildStripped() {
	strs := make([]string, len(ix.entries))
	ix.byStripped = make(map[string][]int32)
	for j := range ix.entries {
		e := &ix.entries[j]
		var st string
		switch {
		case e.parent < 0 || int(e.parent) >= j:
			st = e.path[e.seg:]
		case e.index:
			st = strs[e.parent]
		default:
			st = strs[e.parent] + "." + e.path[e.seg:]
		}
		strs[j] = st
		if ix.byPath[e.path] == int32(j) { // not replaced by a later entry
			ix.byStripped[st] = append(ix.byStripped[st], int32(j))
		}
	}
}

// stringPos maps the n-th rune (0-based) of the DECODED string value at path to its position in the file, handling basic strings with escapes (\n, \", \\, \uXXXX, \UXXXXXXXX count as one decoded rune), literal strings, multi-line basic and literal strings (the newline right after the opening delimiter is trimmed by TOML; a line-ending backslash in a multi-line basic string swallows the newline and following whitespace). If n is past the end, return the position of the closing quote.
//
// An escape maps to its backslash. A CR of a CRLF inside a multi-line string
// is a rune of the decoded value, as BurntSushi/toml keeps it. If path is
// unknown the result is the zero Pos; if its value is not a string, the
// position of the value.
func (ix *posIndex) stringPos(path string, n int) Pos {
	kp, ok := ix.lookup(path)
	if !ok {
		return Pos{}
	}
	s := ix.src
	i := kp.Val.Off
	if i < 0 || i >= len(s) || (s[i] != '"' && s[i] != '\'') {
		return kp.Val
	}
	if n < 0 {
		n = 0
	}
	q := s[i]
	basic := q == '"'
	multi := strings.HasPrefix(s[i:], `"""`) || strings.HasPrefix(s[i:], `'''`)
	if multi {
		i += 3
		if strings.HasPrefix(s[i:], "\n") {
			i++
		} else if strings.HasPrefix(s[i:], "\r\n") {
			i += 2
		}
	} else {
		i++
	}
	k := 0 // decoded runes before s[i]
	for i < len(s) {
		c := s[i]
		if c == q {
			if !multi {
				return ix.posAt(i)
			}
			r := 1
			for i+r < len(s) && s[i+r] == q {
				r++
			}
			if r >= 3 {
				// The last three quotes close the string; up to two before them
				// belong to it.
				content := min(r-3, 2)
				if n < k+content {
					return ix.posAt(i + n - k)
				}
				return ix.posAt(i + content)
			}
			if n < k+r {
				return ix.posAt(i + n - k)
			}
			k += r
			i += r
			continue
		}
		if c == '\n' && !multi {
			return ix.posAt(i) // unterminated: not valid TOML
		}
		if c == '\\' && basic {
			if multi && i+1 < len(s) && s[i+1] != '\\' {
				// A line-ending backslash: whitespace up to and including a
				// newline, and all whitespace after it, is dropped.
				j := i + 1
				for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n') {
					j++
				}
				if strings.IndexByte(s[i+1:j], '\n') >= 0 {
					i = j
					continue
				}
			}
			if k == n {
				return ix.posAt(i)
			}
			k++
			i += posEscapeLen(s, i)
			continue
		}
		if k == n {
			return ix.posAt(i)
		}
		k++
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return ix.posAt(len(s))
}

// posEscapeLen returns the length in bytes of the escape sequence starting
// with the backslash at s[i], clipped to the end of s.
func posEscapeLen(s string, i int) int {
	l := 2
	if i+1 < len(s) {
		switch s[i+1] {
		case 'x':
			l = 4
		case 'u':
			l = 6
		case 'U':
			l = 10
		}
	}
	return min(l, len(s)-i)
}

// posAt converts a byte offset to a Pos. Offsets outside the source (or
// inside a leading byte order mark) are clamped to it.
func (ix *posIndex) posAt(off int) Pos {
	if ix == nil {
		return Pos{Line: 1, Col: 1}
	}
	off = max(ix.lines[0], min(off, len(ix.src)))
	line := ix.lineOf(off, 0)
	return Pos{Line: line + 1, Col: 1 + utf8.RuneCountInString(ix.src[ix.lines[line]:off]), Off: off}
}

// lineOf returns the 0-based line holding off, searching from line from on.
func (ix *posIndex) lineOf(off, from int) int {
	j, found := slices.BinarySearch(ix.lines[from:], off)
	if !found {
		j--
	}
	return from + max(j, 0)
}

// line returns the text of line n (1-based) without its newline, for printing a source snippet under errors.
// A CR before the newline is dropped too; a line out of range is "".
func (ix *posIndex) line(n int) string {
	if ix == nil || n < 1 || n > len(ix.lines) {
		return ""
	}
	start := ix.lines[n-1]
	end := len(ix.src)
	if n < len(ix.lines) {
		end = ix.lines[n] - 1
	}
	return strings.TrimSuffix(ix.src[start:end], "\r")
}

// posScanner holds the state of one buildPosIndex pass.
type posScanner struct {
	ix     *posIndex
	s      string
	i      int            // next byte to read; never past len(s)
	aot    map[string]int // resolved path of an array of tables -> elements seen
	segs   []posKeySeg    // scratch for the segments of the key being read
	depth  int            // nesting of arrays and inline tables
	budget int            // bytes of path text still allowed (see join)
	full   bool           // the budget is spent: the scan is over

	table      string // path of the current table ("" at top level)
	tableEntry int32  // its entry, -1 at top level

	// A cursor that makes converting ascending offsets to Pos linear overall.
	cLine, cOff, cCol int
}

// posKeySeg is one segment of a (possibly dotted) key.
type posKeySeg struct {
	text string
	off  int
	pos  Pos
}

// pos converts off to a Pos, counting on from the last converted offset when
// off is not before it.
func (sc *posScanner) pos(off int) Pos {
	ix := sc.ix
	if off < sc.cOff {
		return ix.posAt(off)
	}
	off = min(off, len(sc.s))
	line := sc.cLine
	if line+1 < len(ix.lines) && ix.lines[line+1] <= off {
		line = ix.lineOf(off, line+1)
	}
	var col int
	if line == sc.cLine {
		col = sc.cCol + utf8.RuneCountInString(sc.s[sc.cOff:off])
	} else {
		col = 1 + utf8.RuneCountInString(sc.s[ix.lines[line]:off])
	}
	sc.cLine, sc.cOff, sc.cCol = line, off, col
	return Pos{Line: line + 1, Col: col, Off: off}
}

// add records path and returns the index of its entry. An explicit entry
// replaces any earlier one of the same path (which valid TOML allows only for
// the implicit parents of a header); an implicit one is recorded only if the
// path has no entry yet, and the existing entry is returned otherwise. Keys
// and array elements are always explicit, sparing a map lookup. Once the
// path budget is spent nothing is recorded and the result is -1.
func (sc *posScanner) add(path string, parent int32, seg int, index, implicit bool, kp keyPos) int32 {
	ix := sc.ix
	if sc.full {
		return -1
	}
	if implicit {
		if j, ok := ix.byPath[path]; ok {
			return j
		}
	}
	j := int32(len(ix.entries))
	ix.entries = append(ix.entries, posEntry{path: path, kp: kp, parent: parent, seg: int32(seg), index: index})
	ix.byPath[path] = j
	return j
}

// join appends segment seg to path prefix, the path of entry parent (-1 at
// top level, where the path is seg alone: an empty key is a valid segment, so
// an empty prefix does not mean the top level). Path text is charged to a
// budget proportional to the source, so that hostile input (a long table
// name followed by many keys, say) cannot make the index quadratic: once the
// budget is spent the scan stops and join returns "".
func (sc *posScanner) join(prefix string, parent int32, seg string) string {
	if parent < 0 {
		return seg
	}
	sc.budget -= len(prefix) + 1 + len(seg)
	if sc.budget < 0 {
		sc.full = true
		sc.i = len(sc.s)
		return ""
	}
	return prefix + "." + seg
}

// run scans the whole source, statement by statement.
func (sc *posScanner) run() {
	s := sc.s
	for sc.i < len(s) {
		switch s[sc.i] {
		case ' ', '\t', '\r', '\n':
			sc.i++
			continue
		case '#':
			sc.skipLine()
			continue
		case '[':
			if !sc.header() {
				sc.skipLine()
				continue
			}
		default:
			if !sc.keyval(sc.table, sc.tableEntry) {
				sc.skipLine()
				continue
			}
		}
		// Only blanks and a comment may follow a statement on its line.
		sc.skipBlanks()
		if sc.i < len(s) && s[sc.i] != '\n' && s[sc.i] != '\r' {
			sc.skipLine()
		}
	}
}

// skipLine moves just past the next newline (a comment, or junk).
func (sc *posScanner) skipLine() {
	j := strings.IndexByte(sc.s[sc.i:], '\n')
	if j < 0 {
		sc.i = len(sc.s)
		return
	}
	sc.i += j + 1
}

// skipBlanks skips spaces and tabs.
func (sc *posScanner) skipBlanks() {
	for sc.i < len(sc.s) && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t') {
		sc.i++
	}
}

// skipSpace skips whitespace, newlines and comments (inside arrays and
// inline tables).
func (sc *posScanner) skipSpace() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\r', '\n':
			sc.i++
		case '#':
			sc.skipLine()
		default:
			return
		}
	}
}

// key reads a possibly dotted key into sc.segs (without positions).
func (sc *posScanner) key() bool {
	s := sc.s
	sc.segs = sc.segs[:0]
	for {
		sc.skipBlanks()
		if sc.i >= len(s) {
			return false
		}
		off := sc.i
		var text string
		switch s[off] {
		case '"':
			i := off + 1
			esc := false
			for i < len(s) && s[i] != '"' && s[i] != '\n' {
				if s[i] == '\\' {
					esc = true
					i++
				}
				i++
			}
			if i >= len(s) || s[i] != '"' {
				return false
			}
			text = s[off+1 : i]
			if esc {
				text = posUnescapeKey(text)
			}
			sc.i = i + 1
		case '\'':
			j := strings.IndexByte(s[off+1:], '\'')
			if j < 0 || strings.IndexByte(s[off+1:off+1+j], '\n') >= 0 {
				return false
			}
			text = s[off+1 : off+1+j]
			sc.i = off + j + 2
		default:
			i := off
			for i < len(s) && posBareKey[s[i]] {
				i++
			}
			if i == off {
				return false
			}
			text = s[off:i]
			sc.i = i
		}
		sc.segs = append(sc.segs, posKeySeg{text: text, off: off})
		sc.skipBlanks()
		if sc.i < len(s) && s[sc.i] == '.' {
			sc.i++
			continue
		}
		return true
	}
}

// posUnescapeKey decodes the escapes of a basic-string key. A malformed escape
// is kept as written.
func posUnescapeKey(t string) string {
	var b strings.Builder
	b.Grow(len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '\\' || i+1 >= len(t) {
			b.WriteByte(c)
			continue
		}
		i++
		switch t[i] {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case 'e':
			b.WriteByte(0x1b)
		case 'x', 'u', 'U':
			l := 2
			if t[i] == 'u' {
				l = 4
			} else if t[i] == 'U' {
				l = 8
			}
			if i+1+l <= len(t) {
				if v, err := strconv.ParseUint(t[i+1:i+1+l], 16, 32); err == nil {
					b.WriteRune(rune(v))
					i += l
					continue
				}
			}
			b.WriteByte('\\')
			b.WriteByte(t[i])
		default: // \" and \\, and anything unknown
			b.WriteByte(t[i])
		}
	}
	return b.String()
}

// header reads a [table] or [[array.of.tables]] header and makes it the
// current table.
func (sc *posScanner) header() bool {
	s := sc.s
	start := sc.i
	aot := strings.HasPrefix(s[start:], "[[")
	sc.i++
	if aot {
		sc.i++
	}
	if !sc.key() {
		return false
	}
	sc.skipBlanks()
	closing := "]"
	if aot {
		closing = "]]"
	}
	if !strings.HasPrefix(s[sc.i:], closing) {
		return false
	}
	sc.i += len(closing)
	p := sc.pos(start)
	kp := keyPos{Key: p, Val: p, End: sc.i}
	path, parent := "", int32(-1)
	for k, sg := range sc.segs {
		last := k == len(sc.segs)-1
		path = sc.join(path, parent, sg.text)
		segOff := len(path) - len(sg.text)
		if last && aot {
			parent = sc.add(path, parent, segOff, false, true, kp)
			n := sc.aot[path]
			sc.aot[path] = n + 1
			idx := strconv.Itoa(n)
			path = sc.join(path, parent, idx)
			parent = sc.add(path, parent, len(path)-len(idx), true, false, kp)
			break
		}
		parent = sc.add(path, parent, segOff, false, !last, kp)
		if !last {
			// A header below an array of tables extends its last element.
			if n := sc.aot[path]; n > 0 {
				idx := strconv.Itoa(n - 1)
				path = sc.join(path, parent, idx)
				parent = sc.add(path, parent, len(path)-len(idx), true, true, kp)
			}
		}
	}
	sc.table, sc.tableEntry = path, parent
	return true
}

// keyval reads `key = value` in the table at prefix (whose entry is parent).
func (sc *posScanner) keyval(prefix string, parent int32) bool {
	s := sc.s
	if !sc.key() {
		return false
	}
	if sc.i >= len(s) || s[sc.i] != '=' {
		return false
	}
	sc.i++
	sc.skipBlanks()
	if sc.i >= len(s) {
		return false
	}
	for k := range sc.segs {
		sc.segs[k].pos = sc.pos(sc.segs[k].off)
	}
	vp := sc.pos(sc.i)
	ix := sc.ix
	lo := len(ix.entries)
	path := prefix
	for k, sg := range sc.segs {
		path = sc.join(path, parent, sg.text)
		parent = sc.add(path, parent, len(path)-len(sg.text), false, k < len(sc.segs)-1, keyPos{Key: sg.pos, Val: vp})
	}
	hi := len(ix.entries)
	end, ok := sc.value(path, parent)
	for j := lo; j < hi; j++ {
		ix.entries[j].kp.End = end
	}
	return ok
}

// value reads the value starting at sc.i, recording the elements of arrays
// and keys of inline tables below path, and returns the offset just past it.
func (sc *posScanner) value(path string, parent int32) (int, bool) {
	s := sc.s
	if sc.i >= len(s) || sc.depth >= posMaxDepth {
		return sc.i, false
	}
	switch s[sc.i] {
	case '"', '\'':
		return sc.str()
	case '[':
		sc.depth++
		end, ok := sc.array(path, parent)
		sc.depth--
		return end, ok
	case '{':
		sc.depth++
		end, ok := sc.inlineTable(path, parent)
		sc.depth--
		return end, ok
	}
	// A number, boolean or date-time; a date and a time may be separated by
	// one space.
	start := sc.i
	for sc.i < len(s) && posScalarByte[s[sc.i]] {
		sc.i++
	}
	if sc.i-start == 10 && s[start+4] == '-' && s[start+7] == '-' &&
		sc.i+1 < len(s) && s[sc.i] == ' ' && s[sc.i+1] >= '0' && s[sc.i+1] <= '9' {
		sc.i++
		for sc.i < len(s) && posScalarByte[s[sc.i]] {
			sc.i++
		}
	}
	return sc.i, sc.i > start
}

// array reads [ v, v, ... ], recording each element as path.N.
func (sc *posScanner) array(path string, parent int32) (int, bool) {
	s := sc.s
	ix := sc.ix
	sc.i++
	for n := 0; ; {
		sc.skipSpace()
		if sc.i >= len(s) {
			return sc.i, false
		}
		switch s[sc.i] {
		case ']':
			sc.i++
			return sc.i, true
		case ',':
			sc.i++
			continue
		}
		p := sc.pos(sc.i)
		idx := strconv.Itoa(n)
		ep := sc.join(path, parent, idx)
		j := sc.add(ep, parent, len(ep)-len(idx), true, false, keyPos{Key: p, Val: p})
		end, ok := sc.value(ep, j)
		if j >= 0 {
			ix.entries[j].kp.End = end
		}
		if !ok {
			return end, false
		}
		n++
	}
}

// inlineTable reads { k = v, ... }, recording each key below path. Newlines,
// comments and a trailing comma (TOML 1.1) are accepted.
func (sc *posScanner) inlineTable(path string, parent int32) (int, bool) {
	s := sc.s
	sc.i++
	for {
		sc.skipSpace()
		if sc.i >= len(s) {
			return sc.i, false
		}
		switch s[sc.i] {
		case '}':
			sc.i++
			return sc.i, true
		case ',':
			sc.i++
			continue
		}
		if !sc.keyval(path, parent) {
			return sc.i, false
		}
	}
}

// str skips the string starting at sc.i (any of the four kinds) and returns
// the offset just past its closing delimiter.
func (sc *posScanner) str() (int, bool) {
	s := sc.s
	q := s[sc.i]
	if strings.HasPrefix(s[sc.i:], `"""`) || strings.HasPrefix(s[sc.i:], `'''`) {
		i := sc.i + 3
		for i < len(s) {
			c := s[i]
			if c == '\\' && q == '"' {
				i += 2
				continue
			}
			if c != q {
				i++
				continue
			}
			r := 1
			for i+r < len(s) && s[i+r] == q && r < 5 {
				r++
			}
			i += r
			if r >= 3 {
				sc.i = i
				return i, true
			}
		}
		sc.i = len(s)
		return sc.i, false
	}
	i := sc.i + 1
	for i < len(s) {
		switch s[i] {
		case q:
			sc.i = i + 1
			return sc.i, true
		case '\n':
			sc.i = i
			return i, false
		case '\\':
			if q == '"' {
				i++
			}
		}
		i++
	}
	sc.i = len(s)
	return sc.i, false
}

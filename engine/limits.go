package engine

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Limits on a file, checked before the TOML decoder sees it. The decoder has
// no nesting limit: ten thousand nested inline tables take it seconds and
// gigabytes, and two million nested arrays crash the process.
const (
	// MaxFileSize is the largest file the loader reads: room for generated
	// scenarios of tens of thousands of scenes.
	MaxFileSize = 32 << 20
	// maxNesting is how deeply arrays and inline tables may nest in a value.
	maxNesting = 8
	// maxKeyParts is how many dotted parts a key or table header may have.
	maxKeyParts = 8
	// maxPickChoices is how many choices a pick scene may have: the
	// analyzer explores every set of picks, 2^16 of them at most.
	maxPickChoices = 16
)

// precheck rejects files that are too large, not text, or nested deeper than
// any scenario needs, before they are decoded. It returns at most one
// diagnostic: after such a problem nothing else in the file can be trusted.
func precheck(file string, src []byte) *Diagnostic {
	if len(src) > MaxFileSize {
		return &Diagnostic{File: file, Message: fmt.Sprintf("the file is %.1f MiB; scenario files are limited to %d MiB, so split it or check that it is the right file", float64(len(src))/(1<<20), MaxFileSize>>20)}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return posDiag(file, src, i, "the file contains a NUL byte, so it is binary, not TOML text; check that it is the right file")
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return posDiag(file, src, i, "the file is not valid UTF-8 text; save it as UTF-8")
	}
	if off, msg := nestingProblem(src); msg != "" {
		return posDiag(file, src, off, msg)
	}
	return nil
}

// posDiag makes an error diagnostic at a byte offset.
func posDiag(file string, src []byte, off int, msg string) *Diagnostic {
	line, col, start := 1, 1, 0
	for i := 0; i < off && i < len(src); i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	end := bytes.IndexByte(src[start:], '\n')
	if end < 0 {
		end = len(src) - start
	}
	text := src[start : start+end]
	if off-start <= len(text) {
		col = utf8.RuneCount(text[:off-start]) + 1
	}
	source := ""
	if utf8.Valid(text) {
		source = Sanitize(string(bytes.TrimRight(text, "\r")))
	}
	return &Diagnostic{File: file, Line: line, Col: col, Message: msg, Hint: hintFor(msg), Source: source}
}

// nestingProblem scans TOML source for brackets and braces nested deeper than
// maxNesting in values and for keys of more than maxKeyParts dotted parts,
// skipping strings and comments. It returns the byte offset and message of
// the first problem, or "" when there is none. It is linear and allocates
// nothing.
func nestingProblem(src []byte) (int, string) {
	var stack [maxNesting + 1]byte
	depth := 0
	inKey := true // at a place where a key may start
	lineStart := true
	parts := 1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '\n':
			if depth == 0 {
				inKey, lineStart, parts = true, true, 1
			}
			continue
		case ' ', '\t', '\r':
			continue
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i--
			continue
		case '"', '\'':
			i = skipString(src, i) - 1
			lineStart = false
			continue
		}
		if lineStart && depth == 0 && c == '[' {
			// A table header: count its parts, then go on after it.
			parts = 1
			for i++; i < len(src) && src[i] != '\n' && src[i] != ']'; i++ {
				switch src[i] {
				case '.':
					parts++
					if parts > maxKeyParts {
						return i, fmt.Sprintf("this table header has more than %d dotted parts; no scenario needs that many", maxKeyParts)
					}
				case '"', '\'':
					i = skipString(src, i) - 1
				}
			}
			for i < len(src) && src[i] == ']' {
				i++
			}
			i--
			lineStart = false
			continue
		}
		lineStart = false
		switch c {
		case '.':
			if inKey {
				parts++
				if parts > maxKeyParts {
					return i, fmt.Sprintf("this key has more than %d dotted parts; no scenario needs that many", maxKeyParts)
				}
			}
		case '=':
			inKey = false
		case '[', '{':
			depth++
			if depth > maxNesting {
				return i, fmt.Sprintf("arrays and inline tables nest more than %d deep here; no scenario needs that, so check the file", maxNesting)
			}
			stack[depth] = c
			inKey, parts = c == '{', 1
		case ']', '}':
			if depth > 0 {
				depth--
			}
			inKey = false
		case ',':
			inKey, parts = depth > 0 && stack[depth] == '{', 1
		}
	}
	return 0, ""
}

// skipString returns the offset just past the TOML string starting at src[i],
// which is a quote; for an unterminated string, len(src).
func skipString(src []byte, i int) int {
	q := src[i]
	if i+2 < len(src) && src[i+1] == q && src[i+2] == q {
		// Multi-line: ends at three quotes (a fourth or fifth may belong to the content).
		for j := i + 3; j+2 < len(src); j++ {
			if q == '"' && src[j] == '\\' {
				j++
				continue
			}
			if src[j] == q && src[j+1] == q && src[j+2] == q {
				k := j + 3
				for k < len(src) && k < j+5 && src[k] == q {
					k++
				}
				return k
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(src)
}

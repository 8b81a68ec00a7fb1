package engine

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops a file from loading.
type Severity int

// The severities.
const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem in a file, with its position. Line and Col start
// at 1; Col counts characters. A problem with the file as a whole has Line 0.
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Severity Severity
	Message  string // one sentence, saying what is wrong and what to do
	Hint     string // optional further advice
	Source   string // the offending line of the file, sanitized, for a snippet
	// Key is the dotted path of the key the problem is about
	// (risks.0.owner), when the check knows it; a key that is missing is
	// named too, positioned at its table.
	Key string
}

// Error returns the diagnostic as FILE:LINE:COL: message.
func (d Diagnostic) Error() string {
	if d.Line == 0 {
		return fmt.Sprintf("%s: %s", d.File, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, d.Message)
}

// Pretty returns the diagnostic the way a compiler prints it: the one-line
// form, the offending line with a caret under the column, and the hint.
//
//	bucket.toml:12:8: warning: scene "wrap-up" offers no choice that can be taken ...
//	   12 | id = "wrap-up"
//	      |      ^
//	      = hint: ...
func (d Diagnostic) Pretty() string {
	var b strings.Builder
	if d.Line == 0 {
		fmt.Fprintf(&b, "%s: %s: %s\n", d.File, d.Severity, d.Message)
	} else {
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s\n", d.File, d.Line, d.Col, d.Severity, d.Message)
	}
	gutter := len(fmt.Sprint(d.Line))
	if d.Line > 0 && d.Source != "" {
		src := strings.ReplaceAll(d.Source, "\t", " ")
		fmt.Fprintf(&b, " %*d | %s\n", gutter, d.Line, src)
		pad := min(max(d.Col-1, 0), len([]rune(src)))
		fmt.Fprintf(&b, " %*s | %s^\n", gutter, "", strings.Repeat(" ", pad))
	}
	if d.Hint != "" {
		fmt.Fprintf(&b, " %*s = hint: %s\n", gutter, "", d.Hint)
	}
	return b.String()
}

// Diagnostics is a list of problems; as an error it reads as its problems,
// one per line.
type Diagnostics []Diagnostic

func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Pretty returns every diagnostic in its pretty form.
func (ds Diagnostics) Pretty() string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Pretty())
	}
	return b.String()
}

// sort orders diagnostics by file position.
func (ds Diagnostics) sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
}

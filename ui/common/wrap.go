package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Wrap breaks s into lines of at most width cells, at spaces only: a
// hyphenated word ("visa-checking") stays whole, and a word wider than the
// line is cut where it must be. A paragraph (a line of s) does not end on a
// lone word when the line before can give it a companion and still fit.
// Escape sequences (styles) count for nothing.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	paras := strings.Split(s, "\n")
	out := make([]string, 0, len(paras))
	for _, p := range paras {
		out = append(out, wrapPara(p, width)...)
	}
	return strings.Join(out, "\n")
}

// wrapPara wraps one paragraph, greedily, then gives a lone last word the
// last word of the line before when both fit on a line and the line before
// keeps at least two words.
func wrapPara(p string, width int) []string {
	words := strings.Fields(p)
	if len(words) == 0 {
		return []string{""}
	}
	indent := p[:len(p)-len(strings.TrimLeft(p, " "))]
	if ansi.StringWidth(indent) >= width/2 {
		indent = ""
	}
	var lines [][]string
	var cur []string
	curW := 0
	for _, w := range words {
		ww := ansi.StringWidth(w)
		for ww > width-ansi.StringWidth(indent) && len(cur) == 0 && width > ansi.StringWidth(indent) {
			// A word wider than a line: cut it.
			room := width - ansi.StringWidth(indent)
			lines = append(lines, []string{ansi.Cut(w, 0, room)})
			w = ansi.Cut(w, room, ww)
			ww = ansi.StringWidth(w)
		}
		switch {
		case len(cur) == 0:
			cur, curW = []string{w}, ww
		case curW+1+ww <= width-ansi.StringWidth(indent):
			cur, curW = append(cur, w), curW+1+ww
		default:
			lines = append(lines, cur)
			cur, curW = []string{w}, ww
		}
	}
	lines = append(lines, cur)
	if n := len(lines); n > 1 && len(lines[n-1]) == 1 && len(lines[n-2]) > 2 {
		prev, last := lines[n-2], lines[n-1]
		moved := prev[len(prev)-1]
		if ansi.StringWidth(moved)+1+ansi.StringWidth(last[0]) <= width-ansi.StringWidth(indent) {
			lines[n-2] = prev[:len(prev)-1]
			lines[n-1] = []string{moved, last[0]}
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = indent + strings.Join(l, " ")
	}
	return out
}

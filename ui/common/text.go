package common

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/engine"
)

// Truncate cuts s to width cells, with an ellipsis when it had to.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// Clean makes untrusted text (from a scenario, the store, an import, the
// register) safe to show: no escape sequence or control character reaches
// the terminal.
func Clean(s string) string { return engine.Sanitize(s) }

// Line is [Clean] for a place that holds one line: newlines and tabs become
// spaces.
func Line(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, engine.Sanitize(s))
}

// Or returns s, or alt when s is empty.
func Or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// PanicMsg carries a panic recovered in a command; the root ends the
// program with it, as one line.
type PanicMsg struct{ Err error }

// Safe wraps a command so that a panic in it becomes a [PanicMsg] instead
// of a trace.
func Safe(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = PanicMsg{fmt.Errorf("%v", r)}
			}
		}()
		return cmd()
	}
}

// Fit cuts s to at most h lines of at most w cells; with pad it fills s to
// h lines.
func Fit(s string, w, h int, pad bool) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = Truncate(l, w)
		}
	}
	for pad && len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Plural is "1 decision", "2 decisions": n and the noun, in the plural
// form unless n is 1.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

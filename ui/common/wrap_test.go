package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/charmbracelet/lipgloss"
)

func TestWrap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"Delete the bucket and its log bucket now", 20, "Delete the bucket\nand its log\nbucket now"},
		// A lone last word takes a companion from the line before.
		{"Snapshot it, copy its logs somewhere safe, then block public access and rotate the keys", 40,
			"Snapshot it, copy its logs somewhere\nsafe, then block public access and\nrotate the keys"},
		{"one two three four five six", 13, "one two three\nfour five six"},
		{"alpha beta gamma delta", 16, "alpha beta\ngamma delta"},
		// A hyphenated word is never split.
		{"Call the card brands and the visa-checking team", 36, "Call the card brands and the\nvisa-checking team"},
		// Paragraphs wrap on their own; a word wider than the line is cut.
		{"short\nsupercalifragilistic word", 10, "short\nsupercalif\nragilistic\nword"},
		{"", 10, ""},
	} {
		got := Wrap(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("Wrap(%q, %d):\n%s\nwant\n%s", tc.in, tc.width, got, tc.want)
		}
		for _, l := range strings.Split(got, "\n") {
			if ansi.StringWidth(l) > tc.width {
				t.Errorf("Wrap(%q, %d): %q is too wide", tc.in, tc.width, l)
			}
		}
	}
}

// TestMarkdownWrap: scene text rendered by glamour keeps hyphenated words
// whole and does not end a paragraph on a lone word.
func TestMarkdownWrap(t *testing.T) {
	t.Parallel()
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	md := NewMarkdown(r)
	text := "The skimming script sends every card to a visa-checking domain registered last week.\n\nSecond paragraph here with a few words to wrap at the end of it."
	for w := 20; w <= 60; w++ {
		out := md.Render(text, w)
		if strings.ContainsRune(out, nbHyphen) || strings.ContainsRune(out, glue) {
			t.Fatalf("width %d: a guard character is left:\n%s", w, out)
		}
		lines := strings.Split(out, "\n")
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if strings.HasSuffix(l, "visa-") {
				t.Errorf("width %d: a hyphenated word split:\n%s", w, out)
			}
			if l != "" && !strings.Contains(l, " ") && (i+1 == len(lines) || strings.TrimSpace(lines[i+1]) == "") && i > 0 && strings.TrimSpace(lines[i-1]) != "" {
				t.Errorf("width %d: a paragraph ends on a lone word %q:\n%s", w, l, out)
			}
			if ansi.StringWidth(lines[i]) > w+4 {
				t.Errorf("width %d: %q is too wide", w, lines[i])
			}
		}
		if !strings.Contains(strings.Join(strings.Fields(out), " "), "visa-checking domain") {
			t.Errorf("width %d: the text changed:\n%s", w, out)
		}
	}
}

// Package hostile holds the untrusted strings that every output boundary of
// ttx is tested with, and the checks that a boundary let none of them through.
//
// Text reaches ttx from scenario files, flags, the results store, imported
// exports, risk registers and other players over SSH. Each boundary where it
// leaves (the terminal, Markdown, HTML) is tested with the same [Strings], so
// a boundary that forgets to sanitise fails the same way everywhere.
//
// It is for tests only. It is not under engine/internal because the
// boundaries outside the engine (the terminal UI in ui/, the command line
// in cmd/ttx) are tested with it too, and Go lets only the engine import
// an engine/internal package.
package hostile

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
)

// Strings are the hostile texts, one per class of attack. Each is also a
// plausible name, so it can be used as a team, a player, an ending or a note.
var Strings = []string{
	"\x1b]0;PWNED\x07",       // OSC: sets the window title
	"\x1b]52;c;cHduZWQ=\x07", // OSC 52: writes the clipboard
	"\x1b[2J\x1b[H",          // CSI: clears the screen
	"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", // OSC 8 hyperlink
	"\u009b31mred",                       // 8-bit CSI (U+009B)
	"\x1bP+q544e\x1b\\",                  // DCS: asks the terminal to answer
	"safe\rOVERWRITE",                    // CR: overwrites the line
	"\u202eevil\u202c",                   // bidi override
	"``<img src=x onerror=alert(1)>``",   // Markdown backtick bypass
	"<script>alert(1)</script>",          // raw HTML
	"[click](javascript:alert(1))",       // Markdown link
	"| a | b |\n|---|---|",               // Markdown table injection
	"\"quoted\" & 'single' ]]> <!-- -->", // HTML and XML specials
	"bad\xffutf8",                        // invalid UTF-8
}

// Marker is the visible word of the first of [Strings]; tests that need to see the
// visible part of a hostile string survive can look for it.
const Marker = "PWNED"

// Terminal fails t when out holds anything that acts on a terminal instead
// of being shown: an escape or control character (newline and tab aside), a
// C1 control, a bidi control, or invalid UTF-8. where names the boundary.
func Terminal(t testing.TB, where, out string) {
	t.Helper()
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		switch {
		case r == '\n' || r == '\t':
		case r == utf8.RuneError && size == 1:
			t.Errorf("%s: invalid UTF-8 at byte %d: %q", where, i, excerpt(out, i))
			return
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			t.Errorf("%s: control character %U at byte %d: %q", where, r, i, excerpt(out, i))
			return
		case r == '\u202e' || r == '\u202d' || r == '\u202a' || r == '\u202b' || r == '\u202c' ||
			(r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' || r == '\u061c':
			t.Errorf("%s: bidi control %U at byte %d: %q", where, r, i, excerpt(out, i))
			return
		}
		i += size
	}
}

// rawTag matches an HTML tag or comment that a Markdown renderer would pass
// through as HTML.
var rawTag = regexp.MustCompile(`(?i)(^|[^\\])<\s*/?\s*(script|img|a|iframe|svg|style|object|embed|!--)`)

// scriptLink matches the end of a Markdown link to a script: a bracket that
// is not escaped, then the script URL.
var scriptLink = regexp.MustCompile(`(?i)(^|[^\\])\]\(\s*javascript:`)

// Markdown fails t when out, a Markdown document, holds a raw HTML tag that
// a GFM renderer would make live, a javascript: link, or a terminal control.
// Text inside code spans is not exempt: a backtick in the text can end the
// span early, so a tag is only safe when it is escaped. The document is
// also rendered, by goldmark with GitHub's extensions and raw HTML passed
// through as a renderer without a sanitiser does, and the HTML may hold
// only the elements Markdown itself makes, with no script in an attribute.
func Markdown(t testing.TB, where, out string) {
	t.Helper()
	Terminal(t, where, out)
	if loc := rawTag.FindStringIndex(out); loc != nil {
		t.Errorf("%s: raw HTML in Markdown: %q", where, excerpt(out, loc[0]))
	}
	if loc := scriptLink.FindStringIndex(out); loc != nil {
		t.Errorf("%s: javascript link in Markdown: %q", where, excerpt(out, loc[0]))
	}
	if bad := liveHTML(out); bad != "" {
		t.Errorf("%s: the rendered Markdown has %s", where, bad)
	}
}

// markdownElements are the elements a GFM renderer makes from Markdown
// syntax alone, with the attributes it gives them.
var markdownElements = map[string][]string{
	"p": nil, "h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"ul": nil, "ol": {"start"}, "li": nil, "blockquote": nil, "hr": nil, "br": nil,
	"strong": nil, "em": nil, "del": nil, "code": nil, "pre": nil,
	"table": nil, "thead": nil, "tbody": nil, "tr": nil, "th": {"style"}, "td": {"style"},
	"a": {"href", "title"}, "img": {"src", "alt", "title"}, "input": {"type", "checked", "disabled"},
}

// renderer is goldmark with GitHub's extensions (tables, strikethrough,
// autolinks, task lists), passing raw HTML through.
var renderer = goldmark.New(goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe()))

// liveHTML renders md and describes the first element or attribute in the
// HTML that Markdown syntax does not make, or a link to a script; "" when
// there is none.
func liveHTML(md string) string {
	var b bytes.Buffer
	if err := renderer.Convert([]byte(md), &b); err != nil {
		return "no rendering: " + err.Error()
	}
	z := html.NewTokenizer(&b)
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.CommentToken:
			return fmt.Sprintf("a raw comment %q", z.Token().Data)
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			allowed, ok := markdownElements[tok.Data]
			if !ok {
				return fmt.Sprintf("a raw <%s> element", tok.Data)
			}
			for _, a := range tok.Attr {
				if !slices.Contains(allowed, a.Key) {
					return fmt.Sprintf("a raw %s attribute on <%s>", a.Key, tok.Data)
				}
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")) {
					return fmt.Sprintf("a script link %s=%q on <%s>", a.Key, a.Val, tok.Data)
				}
			}
		}
	}
}

// HTML fails t when out, an HTML document, holds a hostile tag or attribute
// that came from text, or a terminal control: a live <script> or <img src=x>
// tag, an event handler attribute, or a javascript: link. Text that shows
// such markup escaped (&lt;img onerror=...&gt;) passes. It does not check
// that the document is well formed (engine/internal/htmlcheck does).
func HTML(t testing.TB, where, out string) {
	t.Helper()
	Terminal(t, where, out)
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script>alert", "<img src=x", "href=\"javascript:"} {
		if i := strings.Index(lower, bad); i >= 0 {
			t.Errorf("%s: hostile markup in HTML: %q", where, excerpt(out, i))
		}
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			k, v := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
			if strings.HasPrefix(k, "on") || strings.HasPrefix(v, "javascript:") {
				t.Errorf("%s: hostile attribute in HTML: <%s %s=%q>", where, tok.Data, a.Key, a.Val)
			}
		}
	}
}

func excerpt(s string, i int) string {
	lo, hi := max(0, i-20), min(len(s), i+40)
	return s[lo:hi]
}

package hostile

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

func TestChecksCatchEveryString(t *testing.T) {
	for _, s := range Strings {
		terminalBad := strings.ContainsAny(s, "\x1b\r\u009b\u202e") || strings.Contains(s, "\xff")
		r := &recorder{TB: t}
		Terminal(r, "t", "before "+s+" after")
		if terminalBad != (len(r.failed) > 0) {
			t.Errorf("Terminal(%q): failures %v, want failure %v", s, r.failed, terminalBad)
		}
		markdownBad := terminalBad || strings.Contains(s, "<img") || strings.Contains(s, "<script") ||
			strings.Contains(s, "<!--") || strings.Contains(s, "](javascript:")
		r = &recorder{TB: t}
		Markdown(r, "m", s)
		if markdownBad != (len(r.failed) > 0) {
			t.Errorf("Markdown(%q): failures %v, want failure %v", s, r.failed, markdownBad)
		}
	}
}

func TestChecksPassCleanText(t *testing.T) {
	clean := "Team \u00e9quipe \u6f22\u5b57 \U0001F469\u200d\U0001F4BB\n\t&lt;script&gt; \\<img\\> [a](https://x)"
	r := &recorder{TB: t}
	Terminal(r, "t", clean)
	Markdown(r, "m", clean)
	HTML(r, "h", clean)
	if len(r.failed) > 0 {
		t.Errorf("clean text failed: %v", r.failed)
	}
}

func TestHTMLCatchesLiveMarkup(t *testing.T) {
	for _, tc := range []struct {
		doc string
		bad bool
	}{
		{`<p>&lt;img src=x onerror=alert(1)&gt;</p>`, false},
		{`<p><img src=x onerror=alert(1)></p>`, true},
		{`<p><b onmouseover="alert(1)">x</b></p>`, true},
		{`<p><a href=" javascript:alert(1)">x</a></p>`, true},
		{`<p><script>alert(1)</script></p>`, true},
	} {
		r := &recorder{TB: t}
		HTML(r, "h", tc.doc)
		if tc.bad != (len(r.failed) > 0) {
			t.Errorf("HTML(%q): failures %v, want failure %v", tc.doc, r.failed, tc.bad)
		}
	}
}

// TestMarkdownRendered: the rendering catches what a pattern cannot see,
// and passes what a renderer shows as text.
func TestMarkdownRendered(t *testing.T) {
	for _, tc := range []struct {
		md  string
		bad bool
	}{
		{`\\<img src=x onerror=alert(1)>`, true}, // an escaped backslash, then a live tag
		{"<details open ontoggle=alert(1)>x</details>", true},
		{"x <span style=\"position:fixed\">y</span>", true},
		{"[a](JavaScript:alert(1))", true},
		{"``<img src=x onerror=alert(1)>`", true}, // the code span never closes
		{"`<b>x</b>` and ``a ` <b> ``", false},
		{`\<img src=x onerror=alert(1)>`, false},
		{"| a | b |\n|--:|---|\n| 1 | 2 |\n\n- [x] done\n\n**bold** *em* ~~del~~ https://example.org", false},
	} {
		r := &recorder{TB: t}
		Markdown(r, "m", tc.md)
		if tc.bad != (len(r.failed) > 0) {
			t.Errorf("Markdown(%q): failures %v, want failure %v", tc.md, r.failed, tc.bad)
		}
	}
}

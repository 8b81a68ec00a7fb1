// Package markup renders scenario text, which is untrusted, as HTML for the
// documents ttx writes: escaped first, then the little of Markdown that
// scenario text uses (**strong**, *emphasis*, `code`) becomes elements.
// engine/internal/mdtext is its counterpart for Markdown documents.
package markup

import (
	"html/template"
	"regexp"
	"strings"
)

var (
	bold   = regexp.MustCompile(`\*\*([^*\s](?:[^*]*[^*\s])?)\*\*`)
	italic = regexp.MustCompile(`\*([^*\s](?:[^*]*[^*\s])?)\*`)
	code   = regexp.MustCompile("`([^`]+)`")
)

// Inline renders scenario Markdown on one line as HTML: the text is escaped
// first, then **strong**, *emphasis* and `code` become elements. Nothing else
// of Markdown is interpreted; in particular links stay text.
//
// Code spans are cut out first and emphasis is matched only between them, so
// that no two elements can overlap.
func Inline(s string) template.HTML {
	h := template.HTMLEscapeString(strings.Join(strings.Fields(s), " "))
	emph := func(t string) string {
		t = bold.ReplaceAllString(t, "<strong>$1</strong>")
		return italic.ReplaceAllString(t, "<em>$1</em>")
	}
	var b strings.Builder
	last := 0
	for _, m := range code.FindAllStringSubmatchIndex(h, -1) {
		b.WriteString(emph(h[last:m[0]]))
		b.WriteString("<code>" + h[m[2]:m[3]] + "</code>")
		last = m[1]
	}
	b.WriteString(emph(h[last:]))
	return template.HTML(b.String())
}

var blankLine = regexp.MustCompile(`\n\s*\n`)

// Paragraphs splits text into paragraphs at blank lines, dropping empty
// ones.
func Paragraphs(s string) []string {
	var out []string
	for _, p := range blankLine.Split(strings.TrimSpace(s), -1) {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// Paras renders text as HTML paragraphs, split at blank lines.
func Paras(s string) template.HTML {
	var b strings.Builder
	for _, p := range Paragraphs(s) {
		b.WriteString("<p>" + string(Inline(p)) + "</p>")
	}
	return template.HTML(b.String())
}

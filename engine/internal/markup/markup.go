// Package markup escapes scenario text, which is untrusted, at the HTML and
// Markdown boundaries of the documents ttx writes, keeping the little of
// Markdown that scenario text uses: **strong**, *emphasis* and `code`.
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

// entity matches what Markdown would read as an HTML entity.
var entity = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// MDBlock escapes text for Markdown, keeping its lines and its emphasis: raw
// HTML, entities and links are escaped so that they show as written. A `<`
// is escaped inside code spans too, since a backtick in the text could end a
// span early; and every `[` is, so that no link or link reference forms.
func MDBlock(s string) string {
	s = entity.ReplaceAllStringFunc(s, func(m string) string { return `\` + m })
	return strings.NewReplacer("<", `\<`, "[", `\[`, "](", `]\(`).Replace(s)
}

// MDInline is MDBlock on one line: the text goes in a list item or a
// sentence.
func MDInline(s string) string {
	return strings.Join(strings.Fields(MDBlock(s)), " ")
}

// MDCell is MDInline for a table cell: pipes are escaped, and an empty cell
// shows a dash.
func MDCell(s string) string {
	s = strings.ReplaceAll(MDInline(s), "|", `\|`)
	if s == "" {
		return "—"
	}
	return s
}

// Package mdtext escapes text for Markdown documents, so that text from a
// scenario, a register, the results store or an import shows as written in
// any GitHub-flavoured renderer and never becomes HTML, a link or an image,
// a code span that swallows an escape, or a block that swallows the rest of
// the document.
//
// Escaping by backslash only works outside code spans, so every backtick is
// escaped and no code span can start; every backslash is escaped first, so
// that the escapes added cannot be cancelled by one in the text.
package mdtext

import (
	"regexp"
	"strings"

	"github.com/ttx-dev/ttx/engine"
)

// entity matches what Markdown would read as an HTML entity.
var entity = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// markup escapes what starts HTML, a code span, a link or an image; text
// escapes emphasis and strikethrough too.
var (
	markup = strings.NewReplacer(`\`, `\\`, "`", "\\`", "<", `\<`, "[", `\[`, "]", `\]`)
	text   = strings.NewReplacer(`\`, `\\`, "`", "\\`", "<", `\<`, "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`, "~", `\~`)
)

// blockStart matches the start of a line that would open a heading or a
// fenced code block: a fence never closed would take the rest of the
// document.
var blockStart = regexp.MustCompile(`^( {0,3})(#|~~~)`)

func escape(r *strings.Replacer, s string) string {
	s = r.Replace(engine.Sanitize(s))
	return entity.ReplaceAllStringFunc(s, func(m string) string { return `\` + m })
}

// Inline escapes Markdown text written by an author (a scenario's texts)
// for one line: its emphasis is kept, its lines are joined.
func Inline(s string) string {
	return strings.Join(strings.Fields(escape(markup, s)), " ")
}

// Block escapes Markdown text written by an author or typed in the hotwash
// for a paragraph of its own: its lines and emphasis are kept, but a line
// does not start a heading or a fenced code block.
func Block(s string) string {
	lines := strings.Split(escape(markup, s), "\n")
	for i, l := range lines {
		lines[i] = blockStart.ReplaceAllString(l, `$1\$2`)
	}
	return strings.Join(lines, "\n")
}

// Text escapes plain text (a team, a name, an action) for one line: every
// character shows as itself, emphasis marks included.
func Text(s string) string {
	return strings.Join(strings.Fields(escape(text, s)), " ")
}

// identifier matches what can go in a code span as it is.
var identifier = regexp.MustCompile(`^[A-Za-z0-9._+-]+$`)

// Code quotes an identifier (letters, digits and ._+-) as a code span, and
// escapes anything else as Text.
func Code(s string) string {
	if identifier.MatchString(s) {
		return "`" + s + "`"
	}
	return Text(s)
}

// Cell makes Inline or Text output safe inside a table cell: its pipes are
// escaped.
func Cell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}

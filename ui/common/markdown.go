package common

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// Markdown renders scenario text with glamour for one terminal, once per
// text and width: a redraw reuses the result, so View stays cheap.
type Markdown struct {
	style     string
	r         *lipgloss.Renderer
	renderers map[int]*glamour.TermRenderer
	cache     map[mdKey]string
	shared    *MarkdownCache // see Share; nil for none
}

type mdKey struct {
	text  string
	width int
}

// NewMarkdown returns a Markdown renderer for the terminal r renders to:
// its colour profile and its background.
func NewMarkdown(r *lipgloss.Renderer) *Markdown {
	style := styles.LightStyle
	if r.HasDarkBackground() {
		style = styles.DarkStyle
	}
	return &Markdown{style: style, r: r, renderers: map[int]*glamour.TermRenderer{}, cache: map[mdKey]string{}}
}

// Render returns text rendered for width columns. Text that glamour cannot
// render is shown as it is, wrapped. The text must be sanitised already.
func (m *Markdown) Render(text string, width int) string {
	width = max(width, 10)
	k := mdKey{text, width}
	if out, ok := m.cache[k]; ok {
		return out
	}
	sk := sharedKey{m.style, m.r.ColorProfile(), text, width}
	if m.shared != nil {
		if out, ok := m.shared.get(sk); ok {
			m.cache[k] = out
			return out
		}
	}
	r, ok := m.renderers[width]
	if !ok {
		var err error
		r, err = glamour.NewTermRenderer(glamour.WithStandardStyle(m.style), glamour.WithWordWrap(width),
			glamour.WithEmoji(), glamour.WithColorProfile(m.r.ColorProfile()))
		if err != nil {
			return text
		}
		m.renderers[width] = r
	}
	out, err := r.Render(guard(text, width))
	if err != nil {
		out = text
	}
	out = strings.Trim(unguard(out), "\n")
	if m.r.ColorProfile() == termenv.Ascii {
		// Glamour sets bold and italic on any terminal; the rest of the
		// screen shows none where colours are off (NO_COLOR, TERM=dumb).
		out = ansi.Strip(out)
	}
	if len(m.cache) > 256 {
		clear(m.cache)
	}
	m.cache[k] = out
	if m.shared != nil {
		m.shared.put(sk, out)
	}
	return out
}

// Glamour wraps at spaces and after hyphens, and may end a paragraph on a
// lone word. Before it renders, guard puts a non-breaking hyphen (U+2011)
// in each hyphen between two letters or digits, and glues the last two
// words of each paragraph with a character that is no space (U+E000) when
// they fit on half of the line; unguard puts the hyphen and the space
// back in what glamour wrote.
const (
	nbHyphen = '\u2011'
	glue     = '\ue000'
)

var unguards = strings.NewReplacer(string(nbHyphen), "-", string(glue), " ")

func unguard(s string) string { return unguards.Replace(s) }

func guard(text string, width int) string {
	lines := strings.Split(text, "\n")
	fenced := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced || strings.HasPrefix(l, "    ") || strings.HasPrefix(t, "|") {
			continue
		}
		r := []rune(l)
		for k := 1; k+1 < len(r); k++ {
			if r[k] == '-' && wordRune(r[k-1]) && wordRune(r[k+1]) {
				r[k] = nbHyphen
			}
		}
		if endsParagraph(lines, i) {
			if k := lastSpace(r); k > 0 && wordRune(r[k-1]) && runewidth(r[k+1:])+runewidth(r[lastSpace(r[:k])+1:k])+1 <= width/2 {
				r[k] = glue
			}
		}
		lines[i] = string(r)
	}
	return strings.Join(lines, "\n")
}

// endsParagraph reports whether line i of a Markdown text ends a block:
// the next line is blank, a heading, a list item or a quote, or there is
// none.
func endsParagraph(lines []string, i int) bool {
	if strings.TrimSpace(lines[i]) == "" {
		return false
	}
	if i+1 == len(lines) {
		return true
	}
	next := strings.TrimSpace(lines[i+1])
	if next == "" || strings.HasPrefix(next, "#") || strings.HasPrefix(next, ">") {
		return true
	}
	for _, p := range []string{"- ", "* ", "+ "} {
		if strings.HasPrefix(next, p) {
			return true
		}
	}
	k := strings.IndexFunc(next, func(r rune) bool { return r < '0' || r > '9' })
	return k > 0 && strings.HasPrefix(next[k:], ". ")
}

// lastSpace is the index of the last space in r that has a word after it,
// or -1.
func lastSpace(r []rune) int {
	end := len(r)
	for end > 0 && r[end-1] == ' ' {
		end--
	}
	for k := end - 1; k > 0; k-- {
		if r[k] == ' ' {
			return k
		}
	}
	return -1
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func runewidth(r []rune) int { return ansi.StringWidth(string(r)) }

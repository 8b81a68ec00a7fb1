package common

import (
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/lipgloss"
)

// Markdown renders scenario text with glamour for one terminal, once per
// text and width: a redraw reuses the result, so View stays cheap.
type Markdown struct {
	style     string
	r         *lipgloss.Renderer
	renderers map[int]*glamour.TermRenderer
	cache     map[mdKey]string
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
	out, err := r.Render(text)
	if err != nil {
		out = text
	}
	out = strings.Trim(out, "\n")
	if len(m.cache) > 256 {
		clear(m.cache)
	}
	m.cache[k] = out
	return out
}

package ui

import (
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
)

// markdown renders scenario text with glamour, once per text and width: a
// redraw reuses the result, so View stays cheap.
type markdown struct {
	style     string
	noColor   bool
	renderers map[int]*glamour.TermRenderer
	cache     map[mdKey]string
}

type mdKey struct {
	text  string
	width int
}

func newMarkdown(dark, noColor bool) *markdown {
	style := styles.LightStyle
	if dark {
		style = styles.DarkStyle
	}
	return &markdown{style: style, noColor: noColor, renderers: map[int]*glamour.TermRenderer{}, cache: map[mdKey]string{}}
}

// render returns text rendered for width columns. Text that glamour cannot
// render is shown as it is, wrapped.
func (m *markdown) render(text string, width int) string {
	width = max(width, 10)
	k := mdKey{text, width}
	if out, ok := m.cache[k]; ok {
		return out
	}
	r, ok := m.renderers[width]
	if !ok {
		var err error
		opts := []glamour.TermRendererOption{glamour.WithStandardStyle(m.style), glamour.WithWordWrap(width), glamour.WithEmoji()}
		if m.noColor {
			opts = append(opts, glamour.WithColorProfile(termenv.Ascii))
		}
		r, err = glamour.NewTermRenderer(opts...)
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

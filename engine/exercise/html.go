package exercise

import (
	"bytes"
	_ "embed"
	"html/template"

	"github.com/ttx-dev/ttx/engine/internal/markup"
)

// The HTML is written to be XHTML-compatible as well (every element closed,
// void elements self-closed, no named entities), so that the tests can check
// it with a strict XML parser.

//go:embed page.tmpl
var pageTemplate string

var pageTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"inline": markup.Inline,
	"paras":  markup.Paras,
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out
	},
}).Parse(pageTemplate))

// pageView is what the page template reads.
type pageView struct {
	Title, Kicker, Footer string
	Head, Body            []block
}

// renderHTML writes a document as one self-contained HTML page: its first
// heading goes in the page's header.
func renderHTML(d document, kicker, footer string) ([]byte, error) {
	v := pageView{Title: d.title, Kicker: kicker, Footer: footer, Body: d.blocks}
	for i, b := range d.blocks {
		if b.Heading != nil && b.Heading.Level == 1 {
			// The title, and the introduction right after it, make the header.
			end := i + 1
			for end < len(d.blocks) && d.blocks[end].Para != nil {
				end++
			}
			v.Head, v.Body = d.blocks[:end], d.blocks[end:]
			break
		}
	}
	var b bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&b, "page", v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

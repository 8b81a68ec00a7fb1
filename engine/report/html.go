package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/internal/markup"
)

// The HTML is written to be XHTML-compatible as well (every element closed,
// void elements self-closed, no named entities), so that the tests can check
// it with a strict XML parser.

//go:embed html.tmpl
var htmlTemplates string

// inline and paras render scenario Markdown as HTML (see markup.Inline).
var (
	inline = markup.Inline
	paras  = markup.Paras
)

var funcs = template.FuncMap{
	"inline":     inline,
	"paras":      paras,
	"pct":        percent,
	"hours":      hours,
	"hoursLong":  hoursLong,
	"signed":     signed,
	"clock":      clockResult,
	"status":     statusText,
	"short":      short,
	"ratingText": func() string { return legendRatings },
	"pctText":    func() string { return legendPercent },
	"color":      func(code string) string { return ratingColor[code] },
	"add1":       func(i int) int { return i + 1 },
	"join":       strings.Join,
	"clockTime":  clockTime,
	"costs":      costsHTML,
}

// costsHTML says what a best move costs elsewhere, the principles' titles
// escaped as text; "" when nothing.
func costsHTML(cs []engine.Cost) template.HTML {
	return template.HTML(engine.CostPhrase(cs, template.HTMLEscapeString))
}

var templates = template.Must(template.New("").Funcs(funcs).Parse(htmlTemplates))

// htmlView is what the report template reads.
type htmlView struct {
	*Report
	When, RealTime, Outcome, HoursLong string
	Scored                             []Principle
	Unscored                           string
	Chart                              chart
}

// HTML writes the after-action report as one self-contained HTML file:
// inline CSS and SVG, no scripts, fonts or images from elsewhere, laid out
// to print on A4.
func HTML(w io.Writer, in Input) error {
	r, err := Build(in)
	if err != nil {
		return err
	}
	v := htmlView{Report: r, When: r.when(), RealTime: r.realTime(), Outcome: r.outcome(), HoursLong: hoursLong(r.Hours),
		Scored: r.scored(), Unscored: strings.Join(r.unscored(), "; "), Chart: scoreChart(r)}
	return execute(w, "report", v)
}

// CompareHTML writes a comparison of several runs of one scenario as one
// self-contained HTML file.
func CompareHTML(w io.Writer, runs []Input) error {
	c, _, err := compare(runs)
	if err != nil {
		return err
	}
	return execute(w, "compare", c)
}

// execute renders into a buffer first, so that a failing template writes
// nothing.
func execute(w io.Writer, name string, data any) error {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

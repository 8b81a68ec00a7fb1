package risk

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// The HTML report is one self-contained file: inline CSS, inline SVG, no
// script and no reference to anything outside it. It is written to be
// XHTML-compatible as well (every element closed, void elements
// self-closed, only numeric character references), so that the tests can
// check it with a strict XML parser, and it prints on A4.

// bandColors are the fills of the bands in the heat map, by name; a band of
// another name gets the colour of its rank.
var bandColors = map[string][2]string{ // fill, text
	"low":      {"#8bc98e", "#123d14"},
	"medium":   {"#f4d35e", "#4a3b00"},
	"high":     {"#f39c4a", "#4a2300"},
	"critical": {"#d64541", "#ffffff"},
}

var rankColors = [][2]string{{"#8bc98e", "#123d14"}, {"#f4d35e", "#4a3b00"}, {"#f39c4a", "#4a2300"}, {"#d64541", "#ffffff"}}

func bandColor(bands []engine.Band, name string) [2]string {
	if c, ok := bandColors[name]; ok {
		return c
	}
	for i, b := range bands {
		if b.Name == name {
			return rankColors[min(i, len(rankColors)-1)]
		}
	}
	return [2]string{"#cccccc", "#000000"}
}

const htmlCSS = `@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef0f3; color: #1c2430; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 860px; margin: 24px auto; padding: 40px 52px 32px; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
h1 { font-size: 28px; line-height: 1.2; margin: 2px 0 10px; }
h2 { font-size: 19px; margin: 30px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #1d3557; color: #1d3557; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 16px; margin: 0 0 4px; }
p { margin: 6px 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
.kicker { margin: 0; font-size: 12px; letter-spacing: .1em; text-transform: uppercase; color: #5b6675; }
.muted { color: #5b6675; }
.small { font-size: 13px; }
header.doc { padding-bottom: 14px; border-bottom: 1px solid #d7dbe1; }
.verdict { margin: 16px 0; padding: 10px 14px; border-left: 6px solid #1d3557; background: #f4f6f9; border-radius: 4px; font-weight: 600; }
.verdict.bad { border-left-color: #d64541; background: #fdf0ef; }
.verdict.good { border-left-color: #2e7d32; background: #eef7ee; }
.glance { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start; }
.glance table { width: auto; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
th, td { padding: 5px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid #e1e4e8; }
thead th { background: #f0f2f5; border-bottom: 1px solid #c9ced6; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 1px solid #c9ced6; }
.band { display: inline-block; padding: 0 7px; border-radius: 4px; font-weight: 700; font-size: 13px; line-height: 20px; white-space: nowrap; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0; font-size: 14px; }
.facts dt { font-weight: 600; color: #3a4452; }
.facts dd { margin: 0; }
.chart { width: 100%; height: auto; margin: 6px 0 10px; }
.chart text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
section.risk { margin: 14px 0; padding: 12px 16px; border: 1px solid #d7dbe1; border-left: 6px solid #5b6675; border-radius: 6px; break-inside: avoid; page-break-inside: avoid; }
ul.flags { margin: 6px 0 0; padding-left: 20px; color: #9c2b27; font-size: 14px; }
ul.actions { margin: 4px 0; padding-left: 20px; font-size: 14px; }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h2 { margin: 18px 0 8px; }
  table { font-size: 9pt; }
  section.risk { margin: 8px 0; padding: 8px 12px; }
  .chart { max-height: 120mm; }
}
`

// esc escapes text for HTML and XML alike.
func esc(s string) string { return html.EscapeString(clean(s)) }

// HTML writes the assessment, and the simulation when sim is not nil, as
// one self-contained HTML page: the summary, the heat map as an SVG coloured
// by band, each risk's readiness, and the expected losses with the loss
// exceedance curve as an SVG chart. It has no script and loads nothing, and
// it prints on A4.
func HTML(w io.Writer, a *Assessment, sim *Simulation) error {
	b := bufio.NewWriter(w)
	title := a.Title
	if title == "" {
		title = "Risk register"
	}
	fmt.Fprintf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>%s: readiness</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", esc(oneLine(title)), htmlCSS)
	fmt.Fprintf(b, "<header class=\"doc\"><p class=\"kicker\">Risk register readiness</p><h1>%s</h1><p class=\"muted\">Assessed %s</p></header>\n", esc(oneLine(title)), a.Now.Format(time.DateOnly))
	s := a.Summary
	class := ""
	switch {
	case strings.HasPrefix(s.Verdict, "Ready"):
		class = " good"
	case strings.HasPrefix(s.Verdict, "Not ready"), strings.HasPrefix(s.Verdict, "Untested"):
		class = " bad"
	}
	fmt.Fprintf(b, "<p class=\"verdict%s\">%s</p>\n", class, esc(s.Verdict))

	b.WriteString("<div class=\"glance\">\n<table>\n<thead><tr><th>Band</th><th>Severity</th><th class=\"num\">Risks</th><th class=\"num\">After treatment</th></tr></thead>\n<tbody>\n")
	for i := len(s.ByBand) - 1; i >= 0; i-- {
		bc := s.ByBand[i]
		fmt.Fprintf(b, "<tr><td>%s</td><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>\n", bandBadge(a.Bands, bc.Band), bandRange(a.Bands, i), bc.Risks, bc.Residual)
	}
	b.WriteString("</tbody>\n</table>\n<dl class=\"facts\">\n")
	fmt.Fprintf(b, "<dt>Risks</dt><dd>%d</dd>\n<dt>With a plan</dt><dd>%d</dd>\n<dt>Drilled</dt><dd>%d</dd>\n<dt>Flagged</dt><dd>%d</dd>\n", s.Risks, s.Planned, s.Drilled, s.Flagged)
	for _, fc := range s.ByFlag {
		if fc.Risks > 0 {
			fmt.Fprintf(b, "<dt>%s</dt><dd>%d</dd>\n", esc(upperFirst(fc.Flag.Title())), fc.Risks)
		}
	}
	b.WriteString("</dl>\n</div>\n")

	b.WriteString("<h2>Heat map</h2>\n<p class=\"small muted\">Rows are likelihood, columns impact. Each cell gives the number of risks rated there and, in parentheses, the number there after treatment; its colour is the band.</p>\n")
	heatMapSVG(b, a)

	b.WriteString("<h2>Readiness by risk</h2>\n<table>\n<thead><tr><th>Risk</th><th>Band</th><th>Owner</th><th>Plan</th><th>Drills</th><th class=\"num\">Flags</th></tr></thead>\n<tbody>\n")
	for _, r := range a.Risks {
		plan := "none"
		if r.HasPlan {
			plan = fmt.Sprintf("%d of %d principles", len(r.Covered), len(r.Covered)+len(r.Missing))
		}
		drills := "never"
		if r.Drills > 0 {
			drills = fmt.Sprintf("%d, last %s", r.Drills, r.LastDrill.Format(time.DateOnly))
		} else if len(r.Scenarios) == 0 {
			drills = "no scenario"
		}
		fmt.Fprintf(b, "<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%d</td></tr>\n",
			esc(r.ID), bandBadge(a.Bands, r.Band), esc(oneLine(orNone(r.Owner))), plan, drills, len(r.Flags))
	}
	b.WriteString("</tbody>\n</table>\n")
	for _, r := range a.Risks {
		col := bandColor(a.Bands, r.Band)
		fmt.Fprintf(b, "<section class=\"risk\" style=\"border-left-color: %s\">\n<h3><code>%s</code> %s</h3>\n<p>%s</p>\n<dl class=\"facts\">\n", col[0], esc(r.ID), bandBadge(a.Bands, r.Band), esc(oneLine(r.Title)))
		fmt.Fprintf(b, "<dt>Rating</dt><dd>%s</dd>\n<dt>Owner</dt><dd>%s; treatment %s</dd>\n<dt>Plan</dt><dd>%s</dd>\n<dt>Drills</dt><dd>%s</dd>\n",
			esc(rating(&r)), esc(oneLine(orNone(r.Owner))), esc(string(r.Treatment)), esc(planLine(&r)), esc(drillLine(&r)))
		if !r.Review.IsZero() {
			fmt.Fprintf(b, "<dt>Review</dt><dd>%s</dd>\n", r.Review.Format(time.DateOnly))
		}
		b.WriteString("</dl>\n")
		if len(r.OpenActions) > 0 {
			b.WriteString("<p class=\"small\"><strong>Open actions</strong></p>\n<ul class=\"actions\">\n")
			for _, act := range r.OpenActions {
				fmt.Fprintf(b, "<li>%s</li>\n", esc(actionLine(act)))
			}
			b.WriteString("</ul>\n")
		}
		if len(r.Notes) > 0 {
			b.WriteString("<ul class=\"flags\">\n")
			for _, n := range r.Notes {
				fmt.Fprintf(b, "<li>%s</li>\n", esc(n))
			}
			b.WriteString("</ul>\n")
		}
		b.WriteString("</section>\n")
	}
	if sim != nil {
		simulationHTML(b, sim)
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Flush()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// bandBadge is a band's name on its colour.
func bandBadge(bands []engine.Band, name string) string {
	c := bandColor(bands, name)
	return fmt.Sprintf("<span class=\"band\" style=\"background: %s; color: %s\">%s</span>", c[0], c[1], esc(name))
}

// heatMapSVG draws the 5x5 map: likelihood 5 at the top, impact 1 at the
// left, each cell in its band's colour with its counts.
func heatMapSVG(b *bufio.Writer, a *Assessment) {
	const left, top, cw, ch = 132, 10, 100, 58
	width, height := left+5*cw+10, top+5*ch+56
	fmt.Fprintf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Heat map of the risks by likelihood and impact\">\n", width, height, width, height)
	for l := 5; l >= 1; l-- {
		y := top + (5-l)*ch
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\">%s</text>\n", left-8, y+ch/2+5, esc(scaleName(l, engine.LikelihoodLabels)))
		for i := 1; i <= 5; i++ {
			x := left + (i-1)*cw
			band := bandOf(a.Bands, l*i)
			col := bandColor(a.Bands, band.Name)
			n, res := a.HeatMap.Inherent[l-1][i-1], a.HeatMap.Residual[l-1][i-1]
			fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"2\"><title>%s; likelihood %d × impact %d = %d: %d risks, %d after treatment</title></rect>\n",
				x, y, cw, ch, col[0], esc(band.Name), l, i, l*i, n, res)
			if n > 0 {
				fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"22\" font-weight=\"700\" fill=\"%s\">%d</text>\n", x+cw/2, y+ch/2+4, col[1], n)
			}
			if res > 0 {
				fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" fill=\"%s\">(%d)</text>\n", x+cw/2, y+ch-7, col[1], res)
			}
			fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\" fill=\"%s\">%d</text>\n", x+cw-5, y+13, col[1], l*i)
		}
	}
	for i := 1; i <= 5; i++ {
		x := left + (i-1)*cw + cw/2
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">%d</text>\n", x, top+5*ch+18, i)
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>\n", x, top+5*ch+34, esc(engine.ImpactLabels[i-1]))
	}
	fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" fill=\"#5b6675\">impact</text>\n", left+5*cw/2, top+5*ch+52)
	fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#5b6675\">likelihood</text>\n", 4, top+5*ch+18)
	b.WriteString("</svg>\n")
}

func simulationHTML(b *bufio.Writer, sim *Simulation) {
	fmt.Fprintf(b, "<h2>Expected annual loss</h2>\n<p class=\"small muted\">%d simulated years, seed %d. Each risk with a loss estimate occurs a Poisson number of times a year, each time with a lognormal loss fitted to its 90%% range.</p>\n", sim.Years, sim.Seed)
	if len(sim.Risks) == 0 {
		b.WriteString("<p>No risk gives annual_probability, loss_low and loss_high, so there is nothing to simulate.</p>\n")
		return
	}
	b.WriteString("<table>\n<thead><tr><th>Risk</th><th class=\"num\">Chance a year</th><th class=\"num\">One occurrence (90%)</th><th class=\"num\">Expected a year</th></tr></thead>\n<tbody>\n")
	for _, r := range byExpected(sim) {
		fmt.Fprintf(b, "<tr><td><code>%s</code></td><td class=\"num\">%s</td><td class=\"num\">%s to %s</td><td class=\"num\">%s</td></tr>\n",
			esc(r.ID), esc(pct(r.Probability)), esc(money(r.Low, sim.Currency)), esc(money(r.High, sim.Currency)), esc(money(r.Expected, sim.Currency)))
	}
	fmt.Fprintf(b, "<tr class=\"total\"><td>Total</td><td></td><td></td><td class=\"num\">%s</td></tr>\n</tbody>\n</table>\n", esc(money(sim.Expected, sim.Currency)))
	fmt.Fprintf(b, "<p>A loss in %s of years; %s</p>\n", esc(pct(sim.AnyLoss)), esc(percentileSentence(sim)))
	if len(sim.Curve) == 0 {
		return
	}
	b.WriteString("<h2>Loss exceedance</h2>\n<p class=\"small muted\">The chance that a year's total loss exceeds each amount (logarithmic scale).</p>\n")
	curveSVG(b, sim)
}

// curveSVG draws the loss exceedance curve: amounts on a log scale, the
// chance of exceeding them from 0 to 100%.
func curveSVG(b *bufio.Writer, sim *Simulation) {
	const left, right, top, bottom = 56, 40, 12, 40
	const width, height = 640, 300
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	lo, hi := sim.Curve[0].Loss, sim.Curve[len(sim.Curve)-1].Loss
	lx, hx := math.Log10(lo), math.Log10(hi)
	if hx <= lx {
		hx = lx + 1
	}
	xOf := func(v float64) float64 { return float64(left) + pw*(math.Log10(v)-lx)/(hx-lx) }
	yOf := func(p float64) float64 { return float64(top) + ph*(1-p) }
	fmt.Fprintf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Loss exceedance curve\">\n", width, height, width, height)
	for _, p := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := yOf(p)
		fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e1e4e8\"/>\n", left, y, width-right, y)
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>\n", left-6, y+4, esc(pct(p)))
	}
	for e := math.Ceil(lx); e <= math.Floor(hx); e++ {
		v := math.Pow(10, e)
		x := xOf(v)
		fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e1e4e8\"/>\n", x, top, x, height-bottom)
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>\n", x, height-bottom+16, esc(money(v, sim.Currency)))
	}
	fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#5b6675\"/>\n", left, height-bottom, width-right, height-bottom)
	fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" fill=\"#5b6675\">a year's total loss</text>\n", left+int(pw)/2, height-6)
	pts := make([]string, len(sim.Curve))
	for i, p := range sim.Curve {
		pts[i] = fmt.Sprintf("%.1f,%.1f", xOf(p.Loss), yOf(p.Probability))
	}
	fmt.Fprintf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"#1d3557\" stroke-width=\"2.5\"/>\n", strings.Join(pts, " "))
	for _, p := range sim.Curve {
		fmt.Fprintf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1d3557\"><title>%s of years exceed %s</title></circle>\n", xOf(p.Loss), yOf(p.Probability), esc(pct(p.Probability)), esc(money(p.Loss, sim.Currency)))
	}
	b.WriteString("</svg>\n")
}

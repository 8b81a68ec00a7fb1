package report

import (
	"fmt"
	"strings"
)

// The SVG charts are laid out here and drawn by the templates: every number
// a template needs is a string, so that the output is stable.

// chart is a horizontal bar chart: one group per principle, one bar per run.
type chart struct {
	Title         string
	Width, Height string
	Ticks         []tick
	Groups        []group
	Legend        []legendItem
}

type tick struct {
	X, Y1, Y2, LabelY, Label string
}

type group struct {
	Label, LabelY string
	Bold          bool
	Bars          []bar
}

type bar struct {
	Tag, TagY            string // run label left of the bar, in comparisons
	X, Y, W, H, TrackW   string
	Color                string
	Value, ValueX, TextY string
	Title                string // tooltip
	y                    float64
}

type legendItem struct {
	Color, Label, X, Y, TextX, TextY string
}

func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// ratingColor is the colour of a rating, in charts and badges.
var ratingColor = map[string]string{"P": "#2e7d32", "S": "#a07800", "M": "#d35400", "U": "#c0392b"}

// runColor is the colour of the i-th run in a comparison.
func runColor(i int) string {
	c := []string{"#1f5fa8", "#8e44ad", "#138d75", "#a04000", "#5d6d7e", "#b03a6e"}
	return c[i%len(c)]
}

const (
	chartW   = 720.0
	valueW   = 120.0 // room right of the bars for "100% P"
	tickTop  = 18.0  // room above the first group for the band labels
	labelH   = 17.0  // a group's label line
	barH     = 14.0
	barGap   = 5.0
	groupGap = 12.0
)

// bandTicks are the dashed marks at the rating thresholds: a label on top,
// at labelY, and a mark across each bar, so that no line crosses a label.
func bandTicks(x0, w, labelY float64, groups []group) []tick {
	var out []tick
	for _, b := range ratingBands {
		x := num(x0 + w*b.Min/100)
		out = append(out, tick{X: x, Y1: num(labelY + 3), Y2: num(labelY + 6), LabelY: num(labelY), Label: fmt.Sprintf("%s from %g%%", b.Code, b.Min)})
		for _, g := range groups {
			for _, br := range g.Bars {
				out = append(out, tick{X: x, Y1: num(br.y - 2), Y2: num(br.y + barH + 2)})
			}
		}
	}
	return out
}

// scoreChart is a report's chart: a bar per principle and one for the
// overall score, coloured by rating.
func scoreChart(r *Report) chart {
	c := chart{Title: "Score per principle, as a percentage of the range reachable in this scenario"}
	x0, w := 0.0, chartW-valueW
	y := tickTop
	add := func(label, title string, pct float64, code string, bold bool) {
		g := group{Label: label, LabelY: num(y + 12), Bold: bold}
		by := y + labelH
		g.Bars = append(g.Bars, bar{
			y: by, X: num(x0), Y: num(by), W: num(max(w*pct/100, 0)), H: num(barH), TrackW: num(w),
			Color: ratingColor[code], Value: percent(pct) + " " + code, ValueX: num(x0 + w + 8), TextY: num(by + barH - 3),
			Title: fmt.Sprintf("%s: %s, rated %s", title, percent(pct), code),
		})
		c.Groups = append(c.Groups, g)
		y = by + barH + groupGap
	}
	for _, p := range r.scored() {
		add(p.Title, p.Title, p.Percent, p.Rating.Code, false)
	}
	add("Overall", "Overall", r.TotalPercent, r.TotalRating.Code, true)
	c.Ticks = bandTicks(x0, w, tickTop-6, c.Groups)
	c.Width, c.Height = num(chartW), num(y)
	return c
}

// compareChart groups the runs' bars per principle, a colour per run.
func compareChart(rs []*Report, rows []compareRow) chart {
	c := chart{Title: "Score per principle and run, as a percentage of the range reachable in the scenario"}
	tagW := 80.0
	x0, w := tagW, chartW-valueW-tagW
	// the legend: one swatch per run
	y := 4.0
	lx := 0.0
	for i, r := range rs {
		label := r.label(i)
		if r.Team != "" {
			label += ", " + r.Team
		}
		label = clip(label, 34)
		c.Legend = append(c.Legend, legendItem{Color: runColor(i), Label: label, X: num(lx), Y: num(y), TextX: num(lx + 16), TextY: num(y + 10)})
		lx += 16 + float64(len([]rune(label)))*6.6 + 18
		if lx > chartW-200 && i < len(rs)-1 {
			lx, y = 0, y+18
		}
	}
	top := y + 18 + tickTop
	y = top
	for _, row := range rows {
		g := group{Label: row.Title, LabelY: num(y + 12), Bold: row.Overall}
		by := y + labelH
		for i, cell := range row.Cells {
			b := bar{Tag: clip(rs[i].label(i), 12), TagY: num(by + barH - 3), y: by, X: num(x0), Y: num(by), H: num(barH), TrackW: num(w),
				Color: runColor(i), ValueX: num(x0 + w + 8), TextY: num(by + barH - 3), W: "0"}
			if cell.OK {
				b.W = num(max(w*cell.Percent/100, 0))
				b.Value = percent(cell.Percent) + " " + cell.Rating.Code
				b.Title = fmt.Sprintf("%s, %s: %s, rated %s", row.Title, rs[i].label(i), percent(cell.Percent), cell.Rating.Code)
			} else {
				b.Value = "not scored"
				b.Title = fmt.Sprintf("%s, %s: not scored", row.Title, rs[i].label(i))
			}
			g.Bars = append(g.Bars, b)
			by += barH + barGap
		}
		c.Groups = append(c.Groups, g)
		y = by - barGap + groupGap
	}
	c.Ticks = bandTicks(x0, w, top-6, c.Groups)
	c.Width, c.Height = num(chartW), num(y)
	return c
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xgolden "github.com/charmbracelet/x/exp/golden"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc/doccheck"
	"github.com/ttx-dev/ttx/engine/report"
)

// -report.out writes the reports of the tests to a directory, to look at.
var outDir = flag.String("report.out", "", "write sample reports to this directory")

type namedInput struct {
	name string
	in   report.Input
}

// inputs are the reports every format is checked on.
func inputs(t *testing.T) []namedInput {
	sc := load(t, flagship)
	rs := load(t, rules)
	unfinished := play(t, sc, 7, mixedPath[:5])
	noDrill := dressed(play(t, sc, 1, mixedPath))
	noDrill.Drill = nil
	return []namedInput{
		{"flagship guidance path", play(t, sc, 1, playtestPath(t, "guidance path"))},
		{"flagship stonewall path", play(t, sc, 1, playtestPath(t, "stonewall path"))},
		{"flagship mixed path, dressed", dressed(play(t, sc, 1, mixedPath))},
		{"flagship replayed from the result", noDrill},
		{"flagship unfinished", unfinished},
		{"rules notify", play(t, rs, 1, []string{"notify", "a+b"})},
		{"rules hide, seed 2", dressed(play(t, rs, 2, []string{"hide", "b+c"}))},
		{"rules panic", play(t, rs, 3, []string{"panic"})},
		{"best-tie, a best move with a cost", play(t, load(t, bestTie), 1, []string{"hold", "check-first"})},
	}
}

func render(t *testing.T, f func(*bytes.Buffer, report.Input) error, in report.Input) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func htmlOf(b *bytes.Buffer, in report.Input) error { return report.HTML(b, in) }
func mdOf(b *bytes.Buffer, in report.Input) error   { return report.Markdown(b, in) }
func jsonOf(b *bytes.Buffer, in report.Input) error { return report.JSON(b, in) }

func TestHTML(t *testing.T) {
	for _, tc := range inputs(t) {
		t.Run(tc.name, func(t *testing.T) {
			doc := render(t, htmlOf, tc.in)
			if *outDir != "" {
				write(t, filepath.Join(*outDir, strings.ReplaceAll(tc.name, " ", "-")+".html"), doc)
			}
			root := checkHTML(t, doc)
			checkSelfContained(t, root, doc)
			if len(find(root, "svg", "")) == 0 {
				t.Error("no <svg> chart")
			}
			if !strings.Contains(string(doc), "@page { size: A4; margin: 15mm; }") {
				t.Error("no A4 page style")
			}
			res := tc.in.Result
			all := text(root)

			// each scored principle: a block with its percent and rating,
			// and a bar of the chart
			blocks := find(root, "section", "principle")
			var scored []engine.Score
			for _, s := range res.Scores {
				if s.Scored {
					scored = append(scored, s)
				}
			}
			if len(blocks) != len(scored) {
				t.Fatalf("%d principle blocks, want %d", len(blocks), len(scored))
			}
			svg := find(root, "svg", "")[0]
			// bar returns the text of the chart's group labelled label.
			bar := func(label string) string {
				for _, g := range find(svg, "g", "") {
					if ts := find(g, "text", ""); len(ts) > 0 && text(ts[0]) == label {
						return text(g)
					}
				}
				return ""
			}
			for i, s := range scored {
				rt := engine.RatingFor(s.Percent)
				pct := report.FormatPercent(s.Percent)
				got := text(blocks[i])
				for _, want := range []string{s.Title, pct, rt.Code, rt.Label, fmt.Sprint(s.Raw), fmt.Sprint(s.Best), fmt.Sprint(s.Worst)} {
					if !strings.Contains(got, want) {
						t.Errorf("principle %s: the block lacks %q:\n%s", s.Principle, want, got)
					}
				}
				if !hasClass(blocks[i], "pr-"+rt.Code) {
					t.Errorf("principle %s: the block is not styled as %s", s.Principle, rt.Code)
				}
				if got := bar(s.Title); !strings.Contains(got, pct+" "+rt.Code) {
					t.Errorf("principle %s: the chart reads %q, want %q", s.Principle, got, pct+" "+rt.Code)
				}
				for _, mv := range s.Moves {
					if !strings.Contains(got, mv.Why) || !strings.Contains(got, fmt.Sprintf("%+d", mv.Points)) {
						t.Errorf("principle %s: the block lacks the move %+d %q", s.Principle, mv.Points, mv.Why)
					}
				}
			}
			total := report.FormatPercent(res.TotalPercent)
			trt, _ := engine.OverallRating(res.TotalPercent, res.Scores)
			card := text(find(root, "div", "scorecard")[0])
			if !strings.Contains(card, total) || !strings.Contains(card, trt.Code) || !strings.Contains(card, trt.Label) || !strings.Contains(card, capReason(res)) {
				t.Errorf("the score card reads %q, want %s %s %s %s", card, total, trt.Code, trt.Label, capReason(res))
			}
			if !strings.Contains(bar("Overall"), total+" "+trt.Code) {
				t.Errorf("the chart lacks the overall score %s", total)
			}
			if team := tc.in.Team; !strings.Contains(all, team) {
				t.Errorf("the report lacks the team %q", team)
			}
			for _, p := range tc.in.Participants {
				if !strings.Contains(all, p.Name) || !strings.Contains(all, p.Role) {
					t.Errorf("the report lacks participant %s (%s)", p.Name, p.Role)
				}
			}

			// the timeline: a step per decision, at its T+h
			steps := find(find(root, "ol", "timeline")[0], "div", "t")
			if tc.in.Drill != nil && tc.in.Drill.Ending() != nil || tc.in.Drill == nil && res.Ending != "" {
				steps = steps[:len(steps)-1] // the ending
			}
			if len(steps) != len(res.Decisions) {
				t.Fatalf("%d steps in the timeline, want %d", len(steps), len(res.Decisions))
			}
			for i, dec := range res.Decisions {
				want := "T+" + engine.FormatValue(engine.Var{}, dec.Hours) + "h"
				if got := text(steps[i]); got != want {
					t.Errorf("decision %d at %q, want %q", i+1, got, want)
				}
				if dec.TimedOut && !strings.Contains(text(steps[i].Parent), "(time ran out)") {
					t.Errorf("decision %d timed out but does not say so", i+1)
				}
			}
			for _, a := range tc.in.Actions {
				if !strings.Contains(all, a.What) || !strings.Contains(all, a.Owner) {
					t.Errorf("the improvement plan lacks %q", a.What)
				}
			}
			if w := tc.in.Hotwash.WentWell; w != "" && !strings.Contains(all, strings.Fields(w)[0]) {
				t.Error("the hotwash is missing")
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	for _, tc := range inputs(t) {
		t.Run(tc.name, func(t *testing.T) {
			md := string(render(t, mdOf, tc.in))
			if *outDir != "" {
				write(t, filepath.Join(*outDir, strings.ReplaceAll(tc.name, " ", "-")+".md"), []byte(md))
			}
			tables := mdTables(t, md)
			res := tc.in.Result
			// the scores table: one row per scored principle, and the total
			var scores [][]string
			for _, tb := range tables {
				if tb[0][0] == "Principle" {
					scores = tb
				}
			}
			if scores == nil {
				t.Fatal("no table of scores")
			}
			row := 2
			for _, s := range res.Scores {
				if !s.Scored {
					continue
				}
				rt := engine.RatingFor(s.Percent)
				want := []string{s.Title, report.FormatPercent(s.Percent), rt.Code + ", " + rt.Label, fmt.Sprintf("%d (%d to %d)", s.Raw, s.Worst, s.Best)}
				if got := scores[row]; strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("scores row %v, want %v", got, want)
				}
				head := fmt.Sprintf(" %s: %s %s\n", s.Title, rt.Code, report.FormatPercent(s.Percent))
				if !strings.Contains(md, head) {
					t.Errorf("no section headed %q", head)
				}
				row++
			}
			total := report.FormatPercent(res.TotalPercent)
			trt, _ := engine.OverallRating(res.TotalPercent, res.Scores)
			if got := scores[row]; got[1] != "**"+total+"**" || !strings.Contains(got[2], trt.Code) {
				t.Errorf("total row %v, want %s %s", got, total, trt.Code)
			}
			if want := fmt.Sprintf("**Overall: %s, rated %s (%s).**", total, trt.Code, trt.Label); !strings.Contains(md, want) || !strings.Contains(md, capReason(res)) {
				t.Errorf("no %q", want)
			}
			if team := tc.in.Team; !strings.Contains(md, "**Team:** "+team) {
				t.Errorf("no team %q", team)
			}
			for i, dec := range res.Decisions {
				want := fmt.Sprintf("**%d. T+%sh · ", i+1, engine.FormatValue(engine.Var{}, dec.Hours))
				if !strings.Contains(md, want) {
					t.Errorf("no decision %q", want)
				}
			}
			if len(tc.in.Actions) > 0 {
				plan := tables[len(tables)-1]
				if plan[0][1] != "Action" || len(plan) != 2+len(tc.in.Actions) {
					t.Errorf("improvement plan table %v", plan)
				}
			}
		})
	}
}

func TestJSON(t *testing.T) {
	for _, tc := range inputs(t) {
		t.Run(tc.name, func(t *testing.T) {
			b := render(t, jsonOf, tc.in)
			doccheck.Validate(t, tc.name, b)
			var r report.Report
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			enc := json.NewEncoder(&again)
			enc.SetIndent("", "  ")
			if err := enc.Encode(&r); err != nil {
				t.Fatal(err)
			}
			if again.String() != string(b) {
				t.Errorf("the JSON does not round-trip:\n%s\nthen\n%s", b, again.String())
			}
			built, err := report.Build(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := json.MarshalIndent(built, "", "  "); strings.TrimSpace(string(want)) != strings.TrimSpace(string(b)) {
				t.Error("the JSON is not the report Build makes")
			}

			// numbers are numbers, under stable names
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			res := tc.in.Result
			if m["total_percent"] != res.TotalPercent {
				t.Errorf("total_percent = %#v, want %v", m["total_percent"], res.TotalPercent)
			}
			if m["hours"] != res.Hours {
				t.Errorf("hours = %#v", m["hours"])
			}
			ps := m["principles"].([]any)
			for i, s := range res.Scores {
				p := ps[i].(map[string]any)
				if p["id"] != s.Principle || p["percent"] != s.Percent || p["raw"] != float64(s.Raw) || p["best"] != float64(s.Best) || p["worst"] != float64(s.Worst) {
					t.Errorf("principle %d = %v, want %+v", i, p, s)
				}
				if s.Scored {
					if rt := p["rating"].(map[string]any); rt["code"] != engine.RatingFor(s.Percent).Code {
						t.Errorf("principle %s rated %v", s.Principle, rt)
					}
				}
			}
			tl := m["timeline"].([]any)
			if len(tl) != len(res.Decisions) {
				t.Fatalf("%d steps, want %d", len(tl), len(res.Decisions))
			}
			for i, dec := range res.Decisions {
				st := tl[i].(map[string]any)
				if st["hours"] != dec.Hours || st["step"] != float64(i+1) || st["scene"] != dec.Scene || st["timed_out"] != dec.TimedOut {
					t.Errorf("step %d = %v, want %+v", i+1, st, dec)
				}
			}
			for _, k := range []string{"scenario", "run_id", "team", "participants", "seed", "finished", "total_rating", "clocks", "hotwash", "actions"} {
				if _, ok := m[k]; !ok {
					t.Errorf("no field %q", k)
				}
			}
		})
	}
}

// TestReplayedFromResult: without a drill, the report is the same as with.
func TestReplayedFromResult(t *testing.T) {
	sc := load(t, flagship)
	in := dressed(play(t, sc, 1, mixedPath))
	with := render(t, htmlOf, in)
	in.Drill = nil
	if without := render(t, htmlOf, in); !bytes.Equal(with, without) {
		t.Error("the report replayed from the result differs")
	}
}

func TestBuildErrors(t *testing.T) {
	sc := load(t, flagship)
	rs := load(t, rules)
	good := play(t, sc, 1, mixedPath)
	other := play(t, rs, 1, []string{"notify"})
	changed := loadSrc(t, "changed.toml", bytes.Replace(mustRead(t, flagship), []byte(`version = "2.1"`), []byte(`version = "2.2"`), 1))
	tests := []struct {
		name string
		edit func(in *report.Input)
		want string
	}{
		{"no scenario", func(in *report.Input) { in.Scenario, in.Drill = nil, nil }, "no scenario"},
		{"no result", func(in *report.Input) { in.Result = nil }, "no result"},
		{"result of another scenario", func(in *report.Input) { in.Result = other.Result }, "is of scenario"},
		{"drill of another scenario", func(in *report.Input) { in.Drill = other.Drill }, "another scenario"},
		{"scenario changed since", func(in *report.Input) { in.Scenario, in.Drill = changed, nil }, "has changed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			tc.edit(&in)
			for _, f := range []func(*bytes.Buffer, report.Input) error{htmlOf, mdOf, jsonOf} {
				var b bytes.Buffer
				err := f(&b, in)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %v, want one with %q", err, tc.want)
				}
				if b.Len() != 0 {
					t.Error("output written despite the error")
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{100, "100%"}, {0, "0%"}, {66.67, "67%"}, {57.9, "58%"},
		{84.6, "84.6%"}, {84.96, "84.9%"}, {64.5, "64.5%"}, {39.5, "39.5%"}, // rounding would raise the rating
		{85, "85%"}, {85.4, "85%"}, {40, "40%"},
	}
	for _, tc := range tests {
		if got := report.FormatPercent(tc.in); got != tc.want {
			t.Errorf("FormatPercent(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"banks see **new** fraud", "banks see <strong>new</strong> fraud"},
		{"*Card skimming* was rated", "<em>Card skimming</em> was rated"},
		{"run `ttx test`", "run <code>ttx test</code>"},
		{"a <b>&amp; \"q\"", "a &lt;b&gt;&amp;amp; &#34;q&#34;"},
		{"**a *b** c*", "**a <em>b</em>* c*"}, // no crossed elements
		{"*a **b** c*", "<em>a <strong>b</strong> c</em>"},
		{"`a*b` x*", "<code>a*b</code> x*"},
		{"`x` *y* `z*`", "<code>x</code> <em>y</em> <code>z*</code>"},
		{"2 * 3 * 4", "2 * 3 * 4"},
		{"line\nbreak", "line break"},
	}
	for _, tc := range tests {
		if got := string(report.Inline(tc.in)); got != tc.want {
			t.Errorf("Inline(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestGolden(t *testing.T) {
	sc := load(t, flagship)
	in := dressed(play(t, sc, 1, mixedPath))
	t.Run("markdown", func(t *testing.T) { xgolden.RequireEqual(t, render(t, mdOf, in)) })
	t.Run("html", func(t *testing.T) { xgolden.RequireEqual(t, render(t, htmlOf, in)) })
}

package report_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine"
	bad "github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/report"
)

// TestMarkdownHostile puts each hostile string in every text of a report
// and of a comparison, from the scenario file and from the store: no raw
// HTML, link or terminal control survives in the Markdown, and a renderer
// shows the team's name as it was typed.
func TestMarkdownHostile(t *testing.T) {
	t.Parallel()
	for i, h := range bad.Strings {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			sc := loadSrc(t, "hostile.toml", bad.Scenario(h))
			var runs []report.Input
			for j, path := range [][]string{{"act"}, {"wait"}} {
				in := play(t, sc, 1, path)
				in.RunID = int64(j + 1)
				in.Team = h
				in.Participants = []engine.Participant{{Name: h, Role: h}}
				in.Hotwash = engine.Hotwash{WentWell: h, Improve: h + "\n~~~\n" + h}
				in.Actions = []engine.Action{{What: h, Owner: h, Principle: h}}
				runs = append(runs, in)
			}
			md := string(render(t, mdOf, runs[0]))
			bad.Markdown(t, "report", md)
			var b strings.Builder
			if err := report.CompareMarkdown(&b, runs); err != nil {
				t.Fatal(err)
			}
			bad.Markdown(t, "comparison", b.String())

			// The team shows as typed, less what acts on a terminal.
			want := strings.Join(strings.Fields(engine.Sanitize(h)), " ")
			if want == "" {
				want = "not recorded"
			}
			if got := renderedLine(t, md, "Team:"); got != want {
				t.Errorf("the report shows the team as %q, want %q", got, want)
			}
		})
	}
}

// renderedLine renders md and returns the text of the list item that
// starts with label, without it.
func renderedLine(t *testing.T, md, label string) string {
	t.Helper()
	var b bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(md), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	for _, li := range find(doc, "li", "") {
		if s, ok := strings.CutPrefix(text(li), label); ok {
			return strings.TrimSpace(s)
		}
	}
	t.Fatalf("no item %q in the rendered report", label)
	return ""
}

// TestBestPathHostile: the best path's move names what it costs on a
// principle whose title, like every text of the scenario, is each hostile
// string: the Markdown, the HTML and the JSON let nothing through, and the
// cost is there, its title cleaned.
func TestBestPathHostile(t *testing.T) {
	t.Parallel()
	for i, h := range bad.Strings {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			sc := hostileScenario(t, h)
			in := play(t, sc, 1, []string{"wait"})
			md, doc, js := string(render(t, mdOf, in)), string(render(t, htmlOf, in)), string(render(t, jsonOf, in))
			bad.Markdown(t, "report", md)
			bad.HTML(t, "report", doc)
			var r report.Report
			if err := json.Unmarshal([]byte(js), &r); err != nil {
				t.Fatal(err)
			}
			moves := principleOf(t, &r, "contain").BestPath
			want := []engine.Cost{{Principle: "own", Title: engine.Sanitize(h), Points: -1}}
			if len(moves) != 1 || !reflect.DeepEqual(moves[0].Costs, want) {
				t.Fatalf("contain's best path shows %+v, want the act costing %+v", moves, want)
			}
			bad.Terminal(t, "JSON cost", moves[0].Costs[0].Title)
			if !strings.Contains(md, " (costs ") || !strings.Contains(doc, `<span class="cost">(costs `) {
				t.Error("the cost is not said in the Markdown or the HTML")
			}
		})
	}
}

// capped returns a copy of in whose result rates own M (50%) and totals 90%,
// as a store may hold it: the overall rating is capped at S by own.
func capped(in report.Input) report.Input {
	res := *in.Result
	res.Scores = append([]engine.Score(nil), res.Scores...)
	for i := range res.Scores {
		if res.Scores[i].Principle == "own" {
			res.Scores[i].Percent = 50
		}
	}
	res.TotalPercent = 90
	in.Result = &res
	return in
}

// TestCappedRatingHostile: the reason a rating is capped names the weakest
// principle, whose title is each hostile string: the Markdown, the HTML and
// the JSON say the reason, its title cleaned, and let nothing through.
func TestCappedRatingHostile(t *testing.T) {
	t.Parallel()
	for i, h := range bad.Strings {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			sc := hostileScenario(t, h)
			in := capped(play(t, sc, 1, []string{"act"}))
			md, doc, js := string(render(t, mdOf, in)), string(render(t, htmlOf, in)), string(render(t, jsonOf, in))
			bad.Markdown(t, "report", md)
			bad.HTML(t, "report", doc)
			var r report.Report
			if err := json.Unmarshal([]byte(js), &r); err != nil {
				t.Fatal(err)
			}
			c := r.RatingCappedBy
			if r.TotalRating.Code != "S" || c == nil || c.Principle != "own" || c.Rating.Code != "M" {
				t.Fatalf("the JSON rates %+v, capped by %+v; want S, capped by own rated M", r.TotalRating, c)
			}
			if want := "rated S, not P: " + engine.Sanitize(h) + " was rated M"; c.Reason != want {
				t.Errorf("the JSON reason is %q, want %q", c.Reason, want)
			}
			bad.Terminal(t, "JSON reason", c.Reason)
			if !strings.Contains(md, "(rated S, not P: ") || !strings.Contains(doc, "rated S, not P: ") {
				t.Error("the reason is not said in the Markdown or the HTML")
			}
		})
	}
}

// hostileScenario is the hostile scenario and rubric with h in every text.
func hostileScenario(t *testing.T, h string) *engine.Scenario {
	t.Helper()
	sc, err := engine.Parse("hostile.toml", bad.Scenario(h), guidesOf(t, bad.Guidance(h)))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

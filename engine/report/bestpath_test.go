package report_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
)

// principleOf returns the report's section of principle id.
func principleOf(t *testing.T, r *report.Report, id string) report.Principle {
	t.Helper()
	for _, p := range r.Principles {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no principle %s in the report", id)
	return report.Principle{}
}

// TestBestPathShownWithCosts: in the best-tie fixture, a team that held the
// report and checked the addresses is shown, for notify, the wide report
// (which ties the narrow one on notify and costs nothing elsewhere) and
// the letters mailed at once, which lead on notify and cost own: said in
// the Markdown, the HTML and the JSON.
func TestBestPathShownWithCosts(t *testing.T) {
	t.Parallel()
	in := play(t, load(t, bestTie), 1, []string{"hold", "check-first"})
	r, err := report.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	own := principleOf(t, r, "own").Title
	type move struct {
		Choice string
		Points int
		Costs  []engine.Cost
	}
	var got []move
	for _, m := range principleOf(t, r, "notify").BestPath {
		got = append(got, move{m.Choice, m.Points, m.Costs})
	}
	want := []move{{"report-wide", 2, []engine.Cost{}}, {"mail-now", 3, []engine.Cost{{Principle: "own", Title: own, Points: -1}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notify's best path shows %+v, want %+v", got, want)
	}

	md := string(render(t, mdOf, in))
	for _, s := range []string{
		"- **+2** at *The investigation*: Report today, and scope the investigation to every system  \n",
		"- **+3** at *The letters*: Mail every letter now, from the spreadsheet's addresses (costs " + own + " -1)  \n",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("the Markdown lacks %q", s)
		}
	}
	doc := string(render(t, htmlOf, in))
	if s := `<span class="cost">(costs ` + own + ` -1)</span>`; !strings.Contains(doc, s) {
		t.Errorf("the HTML lacks %q", s)
	}
	for name, out := range map[string]string{"Markdown": md, "HTML": doc, "JSON": string(render(t, jsonOf, in))} {
		if strings.Contains(out, "checkout page alone") || strings.Contains(out, "report-narrow") {
			t.Errorf("the %s shows the narrow report, which ties on notify and costs improve", name)
		}
	}
}

// TestFlagshipBestPathCosts: on the shipped flagship played as the
// stonewall path, the notify section no longer shows the PFI scoped to the
// checkout page (it ties the full scope on notify and costs improve), and
// every move of every section names exactly what its choice loses on the
// other principles.
func TestFlagshipBestPathCosts(t *testing.T) {
	t.Parallel()
	sc := load(t, flagship)
	r, err := report.Build(play(t, sc, 1, playtestPath(t, "stonewall path")))
	if err != nil {
		t.Fatal(err)
	}
	notify := principleOf(t, r, "notify")
	if len(notify.BestPath) == 0 {
		t.Fatal("the stonewall path reached notify's best")
	}
	var costs int
	for _, p := range r.Principles {
		for _, m := range p.BestPath {
			if p.ID == "notify" && m.Choice == "notify-acquirer-narrow" {
				t.Errorf("notify's best path shows %s (%s)", m.Choice, m.Why)
			}
			i, _ := sc.ChoiceIndex(m.Choice)
			_, c := sc.ChoiceByIndex(i)
			want := []engine.Cost{}
			for q, pr := range sc.Guidance.Principles {
				by := 0
				for _, pt := range c.Score {
					if pt.Principle == q {
						by += pt.By
					}
				}
				if pr.ID != p.ID && by < 0 {
					want = append(want, engine.Cost{Principle: pr.ID, Title: pr.Title, Points: by})
				}
			}
			if !reflect.DeepEqual(m.Costs, want) {
				t.Errorf("%s: %s costs %+v, the report says %+v", p.ID, m.Choice, want, m.Costs)
			}
			costs += len(m.Costs)
		}
	}
	if costs == 0 {
		t.Error("no move of the stonewall path's report costs anything elsewhere; the test no longer looks at costs")
	}
}

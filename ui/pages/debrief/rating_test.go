package debrief

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

// TestOverallRating: the debrief rates the drill overall, at most one band
// better than its weakest principle, and says why when that lowered it. The
// flagship path that waits for the forensics and leaves the customers to
// the press totals 89% with notify rated M: S, not P.
func TestOverallRating(t *testing.T) {
	t.Parallel()
	sc := uitest.Scenario(t, "retail-card-breach")
	for _, tc := range []struct {
		name   string
		path   []string
		want   string
		reason string // "" when not capped
	}{
		{"press tells the customers",
			[]string{"open-plan", "image-first", "notify-acquirer", "wait-forensics", "offer-monitoring", "confirm-apologize", "let-press-tell",
				"st-what-to-do+st-report-back+st-apology", "board-own-process", "staff-hotline", "first-letter", "root-cause-program", "publish-report"},
			"Total 89% S Blue",
			"Overall: Performed with some challenges. Rated S, not P: Tell the people affected, directly and quickly was rated M; the overall rating is never more than one band better than the weakest principle's."},
		{"guidance path",
			[]string{"open-plan", "pull-now", "notify-acquirer", "notify-customers", "offer-monitoring", "confirm-apologize",
				"st-apology+st-what-to-do+st-report-back", "board-own-process", "staff-hotline", "publish-update", "root-cause-program", "publish-report"},
			"", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := oneLine(debriefOf(t, sc, tc.path...))
			if tc.reason == "" {
				if strings.Contains(v, "not P:") || !strings.Contains(v, "Total 96% P Blue") || !strings.Contains(v, "Overall: Performed without challenges.") {
					t.Errorf("the debrief caps a rating it should not:\n%s", v)
				}
				return
			}
			for _, s := range []string{tc.want, tc.reason} {
				if !strings.Contains(v, s) {
					t.Errorf("the debrief lacks %q:\n%s", s, v)
				}
			}
		})
	}
}

// TestOverallRatingHostile: the principle that caps the rating has each
// hostile string as its title: the reason reaches the screen cleaned.
func TestOverallRatingHostile(t *testing.T) {
	t.Parallel()
	for i, h := range hostile.Strings {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			d := engine.NewDrill(hostileScenario(t, h), 1)
			if err := d.Choose("act"); err != nil {
				t.Fatal(err)
			}
			res, err := d.Result("Blue")
			if err != nil {
				t.Fatal(err)
			}
			// As a store may hold it: own rated M, a total of 90%.
			for i := range res.Scores {
				if res.Scores[i].Principle == "own" {
					res.Scores[i].Percent = 50
				}
			}
			res.TotalPercent = 90
			c := common.New(uitest.Plain(), nil, nil)
			v := uitest.NewPage(c, New(c, d, "Blue", 0).Scored(res), 100, 400).View()
			hostile.Terminal(t, "debrief", sgr.ReplaceAllString(v, ""))
			if want := "Rated S, not P: " + oneLine(common.Line(h)); !strings.Contains(oneLine(v), want) {
				t.Errorf("the debrief lacks %q:\n%s", want, v)
			}
		})
	}
}

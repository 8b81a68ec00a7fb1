package risk_test

import (
	"math"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
	"github.com/ttx-dev/ttx/scenarios"
)

// TestStarterPlanCredit: with the starter register, the flagship credits the
// plan to prepare only where the team followed it. A stonewalling team's
// prepare stays at 0% (it rose to 50% when the plan was averaged into every
// team's score), the guidance team's stays at 100%, and a team that
// improvised but followed the plan once gains a quarter of what it left
// short.
func TestStarterPlanCredit(t *testing.T) {
	t.Parallel()
	c, err := scenarios.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	sc := c.ByID("retail-card-breach")
	if sc == nil {
		t.Fatal("the flagship is not shipped")
	}
	var r *engine.Risk
	reg := risk.Starter()
	for i := range reg.Risks {
		if reg.Risks[i].ID == sc.Risk {
			r = &reg.Risks[i]
		}
	}
	if r == nil || engine.PlanScore(r, sc.Guidance) != 100 {
		t.Fatalf("the starter's plan for %q: %+v", sc.Risk, r)
	}
	for _, c := range []struct {
		name              string
		path              string
		offered, followed int
		says              string
	}{
		{"stonewall", "keep-in-it,fix-after-sale,hold-for-pfi,keep-waiting,wait-forensics,offer-coupon,no-comment,let-press-tell,st-no-cvv-stored+st-vendor,argue-with-acquirer", 3, 0,
			"The team did not follow the risk register's plan (rated 100/100) in any of the 3 decisions where it applied, so it added nothing to prepare."},
		{"guidance", "open-plan,pull-now,notify-acquirer,notify-customers,offer-monitoring,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,root-cause-program,publish-report", 4, 4,
			"The team followed the risk register's plan (rated 100/100) in all 4 decisions where it applied; prepare was already at its best, so the plan added nothing more."},
		{"improvised, then followed once", "improvise-team,pull-now,notify-acquirer,notify-customers,offer-coupon,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,close-incident,publish-report", 4, 1,
			"The team followed the risk register's plan (rated 100/100) in 1 of the 4 decisions where it applied, which added 21 points to prepare."},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := engine.NewDrill(sc, 1)
			for _, dec := range strings.Split(c.path, ",") {
				if err := d.Choose(strings.Split(dec, "+")...); err != nil {
					t.Fatal(err)
				}
			}
			plain, err := d.Result("")
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.ResultWithPlan("", r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := sc.Guidance.PrincipleIndex("prepare")
			was, is := plain.Scores[p].Percent, got.Scores[p].Percent
			want := was + (100-was)*float64(c.followed)/float64(c.offered)
			if math.Abs(is-want) > 1e-9 {
				t.Errorf("prepare %.2f%% with the register, want %.2f%% (%.2f%% without)", is, want, was)
			}
			if c.followed == 0 && is != was {
				t.Errorf("a team that never followed the plan gained %.2f points", is-was)
			}
			if u := got.Scores[p].PlanUse; u == nil || u.Offered != c.offered || u.Followed != c.followed {
				t.Errorf("plan use %+v, want %d offered and %d followed", u, c.offered, c.followed)
			}
			if s := got.Scores[p].PlanStatement(); s != c.says {
				t.Errorf("says  %q\nwant %q", s, c.says)
			}
		})
	}
}

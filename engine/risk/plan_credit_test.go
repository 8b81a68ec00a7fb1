package risk_test

import (
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
)

// TestStarterPlanStatement pins the debrief's sentence on the flagship: a
// stonewalling team never followed the plan, the guidance team followed it
// throughout with prepare already at its best, and a team that improvised
// but followed the plan once gains a quarter of what it left short.
func TestStarterPlanStatement(t *testing.T) {
	t.Parallel()
	c, err := shipped()
	if err != nil {
		t.Fatal(err)
	}
	sc := c.ByID("retail-card-breach")
	if sc == nil {
		t.Fatal("the flagship is not shipped")
	}
	r := starterRisk(t, risk.Starter(), sc.Risk)
	if engine.PlanScore(r, sc.Guidance) != 100 {
		t.Fatalf("the starter's plan for %q: %+v", sc.Risk, r)
	}
	for _, c := range []struct {
		name, path, says string
	}{
		{"stonewall", "keep-in-it,fix-after-sale,hold-for-pfi,keep-waiting,wait-forensics,offer-coupon,no-comment,let-press-tell,st-no-cvv-stored+st-vendor,argue-with-acquirer",
			"The team did not follow the risk register's plan (rated 100/100) in any of the 3 decisions where it applied, so it added nothing to prepare."},
		{"guidance", "open-plan,pull-now,notify-acquirer,notify-customers,offer-monitoring,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,root-cause-program,publish-report",
			"The team followed the risk register's plan (rated 100/100) in all 4 decisions where it applied; prepare was already at its best, so the plan added nothing more."},
		{"improvised, then followed once", "improvise-team,pull-now,notify-acquirer,notify-customers,offer-coupon,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,close-incident,publish-report",
			"The team followed the risk register's plan (rated 100/100) in 1 of the 4 decisions where it applied, which added 21 points to prepare."},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, got := playWithPlan(t, sc, r, 1, strings.Split(c.path, ","))
			p, _ := sc.Guidance.PrincipleIndex("prepare")
			if s := got.Scores[p].PlanStatement(); s != c.says {
				t.Errorf("says  %q\nwant %q", s, c.says)
			}
		})
	}
}

// starterRisk returns the risk id of reg.
func starterRisk(t *testing.T, reg *engine.Register, id string) *engine.Risk {
	t.Helper()
	r := reg.Risk(id)
	if r == nil {
		t.Fatalf("the starter register has no risk %q", id)
	}
	return r
}

// playWithPlan plays path (a pick scene's picks joined with "+") on sc from
// seed and scores it without the register and with risk r's plan.
func playWithPlan(t *testing.T, sc *engine.Scenario, r *engine.Risk, seed uint64, path []string) (plain, with *engine.Result) {
	t.Helper()
	d := engine.NewDrill(sc, seed)
	for i, dec := range path {
		if err := d.Choose(strings.Split(dec, "+")...); err != nil {
			t.Fatalf("decision %d: %v", i+1, err)
		}
	}
	if !d.Ended() {
		t.Fatal("the path does not reach an ending")
	}
	plain, err := d.Result("")
	if err != nil {
		t.Fatal(err)
	}
	if with, err = d.ResultWithPlan("", r); err != nil {
		t.Fatal(err)
	}
	return plain, with
}

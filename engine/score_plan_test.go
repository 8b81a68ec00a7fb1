package engine_test

import (
	"math"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// TestResultWithPlan: the register's plan is credited to prepare only where
// the team followed it, never lowers a score, and says what it added.
func TestResultWithPlan(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "plan.toml")
	full := &engine.Risk{ID: "customer-data-stolen", Owner: "CISO", Plan: engine.Plan{
		Text:       "Contain, tell customers, own it.",
		Principles: []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"},
		Steps:      []engine.PlanStep{{Who: "CISO", What: "Close the hole."}},
	}}
	thin := &engine.Risk{ID: "customer-data-stolen", Owner: "CISO", Plan: engine.Plan{Text: "Call counsel."}}
	none := &engine.Risk{ID: "customer-data-stolen", Owner: "CISO"}
	for _, c := range []struct {
		name     string
		path     string
		risk     *engine.Risk
		drill    float64 // prepare percent without the register
		want     float64 // with it
		followed int
		says     string
	}{
		{"never followed", "improvise,wait,close", full, 0, 0, 0,
			"The team did not follow the risk register's plan (rated 100/100) in any of the 3 decisions where it applied, so it added nothing to prepare."},
		{"followed once", "open-plan,wait,close", full, 60, 60 + 40.0/3, 1,
			"The team followed the risk register's plan (rated 100/100) in 1 of the 3 decisions where it applied, which added 13 points to prepare."},
		{"a thin plan, followed twice", "improvise,use-templates,update-plan", thin, 40, 40 + 60*0.6*2/3, 2,
			"The team followed the risk register's plan (rated 60/100) in 2 of the 3 decisions where it applied, which added 24 points to prepare."},
		{"followed throughout", "open-plan,use-templates,update-plan", full, 100, 100, 3,
			"The team followed the risk register's plan (rated 100/100) in all 3 decisions where it applied; prepare was already at its best, so the plan added nothing more."},
		{"no plan in the register", "open-plan,use-templates,close", none, 60, 60, 2,
			"The risk register has no response plan for this risk, so it added nothing to prepare."},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := engine.NewDrill(sc, 1)
			for _, id := range strings.Split(c.path, ",") {
				if err := d.Choose(id); err != nil {
					t.Fatal(err)
				}
			}
			plain, err := d.Result("")
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.ResultWithPlan("", c.risk)
			if err != nil {
				t.Fatal(err)
			}
			const prepare = 0
			p, q := plain.Scores[prepare], got.Scores[prepare]
			if p.Principle != "prepare" || p.Plan != nil || p.PlanUse != nil || p.PlanStatement() != "" {
				t.Errorf("without a register: %+v", p)
			}
			if math.Abs(p.Percent-c.drill) > 1e-9 || math.Abs(q.Percent-c.want) > 1e-9 {
				t.Errorf("prepare %.4f%% without the register, %.4f%% with it; want %.4f%% and %.4f%%", p.Percent, q.Percent, c.drill, c.want)
			}
			if q.PlanUse == nil || q.PlanUse.Offered != 3 || q.PlanUse.Followed != c.followed || math.Abs(q.PlanUse.Added-(c.want-c.drill)) > 1e-9 {
				t.Errorf("plan use %+v, want 3 offered, %d followed, %.4f added", q.PlanUse, c.followed, c.want-c.drill)
			}
			if s := q.PlanStatement(); s != c.says {
				t.Errorf("says  %q\nwant %q", s, c.says)
			}
			wantTotal := plain.TotalPercent + (c.want-c.drill)/2 // prepare and notify are scored
			if math.Abs(got.TotalPercent-wantTotal) > 1e-9 {
				t.Errorf("total %.4f%%, want %.4f%%", got.TotalPercent, wantTotal)
			}
			if nilRisk, _ := d.ResultWithPlan("", nil); nilRisk.Scores[prepare].Plan != nil {
				t.Error("a nil risk credited a plan")
			}
		})
	}
}

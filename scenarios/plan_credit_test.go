package scenarios_test

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
	"github.com/ttx-dev/ttx/scenarios"
)

// planCases says, for each shipped scenario, where the starter register's
// plan applies on its two reference paths (the playtests named "guidance
// path" and "stonewall path"): the number of decisions that offered a choice
// marked plan on each, and the opening choice of a team that improvised
// instead of opening the plan.
var planCases = []struct {
	scenario            string
	guidance, stonewall int
	improvise           string
}{
	{"cloud-bucket-exposed", 4, 3, "improvise-team"},
	{"credential-stuffing", 4, 4, "war-room"},
	{"insider-press-leak", 4, 4, "counsel-only"},
	{"leak-site-claim", 4, 4, "war-room"},
	{"misdirected-phi-email", 4, 4, "call-huddle"},
	{"ransomware-extortion", 4, 3, "improvise-bridge"},
	{"retail-card-breach", 4, 3, "improvise-team"},
	{"tutoring-app-leak", 4, 3, "all-hands-room"},
	{"vendor-breach", 3, 2, "ad-hoc-call"},
}

// TestStarterPlanCredit: with the starter register, every shipped scenario
// credits its risk's plan to prepare only where the team followed it. The
// guidance team follows the plan at every decision where it applies; a
// stonewalling team at none, and its prepare stays where the drill left it;
// a team that improvised the first hour and followed the plan after gains
// its share of what it left short.
func TestStarterPlanCredit(t *testing.T) {
	t.Parallel()
	c, err := scenarios.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	reg := risk.Starter()
	cased := map[string]bool{}
	for _, pc := range planCases {
		cased[pc.scenario] = true
	}
	for _, e := range c.Entries {
		if e.Scenario.Risk != "" && !cased[e.ID] {
			t.Errorf("%s drills %q but has no plan case", e.ID, e.Scenario.Risk)
		}
	}
	for _, pc := range planCases {
		t.Run(pc.scenario, func(t *testing.T) {
			t.Parallel()
			sc := c.ByID(pc.scenario)
			if sc == nil {
				t.Fatalf("%s is not shipped", pc.scenario)
			}
			r := starterRisk(t, reg, sc.Risk)
			plan := engine.PlanScore(r, sc.Guidance)
			if plan == 0 {
				t.Fatalf("the starter has no plan for %q", sc.Risk)
			}
			paths := referencePaths(t, pc.scenario)
			improvised := append([]string{pc.improvise}, paths["guidance path"].Choose[1:]...)
			for _, c := range []struct {
				name              string
				seed              uint64
				path              []string
				offered, followed int
				says              string
			}{
				{"guidance", paths["guidance path"].Seed, paths["guidance path"].Choose, pc.guidance, pc.guidance,
					fmt.Sprintf("in all %d decisions where it applied", pc.guidance)},
				{"stonewall", paths["stonewall path"].Seed, paths["stonewall path"].Choose, pc.stonewall, 0,
					fmt.Sprintf("did not follow the risk register's plan (rated %.0f/100) in any of the %d decisions", plan, pc.stonewall)},
				{"improvised", paths["guidance path"].Seed, improvised, pc.guidance, pc.guidance - 1,
					fmt.Sprintf("in %d of the %d decisions where it applied, which added", pc.guidance-1, pc.guidance)},
			} {
				plain, got := playWithPlan(t, sc, r, c.seed, c.path)
				p, _ := sc.Guidance.PrincipleIndex("prepare")
				was, is := plain.Scores[p].Percent, got.Scores[p].Percent
				want := was + (100-was)*plan/100*float64(c.followed)/float64(c.offered)
				if math.Abs(is-want) > 1e-9 {
					t.Errorf("%s: prepare %.2f%% with the register, want %.2f%% (%.2f%% without)", c.name, is, want, was)
				}
				if c.followed == 0 && is != was {
					t.Errorf("%s: a team that never followed the plan gained %.2f points", c.name, is-was)
				}
				if c.followed > 0 && was < 100 && is <= was {
					t.Errorf("%s: a team that followed the plan gained nothing on its %.2f%%", c.name, was)
				}
				if u := got.Scores[p].PlanUse; u == nil || u.Offered != c.offered || u.Followed != c.followed {
					t.Errorf("%s: plan use %+v, want %d offered and %d followed", c.name, u, c.offered, c.followed)
				}
				if s := got.Scores[p].PlanStatement(); !strings.Contains(s, c.says) {
					t.Errorf("%s: says %q\nwant it to contain %q", c.name, s, c.says)
				}
			}
		})
	}
}

// TestStarterPlanStatement pins the debrief's sentence on the flagship: a
// stonewalling team never followed the plan, the guidance team followed it
// throughout with prepare already at its best, and a team that improvised
// but followed the plan once gains a quarter of what it left short.
func TestStarterPlanStatement(t *testing.T) {
	t.Parallel()
	c, err := scenarios.NewCatalog()
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

// referencePaths reads the playtests the shipped scenario id keeps, by name.
func referencePaths(t *testing.T, id string) map[string]*engine.Playtest {
	t.Helper()
	pf, err := engine.ReadPlaytests(filepath.Join("playtests", id+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*engine.Playtest{}
	for i := range pf.Playtests {
		byName[pf.Playtests[i].Name] = &pf.Playtests[i]
	}
	for _, name := range []string{"guidance path", "stonewall path"} {
		if byName[name] == nil {
			t.Fatalf("%s has no playtest named %q", id, name)
		}
	}
	return byName
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

package risk_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
	"github.com/ttx-dev/ttx/engine/store"
)

func readiness(t *testing.T, a *risk.Assessment, id string) *risk.Readiness {
	t.Helper()
	for i := range a.Risks {
		if a.Risks[i].ID == id {
			return &a.Risks[i]
		}
	}
	t.Fatalf("no readiness for %s", id)
	return nil
}

// TestAssessStarter assesses the starter against a history of drills.
func TestAssessStarter(t *testing.T) {
	runs := drillHistory()
	a, err := risk.Assess(risk.Starter(), runs, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Risks) != 11 {
		t.Fatalf("%d risks", len(a.Risks))
	}
	// Most severe first, then by id.
	for i := 1; i < len(a.Risks); i++ {
		p, c := a.Risks[i-1], a.Risks[i]
		if p.Severity < c.Severity || p.Severity == c.Severity && p.ID > c.ID {
			t.Errorf("order: %s (%d) before %s (%d)", p.ID, p.Severity, c.ID, c.Severity)
		}
	}

	cds := readiness(t, a, "customer-data-stolen")
	if cds.Drills != 3 || !cds.LastDrill.Equal(day(2026, 10, 2)) || cds.LatestTotal != 64 || cds.BestTotal != 81 {
		t.Errorf("customer-data-stolen drills: %+v", cds)
	}
	if len(cds.OpenActions) != 2 || !cds.OpenActions[0].Overdue || cds.OpenActions[1].Overdue {
		t.Errorf("open actions: %+v", cds.OpenActions)
	}
	if len(cds.Missing) != 0 || len(cds.Covered) != 7 || cds.PlanScore != 100 || len(cds.Flags) != 0 {
		t.Errorf("customer-data-stolen plan: %+v", cds)
	}
	if cds.Band != "high" || cds.Severity != 15 || cds.ResidualBand != "medium" || cds.ResidualSeverity != 8 {
		t.Errorf("customer-data-stolen rating: %+v", cds)
	}

	ato := readiness(t, a, "account-takeover")
	if !reflect.DeepEqual(ato.Flags, []risk.Flag{risk.FlagStale, risk.FlagPlanGaps}) {
		t.Errorf("account-takeover flags %v", ato.Flags)
	}
	if !reflect.DeepEqual(ato.Missing, []string{"prepare", "own", "improve"}) {
		t.Errorf("account-takeover misses %v", ato.Missing)
	}
	if !strings.Contains(ato.Notes[0], "last drill 2025-06-20") {
		t.Errorf("notes %v", ato.Notes)
	}

	ins := readiness(t, a, "insider-data-sale")
	if !ins.Has(risk.FlagNeverExercised) || !strings.Contains(ins.Notes[0], "no scenario drills it") {
		t.Errorf("insider-data-sale: %v %v", ins.Flags, ins.Notes)
	}
	vb := readiness(t, a, "vendor-breach")
	if !vb.Has(risk.FlagNeverExercised) || !strings.Contains(vb.Notes[0], "no finished drill of vendor-breach") {
		t.Errorf("vendor-breach: %v %v", vb.Flags, vb.Notes)
	}

	s := a.Summary
	if s.Risks != 11 || s.Planned != 11 || s.Drilled != 3 || s.Flagged != 10 {
		t.Errorf("summary %+v", s)
	}
	counts := map[string][2]int{}
	total, totalRes := 0, 0
	for _, bc := range s.ByBand {
		counts[bc.Band] = [2]int{bc.Risks, bc.Residual}
		total += bc.Risks
		totalRes += bc.Residual
	}
	if total != 11 || totalRes != 11 || counts["critical"][0] != 0 || counts["high"][0] != 9 {
		t.Errorf("by band %+v", s.ByBand)
	}
	if !strings.HasPrefix(s.Verdict, "Partly ready:") {
		t.Errorf("verdict %q", s.Verdict)
	}
	// The heat map holds every risk once, before and after treatment.
	n, nr := 0, 0
	for l := range 5 {
		for i := range 5 {
			n += a.HeatMap.Inherent[l][i]
			nr += a.HeatMap.Residual[l][i]
		}
	}
	if n != 11 || nr != 11 || a.HeatMap.Inherent[2][4] != 2 {
		t.Errorf("heat map %+v", a.HeatMap)
	}
	// Each scenario is asked for once.
	if runs.calls != 9 {
		t.Errorf("%d calls to List, want 9", runs.calls)
	}
}

// TestAssessFlags covers each flag and verdict on small registers.
func TestAssessFlags(t *testing.T) {
	g := rubric(t)
	all := []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"}
	base := func(l, i int) engine.Risk {
		return engine.Risk{ID: "r", Title: "R.", Owner: "CISO", Likelihood: l, Impact: i, Treatment: engine.TreatReduce, Scenarios: []string{"s"},
			Plan: engine.Plan{Text: "Plan.", Principles: all}}
	}
	recent := &fakeRuns{runs: map[string][]store.Run{"s": {run("s", now.AddDate(0, -2, 0), 90)}}}
	for _, tc := range []struct {
		name    string
		risk    func() engine.Risk
		runs    risk.RunSource
		flags   []risk.Flag
		verdict string
	}{
		{"ready", func() engine.Risk { return base(4, 4) }, recent, nil, "Ready: every high"},
		{"critical without a plan", func() engine.Risk { r := base(5, 4); r.Plan = engine.Plan{}; return r }, recent, []risk.Flag{risk.FlagNoPlan}, "Not ready: 1 of 1 high or critical risks has no response plan (r)."},
		{"medium without a plan is no flag", func() engine.Risk { r := base(2, 3); r.Plan = engine.Plan{}; return r }, recent, nil, "Ready"},
		{"never drilled", func() engine.Risk { return base(2, 2) }, nil, []risk.Flag{risk.FlagNeverExercised}, "Untested:"},
		{"drilled 13 months ago", func() engine.Risk { return base(2, 2) }, &fakeRuns{runs: map[string][]store.Run{"s": {run("s", now.AddDate(0, -13, 0), 90)}}}, []risk.Flag{risk.FlagStale}, "Partly ready: 1 of 1"},
		{"drilled 11 months ago", func() engine.Risk { return base(2, 2) }, &fakeRuns{runs: map[string][]store.Run{"s": {run("s", now.AddDate(0, -11, 0), 90)}}}, nil, "Ready"},
		{"unfinished runs do not count", func() engine.Risk { return base(2, 2) }, &fakeRuns{runs: map[string][]store.Run{"s": {{Started: now.AddDate(0, -1, 0)}}}}, []risk.Flag{risk.FlagNeverExercised}, "Untested:"},
		{"plan gaps", func() engine.Risk { r := base(2, 2); r.Plan.Principles = all[:6]; return r }, recent, []risk.Flag{risk.FlagPlanGaps}, "Nearly ready:"},
		{"review overdue", func() engine.Risk { r := base(2, 2); r.Review = now.AddDate(0, 0, -1); return r }, recent, []risk.Flag{risk.FlagReviewOverdue}, "Ready, but 1 review is overdue."},
		{"everything", func() engine.Risk {
			r := base(5, 5)
			r.Plan, r.Scenarios, r.Review = engine.Plan{}, nil, now.AddDate(-1, 0, 0)
			return r
		}, recent, []risk.Flag{risk.FlagNoPlan, risk.FlagNeverExercised, risk.FlagReviewOverdue}, "Not ready"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := &engine.Register{Bands: engine.DefaultBands, Guidance: g, Risks: []engine.Risk{tc.risk()}}
			a, err := risk.Assess(reg, tc.runs, now)
			if err != nil {
				t.Fatal(err)
			}
			r := a.Risks[0]
			if !slices.Equal(r.Flags, tc.flags) || len(r.Notes) != len(r.Flags) {
				t.Errorf("flags %v (notes %v), want %v", r.Flags, r.Notes, tc.flags)
			}
			if !strings.HasPrefix(a.Summary.Verdict, tc.verdict) {
				t.Errorf("verdict %q, want %q...", a.Summary.Verdict, tc.verdict)
			}
		})
	}
}

// TestAssessEmptyAndErrors: an empty register, and a failing store.
func TestAssessEmptyAndErrors(t *testing.T) {
	a, err := risk.Assess(&engine.Register{}, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if a.Summary.Risks != 0 || !strings.HasPrefix(a.Summary.Verdict, "Empty") || len(a.Bands) != 4 {
		t.Errorf("%+v", a.Summary)
	}
	boom := errors.New("disk on fire")
	_, err = risk.Assess(risk.Starter(), &fakeRuns{err: boom}, now)
	if !errors.Is(err, boom) {
		t.Errorf("got %v", err)
	}
}

// TestAssessWithStore reads drills from a real results store.
func TestAssessWithStore(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "results.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cat, err := shipped()
	if err != nil {
		t.Fatal(err)
	}
	// begin stores a run of a shipped scenario, with its source.
	begin := func(scenario string, r *store.Run) (int64, error) {
		sc := cat.ByID(scenario)
		r.Record = engine.Record{Scenario: scenario, Version: sc.Version, Hash: sc.Hash, Seed: 1}
		return s.Begin(r, sc.Source())
	}
	finish := func(scenario string, started time.Time, total float64) int64 {
		id, err := begin(scenario, &store.Run{Team: "Blue", Started: started})
		if err != nil {
			t.Fatal(err)
		}
		res := &engine.Result{Scenario: scenario, Seed: 1, Ended: true, Ending: "done", Hours: 3, TotalPercent: total,
			Scores: []engine.Score{{Principle: "contain", Title: "Contain", Scored: true, Raw: 1, Best: 2, Percent: total}}}
		if err := s.Finish(id, res, started.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		return id
	}
	finish("vendor-breach", day(2026, 2, 1), 30)
	id := finish("vendor-breach", day(2026, 9, 1), 70)
	if _, err := s.AddAction(engine.Action{Run: id, What: "Put the breach clause in every contract", Owner: "Head of Procurement"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAction(engine.Action{Run: id, What: "Done already", Done: true}); err != nil {
		t.Fatal(err)
	}
	unfinished, err := begin("cloud-bucket-exposed", &store.Run{Started: day(2026, 11, 1)})
	if err != nil || unfinished == 0 {
		t.Fatal(err)
	}
	a, err := risk.Assess(risk.Starter(), s, now)
	if err != nil {
		t.Fatal(err)
	}
	vb := readiness(t, a, "vendor-breach")
	if vb.Drills != 2 || vb.LatestTotal != 70 || vb.BestTotal != 70 || !vb.LastDrill.Equal(day(2026, 9, 1).Add(time.Hour)) {
		t.Errorf("vendor-breach: %+v", vb)
	}
	if len(vb.OpenActions) != 1 || vb.OpenActions[0].What != "Put the breach clause in every contract" {
		t.Errorf("actions %+v", vb.OpenActions)
	}
	if vb.Has(risk.FlagNeverExercised) || vb.Has(risk.FlagStale) {
		t.Errorf("flags %v", vb.Flags)
	}
	if ecs := readiness(t, a, "exposed-cloud-storage"); ecs.Drills != 0 || !ecs.Has(risk.FlagNeverExercised) {
		t.Errorf("an unfinished drill counted: %+v", ecs)
	}
}

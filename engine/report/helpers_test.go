package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/scenarios"
)

const (
	flagship = "../../scenarios/retail-card-breach.toml"
	rules    = "../../testdata/valid/rules.toml"
	bestTie  = "../../testdata/bestpath/best-tie.toml"
)

// load loads a scenario with the shipped rubric.
func load(t testing.TB, path string) *engine.Scenario {
	t.Helper()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(path, g)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return sc
}

// loadSrc loads a scenario from source, named name.
func loadSrc(t testing.TB, name string, src []byte) *engine.Scenario {
	t.Helper()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Parse(name, src, g)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return sc
}

// guidesOf returns the rubric of a rubric file, by its id.
func guidesOf(t testing.TB, src []byte) engine.Guides {
	t.Helper()
	g, err := engine.ParseGuidance("guidance.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	return engine.Guides{g.ID: g}
}

// playtestPath returns the decisions of a named playtest of the flagship.
func playtestPath(t testing.TB, name string) []string {
	t.Helper()
	const file = "../../scenarios/playtests/retail-card-breach.toml"
	pf, err := engine.ReadPlaytests(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pf.Playtests {
		if p.Name == name {
			return p.Choose
		}
	}
	t.Fatalf("no playtest %q in %s", name, file)
	return nil
}

// play plays a path (picks joined with "+", a timeout prefixed with "!")
// and returns the input of its report.
func play(t testing.TB, sc *engine.Scenario, seed uint64, path []string) report.Input {
	t.Helper()
	d := engine.NewDrill(sc, seed)
	for i, dec := range path {
		var err error
		if _, ok := strings.CutPrefix(dec, "!"); ok {
			err = d.Timeout()
		} else {
			err = d.Choose(strings.Split(dec, "+")...)
		}
		if err != nil {
			t.Fatalf("decision %d (%s): %v", i+1, dec, err)
		}
	}
	res, err := d.Result("Blue team")
	if err != nil {
		t.Fatal(err)
	}
	return report.Input{Scenario: sc, Drill: d, Result: res, Team: "Blue team"}
}

// mixedPath is a flagship path with strengths, areas for improvement, a
// timeout and injects.
var mixedPath = []string{
	"open-plan", "!leave-for-pfi", "notify-acquirer-narrow", "pull-late", "notify-customers",
	"offer-coupon", "deny-card-data", "st-apology+st-what-to-do", "board-own-process",
	"staff-hotline", "correct-claim", "root-cause-program", "publish-report",
}

// dressed adds the after-action record of a stored run to an input.
func dressed(in report.Input) report.Input {
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	in.RunID = 42
	in.Started, in.Ended = start, start.Add(85*time.Minute+20*time.Second)
	in.Participants = []engine.Participant{
		{Name: "Ana Ruiz", Role: "CEO"}, {Name: "Ben Okafor", Role: "CISO"},
		{Name: "Chen Li", Role: "Head of communications"}, {Name: "Dana Weiss", Role: "General counsel"},
	}
	in.Hotwash = engine.Hotwash{
		WentWell: "The playbook was found in minutes and named the crisis team.\n\nCustomers were told before the press had the story.",
		Improve:  "Nobody knew who could authorise a checkout change in a holiday week; the timer ran out while we argued.",
	}
	in.Actions = []engine.Action{
		{What: "Name who may take checkout offline, with a deputy", Principle: "contain", Owner: "CISO", Due: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
		{What: "Pre-approve a credit-monitoring offer with a vendor", Principle: "remedy", Owner: "CFO", Due: time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC),
			Done: true, DoneAt: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)},
		{What: "Media training: say only what is known | and say when you will update", Principle: "update", Owner: "Comms"},
	}
	return in
}

func write(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func ratingCode(p float64) string { return engine.RatingFor(p).Code }

// overallCode is the overall rating of a result, the weakest principle's
// cap applied.
func overallCode(res *engine.Result) string {
	r, _ := engine.OverallRating(res.TotalPercent, res.Scores)
	return r.Code
}

// capReason is why a result's overall rating is capped, "" when it is not.
func capReason(res *engine.Result) string {
	r, c := engine.OverallRating(res.TotalPercent, res.Scores)
	if c == nil {
		return ""
	}
	return c.Reason(r, engine.Sanitize)
}

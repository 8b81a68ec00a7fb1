package risk_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/internal/htmlcheck"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// now is the moment the tests assess registers at.
var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// shipped loads the shipped scenarios once for every test of the package;
// the tests only read them.
var shipped = sync.OnceValues(func() (*scenarios.Catalog, error) { return scenarios.NewCatalog() })

func rubric(t testing.TB) *engine.Guidance {
	t.Helper()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	return g[engine.DefaultGuidance]
}

// fakeRuns is a RunSource in memory.
type fakeRuns struct {
	runs    map[string][]store.Run
	actions map[string][]engine.Action
	err     error
	calls   int
}

func (f *fakeRuns) List(flt store.Filter) ([]store.Run, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	return f.runs[flt.Scenario], nil
}

func (f *fakeRuns) OpenActions(scenario string) ([]engine.Action, error) {
	if f.err != nil {
		return nil, f.err
	}
	return f.actions[scenario], nil
}

func run(scenario string, ended time.Time, total float64) store.Run {
	return store.Run{Record: engine.Record{Scenario: scenario}, Started: ended.Add(-time.Hour), Ended: ended, Finished: true, Total: total}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// drillHistory is the drills of the starter's scenarios the report tests
// assess: recent, old, and none.
func drillHistory() *fakeRuns {
	return &fakeRuns{
		runs: map[string][]store.Run{
			"retail-card-breach": {
				run("retail-card-breach", day(2026, 10, 2), 64),
				run("retail-card-breach", day(2026, 3, 15), 81),
				run("retail-card-breach", day(2025, 9, 1), 40),
			},
			"credential-stuffing":  {run("credential-stuffing", day(2025, 6, 20), 72)},
			"ransomware-extortion": {run("ransomware-extortion", day(2026, 8, 9), 55)},
		},
		actions: map[string][]engine.Action{
			"retail-card-breach": {
				{Scenario: "retail-card-breach", What: "Name one press owner for incidents", Principle: "notify", Owner: "Head of Communications", Due: day(2026, 11, 1)},
				{Scenario: "retail-card-breach", What: "Pre-agree the credit monitoring offer", Principle: "remedy", Owner: "CFO", Due: day(2027, 1, 15)},
			},
			"ransomware-extortion": {{Scenario: "ransomware-extortion", What: "Test restoring from offline backups", Owner: "CIO"}},
		},
	}
}

// text returns the text content of n.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

func checkHTML(t *testing.T, doc []byte) *html.Node { return htmlcheck.WellFormed(t, doc) }

func checkSelfContained(t *testing.T, root *html.Node, doc []byte) {
	htmlcheck.SelfContained(t, root, doc)
}

func walk(n *html.Node, f func(*html.Node))                { htmlcheck.Walk(n, f) }
func find(root *html.Node, tag, class string) []*html.Node { return htmlcheck.Find(root, tag, class) }

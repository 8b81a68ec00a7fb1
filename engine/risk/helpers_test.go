package risk_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// now is the moment the tests assess registers at.
var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

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

// checkHTML checks that doc is well formed, strictly: it parses as XML with
// encoding/xml in strict mode, and the HTML5 parser of golang.org/x/net/html
// builds the same tree of elements from it. It returns the HTML tree.
func checkHTML(t *testing.T, doc []byte) *html.Node {
	t.Helper()
	var xmlElems []string
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, col := dec.InputPos()
			t.Fatalf("not well formed (strict XML) at %d:%d: %v", line, col, err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			xmlElems = append(xmlElems, tk.Name.Local)
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 {
		t.Fatalf("%d elements left open", depth)
	}
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	var htmlElems []string
	walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode {
			htmlElems = append(htmlElems, n.Data)
		}
	})
	if !slices.Equal(xmlElems, htmlElems) {
		for i := range min(len(xmlElems), len(htmlElems)) {
			if xmlElems[i] != htmlElems[i] {
				t.Fatalf("the HTML parser builds another tree than the XML one: element %d is <%s> in XML, <%s> in HTML", i, xmlElems[i], htmlElems[i])
			}
		}
		t.Fatalf("the HTML parser finds %d elements, the XML one %d", len(htmlElems), len(xmlElems))
	}
	return root
}

// checkSelfContained checks that a page loads nothing and runs nothing.
func checkSelfContained(t *testing.T, root *html.Node, doc []byte) {
	t.Helper()
	walk(root, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script", "link", "img", "iframe", "object", "embed", "image", "use", "base", "audio", "video", "source":
			t.Errorf("the report holds a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			k := strings.ToLower(a.Key)
			if k == "src" || k == "href" || k == "srcset" || k == "action" || strings.HasSuffix(k, "href") || strings.HasPrefix(k, "on") {
				t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
			}
		}
	})
	if regexp.MustCompile(`(?i)<script|url\(|@import|@font-face`).Match(doc) {
		t.Error("the report runs or loads something")
	}
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
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

// find returns the elements named tag (with class, when not "").
func find(root *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	walk(root, func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != tag {
			return
		}
		if class == "" {
			out = append(out, n)
			return
		}
		for _, a := range n.Attr {
			if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
				out = append(out, n)
			}
		}
	})
	return out
}

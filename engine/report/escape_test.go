package report_test

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
)

// hostile is a scenario whose every text tries to break out of its place:
// HTML tags, entities, Markdown table pipes, emphasis that crosses.
const hostile = `
[scenario]
id = "hostile"
title = "Breach <script>alert('title')</script> | A | B"
summary = "A summary with <img src=x onerror=alert(1)> and &amp; and | pipes |."
version = "1<b>"
start = "first"

[[clocks]]
id = "clk"
label = "Clock | with <i>pipe</i>"
due = 5
done = "chose('act')"

[[scenes]]
id = "first"
title = "Scene </td></tr></table><script>x()</script>"
role = "ceo <b>"
text = "Go."

  [[scenes.choices]]
  id = "act"
  text = "Act | now <script>alert(1)</script> **bold *cross** it*"
  hours = 1
  score = { contain = 2 }
  why = "Why | <a href=\"http://evil.example/\">link</a>"
  goto = "second"

  [[scenes.choices]]
  id = "wait"
  text = "Wait"
  score = { contain = -2 }
  why = "Waiting | is <em>bad"
  goto = "second"

[[scenes]]
id = "second"
title = "Second"
text = "Again."

  [[scenes.choices]]
  id = "sorry"
  text = "Sorry ` + "`<script>`" + ` | \"quoted\" & 'single'"
  score = { own = 2 }
  why = "Plain </p> apology."
  goto = "done"

  [[scenes.choices]]
  id = "vendor"
  text = "Vendor"
  score = { own = -1 }
  why = "Blame."
  goto = "done"

[[events]]
id = "press"
channel = "press"
from = "The <b>Daily</b> | Times"
when = "hours >= 1"
text = "Headline: <script>document.write(1)</script> | leaked | &lt;"

[[endings]]
id = "done"
title = "End <style>body{{display:none}}</style>"
text = "Over | done.\n\n<iframe src=\"http://evil.example/\"></iframe>"
`

var codeSpan = regexp.MustCompile("`[^`]+`")

func TestEscaping(t *testing.T) {
	sc := loadSrc(t, "hostile.toml", []byte(hostile))
	in := dressed(play(t, sc, 1, []string{"wait", "sorry"}))
	in.Team = "Red <script>team()</script> | x"
	in.Participants = append(in.Participants, engine.Participant{Name: "Eve | <b>", Role: "<script>r()</script>"})
	in.Hotwash.Improve = "Use <script>tags</script> | and pipes\n\n# not a heading?"
	in.Actions = append(in.Actions, engine.Action{What: "Fix | the <script>x()</script> thing", Owner: "A | B", Principle: "own"})

	doc := render(t, htmlOf, in)
	root := checkHTML(t, doc)
	checkSelfContained(t, root, doc)
	for _, tag := range []string{"script", "img", "iframe", "style", "b", "i", "a", "td"} {
		want := 0
		switch tag {
		case "style":
			want = 1 // the report's own
		case "td":
			want = -1 // any
		}
		if got := len(find(root, tag, "")); want >= 0 && got != want {
			t.Errorf("%d <%s> elements, want %d", got, tag, want)
		}
	}
	all := text(root)
	for _, want := range []string{
		"Breach <script>alert('title')</script> | A | B",
		"Act | now <script>alert(1)</script>",
		"Headline: <script>document.write(1)</script> | leaked | &lt;",
		"Scene </td></tr></table><script>x()</script>",
		"Red <script>team()</script> | x",
		"Fix | the <script>x()</script> thing",
		"The <b>Daily</b> | Times",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the HTML does not show %q as text", want)
		}
	}
	// the rows of the improvement plan: one cell per column, pipes and all
	for _, tr := range find(root, "tr", "") {
		if strings.Contains(text(tr), "Fix | the") && len(find(tr, "td", "")) != 6 {
			t.Errorf("the improvement plan row is split: %q", text(tr))
		}
	}

	md := string(render(t, mdOf, in))
	if regexp.MustCompile("(^|[^\\\\`])<").MatchString(codeSpan.ReplaceAllString(md, "`code`")) {
		t.Errorf("the Markdown has an unescaped <:\n%s", md)
	}
	if strings.Contains(md, "&amp;") && !strings.Contains(md, `\&amp;`) {
		t.Error("an entity is left to be decoded")
	}
	tables := mdTables(t, md) // fails on a row split by a pipe
	found := false
	for _, tb := range tables {
		for _, row := range tb {
			if row[0] == "4" && row[1] == `Fix \| the \<script>x()\</script> thing` && row[3] == `A \| B` {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("the improvement plan row is not escaped as expected:\n%v", tables[len(tables)-1])
	}
	if !strings.Contains(md, `| Eve \| \<b> | \<script>r()\</script> |`) {
		t.Error("the participant row is not escaped")
	}

	// JSON keeps the text as it is
	var b strings.Builder
	if err := report.JSON(&b, in); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script") {
		t.Error("JSON should escape < for embedding")
	}
	r, err := report.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Team != "Red <script>team()</script> | x" {
		t.Errorf("Build changed the team: %q", r.Team)
	}
}

// TestCleanTyped: text that people typed loses its control characters.
func TestCleanTyped(t *testing.T) {
	sc := load(t, rules)
	in := play(t, sc, 1, []string{"notify", "a"})
	in.Team = "Blue\x1b[31m team\x07"
	r, err := report.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if engine.HasControl(r.Team) {
		t.Errorf("team %q keeps control characters", r.Team)
	}
	doc := render(t, htmlOf, in)
	if _, err := html.Parse(strings.NewReader(string(doc))); err != nil || strings.ContainsRune(string(doc), 0x1b) {
		t.Error("control characters reach the HTML")
	}
}

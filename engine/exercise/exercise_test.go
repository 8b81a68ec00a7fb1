package exercise_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/exercise"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/internal/htmlcheck"
	"github.com/ttx-dev/ttx/scenarios"
)

func guides(t testing.TB) engine.Guides {
	t.Helper()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// shipped loads every shipped scenario.
func shipped(t testing.TB) []*engine.Scenario {
	t.Helper()
	c, err := scenarios.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var out []*engine.Scenario
	for _, e := range c.Entries {
		out = append(out, e.Scenario)
	}
	if len(out) < 7 {
		t.Fatalf("only %d shipped scenarios", len(out))
	}
	return out
}

// docNames are the documents of a package, in order.
var docNames = []string{"index", "exercise-plan", "situation-manual", "role-cards", "inject-cards", "facilitator-guide", "feedback-form"}

// load loads a fixture of testdata/valid.
func load(t testing.TB, name string) *engine.Scenario {
	t.Helper()
	sc, err := engine.Load(filepath.Join("../../testdata/valid", name), guides(t))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// pack builds sc's package and checks every document (checkDocs).
func pack(t *testing.T, sc *engine.Scenario, opt exercise.Options) ([]exercise.Document, map[string]*html.Node) {
	t.Helper()
	docs, err := exercise.Build(sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	return docs, checkDocs(t, docs)
}

// names lists the file names of a package.
func names(docs []exercise.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Name+".html", d.Name+".md")
	}
	return out
}

// checkDocs checks every document of a package: well formed and
// self-contained HTML (the index may link to the other files), headings in
// order, Markdown tables whole. It returns the parsed pages by name.
func checkDocs(t *testing.T, docs []exercise.Document) map[string]*html.Node {
	t.Helper()
	var got []string
	pages := map[string]*html.Node{}
	for _, d := range docs {
		got = append(got, d.Name)
		root := htmlcheck.WellFormed(t, d.HTML)
		if d.Name == "index" {
			htmlcheck.SelfContainedLinks(t, root, d.HTML, names(docs))
		} else {
			htmlcheck.SelfContained(t, root, d.HTML)
		}
		checkHeadings(t, d.Name, root)
		checkMarkdownTables(t, d.Name, string(d.Markdown))
		pages[d.Name] = root
	}
	if strings.Join(got, " ") != strings.Join(docNames, " ") {
		t.Errorf("documents %v, want %v", got, docNames)
	}
	return pages
}

// checkHeadings fails when a page's headings would fail an accessibility
// checker: one h1, first; no level skipped on the way down.
func checkHeadings(t *testing.T, name string, root *html.Node) {
	t.Helper()
	level, h1 := 0, 0
	htmlcheck.Walk(root, func(n *html.Node) {
		if n.Type != html.ElementNode || len(n.Data) != 2 || n.Data[0] != 'h' || n.Data[1] < '1' || n.Data[1] > '6' {
			return
		}
		l := int(n.Data[1] - '0')
		if l == 1 {
			h1++
		}
		if level == 0 && l != 1 {
			t.Errorf("%s: the first heading is <%s>, not <h1>", name, n.Data)
		}
		if l > level+1 {
			t.Errorf("%s: <%s> after <h%d> skips a level", name, n.Data, level)
		}
		level = l
	})
	if h1 != 1 {
		t.Errorf("%s: %d <h1>, want 1", name, h1)
	}
	if lang := attr(root, "html", "lang"); lang != "en" {
		t.Errorf("%s: lang %q", name, lang)
	}
	if len(htmlcheck.Find(root, "title", "")) != 1 || len(htmlcheck.Find(root, "main", "")) != 1 {
		t.Errorf("%s: a page needs one <title> and one <main>", name)
	}
}

func attr(root *html.Node, tag, key string) string {
	for _, n := range htmlcheck.Find(root, tag, "") {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
	}
	return ""
}

var unescapedPipe = regexp.MustCompile(`(^|[^\\])\|`)

// checkMarkdownTables fails when the rows of a Markdown table differ in
// their number of cells: text with a pipe broke out of its cell.
func checkMarkdownTables(t *testing.T, name, md string) {
	t.Helper()
	cells := -1
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			cells = -1
			continue
		}
		n := len(unescapedPipe.FindAllStringIndex(strings.ReplaceAll(line, "||", "| |"), -1))
		if cells >= 0 && n != cells {
			t.Errorf("%s.md line %d: %d cells, the table's header has %d: %s", name, i+1, n-1, cells-1, line)
		}
		if cells < 0 {
			cells = n
		}
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	htmlcheck.Walk(n, func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestShippedPackages: the package of every shipped scenario is well formed
// and self-contained, with one role card per role and one inject card per
// event the parameters leave in play; the guide holds every answer, the
// manual none.
func TestShippedPackages(t *testing.T) {
	t.Parallel()
	for _, sc := range shipped(t) {
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			_, pages := pack(t, sc, exercise.Options{Team: "Board"})
			roles := htmlcheck.Find(pages["role-cards"], "section", "role")
			if len(roles) != len(sc.RoleInfo) || len(roles) == 0 {
				t.Errorf("%d role cards for %d roles", len(roles), len(sc.RoleInfo))
			}
			for i, r := range sc.RoleInfo {
				if i < len(roles) && (!strings.Contains(text(roles[i]), r.Title) || r.Brief == "" || r.Private == "") {
					t.Errorf("role card %d: %q lacks its title, or the role a brief or private information", i, r.Title)
				}
			}
			events := 0
			for i := range sc.Events {
				if !sc.RuledOut(sc.Events[i].When) {
					events++
				}
			}
			if injects := htmlcheck.Find(pages["inject-cards"], "section", "inject"); len(injects) != events {
				t.Errorf("%d inject cards for %d events in play", len(injects), events)
			}
			guide, manual := text(pages["facilitator-guide"]), text(pages["situation-manual"])
			for _, s := range sc.Scenes {
				for j, a := range s.Answers {
					if a == "" {
						t.Errorf("scene %s: prompt %d has no answer", s.ID, j+1)
						continue
					}
					if !strings.Contains(guide, flat(a)[:min(40, len(flat(a)))]) {
						t.Errorf("scene %s: the guide lacks the answer %q", s.ID, a)
					}
				}
				for _, c := range s.Choices {
					if c.Why != "" && strings.Contains(manual, flat(c.Why)) {
						t.Errorf("the situation manual gives away why %q scores", c.ID)
					}
				}
			}
			if len(sc.Modules) == 0 {
				t.Errorf("no modules")
			}
		})
	}
}

// TestPackageParams: parameters set for the package show in every document
// that names the organisation, and the clocks left out by them are said to
// be.
func TestPackageParams(t *testing.T) {
	t.Parallel()
	bound, err := load(t, "exercise.toml").WithParams(map[string]string{"company": "Acme Ltd", "listed": "false"})
	if err != nil {
		t.Fatal(err)
	}
	_, pages := pack(t, bound, exercise.Options{})
	for _, name := range docNames {
		if !strings.Contains(text(pages[name]), "Acme Ltd") {
			t.Errorf("%s does not name the organisation", name)
		}
	}
	for name, wants := range map[string][]string{
		"exercise-plan": {
			"GDPR regulator notice (72 hours) T+72h (Fri 13 Mar, 08:40) Always",
			"Not in play for this organisation (by its parameters): SEC 8-K (listed companies: 4 business days).",
			"Module 1: The first hours 20 min",
		},
		"inject-cards": {"Fires By hand only", "A reporter asks Acme Ltd why records were exposed."},
		"facilitator-guide": {
			"Shown instead when “exposed” is on: The records are still exposed at 09:40. What do you say?",
			"★ Close the exposure now",
			"Only what you can keep.",
			"Module 2: Going public",
		},
	} {
		got := text(pages[name])
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s lacks %q:\n%s", name, want, got)
			}
		}
	}
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r == 0x7f || r == 0xfffd:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String() + `"`
}

// TestHostile: hostile text in every field of a scenario, in the team's
// name and in a parameter, reaches no document as markup, a link or a
// terminal control, and breaks no table.
func TestHostile(t *testing.T) {
	t.Parallel()
	for i, bad := range hostile.Strings {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			q := tomlString(bad)
			src := strings.NewReplacer("HOSTILE", q[1:len(q)-1]).Replace(hostileScenario)
			sc, err := engine.Parse("hostile.toml", []byte(src), guides(t))
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			sc, err = sc.WithParams(map[string]string{"company": bad})
			if err != nil {
				t.Fatal(err)
			}
			docs, _ := pack(t, sc, exercise.Options{Team: engine.Sanitize(bad)})
			for _, d := range docs {
				hostile.HTML(t, d.Name+".html", string(d.HTML))
				hostile.Markdown(t, d.Name+".md", string(d.Markdown))
			}
		})
	}
}

// hostileScenario has HOSTILE in every text a document shows.
const hostileScenario = `
[scenario]
id = "hostile"
title = "T HOSTILE {param.company}"
summary = "S HOSTILE"
version = "V HOSTILE"
start = "first"
start_time = 2026-03-10T08:40:00

[params]
company = "C"
sector = "HOSTILE"

[vars]
exposed = true
trust = 50

[bounds]
trust = [0, 100]

[display]
flags = [{ var = "exposed", label = "L HOSTILE" }]

[[roles]]
id = "ceo"
title = "R HOSTILE"
brief = "B HOSTILE"
private = "P HOSTILE"

[[modules]]
id = "m"
title = "M HOSTILE"
summary = "MS HOSTILE"
budget = "30m"
scenes = ["first", "second"]

[[clocks]]
id = "c"
label = "CL HOSTILE"
due = 72
done = "chose('act')"

[[scenes]]
id = "first"
title = "ST HOSTILE"
role = "ceo"
text = "TX HOSTILE {trust}"
notes = "N HOSTILE"
time_limit = "2m"
timeout = "wait"

  [[scenes.discuss]]
  prompt = "Q HOSTILE"
  answer = "A HOSTILE"

  [[scenes.variants]]
  when = "!exposed"
  text = "VX HOSTILE"

  [[scenes.choices]]
  id = "act"
  text = "CT HOSTILE"
  set = { exposed = false }
  score = { contain = 2 }
  why = "W HOSTILE"
  goto = "second"

  [[scenes.choices]]
  id = "wait"
  text = "CW HOSTILE"
  score = { contain = -2 }
  why = "WW HOSTILE"
  goto = "second"

[[scenes]]
id = "second"
title = "S2 HOSTILE"
text = "X2 HOSTILE"
pick = [1, 2]
goto = "done"

  [[scenes.choices]]
  id = "sorry"
  text = "P1 HOSTILE"
  score = { own = 2 }
  why = "PW HOSTILE"

  [[scenes.choices]]
  id = "blame"
  text = "P2 HOSTILE"
  score = { own = -2 }
  why = "PB HOSTILE"

[[events]]
id = "press"
channel = "press"
from = "F HOSTILE"
when = "exposed && hours >= 1"
text = "E HOSTILE"
add = { trust = -5 }

[[checks]]
principle = "own"
when = "chose('sorry')"
score = 1
why = "K HOSTILE"

[[endings]]
id = "done"
title = "D HOSTILE"
text = "DX HOSTILE"
`

// TestPackageOfLegacyFile: a scenario without the exercise keys still
// makes a whole package.
func TestPackageOfLegacyFile(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"mini.toml", "bucket-leak.toml", "rules.toml"} {
		sc := load(t, f)
		_, pages := pack(t, sc, exercise.Options{})
		if got := len(htmlcheck.Find(pages["role-cards"], "section", "role")); got != len(sc.RoleInfo) {
			t.Errorf("%s: %d role cards for %d roles", f, got, len(sc.RoleInfo))
		}
	}
}

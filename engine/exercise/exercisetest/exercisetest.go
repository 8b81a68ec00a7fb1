// Package exercisetest holds the checks that the tests of exercise
// packages share: every document of a package is well formed,
// self-contained and accessible, and its Markdown tables are whole.
package exercisetest

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine/exercise"
	"github.com/ttx-dev/ttx/internal/htmlcheck"
)

// DocNames are the documents of a package, in order.
var DocNames = []string{"index", "exercise-plan", "situation-manual", "role-cards", "inject-cards", "facilitator-guide", "feedback-form"}

// names lists the file names of a package.
func names(docs []exercise.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Name+".html", d.Name+".md")
	}
	return out
}

// Check checks every document of a package: well formed and self-contained
// HTML (the index may link to the other files), headings in order, Markdown
// tables whole. It returns the parsed pages by name.
func Check(t testing.TB, docs []exercise.Document) map[string]*html.Node {
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
	if strings.Join(got, " ") != strings.Join(DocNames, " ") {
		t.Errorf("documents %v, want %v", got, DocNames)
	}
	return pages
}

// checkHeadings fails when a page's headings would fail an accessibility
// checker: one h1, first; no level skipped on the way down.
func checkHeadings(t testing.TB, name string, root *html.Node) {
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
func checkMarkdownTables(t testing.TB, name, md string) {
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

// Text is the text of n and all it holds, its spaces collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	htmlcheck.Walk(n, func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

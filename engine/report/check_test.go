package report_test

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/internal/htmlcheck"
)

// text is the text content of a node, with runs of space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// mdTables returns the tables of a Markdown document, each as its rows of
// cells, and fails the test on a malformed table: a header, a delimiter row
// with as many cells, and rows with as many cells.
func checkHTML(t *testing.T, doc []byte) *html.Node { return htmlcheck.WellFormed(t, doc) }

func checkSelfContained(t *testing.T, root *html.Node, doc []byte) {
	htmlcheck.SelfContained(t, root, doc)
}

func walk(n *html.Node, f func(*html.Node))                { htmlcheck.Walk(n, f) }
func hasClass(n *html.Node, class string) bool             { return htmlcheck.HasClass(n, class) }
func find(root *html.Node, tag, class string) []*html.Node { return htmlcheck.Find(root, tag, class) }

func mdTables(t *testing.T, md string) [][][]string {
	t.Helper()
	var tables [][][]string
	var cur []string
	flush := func() {
		if len(cur) == 0 {
			return
		}
		tables = append(tables, parseTable(t, cur))
		cur = nil
	}
	for line := range strings.SplitSeq(md, "\n") {
		if strings.HasPrefix(line, "|") {
			cur = append(cur, line)
			continue
		}
		flush()
	}
	flush()
	return tables
}

var delim = regexp.MustCompile(`^:?-+:?$`)

func parseTable(t *testing.T, lines []string) [][]string {
	t.Helper()
	if len(lines) < 2 {
		t.Fatalf("a table needs a header and a delimiter row:\n%s", strings.Join(lines, "\n"))
	}
	var rows [][]string
	for i, l := range lines {
		if !strings.HasSuffix(l, "|") {
			t.Fatalf("table row does not end with a pipe: %q", l)
		}
		cells := splitRow(l)
		if i > 0 && len(cells) != len(rows[0]) {
			t.Fatalf("table row %d has %d cells, the header %d:\n%s", i, len(cells), len(rows[0]), strings.Join(lines, "\n"))
		}
		if i == 1 {
			for _, c := range cells {
				if !delim.MatchString(c) {
					t.Fatalf("bad delimiter row %q", l)
				}
			}
		}
		rows = append(rows, cells)
	}
	return rows
}

// splitRow splits a table row at its unescaped pipes.
func splitRow(l string) []string {
	var cells []string
	var cur strings.Builder
	for i := 1; i < len(l); i++ {
		switch {
		case l[i] == '\\' && i+1 < len(l):
			cur.WriteByte(l[i])
			cur.WriteByte(l[i+1])
			i++
		case l[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(l[i])
		}
	}
	return cells
}

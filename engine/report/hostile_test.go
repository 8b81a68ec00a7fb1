package report_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine"
	bad "github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/report"
)

// hostileScenario is a scenario whose every text is h, quoted for TOML.
func hostileScenario(h string) []byte {
	q := tomlQuote(h)
	return fmt.Appendf(nil, `[scenario]
id = "hostile"
title = %[2]s
summary = %[1]s
version = %[1]s
start = "first"

[[scenes]]
id = "first"
title = %[1]s
text = %[1]s

  [[scenes.choices]]
  id = "act"
  text = %[1]s
  hours = 1
  score = { contain = 2 }
  why = %[1]s
  goto = "done"

  [[scenes.choices]]
  id = "wait"
  text = "Wait"
  score = { contain = -2 }
  why = %[1]s
  goto = "done"

[[events]]
id = "press"
channel = "press"
from = %[1]s
when = "hours >= 1"
text = %[1]s

[[endings]]
id = "done"
title = %[1]s
text = %[1]s
`, q, tomlQuote("Drill "+h))
}

// tomlQuote writes s as a TOML basic string; invalid UTF-8, which no TOML
// file can hold, becomes U+FFFD.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TestMarkdownHostile puts each hostile string in every text of a report
// and of a comparison, from the scenario file and from the store: no raw
// HTML, link or terminal control survives in the Markdown, and a renderer
// shows the team's name as it was typed.
func TestMarkdownHostile(t *testing.T) {
	t.Parallel()
	for i, h := range bad.Strings {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			sc := loadSrc(t, "hostile.toml", hostileScenario(h))
			var runs []report.Input
			for j, path := range [][]string{{"act"}, {"wait"}} {
				in := play(t, sc, 1, path)
				in.RunID = int64(j + 1)
				in.Team = h
				in.Participants = []engine.Participant{{Name: h, Role: h}}
				in.Hotwash = engine.Hotwash{WentWell: h, Improve: h + "\n~~~\n" + h}
				in.Actions = []engine.Action{{What: h, Owner: h, Principle: h}}
				runs = append(runs, in)
			}
			md := string(render(t, mdOf, runs[0]))
			bad.Markdown(t, "report", md)
			var b strings.Builder
			if err := report.CompareMarkdown(&b, runs); err != nil {
				t.Fatal(err)
			}
			bad.Markdown(t, "comparison", b.String())

			// The team shows as typed, less what acts on a terminal.
			want := strings.Join(strings.Fields(engine.Sanitize(h)), " ")
			if want == "" {
				want = "not recorded"
			}
			if got := renderedLine(t, md, "Team:"); got != want {
				t.Errorf("the report shows the team as %q, want %q", got, want)
			}
		})
	}
}

// renderedLine renders md and returns the text of the list item that
// starts with label, without it.
func renderedLine(t *testing.T, md, label string) string {
	t.Helper()
	var b bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(md), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	for _, li := range find(doc, "li", "") {
		if s, ok := strings.CutPrefix(text(li), label); ok {
			return strings.TrimSpace(s)
		}
	}
	t.Fatalf("no item %q in the rendered report", label)
	return ""
}

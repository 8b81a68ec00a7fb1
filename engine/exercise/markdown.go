package exercise

import (
	"fmt"
	"strings"

	"github.com/ttx-dev/ttx/engine/internal/markup"
	"github.com/ttx-dev/ttx/engine/internal/mdtext"
)

// renderMarkdown writes a document as Markdown (GitHub flavoured: tables).
func renderMarkdown(d document, footer string) []byte {
	var b strings.Builder
	mdBlocks(&b, d.blocks)
	b.WriteString("---\n\n" + mdtext.Inline(footer) + "\n")
	return []byte(b.String())
}

func mdBlocks(b *strings.Builder, bs []block) {
	for _, x := range bs {
		mdBlock(b, x)
	}
}

func mdBlock(b *strings.Builder, x block) {
	switch {
	case x.Heading != nil:
		fmt.Fprintf(b, "%s %s\n\n", strings.Repeat("#", x.Heading.Level), mdtext.Inline(x.Heading.Text))
	case x.Para != nil:
		t := mdtext.Inline(x.Para.Text)
		if x.Para.Class == "note" {
			t = "> " + t
		}
		b.WriteString(t + "\n\n")
	case x.Prose != "":
		for _, par := range markup.Paragraphs(x.Prose) {
			b.WriteString(mdtext.Inline(par) + "\n\n")
		}
	case x.List != nil:
		for i, it := range x.List.Items {
			mark := "-"
			if x.List.Ordered {
				mark = fmt.Sprintf("%d.", i+1)
			}
			fmt.Fprintf(b, "%s %s\n", mark, mdtext.Inline(it))
		}
		b.WriteString("\n")
	case x.Table != nil:
		if x.Table.Caption != "" {
			fmt.Fprintf(b, "**%s**\n\n", mdtext.Inline(x.Table.Caption))
		}
		mdRow(b, x.Table.Head)
		seps := make([]string, len(x.Table.Head))
		for i := range seps {
			seps[i] = "---"
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(seps, " | "))
		for _, r := range x.Table.Rows {
			mdRow(b, r)
		}
		b.WriteString("\n")
	case len(x.Facts) > 0:
		for _, f := range x.Facts {
			fmt.Fprintf(b, "- **%s:** %s\n", mdtext.Inline(f.Term), mdtext.Inline(f.Def))
		}
		b.WriteString("\n")
	case x.Box != nil:
		if x.Box.Class == "card" || strings.HasPrefix(x.Box.Class, "card ") {
			b.WriteString("---\n\n")
		}
		mdBlocks(b, x.Box.Blocks)
	case x.Lines > 0:
		for i := 0; i < x.Lines; i++ {
			fmt.Fprintf(b, "%d. %s\n", i+1, strings.Repeat(`\_`, 40))
		}
		b.WriteString("\n")
	case x.Ratings != nil:
		r := x.Ratings
		mdRow(b, []string{r.Head, "1", "2", "3", "4", "5"})
		b.WriteString("| --- | :-: | :-: | :-: | :-: | :-: |\n")
		for _, it := range r.Items {
			mdRow(b, []string{it, "☐", "☐", "☐", "☐", "☐"})
		}
		fmt.Fprintf(b, "\n1 = %s; 5 = %s.\n\n", mdtext.Inline(r.Low), mdtext.Inline(r.High))
	case len(x.Links) > 0:
		mdRow(b, []string{"Document", "What it is for", "Files"})
		b.WriteString("| --- | --- | --- |\n")
		for _, l := range x.Links {
			fmt.Fprintf(b, "| %s | %s | [HTML](%s) · [Markdown](%s) |\n", mdCell(l.Title), mdCell(l.Purpose), l.HTML, l.Markdown)
		}
		b.WriteString("\n")
	}
}

func mdRow(b *strings.Builder, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + mdCell(c) + " |")
	}
	b.WriteString("\n")
}

// mdCell escapes scenario text for a table cell; an empty cell shows a
// dash.
func mdCell(s string) string {
	if s = mdtext.Cell(mdtext.Inline(s)); s == "" {
		return "—"
	}
	return s
}

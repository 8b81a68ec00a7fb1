package engine

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Edge colours by score effect, and for events.
const (
	colorGain    = "#1a7f37"
	colorLoss    = "#cf222e"
	colorNeutral = "#6e7781"
	colorEvent   = "#bc4c00"
)

// graphEdge is one arrow of the branching graph.
type graphEdge struct {
	from, to string
	label    string
	color    string
	event    bool
}

// graph lists the nodes and edges of a scenario's branching: scenes, endings,
// one edge per choice coloured by its score effect, and, from an analysis,
// one dashed edge per event seen to redirect the drill.
func (sc *Scenario) graph(a *Analysis) []graphEdge {
	var edges []graphEdge
	target := func(t Target) string {
		if t.Ending {
			return fmt.Sprintf("e%d", t.Index)
		}
		return fmt.Sprintf("s%d", t.Index)
	}
	for i := range sc.Scenes {
		s := &sc.Scenes[i]
		for j := range s.Choices {
			c := &s.Choices[j]
			to := c.Goto
			if s.IsPick() {
				to = s.Goto
			}
			if to.Index < 0 {
				continue
			}
			sum := 0
			for _, p := range c.Score {
				sum += p.By
			}
			color, label := colorNeutral, c.ID
			switch {
			case sum > 0:
				color, label = colorGain, fmt.Sprintf("%s (+%d)", c.ID, sum)
			case sum < 0:
				color, label = colorLoss, fmt.Sprintf("%s (%d)", c.ID, sum)
			}
			edges = append(edges, graphEdge{from: fmt.Sprintf("s%d", i), to: target(to), label: label, color: color})
		}
	}
	if a != nil && !a.Estimated {
		for _, r := range a.Redirects {
			edges = append(edges, graphEdge{from: fmt.Sprintf("s%d", r.Scene), to: target(r.Target), label: "⚡ " + sc.Events[r.Event].ID, color: colorEvent, event: true})
		}
	} else {
		for i, e := range sc.Events {
			if e.Goto.Index >= 0 {
				edges = append(edges, graphEdge{from: fmt.Sprintf("ev%d", i), to: target(e.Goto), label: "⚡ " + e.ID, color: colorEvent, event: true})
			}
		}
	}
	return edges
}

// WriteDOT writes the scenario's branching as a Graphviz graph: scenes as
// boxes (the start in bold, unreachable ones dashed), endings as double
// octagons, choices as labelled edges coloured by their score effect (green
// gains, red losses), events as dashed edges. a may be nil, in which case
// events are drawn from their own node and nothing is marked unreachable;
// when a is estimated, events are drawn from their own node and only the
// scenes it rules out are marked unreachable.
func (sc *Scenario) WriteDOT(w io.Writer, a *Analysis) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "digraph %s {\n", dotQuote(sc.ID))
	b.WriteString("  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n")
	for i := range sc.Scenes {
		s := &sc.Scenes[i]
		style := "rounded"
		if i == sc.Start {
			style += ",bold"
		}
		if a != nil && !a.Reachable[i] {
			style += ",dashed"
		}
		fmt.Fprintf(b, "  s%d [shape=box, style=%q, label=%s];\n", i, style, dotQuote(s.Title.Source(sc)+"\n"+s.ID))
	}
	for i := range sc.Endings {
		e := &sc.Endings[i]
		fmt.Fprintf(b, "  e%d [shape=doubleoctagon, label=%s];\n", i, dotQuote(endingLabel(sc, e, "\n")))
	}
	if a == nil || a.Estimated {
		for i, e := range sc.Events {
			if e.Goto.Index >= 0 {
				fmt.Fprintf(b, "  ev%d [shape=note, label=%s];\n", i, dotQuote(e.ID))
			}
		}
	}
	for _, e := range sc.graph(a) {
		style := "solid"
		if e.event {
			style = "dashed"
		}
		fmt.Fprintf(b, "  %s -> %s [label=%s, color=%q, fontcolor=%q, style=%s];\n", e.from, e.to, dotQuote(e.label), e.color, e.color, style)
	}
	b.WriteString("}\n")
	return b.Flush()
}

// WriteMermaid writes the same graph as WriteDOT in Mermaid's flowchart
// syntax, for Markdown documents.
func (sc *Scenario) WriteMermaid(w io.Writer, a *Analysis) error {
	b := bufio.NewWriter(w)
	b.WriteString("flowchart LR\n")
	for i := range sc.Scenes {
		s := &sc.Scenes[i]
		fmt.Fprintf(b, "  s%d[%s]\n", i, mermaidQuote(s.Title.Source(sc)+"<br>"+s.ID))
	}
	for i := range sc.Endings {
		e := &sc.Endings[i]
		fmt.Fprintf(b, "  e%d([%s])\n", i, mermaidQuote(endingLabel(sc, e, "<br>")))
	}
	if a == nil || a.Estimated {
		for i, e := range sc.Events {
			if e.Goto.Index >= 0 {
				fmt.Fprintf(b, "  ev%d>%s]\n", i, mermaidQuote(e.ID))
			}
		}
	}
	edges := sc.graph(a)
	for _, e := range edges {
		if e.event {
			fmt.Fprintf(b, "  %s -. %s .-> %s\n", e.from, mermaidQuote(e.label), e.to)
		} else {
			fmt.Fprintf(b, "  %s -- %s --> %s\n", e.from, mermaidQuote(e.label), e.to)
		}
	}
	for i, e := range edges {
		fmt.Fprintf(b, "  linkStyle %d stroke:%s,color:%s\n", i, e.color, e.color)
	}
	fmt.Fprintf(b, "  style s%d stroke-width:3px\n", sc.Start)
	if a != nil {
		for i := range sc.Scenes {
			if !a.Reachable[i] {
				fmt.Fprintf(b, "  style s%d stroke-dasharray: 5 5\n", i)
			}
		}
	}
	return b.Flush()
}

// endingLabel names an ending, with the condition that ends a drill there
// from anywhere, if it has one.
func endingLabel(sc *Scenario, e *Ending, br string) string {
	l := e.Title.Source(sc) + br + e.ID
	if e.When != nil {
		l += br + "when " + e.When.Src
	}
	return l
}

// dotQuote quotes s as a DOT string.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// mermaidQuote quotes s as a Mermaid label.
func mermaidQuote(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "\n", " ")
	return `"` + r.Replace(s) + `"`
}

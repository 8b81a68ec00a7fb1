package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/internal/mdtext"
)

// Markdown writes the after-action report as Markdown (GitHub flavoured:
// tables).
func Markdown(w io.Writer, in Input) error {
	r, err := Build(in)
	if err != nil {
		return err
	}
	b := &mdWriter{}
	b.report(r)
	_, err = io.WriteString(w, b.String())
	return err
}

type mdWriter struct{ strings.Builder }

func (b *mdWriter) f(format string, args ...any) { fmt.Fprintf(b, format, args...) }

// mdBlock escapes an author's Markdown text, or the hotwash, for a
// paragraph: lines and emphasis are kept; raw HTML, entities, code spans and
// links show as written.
func mdBlock(s string) string { return mdtext.Block(s) }

// mdInline is mdBlock on one line: the text goes in a list item or a
// sentence.
func mdInline(s string) string { return mdtext.Inline(s) }

// mdText escapes text people typed (a team, a name, an action) for one
// line: every character shows as itself.
func mdText(s string) string { return mdtext.Text(s) }

// mdCell is mdInline for a table cell: pipes are escaped, and an empty cell
// shows a dash.
func mdCell(s string) string { return orEmDash(mdInline(s)) }

// mdTextCell is mdText for a table cell.
func mdTextCell(s string) string { return orEmDash(mdText(s)) }

func orEmDash(s string) string {
	if s == "" {
		return "—"
	}
	return mdtext.Cell(s)
}

// mdRow writes a table row.
func (b *mdWriter) row(cells ...string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + c + " |")
	}
	b.WriteString("\n")
}

// mdCode quotes an identifier as code, or escapes it as text when it is not
// one.
func mdCode(s string) string { return mdtext.Code(s) }

func (b *mdWriter) report(r *Report) {
	b.f("# After-action report: %s\n\n", mdInline(r.Scenario.Title))
	b.f("Tabletop exercise on a simulated data breach. The team's decisions were scored against %d principles of good practice", len(r.scored()))
	if r.Scenario.Guidance != "" {
		b.f(", from the rubric *%s*", mdInline(r.Scenario.Guidance))
	}
	b.f(". ")
	b.f("This report follows the shape of an HSEEP after-action report and improvement plan (AAR/IP).\n\n")

	b.f("## 1. Exercise overview\n\n")
	b.f("- **Scenario:** %s (%s, version %s)\n", mdInline(r.Scenario.Title), mdCode(r.Scenario.ID), mdInline(r.Scenario.Version))
	if r.Scenario.Hash != "" {
		b.f("- **Scenario file hash:** %s\n", mdCode(short(r.Scenario.Hash)))
	}
	if r.RunID != 0 {
		b.f("- **Run:** #%d\n", r.RunID)
	}
	b.f("- **Date:** %s\n", orDash(r.when()))
	b.f("- **Team:** %s\n", orDash(mdText(r.Team)))
	b.f("- **Real duration:** %s\n", orDash(r.realTime()))
	b.f("- **Scenario time covered:** %s\n", hoursLong(r.Hours))
	b.f("- **Decisions:** %d (seed %d)\n", len(r.Timeline), r.Seed)
	b.f("- **Outcome:** %s\n\n", mdInline(r.outcome()))
	if r.Scenario.Summary != "" {
		b.f("%s\n\n", mdBlock(r.Scenario.Summary))
	}
	if len(r.Participants) > 0 {
		b.f("### Participants\n\n")
		b.row("Name", "Role")
		b.row("---", "---")
		for _, p := range r.Participants {
			b.row(mdTextCell(p.Name), mdTextCell(p.Role))
		}
		b.WriteString("\n")
	}

	b.f("## 2. Results at a glance\n\n")
	b.f("**Overall: %s, rated %s (%s).**", percent(r.TotalPercent), r.TotalRating.Code, r.TotalRating.Label)
	if c := r.RatingCappedBy; c != nil {
		b.f(" (%s.)", mdInline(c.Reason))
	}
	b.f("\n\n")
	if r.Ending != nil {
		b.f("**Ending: %s.** %s\n\n", mdInline(r.Ending.Title), mdInline(r.Ending.Text))
	}
	if !r.Finished {
		b.f("The drill was not finished: the scores count the decisions made so far, as if it had ended there.\n\n")
	}
	b.f("%s %s\n\n", legendRatings, legendPercent)
	if r.BoundsNote != nil {
		b.f("**Note:** %s\n\n", mdInline(*r.BoundsNote))
	}
	b.row("Principle", "Score", "Rating", "Raw score (worst to best)")
	b.row("---", "---:", "---", "---")
	for _, p := range r.scored() {
		b.row(mdCell(p.Title), percent(p.Percent), p.Rating.Code+", "+p.Rating.Label, fmt.Sprintf("%d (%d to %d)", p.Raw, p.Worst, p.Best))
	}
	b.row("**Overall**", "**"+percent(r.TotalPercent)+"**", "**"+r.TotalRating.Code+"**, "+r.TotalRating.Label, "")
	b.WriteString("\n")
	if u := r.unscored(); len(u) > 0 {
		b.f("Not exercised by this scenario: %s.\n\n", mdInline(strings.Join(u, "; ")))
	}

	b.f("### Clocks\n\n")
	if len(r.Clocks) == 0 {
		b.f("The scenario sets no deadlines.\n\n")
	} else {
		b.f("Deadlines that ran during the exercise, in scenario time (T+0h is the start of the scenario).\n\n")
		b.row("Clock", "Due", "Result")
		b.row("---", "---", "---")
		for _, c := range r.Clocks {
			b.row(mdCell(c.Label), hours(c.Due), clockResult(c))
		}
		b.WriteString("\n")
	}

	b.f("## 3. Analysis by principle\n\n")
	for i, p := range r.scored() {
		b.f("### 3.%d %s: %s %s\n\n", i+1, mdInline(p.Title), p.Rating.Code, percent(p.Percent))
		b.f("**%s.** Raw score %d, where the worst reachable is %d and the best %d.", p.Rating.Label, p.Raw, p.Worst, p.Best)
		if p.Summary != "" {
			b.f(" *%s*", mdInline(p.Summary))
		}
		b.WriteString("\n\n")
		b.f("**Strengths**\n\n")
		b.observations(p.Strengths, "No decision scored in favour of this principle.")
		b.f("**Areas for improvement**\n\n")
		b.observations(p.Improvements, "No decision scored against this principle.")
		if len(p.BestPath) > 0 {
			b.f("**What the best path did differently**\n\n")
			for _, m := range p.BestPath {
				costs := ""
				if c := engine.CostPhrase(m.Costs, mdInline); c != "" {
					costs = " (" + c + ")"
				}
				b.f("- **%s** at *%s*: %s%s  \n  %s\n", signed(m.Points), mdInline(m.SceneTitle), mdInline(m.Text), costs, emph(m.Why))
			}
			b.WriteString("\n")
		}
	}

	b.f("## 4. Timeline of decisions and injects\n\n")
	b.f("Times are scenario time: T+0h is the start of the scenario. Injects are the news, calls and messages that reached the team after a decision.\n\n")
	for _, st := range r.Timeline {
		b.f("**%d. %s · %s**", st.Step, hours(st.Hours), mdInline(st.SceneTitle))
		if st.Role != "" {
			b.f(" (%s)", mdInline(st.Role))
		}
		b.WriteString("\n\n")
		b.positions(st.Positions)
		for _, c := range st.Choices {
			b.f("- Decided: %s", mdInline(c.Text))
			if st.TimedOut {
				b.f(" *(time ran out)*")
			}
			b.WriteString("\n")
		}
		if st.CommittedBy != "" {
			b.f("- Committed by %s\n", mdText(st.CommittedBy))
		}
		for _, e := range st.Events {
			from := ""
			if e.From != "" {
				from = ", " + mdInline(e.From)
			}
			hand := ""
			if e.Hand {
				hand = ", fired by the facilitator"
			}
			b.f("- Inject at %s (%s%s%s): %s\n", hours(e.Hours), mdInline(e.Channel), from, hand, mdInline(e.Text))
		}
		b.WriteString("\n")
	}
	if len(r.Undecided) > 0 {
		b.f("**Left open when the drill stopped**\n\n")
		b.positions(r.Undecided)
		b.WriteString("\n")
	}
	if r.Ending != nil {
		b.f("**End at %s: %s**\n\n%s\n\n", hours(r.Hours), mdInline(r.Ending.Title), mdBlock(r.Ending.Text))
	}
	if len(r.Controls) > 0 {
		b.f("### The facilitator's controls\n\n")
		b.row("#", "After decision", "Control", "By", "Time")
		b.row("---:", "---:", "---", "---", "---")
		for _, c := range r.Controls {
			text := mdCell(c.Text)
			if c.Undone {
				text += " (undone with the decision before it)"
			}
			b.row(fmt.Sprint(c.N), fmt.Sprint(c.After), text, mdTextCell(c.By), clockTime(c.At))
		}
		b.WriteString("\n")
	}

	b.f("## 5. Hotwash\n\n")
	b.f("**What went well**\n\n%s\n\n", orNone(mdBlock(r.Hotwash.WentWell)))
	b.f("**What to improve**\n\n%s\n\n", orNone(mdBlock(r.Hotwash.Improve)))

	b.f("## Appendix A. Improvement plan\n\n")
	if len(r.Actions) == 0 {
		b.f("No improvement action was recorded.\n")
		return
	}
	b.row("#", "Action", "Principle", "Owner", "Due", "Status")
	b.row("---:", "---", "---", "---", "---", "---")
	for i, a := range r.Actions {
		pr := a.PrincipleTitle
		if pr == "" {
			pr = a.Principle
		}
		b.row(fmt.Sprint(i+1), mdTextCell(a.What), mdCell(pr), mdTextCell(a.Owner), mdTextCell(a.DueDate()), statusText(a))
	}
}

// positions writes who argued for what before a decision.
func (b *mdWriter) positions(ps []Position) {
	if len(ps) == 0 {
		return
	}
	b.f("- Who argued for what:\n")
	for _, p := range ps {
		who := "**" + mdText(p.Name) + "**"
		if p.Role != "" {
			who += " (" + mdText(p.Role) + ")"
		}
		var texts []string
		for _, c := range p.Choices {
			texts = append(texts, mdInline(c.Text))
		}
		b.f("  - %s: %s", who, strings.Join(texts, "; "))
		if p.Reason != "" {
			b.f(", because %s", mdText(p.Reason))
		}
		if p.Agreed {
			b.f(" *(as decided)*")
		}
		b.WriteString("\n")
	}
}

func (b *mdWriter) observations(obs []Observation, none string) {
	if len(obs) == 0 {
		b.f("- %s\n\n", none)
		return
	}
	for _, o := range obs {
		where := ""
		if o.Step > 0 {
			where = fmt.Sprintf(" (decision %d, %s)", o.Step, hours(o.Hours))
		}
		b.f("- **%s** %s%s  \n  %s\n", signed(o.Points), mdInline(o.Text), where, emph(o.Why))
	}
	b.WriteString("\n")
}

// emph sets a reason in italics.
func emph(s string) string {
	s = mdInline(s)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "*") {
		return s
	}
	return "*" + s + "*"
}

func orDash(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "Nothing was recorded."
	}
	return s
}

// short abbreviates a hash.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

package debrief

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/panel"
)

// choiceText returns a choice's text and why, by id.
func choiceText(d *engine.Drill, id string) (string, string) {
	sc := d.Scenario()
	if i, ok := sc.ChoiceIndex(id); ok {
		_, c := sc.ChoiceByIndex(i)
		return d.Render(c.Text), c.Why
	}
	return common.Line(id), ""
}

func (m *Model) content() string {
	st := m.c.Styles
	w := max(m.vp.Width-4, 20)
	var b strings.Builder
	switch {
	case m.scoring:
		return ""
	case m.err != nil:
		return st.Pad.Render(st.Error.Render("The drill cannot be scored: ") + common.Line(m.err.Error()))
	}
	r := m.result
	sc := m.d.Scenario()
	b.WriteString(st.Muted.Render("DEBRIEF · "+sc.Title) + "\n\n")
	if e := m.d.Ending(); e != nil {
		b.WriteString(st.Debrief.Ending.Render(m.d.Render(e.Title)) + "\n")
		if !e.Text.IsEmpty() {
			b.WriteString(m.c.Markdown.Render(m.d.Render(e.Text), w) + "\n")
		}
	} else {
		b.WriteString(st.Debrief.Ending.Render(m.stopped()) + "\n")
	}
	team := ""
	if m.team != "" {
		team = m.team + " · "
	}
	overall, capped := engine.OverallRating(r.TotalPercent, r.Scores)
	b.WriteString("\n" + st.Debrief.Total.Render(fmt.Sprintf("Total %.0f%%", r.TotalPercent)) + " " +
		st.Debrief.Rating[overall.Code].Render(overall.Code) +
		st.Muted.Render(fmt.Sprintf("   %s%s · ended %s · seed %d", team, common.Plural(len(r.Decisions), "decision", "decisions"), panel.HoursIn(r.Hours), r.Seed)) + "\n")
	para := func(style lipgloss.Style, text string) {
		b.WriteString(style.Render(common.Wrap(text, w)) + "\n")
	}
	if capped == nil {
		para(st.Muted, "Overall: "+overall.Label+".")
	} else {
		reason := capped.Reason(overall, engine.Sanitize)
		para(st.Strong, "Overall: "+overall.Label+". "+strings.ToUpper(reason[:1])+reason[1:]+
			"; the overall rating is never more than one band better than the weakest principle's.")
	}
	para(st.Muted, "Each percentage places your decisions between the worst a team could do in this scenario (0%) and the best (100%). "+
		"Ratings: P performed without challenges (85% and up) · S with some challenges (65%) · M with major challenges (40%) · U unable to perform.")
	if r.BoundsEstimated {
		para(st.Muted, "This scenario has too many paths to try every one, so the best and worst it is measured against are estimates: "+
			"a percentage is a close guide, not an exact rank.")
	}
	if out := m.ranOut(r); out != "" {
		b.WriteString("\n" + out)
	}

	for p, s := range r.Scores {
		if !s.Scored {
			continue
		}
		pr := sc.Guidance.Principles[p]
		rt := engine.RatingFor(s.Percent)
		b.WriteString("\n" + st.Rule.Render(strings.Repeat("─", w)) + "\n")
		b.WriteString(st.Debrief.Rating[rt.Code].Render(rt.Code) + " " + st.Debrief.Principle.Render(pr.Title) + "\n")
		b.WriteString(m.bar.ViewAs(s.Percent/100) + st.Strong.Render(fmt.Sprintf(" %3.0f%%", s.Percent)) +
			st.Muted.Render("  "+rt.Label) + "\n")
		para(st.Muted, fmt.Sprintf("  %s: the best path scores %d, the worst %d.", common.Plural(s.Raw, "point", "points"), s.Best, s.Worst))
		if plan := s.PlanStatement(); plan != "" {
			para(st.Muted, "  "+plan)
		}
		if len(s.Moves) == 0 {
			b.WriteString(st.Muted.Render("  No decision of yours moved this principle.") + "\n")
		}
		for _, mv := range s.Moves {
			sign := st.Debrief.Plus.Render(fmt.Sprintf("%+d", mv.Points))
			if mv.Points < 0 {
				sign = st.Debrief.Minus.Render(fmt.Sprintf("%+d", mv.Points))
			}
			what := "at the end"
			if !mv.Check {
				what, _ = choiceText(m.d, mv.Choice)
			}
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, "  "+sign+" ", common.Wrap(what, w-6)+"\n"+st.Debrief.Why.Render(common.Wrap(mv.Why, w-6))) + "\n")
		}
		for _, mv := range s.Missed {
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, "  "+st.Muted.Render(fmt.Sprintf("%+d", mv.Points))+" ",
				st.Muted.Render("missed at the end")+"\n"+st.Debrief.Why.Render(common.Wrap(mv.Why, w-6))) + "\n")
		}
		if s.Raw < s.Best {
			b.WriteString(m.bestDiff(r, p, w))
		}
	}
	b.WriteString(m.positionsContent(w))
	return st.Pad.Render(strings.TrimRight(b.String(), "\n"))
}

// ranOut says which decisions the clock took because the team had not
// decided in time; "" when there were none.
func (m *Model) ranOut(r *engine.Result) string {
	st := m.c.Styles
	sc := m.d.Scenario()
	w := max(m.vp.Width-4, 20)
	var lines []string
	for _, dec := range r.Decisions {
		if !dec.TimedOut || len(dec.Choices) == 0 {
			continue
		}
		title := common.Line(dec.Scene)
		if i, ok := sc.SceneIndex(dec.Scene); ok {
			title = m.d.Render(sc.Scenes[i].Title)
		}
		text, _ := choiceText(m.d, dec.Choices[0])
		lines = append(lines, common.Wrap(fmt.Sprintf("  ⏱ %s: “%s” was taken.", title, text), w))
	}
	if len(lines) == 0 {
		return ""
	}
	head := fmt.Sprintf("Time ran out %s: the team had not decided, so the clock chose.", common.Plural(len(lines), "time", "times"))
	return st.Timer.Urgent.Render(head) + "\n" + strings.Join(lines, "\n") + "\n"
}

// bestDiff says what the best path for a principle did that the team did
// not, and what each of those choices costs on the other principles.
func (m *Model) bestDiff(r *engine.Result, p int, w int) string {
	st := m.c.Styles
	var lines []string
	for _, mv := range m.d.Scenario().BestMoves(r, p) {
		text := common.Wrap(m.d.Render(mv.Choice.Text), max(w-4, 10))
		if c := engine.CostPhrase(mv.Costs, common.Line); c != "" {
			text += "\n" + st.Debrief.Minus.Render(common.Wrap("("+c+")", max(w-4, 10)))
		}
		if mv.Choice.Why != "" {
			text += "\n" + st.Debrief.Why.Render(common.Wrap(mv.Choice.Why, max(w-4, 10)))
		}
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, "  → ", text))
	}
	if len(lines) == 0 {
		return ""
	}
	return st.Debrief.Best.Render("  The best path instead:") + "\n" + strings.Join(lines, "\n") + "\n"
}

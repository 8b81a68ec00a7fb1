package exercise

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// The facilitator and evaluator guide: everything the players must not see.
// Per scene the notes, what each choice scores and why, the best path, the
// answers to the discussion prompts and what to watch for; the timing plan;
// the injects and their effects; and the evaluation of each objective.

func (k *kit) guide() document {
	d := document{name: "facilitator-guide", title: "Facilitator and evaluator guide: " + k.title(),
		purpose: "For the facilitator and evaluators only: timing plan, per scene notes, scores and reasons, the best path, answers to the discussion prompts, injects and the evaluation guide."}
	b := []block{
		h(1, "Facilitator and evaluator guide: "+k.title()),
		lead("For the facilitator and the evaluators only: keep it away from the players. It holds what each choice scores and why, the answers to the discussion prompts and the best path."),
		h(2, "Running the exercise"),
		ul(
			"Before: hand out the Situation Manual and the role cards; set the inject cards out in order, face down; print a feedback form per participant.",
			"Open with the ground rules of the Exercise Plan, and the roles around the table.",
			"For each decision: read the situation, put the key questions to the room, let the leading role decide after hearing the others. Keep to the timing plan; a timed decision has a clock, and on timeout its default choice is taken.",
			"After each decision: hand out the injects that fire, and move the scenario clock on.",
			"Evaluators: note what the team did against each objective (the evaluation guide below), with the moment it happened; rate each objective at the end.",
			"Close with the hotwash, then collect the feedback forms.",
		),
		h(2, "Timing plan"),
		k.timing(),
	}
	b = append(b, k.bestPath()...)
	for _, m := range k.modules {
		b = append(b, h(2, fmt.Sprintf("Module %d: %s", m.N, m.Title)))
		if m.Budget > 0 {
			b = append(b, note(fmt.Sprintf("Budget %s, from %s to %s in the session.", duration(m.Budget), clock(openingTime+m.Start), clock(openingTime+m.Start+m.Budget))))
		}
		if m.Summary != "" {
			b = append(b, prose(m.Summary))
		}
		for _, i := range m.Scenes {
			b = append(b, k.guideScene(i))
		}
		if len(m.Out) > 0 {
			b = append(b, note(k.leftOut(m.Out)))
		}
	}
	b = append(b, k.injectTable()...)
	b = append(b, k.checksTable()...)
	b = append(b, k.evaluation()...)
	b = append(b, h(2, "Hotwash"), p("Right after the last decision, 20 minutes with everyone, before the debrief scores are shown:"), ol(hotwash...))
	d.blocks = b
	return d
}

var hotwash = []string{
	"What went well? Which decision are you most confident about, and why?",
	"What would you do differently, and what stopped you doing it in the room?",
	"Where did the plan help, where was it silent, and where was it wrong?",
	"Who needed to be in the room who was not?",
	"What three actions should follow this exercise, who owns each, and by when?",
}

// timing plans each module's time over the decisions every run meets.
func (k *kit) timing() block {
	var rows [][]string
	for _, m := range k.modules {
		var n int
		var timers []string
		for _, i := range m.Scenes {
			if k.common[i] {
				n++
			}
			if s := &k.sc.Scenes[i]; s.TimeLimit > 0 {
				timers = append(timers, fmt.Sprintf("%s: %s", k.sceneTitle(i), timer(s.TimeLimit)))
			}
		}
		per := "—"
		if n > 0 && m.Budget > 0 {
			per = "about " + duration(m.Budget/time.Duration(n))
		}
		budget := duration(m.Budget)
		if m.Budget == 0 {
			budget = "not set"
		}
		rows = append(rows, []string{clock(openingTime + m.Start), fmt.Sprintf("Module %d: %s", m.N, m.Title), budget,
			fmt.Sprintf("%d (+%d on some paths)", n, len(m.Scenes)-n), per, orDash(strings.Join(timers, "; "))})
	}
	return tbl(fmt.Sprintf("Opening %s, modules %s, hotwash %s: %s in all.", duration(openingTime), duration(k.total()), duration(closingTime), duration(openingTime+k.total()+closingTime)),
		[]string{"Starts", "Module", "Budget", "Decisions", "Per decision", "Timed decisions"}, rows)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// bestPath lists the decisions of the best total path.
func (k *kit) bestPath() []block {
	out := []block{h(2, "The best path")}
	if k.aErr != nil {
		return append(out, note("The best path could not be worked out: "+k.aErr.Error()+"."))
	}
	var items []string
	for _, st := range k.a.BestTotalPath {
		var cs []string
		for _, c := range st.Choices {
			_, ch := k.sc.ChoiceByIndex(c)
			cs = append(cs, quote(k.choiceText(st.Scene, ch)))
		}
		items = append(items, fmt.Sprintf("**%s**: %s", k.sceneTitle(st.Scene), strings.Join(cs, " + ")))
	}
	out = append(out, p(fmt.Sprintf("The path with the highest total score (%d points over all principles; the lowest any path reaches is %d). Choices on it are marked ★ below.", k.a.BestTotal, k.a.WorstTotal)), ol(items...))
	return out
}

func (k *kit) guideScene(i int) block {
	s := &k.sc.Scenes[i]
	bs := []block{h(3, k.sceneTitle(i))}
	fs := []fact{{"Scene", s.ID}}
	if r := k.roleTitle(s.Role); r != "" {
		fs = append(fs, fact{"Led by", r})
	}
	if k.common[i] {
		fs = append(fs, fact{"Comes up", "In every run"})
	} else {
		fs = append(fs, fact{"Comes up", "Only on some paths: not in the Situation Manual"})
	}
	if by := k.broughtInBy(i); by != "" {
		fs = append(fs, fact{"Brought in by", by})
	}
	if s.TimeLimit > 0 && s.Timeout >= 0 {
		fs = append(fs, fact{"Timer", fmt.Sprintf("%s; on timeout: %s", timer(s.TimeLimit), quote(k.choiceText(i, &s.Choices[s.Timeout])))})
	}
	if s.IsPick() {
		fs = append(fs, fact{"Pick", "Take " + pickRange(s.PickMin, s.PickMax) + " of the choices"})
	}
	bs = append(bs, facts(fs...))
	if t := k.w.sceneText(i); t != "" {
		bs = append(bs, h(4, "What the players hear"))
		if !k.w.met(i) {
			bs = append(bs, note("No drill the package played reached this scene, so its texts are shown as written: the drill fills in each {name} when it gets here."))
		}
		bs = append(bs, prose(t))
	}
	for v := range s.Variants {
		// A variant the parameters rule out is never shown, nor is one
		// after a variant they make always shown.
		when := s.Variants[v].When
		if k.sc.RuledOut(when) {
			continue
		}
		bs = append(bs, note("Shown instead when "+describe(k.sc, when.Src)+": "+k.w.render(i, s.Variants[v].Text)))
		if always, konst := when.Constant(); konst && always {
			break
		}
	}
	if s.Notes != "" {
		bs = append(bs, h(4, "Notes"), prose(s.Notes))
	}
	if len(s.Discuss) > 0 {
		var qa []string
		for j, q := range s.Discuss {
			a := s.Answers[j]
			if a == "" {
				a = "*No answer written.*"
			}
			qa = append(qa, "**"+q+"** "+a)
		}
		bs = append(bs, h(4, "Discussion prompts and answers"), ol(qa...))
	}
	var rows [][]string
	var watch []string
	for _, j := range k.offered(i) {
		c := &s.Choices[j]
		mark := ""
		if k.best[c.Index()] {
			mark = "★ "
		}
		text := mark + k.choiceText(i, c)
		if c.When != nil {
			// The parameters alone always offer it: nothing to say.
			if always, konst := c.When.Constant(); !konst || !always {
				text += " *(offered " + describe(k.sc, c.When.Src) + ")*"
			}
		}
		rows = append(rows, []string{text, k.points(c.Score), orDash(c.Why), k.leadsTo(s, c)})
		if sum(c.Score) < 0 {
			watch = append(watch, fmt.Sprintf("%s (%s): %s", quote(short(k.choiceText(i, c), 80)), k.points(c.Score), orDash(c.Why)))
		}
	}
	bs = append(bs, h(4, "Choices"), tbl("", []string{"Choice", "Scores", "Why", "Leads to"}, rows))
	if len(watch) > 0 {
		bs = append(bs, h(4, "Watch for"), ul(watch...))
	}
	return keep("box scene", bs...)
}

// broughtInBy says which injects bring in scene i, and when they fire, for
// a scene that only injects lead to; "" for one a decision can lead to.
func (k *kit) broughtInBy(i int) string {
	if i == k.sc.Start || k.ledTo[i] {
		return ""
	}
	var out []string
	for _, j := range k.events {
		if e := &k.sc.Events[j]; !e.Goto.Ending && e.Goto.Index == i {
			f := k.fires(e)
			out = append(out, fmt.Sprintf("Inject %d (%s), %s", k.injectNo[j], e.ID, strings.ToLower(f[:1])+f[1:]))
		}
	}
	return strings.Join(out, "; ")
}

// leftOut names, in one sentence, the scenes of a module that no drill
// reaches: the guide does not print them as scenes to run.
func (k *kit) leftOut(scenes []int) string {
	var titles []string
	for _, i := range scenes {
		titles = append(titles, quote(k.sceneTitle(i)))
	}
	return fmt.Sprintf("Left out of this module: %s, which no drill reaches%s.", strings.Join(titles, "; "), k.withParams())
}

// withParams says " with the parameters of this package" when the
// scenario has any, since they can put a scene out of reach; forParams
// says " for these parameters".
func (k *kit) withParams() string {
	if len(k.sc.Params) == 0 {
		return ""
	}
	return " with the parameters of this package"
}

func (k *kit) forParams() string {
	if len(k.sc.Params) == 0 {
		return ""
	}
	return " for the parameters of this package"
}

// leadsTo says where a choice goes.
func (k *kit) leadsTo(s *engine.Scene, c *engine.Choice) string {
	t := c.Goto
	if s.IsPick() {
		t = s.Goto
	}
	return k.target(t) + fmt.Sprintf(" (+%sh)", engine.FormatValue(engine.Var{}, c.Hours))
}

func (k *kit) target(t engine.Target) string {
	switch {
	case t.Index < 0:
		return "—"
	case t.Ending:
		return "ending “" + k.sc.Endings[t.Index].Title.Source(k.sc) + "”"
	}
	return k.sceneTitle(t.Index)
}

// injectTable lists the injects with what they change.
func (k *kit) injectTable() []block {
	if len(k.events) == 0 {
		return nil
	}
	var rows [][]string
	for _, i := range k.events {
		e := &k.sc.Events[i]
		effect := k.effects(e)
		if e.Goto.Index >= 0 {
			effect += "; the drill goes to " + k.target(e.Goto)
		}
		rows = append(rows, []string{fmt.Sprintf("%d", k.injectNo[i]), e.ID, k.fires(e), orDash(strings.TrimPrefix(effect, "; "))})
	}
	return []block{h(2, "Injects"), p("The inject cards, with what each changes in the drill."), tbl("", []string{"#", "Inject", "Fires", "Changes"}, rows)}
}

// effects writes an event's set and add.
func (k *kit) effects(e *engine.Event) string {
	var out []string
	for _, a := range e.Set {
		out = append(out, fmt.Sprintf("%s = %s", k.sc.Vars[a.Var].Name, a.Expr.Src))
	}
	for _, d := range e.Add {
		out = append(out, fmt.Sprintf("%s %+g", k.sc.Vars[d.Var].Name, d.By))
	}
	return strings.Join(out, ", ")
}

// checksTable lists the points scored at the end of the drill.
func (k *kit) checksTable() []block {
	if len(k.sc.Checks) == 0 {
		return nil
	}
	var rows [][]string
	for _, c := range k.sc.Checks {
		if k.sc.RuledOut(c.When) {
			continue
		}
		rows = append(rows, []string{k.principle(c.Principle).Title, describe(k.sc, c.When.Src), fmt.Sprintf("%+d", c.Score), orDash(c.Why)})
	}
	if len(rows) == 0 {
		return nil
	}
	return []block{h(2, "Scored at the end"), p("Points added when the drill ends, for what the team did over the whole exercise."),
		tbl("", []string{"Principle", "When", "Points", "Why"}, rows)}
}

// evaluation is the evaluation guide: per objective, what good and bad look
// like, where it is tested, and room for observations and a rating.
func (k *kit) evaluation() []block {
	var legend []string
	for _, pct := range []float64{85, 65, 40, 0} {
		r := engine.RatingFor(pct)
		legend = append(legend, fmt.Sprintf("**%s**: %s", r.Code, r.Label))
	}
	out := []block{h(2, "Evaluation guide"),
		p("One sheet per objective, in the manner of an HSEEP exercise evaluation guide. Note what the team did and when, then rate the objective: " + strings.Join(legend, "; ") + ". The debrief's scores give the same ratings from the decisions alone: compare them.")}
	for n, pr := range k.scored {
		pp := k.principle(pr)
		var where []string
		for _, i := range k.scoredIn[pr] {
			where = append(where, k.sceneTitle(i))
		}
		sort.Strings(where)
		bs := []block{h(3, fmt.Sprintf("Objective %d: %s", n+1, pp.Title))}
		if pp.Summary != "" {
			bs = append(bs, p(pp.Summary))
		}
		fs := []fact{}
		if pp.Good != "" {
			fs = append(fs, fact{"Good looks like", pp.Good})
		}
		if pp.Bad != "" {
			fs = append(fs, fact{"Bad looks like", pp.Bad})
		}
		if len(where) > 0 {
			fs = append(fs, fact{"Tested in", strings.Join(where, "; ")})
		}
		if k.a != nil {
			fs = append(fs, fact{"Score range", fmt.Sprintf("%d to %d points", k.a.Worst[pr], k.a.Best[pr])})
		}
		bs = append(bs, facts(fs...), h(4, "Observations"), lines(3), p("Rating:  P  /  S  /  M  /  U"))
		out = append(out, keep("keep", bs...))
	}
	return out
}

package exercise

import (
	"fmt"
	"strings"
	"time"
)

// The Exercise Plan: what the exercise is for and how it runs, for the
// people who approve it and the people who take part.

// openingTime and closingTime frame the modules in the schedule: the welcome
// and briefing before, the hotwash and feedback forms after.
const (
	openingTime = 10 * time.Minute
	closingTime = 20 * time.Minute
)

func (k *kit) plan() document {
	d := document{name: "exercise-plan", title: "Exercise Plan: " + k.title(),
		purpose: "Purpose, objectives, scope, schedule, roles, ground rules and the regulator clocks in play: for the sponsor and every participant."}
	b := []block{
		h(1, "Exercise Plan: "+k.title()),
		lead(fmt.Sprintf("A discussion-based tabletop exercise for the leadership of %s.", k.orgName())),
		facts(k.coverFacts()...),
		h(2, "Purpose"),
	}
	if k.sc.Summary != "" {
		b = append(b, prose(k.sc.Summary))
	}
	b = append(b, p(fmt.Sprintf("The exercise lets %s's leadership rehearse its response to a data breach in a setting where mistakes cost nothing: "+
		"to test the plans it has, to practise the decisions that cannot wait, and to find the gaps before a real incident finds them. "+
		"The team's decisions are scored against %d principles of breach response, and the debrief shows what the best response would have done.", k.orgName(), len(k.scored))))

	b = append(b, h(2, "Objectives"),
		p("Each objective is a principle of the guidance the scenario scores; the evaluators rate the team against it (see the facilitator and evaluator guide)."))
	var rows [][]string
	for i, pr := range k.scored {
		pp := k.principle(pr)
		rows = append(rows, []string{fmt.Sprint(i + 1), "**" + pp.Title + "**: " + pp.Summary, pp.Good, fmt.Sprint(len(k.scoredIn[pr]))})
	}
	b = append(b, tbl("", []string{"#", "Objective", "What good looks like", "Decisions that test it"}, rows))

	b = append(b, h(2, "Scope"), ul(k.scope()...))
	if pf := k.paramFacts(); len(pf) > 0 {
		b = append(b, h(3, "The organisation in the scenario"), facts(pf...))
	}

	b = append(b, h(2, "Schedule"), k.schedule())
	b = append(b, h(2, "Roles and who plays them"), k.rolesTable())
	b = append(b, note("Besides the players: a facilitator runs the exercise and keeps time; one or two evaluators observe and rate the objectives; a note-taker records decisions and issues for the after-action report; observers, if any, do not take part in the discussion."))
	b = append(b, h(2, "Ground rules"), ul(groundRules...))
	b = append(b, k.clocksSection()...)
	b = append(b, h(2, "Assumptions and artificialities"), ul(assumptions...))
	d.blocks = b
	return d
}

// coverFacts are the exercise's particulars.
func (k *kit) coverFacts() []fact {
	fs := []fact{{"Scenario", k.sc.Title}}
	if k.org != "" {
		fs = append(fs, fact{"Organisation", k.org})
	}
	fs = append(fs, fact{"Team", k.team()}, fact{"Date", "________________"},
		fact{"Type", "Discussion-based tabletop exercise"},
		fact{"Duration", fmt.Sprintf("%s, of which %s of scenario in %d modules", duration(openingTime+k.total()+closingTime), duration(k.total()), len(k.modules))})
	if !k.sc.StartTime.IsZero() {
		fs = append(fs, fact{"Scenario clock starts", k.sc.StartTime.Format("Monday 2 January 2006, 15:04")})
	}
	return fs
}

func (k *kit) scope() []string {
	points, decisions, timed, out := 0, 0, 0, 0
	for i := range k.sc.Scenes {
		switch {
		case k.out[i]:
			out++
			continue
		case k.common[i]:
			decisions++
		}
		points++
		if k.sc.Scenes[i].TimeLimit > 0 {
			timed++
		}
	}
	left := ""
	if out > 0 {
		left = fmt.Sprintf(" Left out: %s no drill reaches%s.", count(out, "decision point"), k.withParams())
	}
	return []string{
		"Discussion only: no system is touched, and nobody outside the room is contacted. Injects (press calls, posts, emails, letters) are played by the facilitator.",
		fmt.Sprintf("%s in all, of which %d come up in every run; the others depend on what the team decides. Timed decisions: %d.%s", count(points, "decision point"), decisions, timed, left),
		fmt.Sprintf("%s, handed out as cards when they fire.", count(len(k.events), "inject")),
		"Out of scope: technical forensics, and the legal advice a real incident needs; the scenario states the facts the team would have.",
	}
}

// schedule is the timetable: opening, the modules, the hotwash.
func (k *kit) schedule() block {
	rows := [][]string{{clock(0), "Welcome, ground rules, roles and the scenario's opening situation", duration(openingTime), ""}}
	for _, m := range k.modules {
		var titles []string
		for _, s := range m.Scenes {
			if k.common[s] {
				titles = append(titles, k.sceneTitle(s))
			}
		}
		budget := duration(m.Budget)
		if m.Budget == 0 {
			budget = "not set"
		}
		rows = append(rows, []string{clock(openingTime + m.Start), fmt.Sprintf("**Module %d: %s**", m.N, m.Title), budget, strings.Join(titles, "; ")})
	}
	rows = append(rows, []string{clock(openingTime + k.total()), "Hotwash: what went well, what to improve; feedback forms", duration(closingTime), ""},
		[]string{clock(openingTime + k.total() + closingTime), "End", "", ""})
	return tbl("", []string{"Time", "Session", "Budget", "Decisions in every run"}, rows)
}

func (k *kit) rolesTable() block {
	if len(k.sc.RoleInfo) == 0 {
		return note("The scenario names no roles: the whole team decides together.")
	}
	var rows [][]string
	for _, r := range k.sc.RoleInfo {
		brief := firstParagraph(r.Brief)
		if brief == "" {
			brief = "—"
		}
		rows = append(rows, []string{"**" + r.Title + "**", brief, fmt.Sprint(k.owned(r.ID)), "________________"})
	}
	return tbl("", []string{"Role", "Responsibilities in the exercise", "Decisions it leads", "Played by"}, rows)
}

// owned counts the scenes a role leads that some drill reaches.
func (k *kit) owned(role string) int {
	n := 0
	for i, s := range k.sc.Scenes {
		if s.Role == role && !k.out[i] {
			n++
		}
	}
	return n
}

func firstParagraph(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return ""
	}
	if i := strings.Index(s, "\n\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// clocksSection lists the regulator clocks in play, and those that the
// organisation's parameters leave out.
func (k *kit) clocksSection() []block {
	if len(k.sc.Clocks) == 0 {
		return nil
	}
	var rows [][]string
	var off []string
	for _, c := range k.sc.Clocks {
		applies := "Always"
		if c.When != nil {
			if k.sc.RuledOut(c.When) {
				off = append(off, c.Label)
				continue
			} else if _, konst := c.When.Constant(); !konst {
				applies = "Once " + describe(k.sc, c.When.Src)
			}
		}
		rows = append(rows, []string{c.Label, k.hoursAt(c.Due), applies, "When " + describe(k.sc, c.Done.Src)})
	}
	out := []block{h(2, "Regulator clocks in play"),
		p("The legal and contractual deadlines the scenario runs against. The clock of the scenario is not the clock of the room: a decision moves it on by hours or days."),
		tbl("", []string{"Clock", "Due", "Applies", "Met"}, rows)}
	if len(off) > 0 {
		out = append(out, note("Not in play for this organisation (by its parameters): "+strings.Join(off, "; ")+"."))
	}
	return out
}

var groundRules = []string{
	"This is a safe space: no one is being tested, and nothing said here is held against anyone. The exercise tests the plans and the organisation, not the people.",
	"Respond as you would today, with the plans, people and tools you actually have. Where a plan is missing, say so: that is a finding.",
	"Decisions made here commit no one and set no precedent.",
	"Accept the scenario as given, even where it differs from what you expect: the facts are stated to make the decisions matter.",
	"The scenario clock runs faster than the room: the facilitator moves it on between decisions.",
	"One conversation at a time; the role that leads a decision speaks last and decides, after hearing the others.",
	"There are no trick questions. When the facilitator asks, say what you would actually do, not what the plan says you should.",
	"Keep the role card's private information to yourself until you judge it right to share it, as you would in a real incident.",
}

var assumptions = []string{
	"The scenario is plausible, and events happen as the facilitator presents them.",
	"Every player receives the same information at the same time, unless a role card says otherwise.",
	"Time is compressed: hours and days of the incident pass between decisions.",
	"The regulators, reporters, customers and partners in the injects behave as the scenario describes; in reality they may act sooner.",
	"The exercise uses no real personal data; names and numbers are fictional.",
}

package live

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/choices"
	"github.com/ttx-dev/ttx/ui/components/countdown"
	"github.com/ttx-dev/ttx/ui/components/panel"
)

// State says what holds a team's drill, or "": its module waiting to
// begin, a break, a pause.
func State(c *common.Common, t *room.Team) string {
	if t.Over {
		return ""
	}
	var out []string
	if t.Opening >= 0 {
		out = append(out, fmt.Sprintf("▶ MODULE %d WAITS", t.Opening+1))
	}
	if t.OnBreak {
		out = append(out, "☕ BREAK")
	}
	if t.Paused {
		out = append(out, "⏸ PAUSED")
	}
	if len(out) == 0 {
		return ""
	}
	return c.Styles.Timer.Urgent.Render(strings.Join(out, "  "))
}

// ClockLine is the countdown of a team's timed scene as the drill draws
// it (package countdown): the time left and bar (the page's, its width
// set), or where it was paused and how it goes on (resume), and which
// choice the timeout takes. "" when no timer shows: no timed scene, a
// module waiting, a break, the drill over.
func ClockLine(c *common.Common, bar progress.Model, t *room.Team, now time.Time, resume string) string {
	if t.Over || !t.Timer.On || t.Opening >= 0 || t.OnBreak {
		return ""
	}
	return countdown.Line(c, bar, t.Timer.LeftAt(now), t.Timer.Limit, t.Paused, resume) + c.Styles.Muted.Render(countdown.Then(t.Drill))
}

// Header is a page's top line: what is on the left, and on the right
// what holds the drill (State) and the scenario clock, w cells wide.
func Header(c *common.Common, left string, t *room.Team, w int) string {
	st := c.Styles
	right := st.Header.Clock.Render("T+" + panel.Hours(t.Drill.Hours()))
	if s := State(c, t); s != "" {
		right = s + "  " + right
	}
	left = common.Truncate(left, max(w-lipgloss.Width(right)-3, 1))
	gap := max(w-lipgloss.Width(left)-lipgloss.Width(right)-2, 1)
	return " " + left + strings.Repeat(" ", gap) + right + " "
}

// SceneLine is the open scene's title, with the role it falls to, on one
// line w cells wide; while the team is on a break or once its drill is
// over, what it is doing instead.
func SceneLine(c *common.Common, t *room.Team, w int) string {
	st := c.Styles
	d := t.Drill
	switch {
	case t.Over:
		return " " + st.Header.Scene.Render("The drill is over")
	case t.OnBreak && t.Break != nil:
		return " " + common.Truncate(st.Header.Scene.Render("Break · "+common.Line(t.Break.Title)), w-1)
	case t.OnBreak:
		return " " + st.Header.Scene.Render("Break")
	case t.Opening >= 0:
		sc := d.Scenario()
		return " " + common.Truncate(st.Header.Scene.Render(fmt.Sprintf("Module %d of %d · %s", t.Opening+1, len(sc.Modules), common.Line(sc.Modules[t.Opening].Title))), w-1)
	}
	s := d.Scene()
	line := st.Header.Scene.Render(common.Line(d.Render(s.Title)))
	if s.Role != "" {
		line = st.Header.Role.Render(common.Line(d.Scenario().RoleTitle(s.Role))) + " " + line
	}
	return " " + common.Truncate(line, w-1)
}

// Rule is a horizontal rule w cells wide.
func Rule(c *common.Common, w int) string {
	return c.Styles.Rule.Render(strings.Repeat("─", max(w, 0)))
}

// choiceTexts renders choice ids of the team's open scene as their texts.
func choiceTexts(t *room.Team, ids []string) string {
	sc := t.Drill.Scenario()
	var out []string
	for _, id := range ids {
		text := id
		if i, ok := sc.ChoiceIndex(id); ok {
			_, ch := sc.ChoiceByIndex(i)
			text = t.Drill.Render(ch.Text)
		}
		out = append(out, text)
	}
	return strings.Join(out, " + ")
}

// choiceNumber is the number a choice has in the open scene's list, as the
// seats show it: "#2".
func choiceNumber(t *room.Team, id string) string {
	sc := t.Drill.Scene()
	for k, j := range t.Drill.AppendOffered(nil) {
		if sc.Choices[j].ID == id {
			return fmt.Sprintf("#%d", k+1)
		}
	}
	return "#?"
}

// Numbers are the numbers of choice ids in the open scene's list: "#1+#3".
func Numbers(t *room.Team, ids []string) string {
	var nums []string
	for _, id := range ids {
		nums = append(nums, choiceNumber(t, id))
	}
	return strings.Join(nums, "+")
}

// SeatName is a seat as others see it: its name and role's title.
func SeatName(sc *engine.Scenario, s room.Seat) string {
	name := common.Line(s.Name)
	if s.Role != "" {
		name += " (" + common.Line(sc.RoleTitle(s.Role)) + ")"
	}
	return name
}

// Positions lists the positions on a team's open decision, each with the
// seat's name and role, what it argues for and why, w cells wide; "" when
// none was stated.
func Positions(c *common.Common, snap *room.Snapshot, t *room.Team, w int) string {
	st := c.Styles
	if len(t.Positions) == 0 {
		return st.Muted.Render("No position stated yet.")
	}
	var b []string
	for _, p := range t.Positions {
		who := common.Line(p.Name)
		if p.Role != "" {
			who += " (" + common.Line(snap.Scenario.RoleTitle(p.Role)) + ")"
		}
		line := st.Strong.Render(who) + " " + st.Choice.Number.Render(Numbers(t, p.Choices)) + " " + common.Line(choiceTexts(t, p.Choices))
		b = append(b, wrap(c, line, w))
		if p.Reason != "" {
			b = append(b, wrap(c, st.Muted.Render("  “"+common.Line(p.Reason)+"”"), w))
		}
	}
	return strings.Join(b, "\n")
}

// Tally counts the positions for each choice of the open scene, in the
// scene's order: "#1 ×2 · #3 ×1".
func Tally(t *room.Team) string {
	count := map[string]int{}
	for _, p := range t.Positions {
		for _, id := range p.Choices {
			count[id]++
		}
	}
	sc := t.Drill.Scene()
	var out []string
	for k, j := range t.Drill.AppendOffered(nil) {
		if n := count[sc.Choices[j].ID]; n > 0 {
			out = append(out, fmt.Sprintf("#%d ×%d", k+1, n))
		}
	}
	return strings.Join(out, " · ")
}

// wrap wraps styled text to w cells.
func wrap(c *common.Common, s string, w int) string {
	return c.Renderer.NewStyle().Width(max(w, 10)).Render(s)
}

// LastDecision says what the team decided last, and who committed it.
func LastDecision(c *common.Common, t *room.Team, w int) string {
	st := c.Styles
	if t.Last == nil {
		return ""
	}
	what := strings.Join(t.Last.Choices, " + ")
	by := ""
	switch {
	case t.Last.TimedOut:
		by = " (time ran out)"
	case t.Last.By != "":
		by = " (committed by " + common.Line(t.Last.By) + ")"
	}
	return wrap(c, st.Muted.Render("The team decided: ")+st.Strong.Render(common.Line(what))+st.Muted.Render(by), w)
}

// Injects lists the injects since the last decision, each under its
// channel's kicker, w cells wide.
//
// Each is drawn small, in the page, where the drill screen fills the
// screen with one: the room goes on talking while they show.
func Injects(c *common.Common, t *room.Team, w int) string {
	st := c.Styles
	var b []string
	for _, in := range t.Injects {
		e := in.Event
		ch := e.Channel
		if ch == "" {
			ch = engine.ChannelInternal
		}
		k := st.Inject.Kicker.Inherit(st.Inject.Channel[ch]).Render(common.Kicker(ch))
		from := ""
		if e.From != "" {
			from = " " + st.Inject.From.Render(common.Line(e.From))
		}
		b = append(b, k+from, c.Markdown.Render(in.Text, max(w-4, 10)))
	}
	return strings.Join(b, "\n")
}

// Scoreboard ranks the teams by their score as their drills stand, w
// cells wide: the facilitator's view, never the room's. A team that has
// decided nothing yet shows a dash, not the score of a drill not begun.
func Scoreboard(c *common.Common, snap *room.Snapshot, w int) string {
	st := c.Styles
	teams := slices.Clone(snap.Teams)
	// A team that has decided nothing has no score yet: it comes last.
	rank := func(t room.Team) float64 {
		if len(t.Drill.Decisions()) == 0 && !t.Over {
			return -1
		}
		return t.Score
	}
	slices.SortStableFunc(teams, func(a, b room.Team) int { return cmp.Compare(rank(b), rank(a)) })
	var b []string
	for i, t := range teams {
		state := fmt.Sprintf("%d dec.", len(t.Drill.Decisions()))
		switch {
		case t.Over && t.Drill.Ending() != nil:
			state = "ended: " + t.Drill.Render(t.Drill.Ending().Title)
		case t.Over:
			state = "ended"
		}
		score := fmt.Sprintf("%3.0f%%", t.Score)
		if rank(t) < 0 {
			score = "   —"
		}
		line := fmt.Sprintf("%d. %s %s", i+1, score, common.Line(t.Name))
		b = append(b, common.Truncate(st.Strong.Render(line)+" "+st.Muted.Render(state), w))
	}
	return strings.Join(b, "\n")
}

// Seats lists the seats of team i (the console's view): online or not,
// the lead marked, and whether each has stated a position, w cells wide.
func Seats(c *common.Common, snap *room.Snapshot, i int, w int) string {
	st := c.Styles
	t := snap.Team(i)
	var b []string
	for _, s := range snap.TeamSeats(i) {
		dot := st.Panel.FlagOff.Render("○")
		if s.Online > 0 {
			dot = st.Success.Render("●")
		}
		name := SeatName(snap.Scenario, s)
		if s.Kind == store.SeatRoom {
			name = common.Line(s.Name) + " (room view)"
		}
		mark := ""
		if s.Lead {
			mark = " " + st.Header.Role.Render("lead")
		}
		if p := t.PositionOf(s.ID); p != nil {
			mark += " " + st.Choice.Number.Render("→ "+Numbers(t, p.Choices))
		}
		b = append(b, common.Truncate(dot+" "+name+mark, w))
	}
	if len(b) == 0 {
		return st.Muted.Render("Nobody has joined this team yet.")
	}
	return strings.Join(b, "\n")
}

// Ending says how a team's drill ended, for every seat: the ending's title
// and text, or that the facilitator ended it.
func Ending(c *common.Common, t *room.Team, w int) string {
	st := c.Styles
	d := t.Drill
	var b []string
	if e := d.Ending(); e != nil {
		b = append(b, st.Debrief.Ending.Render(common.Line(d.Render(e.Title))))
		if !e.Text.IsEmpty() {
			b = append(b, c.Markdown.Render(d.Render(e.Text), max(w-4, 10)))
		}
	}
	if t.EndedBy != "" {
		b = append(b, st.Muted.Render("The facilitator ended the drill."))
	} else if d.Ending() == nil {
		b = append(b, st.Muted.Render("The drill stopped: nothing was left to choose."))
	}
	return strings.Join(b, "\n")
}

// ChoiceList numbers the choices a team's open scene offers, without a
// cursor (the room view's), w cells wide; on a timed scene, the one taken
// when time runs out is marked.
func ChoiceList(c *common.Common, t *room.Team, w int) string {
	st := c.Styles
	d := t.Drill
	sc := d.Scene()
	var b []string
	if sc.IsPick() {
		lo, hi := d.PickRange()
		n := fmt.Sprint(lo)
		if lo != hi {
			n = fmt.Sprintf("%d to %d", lo, hi)
		}
		b = append(b, st.Muted.Render("Pick "+n+":"))
	}
	for k, j := range d.AppendOffered(nil) {
		num := st.Choice.Number.Render(fmt.Sprintf("%d ", k+1))
		b = append(b, lipgloss.JoinHorizontal(lipgloss.Top, num, st.Choice.Normal.Width(max(w-2, 8)).Render(choices.Text(d, j))))
	}
	return strings.Join(b, "\n")
}

package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

// A facilitated drill (ttx serve) adds to the report who argued for what
// before each decision, who committed it, and the facilitator's controls.

// Position is what a player argued for before a decision.
type Position struct {
	Name    string       `json:"name"`
	Role    string       `json:"role"` // the role's title, or ""
	Choices []Choice     `json:"choices"`
	Reason  string       `json:"reason"`
	Agreed  bool         `json:"agreed"` // argued for what the team decided
	At      jsondoc.Time `json:"at"`
}

// Control is one of the facilitator's controls, said in words.
type Control struct {
	N      int          `json:"n"`     // from 1
	After  int          `json:"after"` // decisions made before it
	Kind   string       `json:"kind"`
	Text   string       `json:"text"`
	By     string       `json:"by"`
	At     jsondoc.Time `json:"at"`
	Undone bool         `json:"undone"` // taken back with the decision before it
}

// roomOf fills in who committed each decision, the positions on the
// decision left open and the controls. (The timeline has the positions on
// each decision.)
func roomOf(r *Report, in Input, sc *engine.Scenario, d *engine.Drill) {
	r.Controls, r.Undecided = []Control{}, []Position{}
	if n := len(r.Timeline); !d.Ended() {
		for _, p := range in.Positions {
			if p.Decision == n {
				r.Undecided = append(r.Undecided, positionOf(sc, p, d.Render, nil))
			}
		}
	}
	texts := ControlTexts(sc, in.Controls)
	for i, c := range in.Controls {
		if c.Kind == engine.ControlCommit && c.After < len(r.Timeline) {
			r.Timeline[c.After].CommittedBy = clean(c.By)
		}
		r.Controls = append(r.Controls, Control{N: c.N + 1, After: c.After, Kind: string(c.Kind), Text: texts[i],
			By: clean(c.By), At: jsondoc.Time(c.At), Undone: c.Undone})
	}
}

// ControlTexts says what each of a drill's controls did, in words ("Began
// module 2: Going public", "Paused the timer, 3 min 20 s left"), as the
// report and the facilitator's console write them. A resume that ends a
// break says so: it reads the controls in order.
func ControlTexts(sc *engine.Scenario, cs []engine.Control) []string {
	out := make([]string, len(cs))
	onBreak := false
	for i, c := range cs {
		out[i] = controlText(sc, c, onBreak)
		switch c.Kind {
		case engine.ControlBreak:
			onBreak = true
		case engine.ControlResume, engine.ControlEnd:
			onBreak = false
		}
	}
	return out
}

// positionOf is a stored position as the report shows it; decided are the
// choices the team took ("" when none was).
func positionOf(sc *engine.Scenario, p engine.Position, render func(engine.Text) string, decided []string) Position {
	out := Position{Name: clean(p.Name), Role: clean(sc.RoleTitle(p.Role)), Reason: clean(p.Reason), Choices: []Choice{}, At: jsondoc.Time(p.At)}
	for _, id := range p.Choices {
		c := Choice{ID: clean(id), Text: clean(id)}
		if i, ok := sc.ChoiceIndex(id); ok {
			_, ch := sc.ChoiceByIndex(i)
			c.Text = render(ch.Text)
		}
		out.Choices = append(out.Choices, c)
	}
	out.Agreed = decided != nil && slices.Equal(slices.Sorted(slices.Values(p.Choices)), slices.Sorted(slices.Values(decided)))
	return out
}

// controlText says what a control did; onBreak, that the team was on a
// break when it was used.
func controlText(sc *engine.Scenario, c engine.Control, onBreak bool) string {
	arg := clean(c.Arg)
	secs := func() string {
		n, err := strconv.Atoi(c.Arg)
		if err != nil {
			return arg
		}
		return engine.FormatDuration(time.Duration(n) * time.Second)
	}
	switch c.Kind {
	case engine.ControlPause:
		if arg == "" {
			return "Paused the drill"
		}
		return "Paused the timer, " + secs() + " left"
	case engine.ControlResume:
		switch {
		case onBreak && arg == "":
			return "Ended the break"
		case onBreak:
			return "Ended the break, the timer at " + secs() + " left"
		case arg == "":
			return "Resumed the drill"
		}
		return "Resumed the timer, " + secs() + " left"
	case engine.ControlExtend:
		return "Gave " + arg + " seconds more on the timer"
	case engine.ControlCut:
		return "Cut " + arg + " seconds from the timer"
	case engine.ControlFire:
		if i, ok := sc.EventIndex(c.Arg); ok {
			e := &sc.Events[i]
			return fmt.Sprintf("Fired the %s inject %q by hand", channelOf(e), e.ID)
		}
		return fmt.Sprintf("Fired the event %q by hand", arg)
	case engine.ControlAdvance:
		return "Moved the scenario clock on by " + arg + "h"
	case engine.ControlUndo:
		return fmt.Sprintf("Took back decision %d (%s)", c.After, decisionText(c.Arg))
	case engine.ControlBreak:
		for _, m := range sc.Modules {
			if m.ID == c.Arg {
				return "Opened a break: " + m.Title
			}
		}
		return "Opened a break"
	case engine.ControlBegin:
		for i, m := range sc.Modules {
			if m.ID == c.Arg {
				return fmt.Sprintf("Began module %d: %s", i+1, m.Title)
			}
		}
		return "Began module " + arg
	case engine.ControlEnd:
		return "Ended the drill"
	case engine.ControlLead:
		if who, ok := strings.CutPrefix(arg, "-"); ok {
			return "Took the lead from " + nameOfSeat(who)
		}
		return "Made " + nameOfSeat(arg) + " the team's lead"
	case engine.ControlCommit:
		return "Committed decision " + strconv.Itoa(c.After+1) + ": " + decisionText(c.Arg)
	}
	return string(c.Kind) + " " + arg
}

// nameOfSeat is the name in a lead control's argument ("s3 Ana").
func nameOfSeat(arg string) string {
	if _, name, ok := strings.Cut(arg, " "); ok {
		return name
	}
	return arg
}

// decisionText names the choices of a decision as a record writes it, by
// their ids (the texts may read differently in another state).
func decisionText(dec string) string {
	body, timed := strings.CutPrefix(dec, "!")
	out := strings.ReplaceAll(clean(body), "+", ", ")
	if timed {
		out += ", when time ran out"
	}
	return out
}

func channelOf(e *engine.Event) string {
	if e.Channel == "" {
		return string(engine.ChannelInternal)
	}
	return string(e.Channel)
}

// clockTime is the real time of a control, as the report prints it.
func clockTime(t jsondoc.Time) string {
	if time.Time(t).IsZero() {
		return "—"
	}
	return time.Time(t).Format("15:04:05")
}

// endedByHand reports whether the facilitator ended a facilitated drill
// before its end.
func (r *Report) endedByHand() bool {
	for _, c := range r.Controls {
		if c.Kind == string(engine.ControlEnd) {
			return true
		}
	}
	return false
}

package engine

import (
	"fmt"
	"strings"
)

// What a facilitator does to a drill beside the team's decisions: fire an
// event by hand, or move the scenario clock on. And what a front end asks of the drill about the scene
// shown: its text as the state has it, and its module.

// Injection is an event a facilitator fired by hand, or a move of the
// scenario clock.
type Injection struct {
	Event int     // index into Scenario.Events; -1 for a move of the clock
	After int     // the number of decisions made before it
	Hours float64 // the scenario clock when it fired (before a move of the clock)
	// Advance is how many hours a move of the clock added; 0 for an event.
	Advance float64
}

// ManualEvent is an Injection as a Record keeps it: an event fired by hand
// ({"after": 2, "event": "reporter"}), or the scenario clock moved on by
// a number of hours ({"after": 2, "advance": 12}).
type ManualEvent struct {
	After   int     `json:"after"`             // fired after this many decisions
	Event   string  `json:"event,omitempty"`   // the event's id; "" for a move of the clock
	Advance float64 `json:"advance,omitempty"` // the hours the clock moved on
}

// MaxAdvance is the most hours one move of the scenario clock may add.
const MaxAdvance = 24 * 365

// Advance moves the scenario clock on by hours, as a facilitator does to
// skip to the next morning: the clocks are checked again (a deadline may
// pass), nothing else changes and no event fires by itself. It is recorded,
// so that Replay moves the clock again at the same point.
func (d *Drill) Advance(hours float64) error {
	switch {
	case d.ended:
		return fmt.Errorf("the drill has ended; the clock cannot move on")
	case !(hours > 0) || hours > MaxAdvance:
		return fmt.Errorf("the clock moves on by more than 0 and at most %d hours, not %s", MaxAdvance, FormatValue(Var{}, hours))
	}
	d.manual = append(d.manual, Injection{Event: -1, After: len(d.record), Hours: d.st.Hours, Advance: hours})
	d.st.Hours += hours
	d.updateClocks(d.st.Hours)
	return nil
}

// Fire fires the event with the given id now, by hand, as a facilitator
// does: whatever its `when` and `chance`, and whether or not it is manual.
// Its `set` and `add` apply and bounded variables are clamped; a `goto`
// moves the drill to that scene or ending at once. A `once` event that has
// already fired cannot fire again. The firing is recorded, so that Replay
// fires it again at the same point.
func (d *Drill) Fire(id string) error {
	if d.ended {
		return fmt.Errorf("the drill has ended; no event can be fired")
	}
	i, ok := d.sc.EventIndex(id)
	if !ok {
		ids := make([]string, len(d.sc.Events))
		for k := range d.sc.Events {
			ids[k] = d.sc.Events[k].ID
		}
		if len(ids) == 0 {
			return fmt.Errorf("scenario %q has no events to fire", d.sc.ID)
		}
		return fmt.Errorf("event %q is not in scenario %q%s; its events are %s", id, d.sc.ID, didYouMean(id, ids), strings.Join(ids, ", "))
	}
	e := &d.sc.Events[i]
	if e.Once && d.fired[i] {
		return fmt.Errorf("event %q has already fired, and it fires once", id)
	}
	d.fired[i] = true
	d.sc.fire(&d.st, e, &d.work)
	d.manual = append(d.manual, Injection{Event: i, After: len(d.record), Hours: d.st.Hours})
	switch t := e.Goto; {
	case t.Index < 0:
	case t.Ending:
		d.ended, d.ending = true, t.Index
	default:
		d.enter(t.Index)
	}
	d.updateClocks(d.st.Hours)
	return nil
}

// Injections returns the events fired by hand so far. The slice must not be
// modified.
func (d *Drill) Injections() []Injection { return d.manual }

func (d *Drill) manualRecord() []ManualEvent {
	if len(d.manual) == 0 {
		return nil
	}
	out := make([]ManualEvent, len(d.manual))
	for k, m := range d.manual {
		if m.Event < 0 {
			out[k] = ManualEvent{After: m.After, Advance: m.Advance}
			continue
		}
		out[k] = ManualEvent{After: m.After, Event: d.sc.Events[m.Event].ID}
	}
	return out
}

// replayManual fires the events of ms from index k on that were fired after
// n decisions, and returns the index of the first one left.
func (d *Drill) replayManual(ms []ManualEvent, k, n int) (int, error) {
	for ; k < len(ms) && ms[k].After <= n; k++ {
		if ms[k].After < n {
			return k, fmt.Errorf("hand-fired event %d (%q) is out of order: it is recorded after %d decisions, but comes after an event fired after %d", k+1, ms[k].Event, ms[k].After, n)
		}
		if ms[k].Event == "" {
			if err := d.Advance(ms[k].Advance); err != nil {
				return k, fmt.Errorf("hand-made move %d of the clock: %w", k+1, err)
			}
			continue
		}
		if err := d.Fire(ms[k].Event); err != nil {
			return k, fmt.Errorf("hand-fired event %d: %w", k+1, err)
		}
	}
	return k, nil
}

// SceneText returns the current scene's text as the state has it: the first
// of its variants whose `when` holds, else its own text, rendered.
func (d *Drill) SceneText() string {
	return d.Render(d.sc.Scenes[d.scene].TextIn(&d.st))
}

// TextIn returns the text the scene shows in state st: the first of its
// variants whose `when` holds, else its own text.
func (s *Scene) TextIn(st *State) Text {
	if k := s.variantIn(st); k >= 0 {
		return s.Variants[k].Text
	}
	return s.Text
}

// variantIn returns the index of the variant shown in st, or -1 for the
// scene's own text.
func (s *Scene) variantIn(st *State) int {
	for k := range s.Variants {
		if s.Variants[k].When.Eval(st) {
			return k
		}
	}
	return -1
}

// Module returns the module of the current scene, or nil when it belongs to
// none.
func (d *Drill) Module() *Module {
	if m := d.sc.ModuleOf(d.scene); m >= 0 {
		return &d.sc.Modules[m]
	}
	return nil
}

// Eligible returns the indices of the events that may fire after the next
// decision, as the state stands now: not manual, not a once event that has
// fired, and whose `when` holds now (a decision's effects may still change
// that; each still fires only by its chance). A facilitator's console
// shows them as the injects to expect.
func (d *Drill) Eligible() []int {
	if d.ended {
		return nil
	}
	var out []int
	for i := range d.sc.Events {
		if d.sc.eligible(&d.st, d.fired, i) {
			out = append(out, i)
		}
	}
	return out
}

// Fired reports whether event i (an index into Scenario.Events) has fired,
// by itself or by hand.
func (d *Drill) Fired(i int) bool { return i >= 0 && i < len(d.fired) && d.fired[i] }

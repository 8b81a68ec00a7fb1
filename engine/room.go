package engine

import "time"

// What a facilitated room adds to a drill's record: the positions players
// stated before the team committed, and the controls the facilitator used.
// Both are stored with the run and shown in the after-action report.

// Position is what one player argued for on an open decision before the
// team committed: a choice (or the picks of a multi-select scene) and a
// one-line reason.
type Position struct {
	Decision int       `json:"decision"` // the decision it was on, from 0
	Seat     string    `json:"seat"`     // the seat's id in its session
	Name     string    `json:"name"`     // the name given when joining
	Role     string    `json:"role"`     // the scenario role's id, or ""
	Key      string    `json:"key"`      // the fingerprint of the player's SSH key
	Choices  []string  `json:"choices"`  // choice ids, in file order
	Reason   string    `json:"reason"`
	At       time.Time `json:"at"`
}

// ControlKind is what a facilitator's control did.
type ControlKind string

// The controls of a facilitated drill. Arg says what each acted with.
const (
	ControlPause   ControlKind = "pause"   // the timer stopped; Arg: seconds left, or ""
	ControlResume  ControlKind = "resume"  // the timer runs again, or a break ended; Arg: seconds left, or ""
	ControlExtend  ControlKind = "extend"  // Arg: the seconds added to the timer
	ControlCut     ControlKind = "cut"     // Arg: the seconds taken off the timer
	ControlFire    ControlKind = "fire"    // an event fired by hand; Arg: its id
	ControlAdvance ControlKind = "advance" // the scenario clock moved on; Arg: the hours
	ControlUndo    ControlKind = "undo"    // the last decision taken back; Arg: that decision
	ControlBreak   ControlKind = "break"   // a module break opened; Arg: the module's id
	ControlBegin   ControlKind = "begin"   // a module begun after its opening; Arg: the module's id
	ControlEnd     ControlKind = "end"     // the facilitator ended the drill
	ControlLead    ControlKind = "lead"    // a seat marked lead, or no longer; Arg: "seat name" or "-seat name"
	ControlCommit  ControlKind = "commit"  // the team's decision committed; Arg: the decision
)

// ControlKinds lists every kind, in the order above.
var ControlKinds = []ControlKind{ControlPause, ControlResume, ControlExtend, ControlCut, ControlFire, ControlAdvance,
	ControlUndo, ControlBreak, ControlBegin, ControlEnd, ControlLead, ControlCommit}

// Replayed reports whether a control changes the drill itself, so that a
// replay needs it (Record.Manual holds those not undone): a hand-fired
// event and a move of the clock.
func (k ControlKind) Replayed() bool { return k == ControlFire || k == ControlAdvance }

// Control is one control a facilitator (or a lead, for a commit) used on a
// team's drill.
type Control struct {
	N      int         `json:"n"`     // its number in the run, from 0
	After  int         `json:"after"` // the decisions made before it
	Kind   ControlKind `json:"kind"`
	Arg    string      `json:"arg"`
	By     string      `json:"by"` // who used it: a name
	At     time.Time   `json:"at"`
	Undone bool        `json:"undone"` // a hand-fired event or move of the clock taken back with the decision before it
}

package engine

import "time"

// The after-action record of a drill: who took part, what the team said in
// the hotwash, and the improvement actions it agreed. Stored with the result
// and shown in reports.

// Participant is a person who took part in a drill, with the role played.
type Participant struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

// Hotwash is the short discussion right after a drill.
type Hotwash struct {
	WentWell string `json:"went_well,omitempty"`
	Improve  string `json:"improve,omitempty"`
}

// Action is an improvement action agreed after a drill: what, which
// principle it serves, who owns it, and by when.
type Action struct {
	ID        int64     `json:"id,omitempty"`
	Run       int64     `json:"run,omitempty"`      // the drill it came from
	Scenario  string    `json:"scenario,omitempty"` // that drill's scenario
	What      string    `json:"what"`
	Principle string    `json:"principle,omitempty"`
	Owner     string    `json:"owner,omitempty"`
	Due       time.Time `json:"due,omitzero"`
	Done      bool      `json:"done"`
	DoneAt    time.Time `json:"done_at,omitzero"`
}

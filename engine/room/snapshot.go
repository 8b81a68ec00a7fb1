package room

import (
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// Snapshot is a session as it stands after a change the store holds. It is
// never modified: every seat reads it at once, without locks. Its drills
// are copies replayed for it, read-only too.
type Snapshot struct {
	// Version counts the changes published: a newer snapshot has a
	// greater one.
	Version  uint64
	ID       int64 // the session's id in the results store
	Code     string
	Scenario *engine.Scenario // with the session's parameters bound
	Seed     uint64
	Owner    Identity
	Created  time.Time
	Ended    bool // every team's drill is over, or the facilitator closed the session
	Teams    []Team
	Seats    []Seat
	// Problem is a store error the facilitator should know of, such as a
	// result that could not be saved yet; "" when all is well.
	Problem string
}

// Team is one team of a session: its own drill, clocks and timer.
type Team struct {
	Index int
	Name  string
	Run   int64 // its run in the results store
	Drill *engine.Drill
	// Positions are the positions stated on the open decision, oldest
	// first, one per seat.
	Positions []engine.Position
	Timer     Timer
	Paused    bool
	// Break is the module of the break the facilitator opened, while it
	// lasts; nil otherwise (also when the break is outside any module:
	// then OnBreak is true).
	Break   *engine.Module
	OnBreak bool
	// Opening is the index in the scenario's Modules of the module whose
	// opening the team is at: its first scene waits, its timer stopped,
	// until the facilitator begins it (a ControlBegin). -1 for none.
	Opening int
	// Over reports the drill is over: an ending reached, nothing left to
	// choose, or ended by the facilitator (EndedBy names who).
	Over    bool
	EndedBy string
	// Last is the last decision, or nil before the first.
	Last *Decision
	// Injects are the events since the last decision: those it set off,
	// then those fired by hand, in order.
	Injects []Inject
	// Controls are every control used on the team's drill, in order.
	Controls []engine.Control
	// Score is the total percent of the drill as it stands (checks scored
	// as if it ended now); Finished reports that the store holds the
	// final score.
	Score    float64
	Finished bool
}

// Timer is a team's countdown on a timed scene.
type Timer struct {
	On      bool          // the scene is timed and the drill runs
	Limit   time.Duration // the scene's limit, with what was added or cut
	Left    time.Duration // when not running: the time left
	Running bool
	End     time.Time // when running: when the time runs out
}

// LeftAt is the time left at now.
func (t Timer) LeftAt(now time.Time) time.Duration {
	if !t.Running {
		return t.Left
	}
	return max(t.End.Sub(now), 0)
}

// Decision is a team's last decision as the room shows it.
type Decision struct {
	Scene    *engine.Scene
	Title    string   // the scene's title, rendered
	Choices  []string // the texts of the choices taken, rendered
	IDs      []string
	TimedOut bool
	By       string // who committed it; "" for a timeout
}

// Inject is an event the team heard of.
type Inject struct {
	Event *engine.Event
	Text  string // rendered
	Hand  bool   // fired by the facilitator
}

// Seat is a seat of a session, as every seat may see it.
type Seat struct {
	store.Seat
	Online int // connections holding the seat now
}

// Team returns team i, or nil.
func (s *Snapshot) Team(i int) *Team {
	if s == nil || i < 0 || i >= len(s.Teams) {
		return nil
	}
	return &s.Teams[i]
}

// Seat returns the seat with id, or nil.
func (s *Snapshot) Seat(id string) *Seat {
	for i := range s.Seats {
		if s.Seats[i].ID == id {
			return &s.Seats[i]
		}
	}
	return nil
}

// TeamSeats returns the seats of team i, in the order they joined.
func (s *Snapshot) TeamSeats(i int) []Seat {
	var out []Seat
	for _, st := range s.Seats {
		if st.Team == i {
			out = append(out, st)
		}
	}
	return out
}

// PositionOf returns the position of seat id on team t's open decision, or
// nil.
func (t *Team) PositionOf(seat string) *engine.Position {
	for i := range t.Positions {
		if t.Positions[i].Seat == seat {
			return &t.Positions[i]
		}
	}
	return nil
}

package room

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// Session is a facilitated exercise: one scenario and seed, one or more
// teams. Its methods are safe for concurrent use; each change is written to
// the store before anyone sees it (see the package doc).
type Session struct {
	m       *Manager
	id      int64
	code    string
	sc      *engine.Scenario
	seed    uint64
	owner   Identity
	created time.Time

	// mu serialises changes and guards the state below; it is held while
	// a change is written to the store.
	mu      sync.Mutex
	teams   []*team
	seats   []store.Seat
	online  map[string]int
	ended   bool
	problem string
	version uint64
	subs    map[*Sub]struct{}
	// scope is what changed since the last snapshot: one team's index,
	// anyTeam (the session as a whole), or nothing yet.
	scope int

	snap atomic.Pointer[Snapshot]
}

// team is a team's drill and what goes with it; guarded by Session.mu.
type team struct {
	index     int
	name      string
	run       int64
	rec       engine.Record
	d         *engine.Drill // replayed from rec; never changed once made
	positions map[int][]engine.Position
	controls  []engine.Control
	timer     timerState
	paused    bool
	onBreak   bool
	breakMod  string
	opening   int // the module whose opening the team is at; -1 for none
	over      bool
	endedBy   string
	finished  bool
	score     float64
	pending   Stopper // the timer's timeout, or a retry of a write
	gen       int     // counts the timers set, so that a stale one does nothing
}

func newSession(m *Manager, ss *store.Session, sc *engine.Scenario) *Session {
	return &Session{m: m, id: ss.ID, code: ss.Code, sc: sc, seed: ss.Record.Seed, owner: Identity{Key: ss.Owner, Name: ss.OwnerName},
		created: ss.Created, online: map[string]int{}, subs: map[*Sub]struct{}{}, scope: nothing}
}

func newTeam(s *Session, i int, name string, run int64, d *engine.Drill, positions []engine.Position) *team {
	t := &team{index: i, name: name, run: run, rec: d.Record(), d: d, positions: map[int][]engine.Position{}, opening: -1}
	for _, p := range positions {
		t.positions[p.Decision] = append(t.positions[p.Decision], p)
	}
	return t
}

// Code returns the session's join code.
func (s *Session) Code() string { return s.code }

// ID returns the session's id in the results store.
func (s *Session) ID() int64 { return s.id }

// Snapshot returns the session as it stands: read it, never change it.
func (s *Session) Snapshot() *Snapshot { return s.snap.Load() }

// Sub is a subscription to a session's changes: C gets a signal when a new
// snapshot is out (one signal for any number of changes since the last was
// read), and is closed by Close. A team's seat is woken by the changes of
// its team and of the session as a whole; the console by every change.
type Sub struct {
	C    <-chan struct{}
	c    chan struct{}
	s    *Session
	seat string
	team int // the team whose changes wake it, or anyTeam
	once sync.Once
}

// The scopes of a change: anyTeam is the session as a whole (and a
// subscriber woken by every change); nothing is no change yet.
const (
	anyTeam = -1
	nothing = -2
)

// touch notes that team i (or anyTeam) changed, for the next snapshot.
// The caller holds mu.
func (s *Session) touch(i int) {
	switch s.scope {
	case nothing:
		s.scope = i
	case i:
	default:
		s.scope = anyTeam
	}
}

// Subscribe returns a subscription to the session's changes for a
// connection holding seat (its id, or "" for none): the seat is counted
// online until Close.
func (s *Session) Subscribe(seat string) *Sub {
	c := make(chan struct{}, 1)
	sub := &Sub{C: c, c: c, s: s, seat: seat, team: anyTeam}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.seat(seat)
	if st != nil && st.Team >= 0 {
		sub.team = st.Team
	}
	s.subs[sub] = struct{}{}
	if seat != "" {
		s.online[seat]++
		s.touch(sub.team)
		s.publish()
	}
	return sub
}

// Close ends the subscription and closes C.
func (sub *Sub) Close() {
	sub.once.Do(func() {
		s := sub.s
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subs, sub)
		close(sub.c)
		if sub.seat != "" {
			s.online[sub.seat]--
			s.touch(sub.team)
			s.publish()
		}
	})
}

// publish makes a new snapshot of the state and wakes the subscribers the
// change concerns (see touch; without a touch, every one). The caller holds
// mu.
func (s *Session) publish() {
	scope := s.scope
	if scope == nothing {
		scope = anyTeam
	}
	s.scope = nothing
	s.version++
	snap := &Snapshot{Version: s.version, ID: s.id, Code: s.code, Scenario: s.sc, Seed: s.seed, Owner: s.owner, Created: s.created,
		Ended: s.ended, Problem: s.problem}
	for _, t := range s.teams {
		snap.Teams = append(snap.Teams, t.view(s))
	}
	for _, st := range s.seats {
		snap.Seats = append(snap.Seats, Seat{Seat: st, Online: s.online[st.ID]})
	}
	s.snap.Store(snap)
	for sub := range s.subs {
		if scope != anyTeam && sub.team != anyTeam && sub.team != scope {
			continue
		}
		select {
		case sub.c <- struct{}{}:
		default: // a signal is waiting already
		}
	}
}

// view is the team as a snapshot shows it.
func (t *team) view(s *Session) Team {
	d := t.d
	v := Team{Index: t.index, Name: t.name, Run: t.run, Drill: d, Timer: t.timer.view(), Paused: t.paused, OnBreak: t.onBreak, Opening: t.opening,
		Over: t.over, EndedBy: t.endedBy, Score: t.score, Finished: t.finished, Controls: slices.Clone(t.controls)}
	if t.onBreak && t.breakMod != "" {
		for i := range s.sc.Modules {
			if s.sc.Modules[i].ID == t.breakMod {
				v.Break = &s.sc.Modules[i]
			}
		}
	}
	n := len(d.Decisions())
	v.Positions = slices.SortedStableFunc(slices.Values(t.positions[n]), func(a, b engine.Position) int { return a.At.Compare(b.At) })
	if n > 0 {
		dec := d.Decisions()[n-1]
		last := &Decision{Scene: &s.sc.Scenes[dec.Scene], TimedOut: dec.TimedOut}
		last.Title = d.Render(last.Scene.Title)
		for _, ci := range dec.Choices {
			_, c := s.sc.ChoiceByIndex(ci)
			last.Choices = append(last.Choices, d.Render(c.Text))
			last.IDs = append(last.IDs, c.ID)
		}
		for i := len(t.controls) - 1; i >= 0; i-- {
			if c := t.controls[i]; c.Kind == engine.ControlCommit && c.After == n-1 {
				last.By = c.By
				break
			}
		}
		v.Last = last
		for _, e := range dec.Events {
			v.Injects = append(v.Injects, Inject{Event: &s.sc.Events[e], Text: d.Render(s.sc.Events[e].Text)})
		}
	}
	for _, in := range d.Injections() {
		if in.Event >= 0 && in.After == n {
			v.Injects = append(v.Injects, Inject{Event: &s.sc.Events[in.Event], Text: d.Render(s.sc.Events[in.Event].Text), Hand: true})
		}
	}
	return v
}

// rescore computes the team's score as its drill stands. The caller holds
// mu.
func (s *Session) rescore(t *team) {
	if res, err := t.d.Result(t.name); err == nil {
		t.score = res.TotalPercent
	}
}

// seat returns the seat with id, or nil. The caller holds mu.
func (s *Session) seat(id string) *store.Seat {
	for i := range s.seats {
		if s.seats[i].ID == id {
			return &s.seats[i]
		}
	}
	return nil
}

// stop stops the session's timers.
func (s *Session) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.teams {
		t.gen++
		if t.pending != nil {
			t.pending.Stop()
			t.pending = nil
		}
	}
}

// teamsOver reports whether every team's drill is over. The caller holds
// mu.
func (s *Session) teamsOver() bool {
	return !slices.ContainsFunc(s.teams, func(t *team) bool { return !t.over })
}

// byJoin orders seats as they joined.
func byJoin(a, b store.Seat) int {
	return cmp.Or(a.Joined.Compare(b.Joined), cmp.Compare(a.ID, b.ID))
}

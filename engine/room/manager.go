package room

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// Store is what a room asks of the results store (store.Store has it).
type Store interface {
	BeginSession(s *store.Session, teams []string, source []byte) (int64, error)
	OpenSessions() ([]store.Session, error)
	EndSession(id int64, at time.Time) error
	SaveSeat(session int64, s store.Seat) error
	Get(id int64) (*store.Run, error)
	SavePosition(id int64, p engine.Position) error
	AppendControl(id int64, c engine.Control) error
	Commit(id int64, n int, decision string, c engine.Control) error
	TakeBack(id int64, n int, c engine.Control) error
	AppendDecision(id int64, n int, decision string) error
	Finish(id int64, res *engine.Result, ended time.Time) error
}

var _ Store = store.Store(nil)

// Clock is where a room reads the time and sets its timers; tests give one
// they move by hand.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once d has passed, unless
	// the returned timer is stopped first.
	AfterFunc(d time.Duration, f func()) Stopper
}

// Stopper stops a timer of a Clock.
type Stopper interface{ Stop() bool }

type wallClock struct{}

func (wallClock) Now() time.Time                              { return time.Now() }
func (wallClock) AfterFunc(d time.Duration, f func()) Stopper { return time.AfterFunc(d, f) }

// The limits a Manager enforces unless its Options set others.
const (
	DefaultMaxSessions = 20 // open sessions on one server
	DefaultMaxSeats    = 60 // seats in one session
	MaxTeams           = 10 // teams in one session
)

// Options configure a Manager.
type Options struct {
	Store       Store // required: every change is written to it first
	Clock       Clock // nil for the wall clock
	MaxSessions int   // 0 for DefaultMaxSessions
	MaxSeats    int   // 0 for DefaultMaxSeats
	// Logf reports what no seat waits for, such as a timeout the store
	// could not take yet; nil drops it.
	Logf func(format string, args ...any)
}

// Manager holds the open sessions of one server.
type Manager struct {
	opts Options

	mu       sync.Mutex
	sessions []*Session // open, oldest first
}

// NewManager returns a manager with no session; Resume brings back those
// the store holds open.
func NewManager(o Options) *Manager {
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = DefaultMaxSessions
	}
	if o.MaxSeats <= 0 {
		o.MaxSeats = DefaultMaxSeats
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return &Manager{opts: o}
}

// OpenRequest is what a facilitator opens a session with.
type OpenRequest struct {
	Scenario *engine.Scenario // with its parameters bound
	Seed     uint64
	Teams    []string // the teams' names, as typed
	Owner    Identity
}

// Open opens a session: it checks the teams' names, scores the scenario's
// bounds (the scoreboard needs them), stores the session with a run per
// team, and returns it, its first snapshot published.
func (m *Manager) Open(req OpenRequest) (*Session, error) {
	if req.Scenario == nil {
		return nil, errors.New("choose a scenario to open a session")
	}
	owner, err := CleanName(req.Owner.Name)
	if err != nil {
		return nil, err
	}
	var teams []string
	for _, t := range req.Teams {
		name, err := CleanName(t)
		if err != nil {
			continue // an empty name in a list: skipped
		}
		for _, have := range teams {
			if strings.EqualFold(have, name) {
				return nil, fmt.Errorf("two teams are named %q; give each team its own name", name)
			}
		}
		teams = append(teams, name)
	}
	switch {
	case len(teams) == 0:
		return nil, errors.New("name at least one team")
	case len(teams) > MaxTeams:
		return nil, fmt.Errorf("a session takes at most %d teams, not %d", MaxTeams, len(teams))
	}
	if _, err := req.Scenario.Bounds(); err != nil {
		return nil, fmt.Errorf("scenario %q cannot be scored: %w", req.Scenario.ID, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.sessions) >= m.opts.MaxSessions {
		return nil, fmt.Errorf("this server already runs %d sessions, its limit; end one first", len(m.sessions))
	}
	code := newCode()
	for m.byCode(code) != nil {
		code = newCode()
	}
	now := m.opts.Clock.Now().UTC()
	ss := &store.Session{Code: code, Record: engine.NewDrill(req.Scenario, req.Seed).Record(), Owner: req.Owner.Key, OwnerName: owner, Created: now}
	if _, err := m.opts.Store.BeginSession(ss, teams, req.Scenario.Source()); err != nil {
		return nil, fmt.Errorf("the session could not be stored: %w", err)
	}
	s := newSession(m, ss, req.Scenario)
	for i, t := range ss.Teams {
		s.teams = append(s.teams, newTeam(s, i, t.Name, t.Run, engine.NewDrill(req.Scenario, req.Seed), nil))
	}
	s.mu.Lock()
	for _, t := range s.teams {
		s.enterScene(t)
		s.rescore(t)
	}
	s.publish()
	s.mu.Unlock()
	m.sessions = append(m.sessions, s)
	return s, nil
}

func (m *Manager) byCode(code string) *Session {
	for _, s := range m.sessions {
		if s.code == code {
			return s
		}
	}
	return nil
}

// Find returns the open session of a join code, as typed.
func (m *Manager) Find(code string) (*Session, error) {
	c := NormalizeCode(code)
	m.mu.Lock()
	defer m.mu.Unlock()
	if s := m.byCode(c); s != nil && c != "" {
		return s, nil
	}
	return nil, fmt.Errorf("no open session has the code %q; check it with the facilitator", oneLine(code, 20))
}

// Sessions returns the open sessions, oldest first.
func (m *Manager) Sessions() []*Session {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*Session(nil), m.sessions...)
}

// Owned returns the open sessions opened with key, oldest first.
func (m *Manager) Owned(key string) []*Session {
	var out []*Session
	for _, s := range m.Sessions() {
		if s.owner.Key == key {
			out = append(out, s)
		}
	}
	return out
}

// closed forgets an ended session: its code no longer joins it.
func (m *Manager) closed(s *Session) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, have := range m.sessions {
		if have == s {
			m.sessions = append(m.sessions[:i], m.sessions[i+1:]...)
			return
		}
	}
}

// Stop stops every session's timers, as the server stops: nothing is
// written after it returns. The store keeps the sessions open, for Resume.
func (m *Manager) Stop() {
	for _, s := range m.Sessions() {
		s.stop()
	}
}

// ScenarioOf finds the scenario a stored run was played on (store.ScenarioOf
// does, against the scenarios at hand).
type ScenarioOf func(r *store.Run) (*engine.Scenario, error)

// Resume brings back the sessions the store holds open, as a server starting
// again after a stop or a crash: each team's drill is replayed from its run
// (decisions, events fired by hand, moves of the clock), with its positions,
// controls and seats. A timed scene comes back paused with the time it had
// left at its last control, for the facilitator to resume once the room is
// back. It returns how many sessions it resumed; a session that cannot be
// resumed (its scenario is missing) is skipped and named in the error.
func (m *Manager) Resume(scenarioOf ScenarioOf) (int, error) {
	open, err := m.opts.Store.OpenSessions()
	if err != nil {
		return 0, err
	}
	var errs []error
	n := 0
	for i := range open {
		s, err := m.resume(&open[i], scenarioOf)
		if err != nil {
			errs = append(errs, fmt.Errorf("session %s cannot be resumed: %w", FormatCode(open[i].Code), err))
			continue
		}
		m.mu.Lock()
		m.sessions = append(m.sessions, s)
		m.mu.Unlock()
		n++
	}
	return n, errors.Join(errs...)
}

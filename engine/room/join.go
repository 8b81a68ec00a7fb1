package room

import (
	"errors"
	"fmt"
	"slices"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// JoinRequest is a seat asked for: a team's room view or a role in a team.
type JoinRequest struct {
	Kind store.SeatKind // SeatRoom or SeatRole
	Team int            // index into the session's teams
	Role string         // a role seat's scenario role id ("" when the scenario names none)
	Who  Identity
}

// Join gives a person a seat: the one they held before when the same key
// and name join as the same kind of seat in the same team (a reconnection
// after a dropped line or a restart of the server), else a new one, stored
// before it is shown. It returns the seat's id.
func (s *Session) Join(req JoinRequest) (string, error) {
	name, err := CleanName(req.Who.Name)
	if err != nil {
		return "", err
	}
	if req.Who.Key == "" {
		return "", errors.New("a seat needs the key it joins with")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.open(); err != nil {
		return "", err
	}
	switch {
	case req.Kind != store.SeatRoom && req.Kind != store.SeatRole:
		return "", fmt.Errorf("a player joins as a room view or in a role, not as %q", req.Kind)
	case req.Team < 0 || req.Team >= len(s.teams):
		return "", fmt.Errorf("the session has %d teams; choose one of them", len(s.teams))
	}
	role := ""
	if req.Kind == store.SeatRole {
		switch {
		case len(s.sc.Roles) == 0 && req.Role == "":
		case slices.Contains(s.sc.Roles, req.Role):
			role = req.Role
		default:
			return "", fmt.Errorf("choose one of the scenario's roles: %s", rolesOf(s.sc))
		}
	}
	st := store.Seat{Kind: req.Kind, Team: req.Team, Role: role, Name: name, Key: req.Who.Key}
	return s.seatFor(st)
}

// JoinConsole gives the facilitator who opened the session its console
// seat; another key is refused.
func (s *Session) JoinConsole(who Identity) (string, error) {
	if who.Key == "" || who.Key != s.owner.Key {
		return "", errors.New("only the facilitator who opened the session, with the same key, runs its console")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.open(); err != nil {
		return "", err
	}
	return s.seatFor(store.Seat{Kind: store.SeatConsole, Team: -1, Name: s.owner.Name, Key: who.Key})
}

// seatFor returns the seat that st asks for, stored first when it is new.
// The caller holds mu.
func (s *Session) seatFor(st store.Seat) (string, error) {
	for _, have := range s.seats {
		if have.Kind == st.Kind && have.Team == st.Team && have.Key == st.Key && have.Name == st.Name && (st.Kind != store.SeatRole || have.Role == st.Role) {
			return have.ID, nil
		}
	}
	if len(s.seats) >= s.m.opts.MaxSeats {
		return "", fmt.Errorf("session %s is full (%d seats); ask the facilitator", FormatCode(s.code), len(s.seats))
	}
	st.ID = fmt.Sprintf("s%d", len(s.seats)+1)
	st.Joined = s.m.opts.Clock.Now().UTC()
	if err := s.m.opts.Store.SaveSeat(s.id, st); err != nil {
		return "", fmt.Errorf("the seat could not be stored: %w", err)
	}
	s.seats = append(s.seats, st)
	s.touch(st.Team)
	s.publish()
	return st.ID, nil
}

// SetLead marks a role seat lead of its team, or no longer: a lead may
// commit the team's decision. Only the console may.
func (s *Session) SetLead(by, seat string, lead bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	who, err := s.console(by)
	if err != nil {
		return err
	}
	st := s.seat(seat)
	if st == nil || st.Kind != store.SeatRole {
		return errors.New("only a player's seat can lead a team")
	}
	if st.Lead == lead {
		return nil
	}
	t := s.teams[st.Team]
	if err := s.open(); err != nil {
		return err
	}
	arg := st.ID + " " + st.Name
	if !lead {
		arg = "-" + arg
	}
	changed := *st
	changed.Lead = lead
	if err := s.m.opts.Store.SaveSeat(s.id, changed); err != nil {
		return fmt.Errorf("the lead could not be stored: %w", err)
	}
	*st = changed
	if !t.over {
		// Noted among the team's controls as well; the seat holds the mark.
		if err := s.appendControl(t, engine.ControlLead, arg, who); err != nil {
			s.m.opts.Logf("the lead of %s is stored, its control is not: %v", st.Name, err)
		}
	}
	s.touch(st.Team)
	s.publish()
	return nil
}

// console returns the name of the facilitator at seat by, or an error when
// by is not the session's console. The caller holds mu.
func (s *Session) console(by string) (string, error) {
	st := s.seat(by)
	if st == nil || st.Kind != store.SeatConsole || st.Key != s.owner.Key {
		return "", errors.New("only the facilitator's console can do this")
	}
	return st.Name, nil
}

// open refuses a change to an ended session. The caller holds mu.
func (s *Session) open() error {
	if s.ended {
		return fmt.Errorf("session %s has ended", FormatCode(s.code))
	}
	return nil
}

func rolesOf(sc *engine.Scenario) string {
	var out string
	for i, r := range sc.RoleInfo {
		if i > 0 {
			out += ", "
		}
		out += r.Title + " (" + r.ID + ")"
	}
	return out
}

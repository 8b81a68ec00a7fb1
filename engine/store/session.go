package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// Session is a facilitated room session (ttx serve) as stored: one
// scenario, seed and parameters, played by one or more teams, each team's
// drill a run of its own.
type Session struct {
	ID   int64
	UUID string
	// Code is the short code players join with.
	Code string
	// Record is the scenario, version, hash, seed and parameters every
	// team plays (its decisions are not read).
	Record engine.Record
	// Owner is the fingerprint of the SSH key of the facilitator who opened
	// the session, OwnerName the name they gave.
	Owner, OwnerName string
	Created          time.Time // kept to the millisecond, in UTC
	Ended            time.Time // zero while the session is open

	// Teams are the teams' runs, in the order they were begun; Seats the
	// seats that joined, in the order they first did. Both are read, not
	// written, with the session.
	Teams []SessionTeam
	Seats []Seat
}

// SessionTeam is a team of a session and its run.
type SessionTeam struct {
	Name     string
	Run      int64
	Finished bool
}

// SeatKind is what a seat of a session is for.
type SeatKind string

// The kinds of seat.
const (
	SeatConsole SeatKind = "console" // the facilitator's console
	SeatRoom    SeatKind = "room"    // a team's room view, for a projector
	SeatRole    SeatKind = "role"    // a player in a role, in a team
)

// Seat is a seat of a session: who joined, as what, in which team.
type Seat struct {
	ID     string // unique in its session
	Kind   SeatKind
	Team   int    // index into the session's teams; -1 for the console
	Role   string // a role seat's scenario role id, or ""
	Name   string // the name given when joining
	Key    string // the fingerprint of the SSH key it joined with
	Lead   bool   // may commit the team's decision
	Joined time.Time
}

// BeginSession stores a new open session and the runs of its teams (named
// teams, in order), with the scenario's source kept by its hash as Begin
// keeps it. It gives s a UUID and a creation time of now when it has none,
// sets s.ID and s.Teams, and returns the session's id.
func (d *db) BeginSession(s *Session, teams []string, source []byte) (int64, error) {
	switch {
	case s.Record.Scenario == "":
		return 0, d.errorf(ErrInvalid, nil, "a session needs a scenario id")
	case s.Code == "":
		return 0, d.errorf(ErrInvalid, nil, "a session needs a join code")
	case len(teams) == 0:
		return 0, d.errorf(ErrInvalid, nil, "a session needs at least one team")
	}
	for i, t := range teams {
		if t == "" {
			return 0, d.errorf(ErrInvalid, nil, "team %d of the session has no name", i+1)
		}
		if slices.Index(teams, t) < i {
			return 0, d.errorf(ErrInvalid, nil, "two teams of the session are named %q; give each team its own name", t)
		}
	}
	if err := d.checkSource(s.Record, source); err != nil {
		return 0, err
	}
	if s.UUID == "" {
		s.UUID = NewUUID()
	}
	if s.Created.IsZero() {
		s.Created = time.Now()
	}
	created, err := d.millis(s.Created)
	if err != nil {
		return 0, err
	}
	s.Created = s.Created.Truncate(time.Millisecond).UTC()
	params, err := packParams(s.Record.Params)
	if err != nil {
		return 0, d.errorf(ErrInvalid, err, "the scenario parameters of the session cannot be stored (%v)", err)
	}
	rec := s.Record
	rec.Decisions, rec.Manual = nil, nil
	var id int64
	var runs []SessionTeam
	err = d.write(func(t *txn) error {
		runs = nil
		if err := d.storeScenario(t, rec, source, ""); err != nil {
			return err
		}
		err := t.queryRow(`INSERT INTO sessions (uuid, code, scenario, version, hash, seed, params, owner, owner_name, created)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			s.UUID, s.Code, rec.Scenario, rec.Version, rec.Hash, int64(rec.Seed), params, s.Owner, s.OwnerName, created).Scan(&id)
		if err != nil {
			return err
		}
		for _, team := range teams {
			r := Run{UUID: NewUUID(), Record: rec, Team: team, Started: s.Created, Session: id}
			run, _, err := d.insertRun(t, &r)
			if err != nil {
				return err
			}
			runs = append(runs, SessionTeam{Name: team, Run: run})
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.ID, s.Teams, s.Seats = id, runs, nil
	return id, nil
}

const sessionCols = "id, uuid, code, scenario, version, hash, seed, params, owner, owner_name, created, ended"

func scanSession(sc scanner) (Session, error) {
	var s Session
	var seed, created int64
	var ended sql.NullInt64
	var params string
	err := sc.Scan(&s.ID, &s.UUID, &s.Code, &s.Record.Scenario, &s.Record.Version, &s.Record.Hash, &seed, &params, &s.Owner, &s.OwnerName, &created, &ended)
	if err != nil {
		return s, err
	}
	s.Record.Seed = uint64(seed)
	s.Created = fromNanos(sql.NullInt64{Int64: created, Valid: true})
	s.Ended = fromNanos(ended)
	s.Record.Params, err = unpackParams(params)
	return s, err
}

// GetSession returns a session with its teams and seats.
func (d *db) GetSession(id int64) (*Session, error) {
	var out []Session
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = d.sessions(ctx, tx, "id = $1", id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, d.errorf(ErrNotFound, nil, "there is no session %d in the results database", id)
	}
	return &out[0], nil
}

// OpenSessions returns the sessions not ended, oldest first, with their
// teams and seats: what a server resumes when it starts again.
func (d *db) OpenSessions() ([]Session, error) {
	var out []Session
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = d.sessions(ctx, tx, "ended IS NULL")
		return err
	})
	return out, err
}

// sessions reads the sessions that where selects, with their teams and
// seats.
func (d *db) sessions(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]Session, error) {
	out := []Session{}
	err := each(ctx, tx, "SELECT "+sessionCols+" FROM sessions WHERE "+where+" ORDER BY created, id", args, func(sc scanner) error {
		s, err := scanSession(sc)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		s := &out[i]
		s.Teams, s.Seats = []SessionTeam{}, []Seat{}
		err := each(ctx, tx, "SELECT team, id, finished FROM runs WHERE session = $1 ORDER BY id", []any{s.ID}, func(sc scanner) error {
			var t SessionTeam
			err := sc.Scan(&t.Name, &t.Run, &t.Finished)
			s.Teams = append(s.Teams, t)
			return err
		})
		if err != nil {
			return nil, err
		}
		err = each(ctx, tx, "SELECT id, kind, team, role, name, key_fp, is_lead, joined FROM seats WHERE session = $1 ORDER BY joined, id", []any{s.ID},
			func(sc scanner) error {
				var st Seat
				var joined int64
				err := sc.Scan(&st.ID, &st.Kind, &st.Team, &st.Role, &st.Name, &st.Key, &st.Lead, &joined)
				st.Joined = fromNanos(sql.NullInt64{Int64: joined, Valid: true})
				s.Seats = append(s.Seats, st)
				return err
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EndSession marks a session ended at (now when zero); its runs are left as
// they are (finish each with Finish). Ending it again is a no-op.
func (d *db) EndSession(id int64, at time.Time) error {
	if at.IsZero() {
		at = time.Now()
	}
	ms, err := d.millis(at)
	if err != nil {
		return err
	}
	return d.write(func(t *txn) error {
		var ended sql.NullInt64
		err := t.queryRow("SELECT ended FROM sessions WHERE id = $1", id).Scan(&ended)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return d.errorf(ErrNotFound, nil, "there is no session %d in the results database", id)
		case err != nil || ended.Valid:
			return err
		}
		_, err = t.exec("UPDATE sessions SET ended = $1 WHERE id = $2 AND ended IS NULL", ms, id)
		return err
	})
}

// SaveSeat stores a seat of an open session, or its change (a new name, the
// lead mark). A role seat is also kept among the participants of its
// team's run, once per name and role.
func (d *db) SaveSeat(session int64, st Seat) error {
	switch {
	case st.ID == "":
		return d.errorf(ErrInvalid, nil, "a seat needs an id")
	case st.Kind != SeatConsole && st.Kind != SeatRoom && st.Kind != SeatRole:
		return d.errorf(ErrInvalid, nil, "%q is not a kind of seat; a seat is a console, a room or a role", st.Kind)
	case st.Name == "":
		return d.errorf(ErrInvalid, nil, "seat %s needs a name", st.ID)
	}
	if st.Joined.IsZero() {
		st.Joined = time.Now()
	}
	joined, err := d.millis(st.Joined)
	if err != nil {
		return err
	}
	return d.write(func(t *txn) error {
		var ended sql.NullInt64
		err := t.queryRow("SELECT ended FROM sessions WHERE id = $1", session).Scan(&ended)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return d.errorf(ErrNotFound, nil, "there is no session %d in the results database", session)
		case err != nil:
			return err
		case ended.Valid:
			return d.errorf(ErrFinished, nil, "session %d has ended, so no seat joins it", session)
		}
		var run int64
		if st.Team >= 0 {
			err := t.queryRow("SELECT id FROM runs WHERE session = $1 ORDER BY id LIMIT 1 OFFSET $2", session, st.Team).Scan(&run)
			if errors.Is(err, sql.ErrNoRows) {
				return d.errorf(ErrInvalid, nil, "session %d has no team %d", session, st.Team+1)
			}
			if err != nil {
				return err
			}
		}
		_, err = t.exec(`INSERT INTO seats (session, id, kind, team, role, name, key_fp, is_lead, joined) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (session, id) DO UPDATE SET kind = excluded.kind, team = excluded.team, role = excluded.role, name = excluded.name,
			key_fp = excluded.key_fp, is_lead = excluded.is_lead`,
			session, st.ID, string(st.Kind), st.Team, st.Role, st.Name, st.Key, st.Lead, joined)
		if err != nil || st.Kind != SeatRole || run == 0 {
			return err
		}
		return d.addParticipant(t, run, engine.Participant{Name: st.Name, Role: st.Role})
	})
}

// addParticipant adds p to the participants of an unfinished run, in its
// table and its summary, unless it is there already.
func (d *db) addParticipant(t *txn, run int64, p engine.Participant) error {
	var finished bool
	var summary []byte
	if err := t.queryRow("SELECT finished, summary FROM runs WHERE id = $1", run).Scan(&finished, &summary); err != nil || finished {
		return err
	}
	sum, err := unpackSummary(summary)
	if err != nil {
		return d.notDatabase(err)
	}
	if slices.Contains(sum.participants, p) {
		return nil
	}
	if _, err := t.exec("INSERT INTO participants (run, n, name, role) VALUES ($1, $2, $3, $4)", run, len(sum.participants), p.Name, p.Role); err != nil {
		return err
	}
	sum.participants = append(sum.participants, p)
	_, err = t.exec("UPDATE runs SET summary = $1 WHERE id = $2", sum.pack(), run)
	return err
}

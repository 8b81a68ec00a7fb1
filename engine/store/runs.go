package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// Run is one drill as stored: its record, who played it, when, and, once
// finished, its result and after-action record.
type Run struct {
	ID           int64
	UUID         string        // stable across machines; given when the run begins
	Record       engine.Record // scenario, version, hash, seed, decisions
	Team         string
	Participants []engine.Participant
	Started      time.Time
	Ended        time.Time // zero while unfinished
	Finished     bool
	Ending       string     // ending id; "" for none
	Hours        float64    // the scenario clock at the end
	Total        float64    // the result's total percent
	Scores       []RunScore // per principle, in the rubric's order
	Hotwash      engine.Hotwash
	Actions      []engine.Action // improvement actions, in the order added
}

// RunScore is a stored principle score: enough to show and rank a result
// without the scenario; replaying the record re-scores it in full.
type RunScore struct {
	Principle string  `json:"principle"`
	Title     string  `json:"title,omitempty"`
	Scored    bool    `json:"scored"` // false when the scenario never scores this principle
	Raw       int     `json:"raw"`
	Percent   float64 `json:"percent"`
	Best      int     `json:"best"`
	Worst     int     `json:"worst"`
}

// Filter selects runs. Empty fields select all.
type Filter struct {
	Scenario string // scenario id
	Team     string
	Limit    int // at most this many runs; 0 for all
}

// Begin stores r as an unfinished run: its record (with the decisions it
// already has, usually none), team, participants and start time. It gives r
// a UUID when it has none and a start time of now when it has none, sets
// r.ID and returns it. Finished, scores, hotwash and actions are not read.
func (s *Store) Begin(r *Run) (int64, error) {
	if r.Record.Scenario == "" {
		return 0, s.errorf(ErrInvalid, nil, "a run needs a scenario id")
	}
	if r.UUID == "" {
		r.UUID = NewUUID()
	} else if u, ok := parseUUID(r.UUID); ok {
		r.UUID = u
	} else {
		return 0, s.errorf(ErrInvalid, nil, "%q is not a UUID", r.UUID)
	}
	if r.Started.IsZero() {
		r.Started = time.Now()
	}
	if _, err := s.nanos(r.Started); err != nil {
		return 0, err
	}
	for n, d := range r.Record.Decisions {
		if d == "" {
			return 0, s.errorf(ErrInvalid, nil, "decision %d of the run is empty", n+1)
		}
	}
	run := Run{UUID: r.UUID, Record: r.Record, Team: r.Team, Participants: r.Participants, Started: r.Started}
	var id int64
	err := s.write(func(t *txn) error {
		var err error
		id, err = s.insertRun(t, &run)
		return err
	})
	if err != nil {
		return 0, err
	}
	r.ID = id
	return id, nil
}

// insertRun stores a run in full; its times must be in range.
func (s *Store) insertRun(t *txn, r *Run) (int64, error) {
	started, _ := s.nanos(r.Started)
	ended, _ := s.nanos(r.Ended)
	res, err := t.exec(`INSERT INTO runs (uuid, scenario, version, hash, seed, team, started, ended, finished, ending, hours, total, went_well, improve, summary)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.UUID, r.Record.Scenario, r.Record.Version, r.Record.Hash, int64(r.Record.Seed), r.Team, started, ended,
		r.Finished, r.Ending, r.Hours, r.Total, r.Hotwash.WentWell, r.Hotwash.Improve, packSummary(r.Participants, r.Scores))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return 0, s.errorf(ErrConflict, err, "a run with UUID %s is already stored", r.UUID)
		}
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for i, p := range r.Participants {
		if _, err := t.exec("INSERT INTO participants (run, n, name, role) VALUES (?, ?, ?, ?)", id, i, p.Name, p.Role); err != nil {
			return 0, err
		}
	}
	for i, d := range r.Record.Decisions {
		if _, err := t.exec("INSERT INTO decisions (run, n, decision) VALUES (?, ?, ?)", id, i, d); err != nil {
			return 0, err
		}
	}
	if err := insertScores(t, id, r.Scores); err != nil {
		return 0, err
	}
	for _, a := range r.Actions {
		if _, err := s.insertAction(t, id, a); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func insertScores(t *txn, run int64, sc []RunScore) error {
	for i, p := range sc {
		if _, err := t.exec(`INSERT INTO scores (run, n, principle, title, scored, raw, percent, best, worst)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, run, i, p.Principle, p.Title, p.Scored, p.Raw, p.Percent, p.Best, p.Worst); err != nil {
			return err
		}
	}
	return nil
}

// AppendDecision stores decision n (0-based) of an unfinished run, as it
// appears in engine.Record.Decisions. The decision is committed and synced to
// disk when it returns. It refuses a gap (n past the next decision), a
// finished run, and a different decision at an n already stored; storing the
// same decision again is a no-op.
func (s *Store) AppendDecision(id int64, n int, decision string) error {
	if decision == "" {
		return s.errorf(ErrInvalid, nil, "decision %d of run %d is empty", n+1, id)
	}
	if n < 0 {
		return s.errorf(ErrInvalid, nil, "decision number %d is negative", n)
	}
	s.wmu.Lock()
	res, err := s.db.Exec(`INSERT INTO decisions (run, n, decision)
		SELECT ?1, ?2, ?3
		WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?1 AND finished = 0)
		AND ?2 = (SELECT coalesce(max(n), -1) + 1 FROM decisions WHERE run = ?1)`, id, n, decision)
	s.wmu.Unlock()
	if err != nil {
		return s.wrap(err)
	}
	if k, err := res.RowsAffected(); err != nil || k == 1 {
		return s.wrap(err)
	}
	// Nothing was inserted: say why.
	var finished bool
	var next int
	var have sql.NullString
	err = s.read(func(ctx context.Context, tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT finished FROM runs WHERE id = ?", id).Scan(&finished); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM decisions WHERE run = ?", id).Scan(&next); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, "SELECT decision FROM decisions WHERE run = ? AND n = ?", id, n).Scan(&have)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s.notFound(id)
	case err != nil:
		return err
	case have.Valid && have.String == decision:
		return nil
	case finished:
		return s.errorf(ErrFinished, nil, "run %d is finished, so it takes no more decisions", id)
	case have.Valid:
		return s.errorf(ErrConflict, nil, "decision %d of run %d is already stored as %q, not %q", n+1, id, have.String, decision)
	default:
		return s.errorf(ErrConflict, nil, "run %d has %d decisions, so the next is number %d, not %d", id, next, next+1, n+1)
	}
}

func (s *Store) notFound(id int64) error {
	return s.errorf(ErrNotFound, nil, "there is no run %d in the results database", id)
}

// recordDecisions is how res's decisions appear in engine.Record.Decisions.
func recordDecisions(res *engine.Result) []string {
	out := make([]string, len(res.Decisions))
	for i, d := range res.Decisions {
		out[i] = strings.Join(d.Choices, "+")
		if d.TimedOut {
			out[i] = "!" + out[i]
		}
	}
	return out
}

// Finish stores the result of an unfinished run and marks it finished at
// ended (now when zero): ending, clock, total and per-principle scores, and
// the team when res names one. The result must be of the run's scenario,
// content hash and seed, and its decisions must begin with those stored;
// any it has beyond them are stored too.
func (s *Store) Finish(id int64, res *engine.Result, ended time.Time) error {
	if res == nil {
		return s.errorf(ErrInvalid, nil, "no result given to finish run %d", id)
	}
	if ended.IsZero() {
		ended = time.Now()
	}
	endedNS, err := s.nanos(ended)
	if err != nil {
		return err
	}
	decs := recordDecisions(res)
	scores := make([]RunScore, len(res.Scores))
	for i, sc := range res.Scores {
		scores[i] = RunScore{Principle: sc.Principle, Title: sc.Title, Scored: sc.Scored, Raw: sc.Raw, Percent: sc.Percent, Best: sc.Best, Worst: sc.Worst}
	}
	return s.write(func(t *txn) error {
		var scenario, hash string
		var seed int64
		var finished bool
		var summary []byte
		err := t.queryRow("SELECT scenario, hash, seed, finished, summary FROM runs WHERE id = ?", id).Scan(&scenario, &hash, &seed, &finished, &summary)
		if errors.Is(err, sql.ErrNoRows) {
			return s.notFound(id)
		}
		if err != nil {
			return err
		}
		switch {
		case finished:
			return s.errorf(ErrFinished, nil, "run %d is already finished", id)
		case res.Scenario != scenario:
			return s.errorf(ErrConflict, nil, "the result is of scenario %q but run %d is of %q", res.Scenario, id, scenario)
		case res.Seed != uint64(seed):
			return s.errorf(ErrConflict, nil, "the result has seed %d but run %d has seed %d", res.Seed, id, uint64(seed))
		case res.Hash != "" && hash != "" && res.Hash != hash:
			return s.errorf(ErrConflict, nil, "the result is of another version of scenario %q than run %d", scenario, id)
		}
		stored, err := decisionsOf(t.ctx, t.tx, id)
		if err != nil {
			return err
		}
		if len(stored) > len(decs) {
			return s.errorf(ErrConflict, nil, "run %d has %d decisions stored but the result only %d", id, len(stored), len(decs))
		}
		for i, d := range stored {
			if decs[i] != d {
				return s.errorf(ErrConflict, nil, "decision %d of run %d is stored as %q but the result has %q", i+1, id, d, decs[i])
			}
		}
		for i := len(stored); i < len(decs); i++ {
			if _, err := t.exec("INSERT INTO decisions (run, n, decision) VALUES (?, ?, ?)", id, i, decs[i]); err != nil {
				return err
			}
		}
		parts, _, err := unpackSummary(summary)
		if err != nil {
			return s.notDatabase(err)
		}
		if _, err := t.exec(`UPDATE runs SET finished = 1, ended = ?, ending = ?, hours = ?, total = ?,
			team = CASE WHEN ? = '' THEN team ELSE ? END, summary = ? WHERE id = ?`,
			endedNS, res.Ending, res.Hours, res.TotalPercent, res.Team, res.Team, packSummary(parts, scores), id); err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM scores WHERE run = ?", id); err != nil {
			return err
		}
		return insertScores(t, id, scores)
	})
}

func decisionsOf(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT decision FROM decisions WHERE run = ? ORDER BY n", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Discard deletes an unfinished run that the team chose not to resume. A
// finished run is refused.
func (s *Store) Discard(id int64) error {
	return s.write(func(t *txn) error {
		var finished bool
		err := t.queryRow("SELECT finished FROM runs WHERE id = ?", id).Scan(&finished)
		if errors.Is(err, sql.ErrNoRows) {
			return s.notFound(id)
		}
		if err != nil {
			return err
		}
		if finished {
			return s.errorf(ErrFinished, nil, "run %d is finished, and a finished run is never discarded", id)
		}
		_, err = t.exec("DELETE FROM runs WHERE id = ?", id)
		return err
	})
}

// runCols are the runs columns that scanRun reads, in its order.
const runCols = "r.id, r.uuid, r.scenario, r.version, r.hash, r.seed, r.team, r.started, r.ended, r.finished, r.ending, r.hours, r.total, r.went_well, r.improve, r.summary"

type scanner interface{ Scan(dest ...any) error }

func scanRun(sc scanner) (Run, error) {
	var r Run
	var seed, started int64
	var ended sql.NullInt64
	var summary []byte
	err := sc.Scan(&r.ID, &r.UUID, &r.Record.Scenario, &r.Record.Version, &r.Record.Hash, &seed, &r.Team,
		&started, &ended, &r.Finished, &r.Ending, &r.Hours, &r.Total, &r.Hotwash.WentWell, &r.Hotwash.Improve, &summary)
	if err != nil {
		return r, err
	}
	r.Record.Seed = uint64(seed)
	r.Started = fromNanos(sql.NullInt64{Int64: started, Valid: true})
	r.Ended = fromNanos(ended)
	r.Participants, r.Scores, err = unpackSummary(summary)
	return r, err
}

// Get returns a run in full: record with every decision, participants,
// scores, hotwash and actions.
func (s *Store) Get(id int64) (*Run, error) {
	var r Run
	err := s.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		r, err = scanRun(tx.QueryRowContext(ctx, "SELECT "+runCols+" FROM runs r WHERE r.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return s.notFound(id)
		}
		if err != nil {
			return err
		}
		runs := []Run{r}
		if err := fillDetails(ctx, tx, runs, "r.id = ?", id); err != nil {
			return err
		}
		r = runs[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Unfinished returns the runs not finished, newest first, each in full as
// Get returns it, ready for engine.Replay to continue.
func (s *Store) Unfinished() ([]Run, error) {
	var runs []Run
	err := s.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if runs, err = queryRuns(ctx, tx, "SELECT "+runCols+" FROM runs r WHERE r.finished = 0 ORDER BY r.started DESC, r.id DESC"); err != nil {
			return err
		}
		return fillDetails(ctx, tx, runs, "r.finished = 0")
	})
	return runs, err
}

func queryRuns(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]Run, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// fillDetails reads the decisions, participants, scores and actions of runs,
// which are the runs of table alias r matching where (with args).
func fillDetails(ctx context.Context, tx *sql.Tx, runs []Run, where string, args ...any) error {
	if err := fillTables(ctx, tx, runs, where, args...); err != nil {
		return err
	}
	at := index(runs)
	for i := range runs {
		runs[i].Record.Decisions = []string{}
	}
	err := each(ctx, tx, "SELECT d.run, d.decision FROM decisions d JOIN runs r ON r.id = d.run WHERE "+where+" ORDER BY d.run, d.n", args,
		func(sc scanner) error {
			var id int64
			var d string
			if err := sc.Scan(&id, &d); err != nil {
				return err
			}
			if i, ok := at[id]; ok {
				runs[i].Record.Decisions = append(runs[i].Record.Decisions, d)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return each(ctx, tx, "SELECT "+actionCols+" FROM actions a JOIN runs r ON r.id = a.run WHERE "+where+" ORDER BY a.id", args,
		func(sc scanner) error {
			a, err := scanAction(sc)
			if err != nil {
				return err
			}
			if i, ok := at[a.Run]; ok {
				runs[i].Actions = append(runs[i].Actions, a)
			}
			return nil
		})
}

// fillTables reads the participants and scores of runs from their tables
// (not from the summary), as fillDetails.
func fillTables(ctx context.Context, tx *sql.Tx, runs []Run, where string, args ...any) error {
	at := index(runs)
	for i := range runs {
		runs[i].Participants, runs[i].Scores = nil, nil
	}
	err := each(ctx, tx, "SELECT p.run, p.name, p.role FROM participants p JOIN runs r ON r.id = p.run WHERE "+where+" ORDER BY p.run, p.n", args,
		func(sc scanner) error {
			var id int64
			var p engine.Participant
			if err := sc.Scan(&id, &p.Name, &p.Role); err != nil {
				return err
			}
			if i, ok := at[id]; ok {
				runs[i].Participants = append(runs[i].Participants, p)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return each(ctx, tx, "SELECT s.run, s.principle, s.title, s.scored, s.raw, s.percent, s.best, s.worst FROM scores s JOIN runs r ON r.id = s.run WHERE "+where+" ORDER BY s.run, s.n", args,
		func(sc scanner) error {
			var id int64
			var p RunScore
			if err := sc.Scan(&id, &p.Principle, &p.Title, &p.Scored, &p.Raw, &p.Percent, &p.Best, &p.Worst); err != nil {
				return err
			}
			if i, ok := at[id]; ok {
				runs[i].Scores = append(runs[i].Scores, p)
			}
			return nil
		})
}

func index(runs []Run) map[int64]int {
	at := make(map[int64]int, len(runs))
	for i := range runs {
		at[runs[i].ID] = i
	}
	return at
}

func each(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(scanner) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// List returns the finished runs that f selects, newest first, with their
// participants and scores. To be quick over many runs it leaves out each
// run's decisions and actions (Record.Decisions and Actions are nil); Get
// returns a run in full.
func (s *Store) List(f Filter) ([]Run, error) {
	var runs []Run
	err := s.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		runs, err = s.selectRuns(ctx, tx, f, false)
		return err
	})
	return runs, err
}

// selectRuns returns the finished runs that f selects, newest first, in
// full or without decisions and actions.
func (s *Store) selectRuns(ctx context.Context, tx *sql.Tx, f Filter, full bool) ([]Run, error) {
	where, args := f.where()
	q := "SELECT " + runCols + " FROM runs r WHERE " + where + " ORDER BY r.started DESC, r.id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	runs, err := queryRuns(ctx, tx, q, args...)
	if err != nil || len(runs) == 0 || !full {
		return runs, err
	}
	if f.Limit > 0 {
		// Only the runs selected: those not older than the last of them.
		last := runs[len(runs)-1]
		where += " AND (r.started > ? OR (r.started = ? AND r.id >= ?))"
		ns := last.Started.UnixNano()
		args = append(args, ns, ns, last.ID)
	}
	return runs, fillDetails(ctx, tx, runs, where, args...)
}

func (f Filter) where() (string, []any) {
	where, args := "r.finished = 1", []any{}
	if f.Scenario != "" {
		where += " AND r.scenario = ?"
		args = append(args, f.Scenario)
	}
	if f.Team != "" {
		where += " AND r.team = ?"
		args = append(args, f.Team)
	}
	return where, args
}

// Leaderboard returns the best finished run of each team for a scenario,
// best total first (ties go to the earlier run), at most limit of them (0
// for all). Runs are as List returns them.
func (s *Store) Leaderboard(scenario string, limit int) ([]Run, error) {
	return s.board(scenario, limit, true)
}

// BestRuns returns the best finished runs of a scenario whatever their team,
// best total first (ties go to the earlier run), at most limit of them (0
// for all). Runs are as List returns them.
func (s *Store) BestRuns(scenario string, limit int) ([]Run, error) {
	return s.board(scenario, limit, false)
}

func (s *Store) board(scenario string, limit int, perTeam bool) ([]Run, error) {
	const order = "r.total DESC, r.ended, r.id"
	q := "SELECT " + runCols + " FROM runs r WHERE r.finished = 1 AND r.scenario = ?"
	if perTeam {
		q = "SELECT " + runCols + " FROM (SELECT *, row_number() OVER (PARTITION BY team ORDER BY total DESC, ended, id) AS rank FROM runs WHERE finished = 1 AND scenario = ?) r WHERE r.rank = 1"
	}
	q += " ORDER BY " + order
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	var runs []Run
	err := s.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		runs, err = queryRuns(ctx, tx, q, scenario)
		return err
	})
	return runs, err
}

// nanos converts a time for storage; times outside what Unix nanoseconds
// hold (years 1678 to 2262) are refused.
func (s *Store) nanos(t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	if y := t.Year(); y < 1678 || y > 2261 {
		return nil, s.errorf(ErrInvalid, nil, "the date %s is out of range; give a date between the years 1678 and 2261", t.Format(time.DateOnly))
	}
	return t.UnixNano(), nil
}

func fromNanos(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(0, v.Int64)
}

// NewUUID returns a random (version 4) UUID, as runs are identified by.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// parseUUID checks a UUID's form and returns it in lower case.
func parseUUID(u string) (string, bool) {
	if len(u) != 36 {
		return "", false
	}
	for i, c := range u {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return "", false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return "", false
		}
	}
	return strings.ToLower(u), true
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// runCols are the columns that scanRun reads, in its order: of the runs
// (alias r) and their stored scenario (alias s, joined on the hash). A
// finished run's decisions are counted once, when it finishes; an
// unfinished run's are counted from its last.
const runCols = `r.id, r.uuid, r.scenario, r.version, r.hash, r.seed, r.team, r.started, r.ended, r.finished, r.ending, r.ending_title,
	r.hours, r.total, r.went_well, r.improve, r.params, r.summary,
	CASE WHEN r.finished THEN r.decisions ELSE (SELECT coalesce(max(dc.n), -1) + 1 FROM decisions dc WHERE dc.run = r.id) END, coalesce(s.title, ''),
	coalesce(r.session, 0)`

// runsFrom is the FROM clause of runCols over table (or subquery) src.
func runsFrom(src string) string {
	return " FROM " + src + " r LEFT JOIN scenarios s ON s.hash = r.hash"
}

type scanner interface{ Scan(dest ...any) error }

func scanRun(sc scanner) (Run, error) {
	var r Run
	var seed, started int64
	var ended sql.NullInt64
	var params string
	var summary []byte
	err := sc.Scan(&r.ID, &r.UUID, &r.Record.Scenario, &r.Record.Version, &r.Record.Hash, &seed, &r.Team,
		&started, &ended, &r.Finished, &r.Ending, &r.EndingTitle, &r.Hours, &r.Total, &r.Hotwash.WentWell, &r.Hotwash.Improve,
		&params, &summary, &r.DecisionCount, &r.ScenarioTitle, &r.Session)
	if err != nil {
		return r, err
	}
	r.Record.Seed = uint64(seed)
	r.Started = fromNanos(sql.NullInt64{Int64: started, Valid: true})
	r.Ended = fromNanos(ended)
	if r.Record.Params, err = unpackParams(params); err != nil {
		return r, err
	}
	sum, err := unpackSummary(summary)
	sum.fill(&r)
	return r, err
}

// Get returns a run in full: record with every decision, participants,
// scores, hotwash and actions.
func (d *db) Get(id int64) (*Run, error) {
	var r Run
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		r, err = scanRun(tx.QueryRowContext(ctx, "SELECT "+runCols+runsFrom("runs")+" WHERE r.id = $1", id))
		if errors.Is(err, sql.ErrNoRows) {
			return d.notFound(id)
		}
		if err != nil {
			return err
		}
		runs := []Run{r}
		if err := fillDetails(ctx, tx, runs, "r.id = $1", id); err != nil {
			return err
		}
		r = runs[0]
		var n, ms sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT time_left_n, time_left_ms FROM runs WHERE id = $1", id).Scan(&n, &ms); err != nil {
			return err
		}
		if n.Valid && ms.Valid && !r.Finished && int(n.Int64) == r.DecisionCount {
			left := time.Duration(ms.Int64) * time.Millisecond
			r.TimeLeft = &left
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Unfinished returns the runs not finished, newest first, with their
// participants and decision counts but, like List, without their
// decisions: a run may hold many. Get the one to replay. The runs of
// room sessions are left out: ttx serve resumes them with their session.
func (d *db) Unfinished() ([]Run, error) {
	var runs []Run
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		runs, err = queryRuns(ctx, tx, "SELECT "+runCols+runsFrom("runs")+" WHERE r.finished = FALSE AND r.session IS NULL ORDER BY r.started DESC, r.id DESC")
		return err
	})
	return runs, err
}

func queryRuns(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]Run, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Run{}
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
			var dec string
			if err := sc.Scan(&id, &dec); err != nil {
				return err
			}
			if i, ok := at[id]; ok {
				runs[i].Record.Decisions = append(runs[i].Record.Decisions, dec)
			}
			return nil
		})
	if err != nil {
		return err
	}
	if err := fillRoom(ctx, tx, runs, at, where, args); err != nil {
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

// fillRoom reads the positions and controls of runs, as fillDetails, and
// puts the controls that change the drill (events fired by hand, moves of
// the clock), unless undone, in their records.
func fillRoom(ctx context.Context, tx *sql.Tx, runs []Run, at map[int64]int, where string, args []any) error {
	err := each(ctx, tx, "SELECT p.run, p.n, p.seat, p.name, p.role, p.key_fp, p.choices, p.reason, p.at FROM positions p JOIN runs r ON r.id = p.run WHERE "+where+" ORDER BY p.run, p.n, p.at, p.seat", args,
		func(sc scanner) error {
			var id, when int64
			var p engine.Position
			var choices string
			if err := sc.Scan(&id, &p.Decision, &p.Seat, &p.Name, &p.Role, &p.Key, &choices, &p.Reason, &when); err != nil {
				return err
			}
			p.Choices = strings.Split(choices, "+")
			p.At = fromNanos(sql.NullInt64{Int64: when, Valid: true})
			if i, ok := at[id]; ok {
				runs[i].Positions = append(runs[i].Positions, p)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return each(ctx, tx, "SELECT c.run, c.n, c.after_n, c.kind, c.arg, c.by_name, c.at, c.undone FROM controls c JOIN runs r ON r.id = c.run WHERE "+where+" ORDER BY c.run, c.n", args,
		func(sc scanner) error {
			var id, when int64
			var c engine.Control
			if err := sc.Scan(&id, &c.N, &c.After, &c.Kind, &c.Arg, &c.By, &when, &c.Undone); err != nil {
				return err
			}
			c.At = fromNanos(sql.NullInt64{Int64: when, Valid: true})
			i, ok := at[id]
			if !ok {
				return nil
			}
			runs[i].Controls = append(runs[i].Controls, c)
			if m, ok := manualOf(c); ok {
				runs[i].Record.Manual = append(runs[i].Record.Manual, m)
			}
			return nil
		})
}

// manualOf is the hand-made event or move of the clock of a control, as
// a record keeps it, when the control is one and not undone.
func manualOf(c engine.Control) (engine.ManualEvent, bool) {
	switch {
	case c.Undone:
	case c.Kind == engine.ControlFire:
		return engine.ManualEvent{After: c.After, Event: c.Arg}, true
	case c.Kind == engine.ControlAdvance:
		h, err := strconv.ParseFloat(c.Arg, 64)
		if err == nil {
			return engine.ManualEvent{After: c.After, Advance: h}, true
		}
		// A move that is not a number is replayed as such, and the replay
		// says so.
		return engine.ManualEvent{After: c.After}, true
	}
	return engine.ManualEvent{}, false
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
	return each(ctx, tx, "SELECT s.run, s.principle, s.title, s.scored, s.raw, s.percent, s.best, s.worst, s.rating, s.plan FROM scores s JOIN runs r ON r.id = s.run WHERE "+where+" ORDER BY s.run, s.n", args,
		func(sc scanner) error {
			var id int64
			var p RunScore
			var plan sql.NullFloat64
			if err := sc.Scan(&id, &p.Principle, &p.Title, &p.Scored, &p.Raw, &p.Percent, &p.Best, &p.Worst, &p.Rating, &plan); err != nil {
				return err
			}
			if plan.Valid {
				p.Plan = &plan.Float64
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
// run's decisions and actions (Record.Decisions and Actions are nil, and
// DecisionCount says how many decisions there are); Get returns a run in
// full.
func (d *db) List(f Filter) ([]Run, error) {
	var runs []Run
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		runs, err = d.selectRuns(ctx, tx, f, false)
		return err
	})
	return runs, err
}

// selectRuns returns the finished runs that f selects, newest first, in
// full or without decisions and actions.
func (d *db) selectRuns(ctx context.Context, tx *sql.Tx, f Filter, full bool) ([]Run, error) {
	where, args := f.where()
	q := "SELECT " + runCols + runsFrom("runs") + " WHERE " + where + " ORDER BY r.started DESC, r.id DESC"
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
		n := len(args)
		where += fmt.Sprintf(" AND (r.started > $%d OR (r.started = $%d AND r.id >= $%d))", n+1, n+1, n+2)
		args = append(args, last.Started.UnixNano(), last.ID)
	}
	return runs, fillDetails(ctx, tx, runs, where, args...)
}

// where is the condition on runs (alias r) that f selects, with its
// arguments.
func (f Filter) where() (string, []any) {
	where, args := "r.finished = TRUE", []any{}
	if f.Scenario != "" {
		args = append(args, f.Scenario)
		where += fmt.Sprintf(" AND r.scenario = $%d", len(args))
	}
	if f.Team != "" {
		args = append(args, f.Team)
		where += fmt.Sprintf(" AND lower(r.team) = lower($%d)", len(args))
	}
	return where, args
}

// Leaderboard returns the best finished run of each team for a scenario
// (teams named alike whatever their case are one), best total first (ties
// go to the earlier run), at most limit of them (0 for all). Runs are as
// List returns them.
func (d *db) Leaderboard(scenario string, limit int) ([]Run, error) {
	return d.board(scenario, limit, true)
}

// BestRuns returns the best finished runs of a scenario whatever their team,
// best total first (ties go to the earlier run), at most limit of them (0
// for all). Runs are as List returns them.
func (d *db) BestRuns(scenario string, limit int) ([]Run, error) {
	return d.board(scenario, limit, false)
}

func (d *db) board(scenario string, limit int, perTeam bool) ([]Run, error) {
	const order = " ORDER BY r.total DESC, r.ended, r.id"
	q := "SELECT " + runCols + runsFrom("runs") + " WHERE r.finished = TRUE AND r.scenario = $1"
	if perTeam {
		q = "SELECT " + runCols + runsFrom("(SELECT *, row_number() OVER (PARTITION BY lower(team) ORDER BY total DESC, ended, id) AS rank FROM runs WHERE finished = TRUE AND scenario = $1)") + " WHERE r.rank = 1"
	}
	q += order
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	var runs []Run
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		runs, err = queryRuns(ctx, tx, q, scenario)
		return err
	})
	return runs, err
}

// Scenario returns the stored scenario of a content hash.
func (d *db) Scenario(hash string) (*StoredScenario, error) {
	var s StoredScenario
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, "SELECT hash, id, version, title, source FROM scenarios WHERE hash = $1", hash).Scan(&s.Hash, &s.ID, &s.Version, &s.Title, &s.Source)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, d.errorf(ErrNotFound, nil, "the results database does not hold the scenario of hash %s", hash)
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}

package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ttx-dev/ttx/engine"
)

// Begin stores r as an unfinished run: its record (with the decisions it
// already has, usually none), parameters, team, participants and start time,
// and the scenario's source, kept once per content hash (with
// r.ScenarioTitle, or the title read from the source) so that the run
// replays from the store alone. The source's SHA-256 must be r.Record.Hash.
// Begin gives r a UUID when it has none and a start time of now when it has
// none, sets r.ID and returns it. Finished, scores, hotwash and actions are
// not read.
func (d *db) Begin(r *Run, source []byte) (int64, error) {
	if r.Record.Scenario == "" {
		return 0, d.errorf(ErrInvalid, nil, "a run needs a scenario id")
	}
	if err := d.checkSource(r.Record, source); err != nil {
		return 0, err
	}
	if r.UUID == "" {
		r.UUID = NewUUID()
	} else if u, ok := parseUUID(r.UUID); ok {
		r.UUID = u
	} else {
		return 0, d.errorf(ErrInvalid, nil, "%q is not a UUID", r.UUID)
	}
	if r.Started.IsZero() {
		r.Started = time.Now()
	}
	if _, err := d.millis(r.Started); err != nil {
		return 0, err
	}
	r.Started = r.Started.Truncate(time.Millisecond).UTC()
	for n, dec := range r.Record.Decisions {
		if dec == "" {
			return 0, d.errorf(ErrInvalid, nil, "decision %d of the run is empty", n+1)
		}
	}
	run := Run{UUID: r.UUID, Record: r.Record, Team: r.Team, Participants: r.Participants, Started: r.Started}
	var id int64
	err := d.write(func(t *txn) error {
		if err := d.storeScenario(t, r.Record, source, r.ScenarioTitle); err != nil {
			return err
		}
		var added bool
		var err error
		id, added, err = d.insertRun(t, &run)
		if err == nil && !added {
			err = d.errorf(ErrConflict, nil, "a run with UUID %s is already stored", r.UUID)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	r.ID = id
	return id, nil
}

// checkSource refuses a scenario source that is not the one of the record.
func (d *db) checkSource(rec engine.Record, source []byte) error {
	if len(source) == 0 {
		return d.errorf(ErrInvalid, nil, "a run of scenario %q needs the scenario's source, so that it can be replayed from the results database", rec.Scenario)
	}
	if sum := sha256.Sum256(source); hex.EncodeToString(sum[:]) != rec.Hash {
		return d.errorf(ErrInvalid, nil, "the source given for scenario %q is not the one the run was played on (its SHA-256 differs from the record's hash)", rec.Scenario)
	}
	return nil
}

// storeScenario keeps a scenario's source, once per content hash, with the
// title that listings show (read from the source when title is "" and the
// scenario is not stored yet).
func (d *db) storeScenario(t *txn, rec engine.Record, source []byte, title string) error {
	var one int
	err := t.queryRow("SELECT 1 FROM scenarios WHERE hash = $1", rec.Hash).Scan(&one)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if title == "" {
		title = titleOf(source)
	}
	_, err = t.exec(`INSERT INTO scenarios (hash, id, version, title, source, stored) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (hash) DO NOTHING`, rec.Hash, rec.Scenario, rec.Version, title, source, time.Now().UnixNano())
	return err
}

// titleOf reads a scenario's title from its source: [scenario] title.
func titleOf(source []byte) string {
	var f struct {
		Scenario struct {
			Title string `toml:"title"`
		} `toml:"scenario"`
	}
	toml.Decode(string(source), &f) // a file that does not decode has no title
	return f.Scenario.Title
}

// insertRun stores a run in full, unless a run of its UUID is stored (then
// it reports false); its times must be in range.
func (d *db) insertRun(t *txn, r *Run) (id int64, added bool, err error) {
	started, _ := d.millis(r.Started)
	ended, _ := d.millis(r.Ended)
	params, err := packParams(r.Record.Params)
	if err != nil {
		return 0, false, d.errorf(ErrInvalid, err, "the scenario parameters of the run cannot be stored (%v)", err)
	}
	var session any
	if r.Session != 0 {
		session = r.Session
	}
	err = t.queryRow(`INSERT INTO runs (uuid, scenario, version, hash, seed, team, started, ended, finished, ending, ending_title, hours, total, went_well, improve, params, decisions, summary, session)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
		ON CONFLICT (uuid) DO NOTHING RETURNING id`,
		r.UUID, r.Record.Scenario, r.Record.Version, r.Record.Hash, int64(r.Record.Seed), r.Team, started, ended,
		r.Finished, r.Ending, r.EndingTitle, r.Hours, r.Total, r.Hotwash.WentWell, r.Hotwash.Improve, params, len(r.Record.Decisions),
		summaryOf(r).pack(), session).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	for i, p := range r.Participants {
		if _, err := t.exec("INSERT INTO participants (run, n, name, role) VALUES ($1, $2, $3, $4)", id, i, p.Name, p.Role); err != nil {
			return 0, false, err
		}
	}
	for i, dec := range r.Record.Decisions {
		if _, err := t.exec("INSERT INTO decisions (run, n, decision) VALUES ($1, $2, $3)", id, i, dec); err != nil {
			return 0, false, err
		}
	}
	if err := insertScores(t, id, r.Scores); err != nil {
		return 0, false, err
	}
	for _, p := range r.Positions {
		at, _ := d.millis(p.At)
		if _, err := t.exec(`INSERT INTO positions (run, n, seat, name, role, key_fp, choices, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			id, p.Decision, p.Seat, p.Name, p.Role, p.Key, strings.Join(p.Choices, "+"), p.Reason, at); err != nil {
			return 0, false, err
		}
	}
	for _, c := range r.Controls {
		at, _ := d.millis(c.At)
		if _, err := t.exec("INSERT INTO controls (run, n, after_n, kind, arg, by_name, at, undone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			id, c.N, c.After, string(c.Kind), c.Arg, c.By, at, c.Undone); err != nil {
			return 0, false, err
		}
	}
	for _, a := range r.Actions {
		if _, err := d.insertAction(t, id, a); err != nil {
			return 0, false, err
		}
	}
	return id, true, nil
}

func insertScores(t *txn, run int64, sc []RunScore) error {
	for i, p := range sc {
		if _, err := t.exec(`INSERT INTO scores (run, n, principle, title, scored, raw, percent, best, worst, rating, plan)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, run, i, p.Principle, p.Title, p.Scored, p.Raw, p.Percent, p.Best, p.Worst, p.Rating, p.Plan); err != nil {
			return err
		}
	}
	return nil
}

// AppendDecision stores decision n (0-based) of an unfinished run, as it
// appears in engine.Record.Decisions. The decision is committed and durable
// when it returns. It refuses a gap (n past the next decision), a finished
// run, and a different decision at an n already stored; storing the same
// decision again is a no-op, so a call that failed can be retried.
func (d *db) AppendDecision(id int64, n int, decision string) error {
	if decision == "" {
		return d.errorf(ErrInvalid, nil, "decision %d of run %d is empty", n+1, id)
	}
	if n < 0 {
		return d.errorf(ErrInvalid, nil, "decision number %d is negative", n)
	}
	if d.readOnly {
		return d.readOnlyErr()
	}
	var res sql.Result
	d.lock()
	err := d.retry(func() (err error) {
		res, err = d.sql.Exec(`INSERT INTO decisions (run, n, decision)
			SELECT $1, $2, $3
			WHERE EXISTS (SELECT 1 FROM runs WHERE id = $1 AND finished = FALSE)
			AND $2 = (SELECT coalesce(max(n), -1) + 1 FROM decisions WHERE run = $1)`, id, n, decision)
		return err
	})
	d.unlock()
	if err != nil && !errors.Is(err, ErrConflict) {
		return err
	}
	if err == nil {
		if k, err := res.RowsAffected(); err != nil || k == 1 {
			return d.wrap(err)
		}
	}
	// Nothing was inserted (or another writer inserted n first): say why.
	var finished bool
	var next int
	var have sql.NullString
	err = d.read(func(ctx context.Context, tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT finished FROM runs WHERE id = $1", id).Scan(&finished); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(n), -1) + 1 FROM decisions WHERE run = $1", id).Scan(&next); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, "SELECT decision FROM decisions WHERE run = $1 AND n = $2", id, n).Scan(&have)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return d.notFound(id)
	case err != nil:
		return err
	case have.Valid && have.String == decision:
		return nil
	case finished:
		return d.errorf(ErrFinished, nil, "run %d is finished, so it takes no more decisions", id)
	case have.Valid:
		return d.errorf(ErrConflict, nil, "decision %d of run %d is already stored as %q, not %q", n+1, id, have.String, decision)
	default:
		return d.errorf(ErrConflict, nil, "run %d has %d decisions, so the next is number %d, not %d", id, next, next+1, n+1)
	}
}

// SetTimeLeft stores how much of its time limit decision n (0-based) of an
// unfinished run had left, replacing the time stored before: a resumed
// drill counts down from there. n must be the decision the run waits for
// (the number stored); the time is dropped once that decision is stored.
func (d *db) SetTimeLeft(id int64, n int, left time.Duration) error {
	if left < 0 {
		return d.errorf(ErrInvalid, nil, "the time left on decision %d of run %d is negative (%v)", n+1, id, left)
	}
	if d.readOnly {
		return d.readOnlyErr()
	}
	var res sql.Result
	d.lock()
	err := d.retry(func() (err error) {
		res, err = d.sql.Exec(`UPDATE runs SET time_left_n = $2, time_left_ms = $3
			WHERE id = $1 AND finished = FALSE AND $2 = (SELECT coalesce(max(n), -1) + 1 FROM decisions WHERE run = $1)`,
			id, n, left.Milliseconds())
		return err
	})
	d.unlock()
	if err != nil {
		return err
	}
	if k, err := res.RowsAffected(); err != nil || k == 1 {
		return d.wrap(err)
	}
	// Nothing was updated: say why.
	var finished bool
	var next int
	err = d.read(func(ctx context.Context, tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT finished FROM runs WHERE id = $1", id).Scan(&finished); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT coalesce(max(n), -1) + 1 FROM decisions WHERE run = $1", id).Scan(&next)
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return d.notFound(id)
	case err != nil:
		return err
	case finished:
		return d.errorf(ErrFinished, nil, "run %d is finished, so no decision of it waits", id)
	}
	return d.errorf(ErrConflict, nil, "run %d waits for decision %d, not %d", id, next+1, n+1)
}

// recordDecisions is how res's decisions appear in engine.Record.Decisions.
func recordDecisions(res *engine.Result) []string {
	out := make([]string, len(res.Decisions))
	for i, dec := range res.Decisions {
		out[i] = strings.Join(dec.Choices, "+")
		if dec.TimedOut {
			out[i] = "!" + out[i]
		}
	}
	return out
}

// Finish stores the score of an unfinished run, as it was computed when the
// drill ended, and marks it finished at ended (now when zero): ending,
// clock, total and per-principle scores with their ratings and plan credit,
// whether their bounds were estimated (and why), and the team when res
// names one. The score is never computed again: every
// command shows it. The result must be of the run's scenario, content hash
// and seed, and its decisions must begin with those stored; any it has
// beyond them are stored too.
func (d *db) Finish(id int64, res *engine.Result, ended time.Time) error {
	if res == nil {
		return d.errorf(ErrInvalid, nil, "no result given to finish run %d", id)
	}
	if ended.IsZero() {
		ended = time.Now()
	}
	endedMS, err := d.millis(ended)
	if err != nil {
		return err
	}
	decs := recordDecisions(res)
	scores := scoresOf(res)
	return d.write(func(t *txn) error {
		var scenario, hash string
		var seed int64
		var finished bool
		var summary []byte
		err := t.queryRow("SELECT scenario, hash, seed, finished, summary FROM runs WHERE id = $1", id).Scan(&scenario, &hash, &seed, &finished, &summary)
		if errors.Is(err, sql.ErrNoRows) {
			return d.notFound(id)
		}
		if err != nil {
			return err
		}
		switch {
		case finished:
			return d.errorf(ErrFinished, nil, "run %d is already finished", id)
		case res.Scenario != scenario:
			return d.errorf(ErrConflict, nil, "the result is of scenario %q but run %d is of %q", res.Scenario, id, scenario)
		case res.Seed != uint64(seed):
			return d.errorf(ErrConflict, nil, "the result has seed %d but run %d has seed %d", res.Seed, id, uint64(seed))
		case res.Hash != "" && hash != "" && res.Hash != hash:
			return d.errorf(ErrConflict, nil, "the result is of another version of scenario %q than run %d", scenario, id)
		}
		stored, err := decisionsOf(t.ctx, t.tx, id)
		if err != nil {
			return err
		}
		if len(stored) > len(decs) {
			return d.errorf(ErrConflict, nil, "run %d has %d decisions stored but the result only %d", id, len(stored), len(decs))
		}
		for i, dec := range stored {
			if decs[i] != dec {
				return d.errorf(ErrConflict, nil, "decision %d of run %d is stored as %q but the result has %q", i+1, id, dec, decs[i])
			}
		}
		for i := len(stored); i < len(decs); i++ {
			if _, err := t.exec("INSERT INTO decisions (run, n, decision) VALUES ($1, $2, $3)", id, i, decs[i]); err != nil {
				return err
			}
		}
		before, err := unpackSummary(summary)
		if err != nil {
			return d.notDatabase(err)
		}
		after := runSummary{participants: before.participants, scores: scores, estimated: res.BoundsEstimated, note: res.BoundsNote}
		up, err := t.exec(`UPDATE runs SET finished = TRUE, ended = $1, ending = $2, ending_title = $3, hours = $4, total = $5,
			team = CASE WHEN $6 = '' THEN team ELSE $6 END, summary = $7, decisions = $8 WHERE id = $9 AND finished = FALSE`,
			endedMS, res.Ending, res.EndingTitle, res.Hours, res.TotalPercent, res.Team, after.pack(), len(decs), id)
		if err != nil {
			return err
		}
		if k, err := up.RowsAffected(); err != nil || k != 1 {
			if err == nil {
				err = d.errorf(ErrFinished, nil, "run %d was finished by another writer meanwhile", id)
			}
			return err
		}
		if _, err := t.exec("DELETE FROM scores WHERE run = $1", id); err != nil {
			return err
		}
		return insertScores(t, id, scores)
	})
}

func decisionsOf(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT decision FROM decisions WHERE run = $1 ORDER BY n", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var dec string
		if err := rows.Scan(&dec); err != nil {
			return nil, err
		}
		out = append(out, dec)
	}
	return out, rows.Err()
}

// Discard deletes an unfinished run that the team chose not to resume. A
// finished run is refused.
func (d *db) Discard(id int64) error {
	return d.write(func(t *txn) error {
		var finished bool
		err := t.queryRow("SELECT finished FROM runs WHERE id = $1", id).Scan(&finished)
		if errors.Is(err, sql.ErrNoRows) {
			return d.notFound(id)
		}
		if err != nil {
			return err
		}
		if finished {
			return d.errorf(ErrFinished, nil, "run %d is finished, and a finished run is never discarded", id)
		}
		_, err = t.exec("DELETE FROM runs WHERE id = $1 AND finished = FALSE", id)
		return err
	})
}

// packParams is the params column: a JSON object, {} for none.
func packParams(p map[string]string) (string, error) {
	if len(p) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(p)
	return string(b), err
}

func unpackParams(s string) (map[string]string, error) {
	if s == "" || s == "{}" {
		return nil, nil
	}
	var p map[string]string
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return nil, errSummary
	}
	return p, nil
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

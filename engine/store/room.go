package store

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// The records of a facilitated room: the positions players state before
// their team commits, and the facilitator's controls. Each write is one
// transaction, durable when it returns, and safe to repeat: a seat shows
// nothing the store does not hold yet, and a write that failed is tried
// again.

// openRun locks in t an unfinished run for a write of the room and returns
// how many decisions and controls it holds.
func (d *db) openRun(t *txn, id int64) (decisions, controls int, err error) {
	var finished bool
	err = t.queryRow(`SELECT finished, (SELECT coalesce(max(n), -1) + 1 FROM decisions WHERE run = $1),
		(SELECT coalesce(max(n), -1) + 1 FROM controls WHERE run = $1) FROM runs WHERE id = $1`, id).Scan(&finished, &decisions, &controls)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, 0, d.notFound(id)
	case err != nil:
		return 0, 0, err
	case finished:
		return 0, 0, d.errorf(ErrFinished, nil, "run %d is finished, so it takes no more positions or controls", id)
	}
	return decisions, controls, nil
}

// SavePosition stores what a seat argued for on the open decision of an
// unfinished run (p.Decision must be the number of decisions stored),
// replacing the seat's earlier position on it.
func (d *db) SavePosition(id int64, p engine.Position) error {
	switch {
	case p.Seat == "":
		return d.errorf(ErrInvalid, nil, "a position needs the seat that stated it")
	case len(p.Choices) == 0:
		return d.errorf(ErrInvalid, nil, "the position of seat %s names no choice", p.Seat)
	}
	for _, c := range p.Choices {
		if c == "" || strings.ContainsAny(c, "+!") {
			return d.errorf(ErrInvalid, nil, "the position of seat %s names a choice %q that no scenario can have", p.Seat, c)
		}
	}
	if p.At.IsZero() {
		p.At = time.Now()
	}
	at, err := d.millis(p.At)
	if err != nil {
		return err
	}
	return d.write(func(t *txn) error {
		n, _, err := d.openRun(t, id)
		if err != nil {
			return err
		}
		if p.Decision != n {
			return d.errorf(ErrConflict, nil, "run %d has %d decisions, so a position is on decision %d, not %d", id, n, n+1, p.Decision+1)
		}
		_, err = t.exec(`INSERT INTO positions (run, n, seat, name, role, key_fp, choices, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (run, n, seat) DO UPDATE SET name = excluded.name, role = excluded.role, key_fp = excluded.key_fp,
			choices = excluded.choices, reason = excluded.reason, at = excluded.at`,
			id, p.Decision, p.Seat, p.Name, p.Role, p.Key, strings.Join(p.Choices, "+"), p.Reason, at)
		return err
	})
}

// AppendControl stores control c.N (the next) of an unfinished run, used
// after c.After decisions (the number stored). Commits and take-backs go
// through Commit and TakeBack. Storing the same control again is a no-op.
func (d *db) AppendControl(id int64, c engine.Control) error {
	if c.Kind == engine.ControlCommit || c.Kind == engine.ControlUndo {
		return d.errorf(ErrInvalid, nil, "a %s is stored with Commit or TakeBack, which change the decisions too", c.Kind)
	}
	return d.control(id, c, func(t *txn, decisions int) error {
		if c.After != decisions {
			return d.errorf(ErrConflict, nil, "run %d has %d decisions, so control %d comes after %d, not %d", id, decisions, c.N+1, decisions, c.After)
		}
		return nil
	})
}

// Commit stores decision n of an unfinished run and the commit control c
// that says who committed it, in one transaction. Storing the same commit
// again is a no-op.
func (d *db) Commit(id int64, n int, decision string, c engine.Control) error {
	switch {
	case c.Kind != engine.ControlCommit:
		return d.errorf(ErrInvalid, nil, "a commit is stored with a control of kind commit, not %q", c.Kind)
	case decision == "" || c.Arg != decision || c.After != n:
		return d.errorf(ErrInvalid, nil, "the commit control of decision %d must name it (%q) and come after %d decisions", n+1, decision, n)
	}
	return d.control(id, c, func(t *txn, decisions int) error {
		if n != decisions {
			return d.errorf(ErrConflict, nil, "run %d has %d decisions, so the next is number %d, not %d", id, decisions, decisions+1, n+1)
		}
		_, err := t.exec("INSERT INTO decisions (run, n, decision) VALUES ($1, $2, $3)", id, n, decision)
		return err
	})
}

// TakeBack takes back decision n, the last of an unfinished run, with the
// undo control c: the decision is deleted, the events fired by hand and
// the moves of the clock after it are marked undone (they stay listed
// among the controls but leave the record), and the positions stated on
// the decision after it are deleted, as that scene is no longer open.
// Storing the same take-back again is a no-op.
func (d *db) TakeBack(id int64, n int, c engine.Control) error {
	switch {
	case c.Kind != engine.ControlUndo:
		return d.errorf(ErrInvalid, nil, "a take-back is stored with a control of kind undo, not %q", c.Kind)
	case c.After != n+1:
		return d.errorf(ErrInvalid, nil, "the undo control of decision %d must come after %d decisions", n+1, n+1)
	}
	return d.control(id, c, func(t *txn, decisions int) error {
		if n != decisions-1 {
			return d.errorf(ErrConflict, nil, "run %d has %d decisions, so decision %d is not the last", id, decisions, n+1)
		}
		var have string
		if err := t.queryRow("SELECT decision FROM decisions WHERE run = $1 AND n = $2", id, n).Scan(&have); err != nil {
			return err
		}
		if have != c.Arg {
			return d.errorf(ErrConflict, nil, "decision %d of run %d is %q, not %q", n+1, id, have, c.Arg)
		}
		for _, q := range []string{
			"DELETE FROM decisions WHERE run = $1 AND n = $2",
			"UPDATE controls SET undone = TRUE WHERE run = $1 AND after_n > $2 AND kind IN ('fire', 'advance')",
			"DELETE FROM positions WHERE run = $1 AND n > $2",
		} {
			if _, err := t.exec(q, id, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// control stores control c of run id after check, given the decisions
// stored, passes in the same transaction; the same control stored already
// is a no-op.
func (d *db) control(id int64, c engine.Control, check func(t *txn, decisions int) error) error {
	if !slices.Contains(engine.ControlKinds, c.Kind) {
		return d.errorf(ErrInvalid, nil, "%q is not a control ttx knows", c.Kind)
	}
	if c.At.IsZero() {
		c.At = time.Now()
	}
	at, err := d.millis(c.At)
	if err != nil {
		return err
	}
	return d.write(func(t *txn) error {
		var kind, arg string
		var after int
		err := t.queryRow("SELECT kind, arg, after_n FROM controls WHERE run = $1 AND n = $2", id, c.N).Scan(&kind, &arg, &after)
		switch {
		case err == nil && kind == string(c.Kind) && arg == c.Arg:
			return nil // stored already: a repeated write
		case err == nil:
			return d.errorf(ErrConflict, nil, "control %d of run %d is already stored as %s %q", c.N+1, id, kind, arg)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		decisions, controls, err := d.openRun(t, id)
		if err != nil {
			return err
		}
		if c.N != controls {
			return d.errorf(ErrConflict, nil, "run %d has %d controls, so the next is number %d, not %d", id, controls, controls+1, c.N+1)
		}
		if err := check(t, decisions); err != nil {
			return err
		}
		_, err = t.exec("INSERT INTO controls (run, n, after_n, kind, arg, by_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			id, c.N, c.After, string(c.Kind), c.Arg, c.By, at)
		return err
	})
}

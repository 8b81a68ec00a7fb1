package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// actionCols are the actions columns (table alias a, runs alias r) that
// scanAction reads, in its order.
const actionCols = "a.id, a.run, r.scenario, a.what, a.principle, a.owner, a.due, a.done, a.done_at"

func scanAction(sc scanner) (engine.Action, error) {
	var a engine.Action
	var due, doneAt sql.NullInt64
	err := sc.Scan(&a.ID, &a.Run, &a.Scenario, &a.What, &a.Principle, &a.Owner, &due, &a.Done, &doneAt)
	a.Due, a.DoneAt = fromNanos(due), fromNanos(doneAt)
	return a, err
}

// SaveHotwash stores the hotwash of a run, replacing any stored before.
func (d *db) SaveHotwash(id int64, h engine.Hotwash) error {
	return d.write(func(t *txn) error {
		res, err := t.exec("UPDATE runs SET went_well = $1, improve = $2 WHERE id = $3", h.WentWell, h.Improve, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = d.notFound(id)
			}
			return err
		}
		return nil
	})
}

// AddAction stores an improvement action of run a.Run and returns its id.
// a.ID and a.Scenario are not read: the scenario is the run's.
func (d *db) AddAction(a engine.Action) (int64, error) {
	if a.What == "" {
		return 0, d.errorf(ErrInvalid, nil, "an improvement action needs to say what is to be done")
	}
	for _, t := range []time.Time{a.Due, a.DoneAt} {
		if _, err := d.millis(t); err != nil {
			return 0, err
		}
	}
	var id int64
	err := d.write(func(t *txn) error {
		var one int
		if err := t.queryRow("SELECT 1 FROM runs WHERE id = $1", a.Run).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return d.notFound(a.Run)
			}
			return err
		}
		var err error
		id, err = d.insertAction(t, a.Run, a)
		return err
	})
	return id, err
}

// insertAction stores an action of a run; its times must be in range.
func (d *db) insertAction(t *txn, run int64, a engine.Action) (int64, error) {
	due, _ := d.millis(a.Due)
	doneAt, _ := d.millis(a.DoneAt)
	var id int64
	err := t.queryRow("INSERT INTO actions (run, what, principle, owner, due, done, done_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
		run, a.What, a.Principle, a.Owner, due, a.Done, doneAt).Scan(&id)
	return id, err
}

// SetActionDone marks an action done at the time given (now when zero), or
// open again when done is false.
func (d *db) SetActionDone(id int64, done bool, at time.Time) error {
	if !done {
		at = time.Time{}
	} else if at.IsZero() {
		at = time.Now()
	}
	ns, err := d.millis(at)
	if err != nil {
		return err
	}
	return d.write(func(t *txn) error {
		res, err := t.exec("UPDATE actions SET done = $1, done_at = $2 WHERE id = $3", done, ns, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = d.errorf(ErrNotFound, nil, "there is no improvement action %d in the results database", id)
			}
			return err
		}
		return nil
	})
}

// OpenActions returns the improvement actions not done, of the runs of a
// scenario or, when scenario is "", of all runs: soonest due first, those
// without a due date last, then in the order added.
func (d *db) OpenActions(scenario string) ([]engine.Action, error) {
	out := []engine.Action{}
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		return each(ctx, tx, "SELECT "+actionCols+" FROM actions a JOIN runs r ON r.id = a.run WHERE a.done = FALSE AND ($1 = '' OR r.scenario = $1) ORDER BY a.due IS NULL, a.due, a.id",
			[]any{scenario}, func(sc scanner) error {
				a, err := scanAction(sc)
				if err == nil {
					out = append(out, a)
				}
				return err
			})
	})
	return out, err
}

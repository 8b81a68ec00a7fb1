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
func (s *Store) SaveHotwash(id int64, h engine.Hotwash) error {
	return s.write(func(t *txn) error {
		res, err := t.exec("UPDATE runs SET went_well = ?, improve = ? WHERE id = ?", h.WentWell, h.Improve, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = s.notFound(id)
			}
			return err
		}
		return nil
	})
}

// AddAction stores an improvement action of run a.Run and returns its id.
// a.ID and a.Scenario are not read: the scenario is the run's.
func (s *Store) AddAction(a engine.Action) (int64, error) {
	if a.What == "" {
		return 0, s.errorf(ErrInvalid, nil, "an improvement action needs to say what is to be done")
	}
	for _, t := range []time.Time{a.Due, a.DoneAt} {
		if _, err := s.nanos(t); err != nil {
			return 0, err
		}
	}
	var id int64
	err := s.write(func(t *txn) error {
		var one int
		if err := t.queryRow("SELECT 1 FROM runs WHERE id = ?", a.Run).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return s.notFound(a.Run)
			}
			return err
		}
		var err error
		id, err = s.insertAction(t, a.Run, a)
		return err
	})
	return id, err
}

// insertAction stores an action of a run; its times must be in range.
func (s *Store) insertAction(t *txn, run int64, a engine.Action) (int64, error) {
	due, _ := s.nanos(a.Due)
	doneAt, _ := s.nanos(a.DoneAt)
	res, err := t.exec("INSERT INTO actions (run, what, principle, owner, due, done, done_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		run, a.What, a.Principle, a.Owner, due, a.Done, doneAt)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// SetActionDone marks an action done at the time given (now when zero), or
// open again when done is false.
func (s *Store) SetActionDone(id int64, done bool, at time.Time) error {
	if !done {
		at = time.Time{}
	} else if at.IsZero() {
		at = time.Now()
	}
	ns, err := s.nanos(at)
	if err != nil {
		return err
	}
	return s.write(func(t *txn) error {
		res, err := t.exec("UPDATE actions SET done = ?, done_at = ? WHERE id = ?", done, ns, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = s.errorf(ErrNotFound, nil, "there is no improvement action %d in the results database", id)
			}
			return err
		}
		return nil
	})
}

// OpenActions returns the improvement actions not done, of the runs of a
// scenario or, when scenario is "", of all runs: soonest due first, those
// without a due date last, then in the order added.
func (s *Store) OpenActions(scenario string) ([]engine.Action, error) {
	var out []engine.Action
	err := s.read(func(ctx context.Context, tx *sql.Tx) error {
		return each(ctx, tx, "SELECT "+actionCols+" FROM actions a JOIN runs r ON r.id = a.run WHERE a.done = 0 AND (?1 = '' OR r.scenario = ?1) ORDER BY a.due IS NULL, a.due, a.id",
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

package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// db is the store over an SQL database. Both backends share it: every
// statement is written once, in the SQL that SQLite and PostgreSQL both
// speak ($1 parameters, RETURNING, ON CONFLICT, TRUE and FALSE), and a
// dialect supplies what differs (the schema's types, where the schema
// version is kept, and what each error means).
type db struct {
	sql      *sql.DB
	dialect  dialect
	loc      string // the file path, or the URL without its password
	readOnly bool
	batch    int           // runs per import transaction
	busy     time.Duration // how long a write waits for the database, retrying

	// afterBatch, when set (by tests), runs between two batches of an
	// import, when the import holds no lock.
	afterBatch func()

	// wmu, for SQLite, serializes this process's writes, so that its
	// goroutines queue here instead of polling SQLite's lock; other
	// processes are waited for by SQLite's busy timeout. It is nil for
	// PostgreSQL, whose writers run at once.
	wmu *sync.Mutex
}

// dialect is what one database engine does its own way.
type dialect interface {
	// wrap turns a driver error into an *Error saying what to do; other
	// errors (and nil) pass through.
	wrap(d *db, err error) error
	// version reads the schema version, refusing a database of another
	// program.
	version(ctx context.Context, d *db, q querier) (int, error)
	// lockSchema keeps other processes from migrating during tx.
	lockSchema(ctx context.Context, tx *sql.Tx) error
	// setVersion records the schema version in tx.
	setVersion(ctx context.Context, tx *sql.Tx, v int) error
	// migrations are the schema steps: migrations()[v] takes the schema
	// from version v to v+1.
	migrations() []string
}

// querier is what version reads through: a DB, a Conn or a Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (d *db) errorf(k Kind, err error, format string, args ...any) error {
	return errorf(d.loc, k, err, format, args...)
}

func (d *db) wrap(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, errSummary) {
		return d.notDatabase(err)
	}
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	return d.dialect.wrap(d, err)
}

func (d *db) notDatabase(err error) error {
	return d.errorf(ErrCorrupt, err, "%s is not a ttx results database (it is damaged or another kind of file); move it aside or give another path with --db or TTX_DB", d.loc)
}

func (d *db) newer(v int) error {
	return d.errorf(ErrNewer, nil, "the results database %s was written by a newer version of ttx (schema %d, this one knows up to %d); upgrade ttx to use it, or give another database with --db or TTX_DB", d.loc, v, SchemaVersion)
}

func (d *db) notFound(id int64) error {
	return d.errorf(ErrNotFound, nil, "there is no run %d in the results database", id)
}

func (d *db) readOnlyErr() error {
	return d.errorf(ErrReadOnly, nil, "the results database %s was opened read-only, for a command that only reads", d.loc)
}

// Location names the database in messages.
func (d *db) Location() string { return d.loc }

// Close closes the database.
func (d *db) Close() error { return d.wrap(d.sql.Close()) }

// migrate brings the schema to SchemaVersion, one step per transaction; a
// read-only store only checks that it is there.
func (d *db) migrate() error {
	ctx := context.Background()
	var v int
	err := d.retry(func() (err error) {
		v, err = d.dialect.version(ctx, d, d.sql)
		return err
	})
	if err != nil {
		return err
	}
	if v > SchemaVersion {
		return d.newer(v)
	}
	if v == SchemaVersion {
		return nil
	}
	if d.readOnly {
		return d.errorf(ErrOlder, nil, "the results database %s was written by an older ttx and needs an upgrade, which a command that only reads does not make; run a command that records (ttx run --team T ...) once, or open it writable", d.loc)
	}
	d.lock()
	defer d.unlock()
	for {
		done, err := d.migrateStep(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next migration, reporting whether none was left.
// It reads the version again inside the write transaction, as another
// process may have migrated in between.
func (d *db) migrateStep(ctx context.Context) (done bool, err error) {
	var tx *sql.Tx
	err = d.retry(func() (err error) {
		tx, err = d.sql.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if err := d.dialect.lockSchema(ctx, tx); err != nil {
		return false, d.wrap(err)
	}
	v, err := d.dialect.version(ctx, d, tx)
	if err != nil {
		return false, err
	}
	if v > SchemaVersion {
		return false, d.newer(v)
	}
	if v == SchemaVersion {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, d.dialect.migrations()[v]); err != nil {
		return false, d.wrap(err)
	}
	if err := d.dialect.setVersion(ctx, tx, v+1); err != nil {
		return false, d.wrap(err)
	}
	if err := tx.Commit(); err != nil {
		return false, d.wrap(err)
	}
	return v+1 == SchemaVersion, nil
}

// retry runs fn until it succeeds, fails for another reason than a locked
// database, or the busy timeout has passed. SQLite's own wait polls less and
// less often (every 100 ms after a while); retrying its short waits keeps a
// writer polling every few milliseconds, so that it gets the database in
// the pauses an import leaves between its batches.
func (d *db) retry(fn func() error) error {
	deadline := time.Now().Add(d.busy)
	for {
		err := d.wrap(fn())
		if !errors.Is(err, ErrLocked) || d.wmu == nil || time.Now().After(deadline) {
			return err
		}
	}
}

func (d *db) lock() {
	if d.wmu != nil {
		d.wmu.Lock()
	}
}

func (d *db) unlock() {
	if d.wmu != nil {
		d.wmu.Unlock()
	}
}

// txn is a write transaction that prepares each statement once, so that a
// statement run for every row of an import is parsed once.
type txn struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // closed with the transaction
}

func (t *txn) prepare(q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(t.ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

func (t *txn) exec(q string, args ...any) (sql.Result, error) {
	st, err := t.prepare(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(t.ctx, args...)
}

func (t *txn) queryRow(q string, args ...any) *sql.Row {
	st, err := t.prepare(q)
	if err != nil {
		return t.tx.QueryRowContext(t.ctx, q, args...) // reports err on Scan
	}
	return st.QueryRowContext(t.ctx, args...)
}

// write runs fn in a write transaction (IMMEDIATE for SQLite, one writer of
// this process at a time) and commits.
func (d *db) write(fn func(t *txn) error) error {
	if d.readOnly {
		return d.readOnlyErr()
	}
	ctx := context.Background()
	d.lock()
	defer d.unlock()
	var tx *sql.Tx
	err := d.retry(func() (err error) {
		tx, err = d.sql.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(&txn{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}); err != nil {
		return d.wrap(err)
	}
	return d.wrap(tx.Commit())
}

// read runs fn in a read transaction: one snapshot of the database.
func (d *db) read(fn func(ctx context.Context, tx *sql.Tx) error) error {
	ctx := context.Background()
	return d.retry(func() error {
		tx, err := d.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: d.snapshot()})
		if err != nil {
			return err
		}
		defer tx.Rollback()
		return fn(ctx, tx)
	})
}

// snapshot is the isolation level of a read: one snapshot for its every
// statement. SQLite's transactions always are.
func (d *db) snapshot() sql.IsolationLevel {
	if d.wmu != nil {
		return sql.LevelDefault
	}
	return sql.LevelRepeatableRead
}

// millis converts a time for storage, to the millisecond; times outside
// what Unix nanoseconds hold (years 1678 to 2262) are refused.
func (d *db) millis(t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	if y := t.Year(); y < 1678 || y > 2261 {
		return nil, d.errorf(ErrInvalid, nil, "the date %s is out of range; give a date between the years 1678 and 2261", t.Format(time.DateOnly))
	}
	return t.Truncate(time.Millisecond).UnixNano(), nil
}

func fromNanos(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(0, v.Int64).UTC()
}

package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteDialect is the SQLite backend: a file through modernc.org/sqlite (no
// cgo) in WAL mode with synchronous=FULL, write transactions IMMEDIATE, the
// schema version in PRAGMA user_version and the file marked as ttx's by
// PRAGMA application_id.
type sqliteDialect struct {
	busy time.Duration
}

// sqliteWait is how long one statement waits for a locked database before
// the store tries it again (see db.retry), up to the busy timeout.
const sqliteWait = 10 * time.Millisecond

// applicationID marks a ttx results database (PRAGMA application_id): "ttxr".
const applicationID = 0x74747872

// openSQLite opens the SQLite database at path, or at DefaultPath when path
// is "".
func openSQLite(path string, o options) (Store, error) {
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	dl := sqliteDialect{busy: o.busy}
	d := &db{dialect: dl, loc: path, readOnly: o.readOnly, batch: o.batch, busy: o.busy, wmu: new(sync.Mutex)}
	size, err := dl.precheck(d)
	if err != nil {
		return nil, err
	}
	exists := size >= 0
	if o.readOnly && size <= 0 {
		return openEmpty(d)
	}
	// Look at an existing database through a read-only connection before
	// the pool's connections set WAL mode or migrate it: a file SQLite
	// cannot read, of another program or of a newer ttx is left as it is.
	if exists && !o.readOnly {
		if err := dl.inspect(d); err != nil {
			return nil, err
		}
	}
	dsn := dl.dsn(path, !o.readOnly)
	if o.readOnly && !dl.canWrite(path) {
		// A reader that may not write beside the file cannot keep
		// SQLite's shared-memory index of the WAL: it reads the file as
		// it is on disk, without locks, which is what a read-only copy
		// (an archive, a share mounted read-only) is.
		dsn += "&mode=ro&immutable=1"
	}
	conn, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, d.wrap(err)
	}
	d.sql = conn
	if err := d.migrate(); err != nil {
		conn.Close()
		return nil, err
	}
	return d, nil
}

// openEmpty is a read-only store over an empty database in memory: what a
// command that only reads sees before anything was recorded, without
// creating the file.
func openEmpty(d *db) (Store, error) {
	var b [8]byte
	rand.Read(b[:])
	conn, err := sql.Open("sqlite", "file:ttx-empty-"+hex.EncodeToString(b[:])+"?mode=memory&cache=shared")
	if err != nil {
		return nil, d.wrap(err)
	}
	conn.SetMaxOpenConns(1)
	conn.SetConnMaxIdleTime(0)
	conn.SetConnMaxLifetime(0)
	d.sql = conn
	d.readOnly = false
	if err := d.migrate(); err != nil {
		conn.Close()
		return nil, err
	}
	d.readOnly = true
	return d, nil
}

// dsn is the data source name: the file as a URI (so any character can be
// in the path) with the pragmas every connection of the pool runs. Without
// write, it is for reading only: no journal mode change, and read-only.
func (dl sqliteDialect) dsn(path string, write bool) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	q := fmt.Sprintf("_pragma=busy_timeout(%d)", min(dl.busy, sqliteWait).Milliseconds())
	if write {
		q += "&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
	} else {
		q += "&_pragma=query_only(1)"
	}
	return "file://" + p + "?" + q
}

// precheck returns the database file's size, -1 when it does not exist,
// refusing a path that
// is not a regular file. For writing, it makes the directory and checks
// that it and an existing file can be written. It never opens the database
// file: closing any descriptor of it would drop the locks SQLite holds on
// it in this process.
func (dl sqliteDialect) precheck(d *db) (size int64, err error) {
	path := d.loc
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return 0, d.errorf(ErrOpen, err, "cannot read the results database %s (%v); check the path or give another with --db or TTX_DB", path, err)
	case st.IsDir():
		return 0, d.errorf(ErrOpen, nil, "%s is a directory, not a results database; give a file path with --db or TTX_DB", path)
	case !st.Mode().IsRegular():
		return 0, d.errorf(ErrOpen, nil, "%s is not a regular file (it is a device, a pipe or a socket), so it cannot be a results database; give a file path with --db or TTX_DB", path)
	}
	size = -1
	if err == nil {
		size = st.Size()
	}
	if d.readOnly {
		return size, nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		if isReadOnly(err) {
			return 0, d.errorf(ErrReadOnly, err, "cannot create the directory %s for the results database because its parent is read-only; make it writable or give another path with --db or TTX_DB", dir)
		}
		return 0, d.errorf(ErrOpen, err, "cannot create the directory %s for the results database (%v); check the path or give another with --db or TTX_DB", dir, err)
	}
	probe, err := os.CreateTemp(dir, ".ttx-probe-*")
	if err != nil {
		if isReadOnly(err) {
			return 0, d.errorf(ErrReadOnly, err, "the directory %s of the results database is read-only, and SQLite needs to write its journal there; make it writable or give another path with --db or TTX_DB", dir)
		}
		return 0, d.errorf(ErrOpen, err, "cannot write in the directory %s of the results database (%v); check it or give another path with --db or TTX_DB", dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	if size < 0 {
		return size, nil
	}
	if err := writable(path, st); err != nil {
		if isReadOnly(err) {
			return 0, d.errorf(ErrReadOnly, err, "the results database %s is read-only; make it writable (chmod u+w) or give another path with --db or TTX_DB", path)
		}
		return 0, d.errorf(ErrOpen, err, "cannot open the results database %s (%v); check it or give another path with --db or TTX_DB", path, err)
	}
	return size, nil
}

// canWrite reports whether the database file and its directory may be
// written, as a reader in WAL mode needs.
func (sqliteDialect) canWrite(path string) bool {
	st, err := os.Stat(path)
	if err != nil || writable(path, st) != nil {
		return false
	}
	dir := filepath.Dir(path)
	st, err = os.Stat(dir)
	return err == nil && writable(dir, st) == nil
}

// inspect opens an existing database read-only and checks that it can be
// read, is a ttx database (or empty) and is of a schema this ttx knows.
func (dl sqliteDialect) inspect(d *db) error {
	conn, err := sql.Open("sqlite", dl.dsn(d.loc, false))
	if err != nil {
		return d.wrap(err)
	}
	defer conn.Close()
	var v int
	err = d.retry(func() (err error) {
		v, err = dl.version(context.Background(), d, conn)
		return err
	})
	if err == nil && v > SchemaVersion {
		err = d.newer(v)
	}
	return err
}

func (sqliteDialect) version(ctx context.Context, d *db, q querier) (int, error) {
	var v, app, tables int
	// One statement, so one snapshot: another process may be migrating.
	err := q.QueryRowContext(ctx, `SELECT (SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_schema)`).Scan(&v, &app, &tables)
	if err != nil {
		return 0, d.wrap(err)
	}
	if (app != 0 && app != applicationID) || (app == 0 && tables > 0) {
		return 0, d.errorf(ErrCorrupt, nil, "%s is an SQLite database of another program, not a ttx results database; give another path with --db or TTX_DB", d.loc)
	}
	return v, nil
}

// lockSchema: the transaction is IMMEDIATE, so it holds the write lock.
func (sqliteDialect) lockSchema(context.Context, *sql.Tx) error { return nil }

func (sqliteDialect) setVersion(ctx context.Context, tx *sql.Tx, v int) error {
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID))
	return err
}

func (sqliteDialect) migrations() []string { return sqliteMigrations }

// busyCause says why SQLite answered busy or locked, by its extended code.
// A plain busy comes once the wait is over, or at once when waiting could
// never succeed: it does not say how long.
func (dl sqliteDialect) busyCause(code int) string {
	switch code {
	case sqlite3.SQLITE_BUSY_RECOVERY:
		return "another program was recovering it after a crash"
	case sqlite3.SQLITE_BUSY_SNAPSHOT:
		return "another program changed it while this one was reading"
	case sqlite3.SQLITE_BUSY:
		return fmt.Sprintf("another program held its lock, and the wait stopped (it lasts up to %v, less when waiting could never succeed)", dl.busy)
	}
	return fmt.Sprintf("another connection held a lock on it (SQLite code %d)", code)
}

func (dl sqliteDialect) wrap(d *db, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return d.errorf(ErrLocked, err, "the results database %s is locked: %s; close any other ttx using it and try again", d.loc, dl.busyCause(se.Code()))
	case sqlite3.SQLITE_READONLY:
		return d.errorf(ErrReadOnly, err, "the results database %s cannot be written (the file or its directory is read-only); make them writable or give another path with --db or TTX_DB", d.loc)
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return d.notDatabase(err)
	case sqlite3.SQLITE_FULL:
		return d.errorf(ErrDiskFull, err, "the disk holding the results database %s is full; free some space and try again", d.loc)
	case sqlite3.SQLITE_IOERR:
		return d.errorf(ErrIO, err, "reading or writing the results database %s failed with a disk error (%v); check the disk and try again", d.loc, err)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return d.errorf(ErrOpen, err, "cannot open the results database %s (%v); check the path and its permissions, or give another with --db or TTX_DB", d.loc, err)
	case sqlite3.SQLITE_CONSTRAINT:
		return d.errorf(ErrConflict, err, "the change does not fit what the results database %s holds (%v)", d.loc, err)
	}
	return err
}

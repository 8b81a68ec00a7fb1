package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DefaultBusyTimeout is how long a write waits for another process holding
// the database before giving up with [ErrLocked].
const DefaultBusyTimeout = 10 * time.Second

// Store is an open results database. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	busy time.Duration

	// wmu serializes this process's writes, so that its goroutines queue
	// here instead of polling SQLite's lock; other processes are waited for
	// by SQLite's busy timeout.
	wmu sync.Mutex
}

// Option changes how [Open] opens a store.
type Option func(*options)

type options struct {
	busy time.Duration
}

// BusyTimeout sets how long a statement waits for a database that another
// process has locked before failing with [ErrLocked]; the default is
// [DefaultBusyTimeout].
func BusyTimeout(d time.Duration) Option {
	return func(o *options) { o.busy = d }
}

// DefaultPath returns where the results database lives when no path is
// given: $XDG_DATA_HOME/ttx/ttx.db when XDG_DATA_HOME is set (to an absolute
// path), else ~/.local/share/ttx/ttx.db on Linux and other Unix systems,
// ~/Library/Application Support/ttx/ttx.db on macOS and
// %LocalAppData%\ttx\ttx.db on Windows.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "ttx", "ttx.db"), nil
	}
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = os.Getenv("LocalAppData")
		if dir == "" {
			return "", errors.New("cannot find the data directory because %LocalAppData% is not set; give the database path with --db or TTX_DB")
		}
	case "darwin", "ios":
		d, err := os.UserConfigDir() // ~/Library/Application Support
		if err != nil {
			return "", fmt.Errorf("cannot find the data directory (%v); give the database path with --db or TTX_DB", err)
		}
		dir = d
	default:
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot find the data directory (%v); give the database path with --db or TTX_DB", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "ttx", "ttx.db"), nil
}

// Open opens the results database at path, or at [DefaultPath] when path is
// "", creating its directory and the file when they do not exist and
// migrating its schema forward. An existing file is refused, and left as it
// was, when it is not a ttx results database, comes from a newer ttx, is
// read-only or stays locked past the busy timeout.
func Open(path string, opts ...Option) (*Store, error) {
	o := options{busy: DefaultBusyTimeout}
	for _, opt := range opts {
		opt(&o)
	}
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
	s := &Store{path: path, busy: o.busy}
	if err := s.precheck(); err != nil {
		return nil, err
	}
	// Look at an existing database through a read-only connection before
	// the pool's connections set WAL mode or migrate it: a file SQLite
	// cannot read, of another program or of a newer ttx is left as it is.
	if err := s.inspect(); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", s.dsn(true))
	if err != nil {
		return nil, s.wrap(err)
	}
	s.db = db
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return s.wrap(err)
	}
	return nil
}

// dsn is the data source name: the file as a URI (so any character can be
// in the path) with the pragmas every connection of the pool runs. Without
// full, it is for looking only: no journal mode change, and read-only.
func (s *Store) dsn(full bool) string {
	p := filepath.ToSlash(s.path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	q := fmt.Sprintf("_pragma=busy_timeout(%d)", s.busy.Milliseconds())
	if full {
		q += "&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
	} else {
		q += "&_pragma=query_only(1)"
	}
	return "file://" + p + "?" + q
}

// precheck makes the directory and checks that it and an existing file can
// be written. It never opens the database file: closing any descriptor of
// it would drop the locks SQLite holds on it in this process.
func (s *Store) precheck() error {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		if isReadOnly(err) {
			return s.errorf(ErrReadOnly, err, "cannot create the directory %s for the results database because its parent is read-only; make it writable or give another path with --db or TTX_DB", dir)
		}
		return s.errorf(ErrOpen, err, "cannot create the directory %s for the results database (%v); check the path or give another with --db or TTX_DB", dir, err)
	}
	probe, err := os.CreateTemp(dir, ".ttx-probe-*")
	if err != nil {
		if isReadOnly(err) {
			return s.errorf(ErrReadOnly, err, "the directory %s of the results database is read-only, and SQLite needs to write its journal there; make it writable or give another path with --db or TTX_DB", dir)
		}
		return s.errorf(ErrOpen, err, "cannot write in the directory %s of the results database (%v); check it or give another path with --db or TTX_DB", dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())

	st, err := os.Stat(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return s.errorf(ErrOpen, err, "cannot read the results database %s (%v); check the path or give another with --db or TTX_DB", s.path, err)
	}
	if st.IsDir() {
		return s.errorf(ErrOpen, nil, "%s is a directory, not a results database; give a file path with --db or TTX_DB", s.path)
	}
	if err := writable(s.path, st); err != nil {
		if isReadOnly(err) {
			return s.errorf(ErrReadOnly, err, "the results database %s is read-only; make it writable (chmod u+w) or give another path with --db or TTX_DB", s.path)
		}
		return s.errorf(ErrOpen, err, "cannot open the results database %s (%v); check it or give another path with --db or TTX_DB", s.path, err)
	}
	return nil
}

// inspect opens an existing database read-only and checks that it can be
// read, is a ttx database (or empty) and is of a schema this ttx knows.
func (s *Store) inspect() error {
	if _, err := os.Stat(s.path); err != nil {
		return nil
	}
	db, err := sql.Open("sqlite", s.dsn(false))
	if err != nil {
		return s.wrap(err)
	}
	defer db.Close()
	_, err = s.version(context.Background(), db)
	return err
}

// querier is what version reads through: a DB, a Conn or a Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// version returns the database's schema version, refusing a newer one and
// one that holds tables but is not a ttx database.
func (s *Store) version(ctx context.Context, q querier) (int, error) {
	var v, app, tables int
	// One statement, so one snapshot: another process may be migrating.
	err := q.QueryRowContext(ctx, `SELECT (SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_schema)`).Scan(&v, &app, &tables)
	if err != nil {
		return 0, s.wrap(err)
	}
	if (app != 0 && app != applicationID) || (app == 0 && tables > 0) {
		return 0, s.errorf(ErrCorrupt, nil, "%s is an SQLite database of another program, not a ttx results database; give another path with --db or TTX_DB", s.path)
	}
	if v > SchemaVersion {
		return 0, s.newer(v)
	}
	return v, nil
}

// migrate brings the schema to SchemaVersion, one step per transaction.
func (s *Store) migrate() error {
	ctx := context.Background()
	v, err := s.version(ctx, s.db)
	if err != nil {
		return err
	}
	if v == SchemaVersion {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	for {
		done, err := s.migrateStep(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next migration, reporting whether none was left.
// It reads the version again inside the write transaction, as another
// process may have migrated in between.
func (s *Store) migrateStep(ctx context.Context) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.wrap(err)
	}
	defer tx.Rollback()
	v, err := s.version(ctx, tx)
	if err != nil {
		return false, err
	}
	if v == SchemaVersion {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, s.wrap(err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return false, s.wrap(err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		return false, s.wrap(err)
	}
	if err := tx.Commit(); err != nil {
		return false, s.wrap(err)
	}
	return v+1 == SchemaVersion, nil
}

// Kind is a kind of error the store reports; test for one with errors.Is.
type Kind int

// The kinds of error.
const (
	ErrOpen     Kind = iota + 1 // the database cannot be opened for another reason
	ErrReadOnly                 // the file or its directory cannot be written
	ErrLocked                   // another process held the database past the busy timeout
	ErrCorrupt                  // the file is not a ttx results database, or is damaged
	ErrNewer                    // the database comes from a newer version of ttx
	ErrDiskFull                 // the disk is full
	ErrIO                       // the disk failed
	ErrNotFound                 // no such run or action
	ErrFinished                 // the run is finished and cannot take decisions
	ErrConflict                 // the change does not fit what is stored
	ErrInvalid                  // the value given is not valid
	ErrImport                   // the export file cannot be imported
)

var kindNames = map[Kind]string{
	ErrOpen: "cannot open the results database", ErrReadOnly: "the results database is read-only",
	ErrLocked: "the results database is locked", ErrCorrupt: "not a ttx results database",
	ErrNewer: "the results database is from a newer ttx", ErrDiskFull: "the disk is full",
	ErrIO: "disk error", ErrNotFound: "not found", ErrFinished: "the run is finished",
	ErrConflict: "conflict", ErrInvalid: "invalid value", ErrImport: "cannot import",
}

// Error returns a short name of the kind, as errors.Is compares against it.
func (k Kind) Error() string { return kindNames[k] }

// Error is an error of the store: one sentence saying what went wrong and
// what to do.
type Error struct {
	Kind Kind
	Path string // the database file
	Msg  string
	Err  error // the underlying error, if any
}

// Error returns the message: what went wrong and what to do.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether e is of kind target.
func (e *Error) Is(target error) bool {
	k, ok := target.(Kind)
	return ok && k == e.Kind
}

func (s *Store) errorf(k Kind, err error, format string, args ...any) error {
	return &Error{Kind: k, Path: s.path, Msg: fmt.Sprintf(format, args...), Err: err}
}

func (s *Store) newer(v int) error {
	return s.errorf(ErrNewer, nil, "the results database %s was written by a newer version of ttx (schema %d, this one knows up to %d); upgrade ttx to use it, or give another path with --db or TTX_DB", s.path, v, SchemaVersion)
}

func (s *Store) notDatabase(err error) error {
	return s.errorf(ErrCorrupt, err, "%s is not a ttx results database (it is damaged or another kind of file); move it aside or give another path with --db or TTX_DB", s.path)
}

// isReadOnly reports whether a file system error means no write permission.
func isReadOnly(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// busyCause says why SQLite answered busy or locked, by its extended code.
// A plain busy comes after the busy timeout, or at once when waiting could
// deadlock or the lock cannot be waited for: it does not say how long.
func (s *Store) busyCause(code int) string {
	switch code {
	case sqlite3.SQLITE_BUSY_RECOVERY:
		return "another program was recovering it after a crash"
	case sqlite3.SQLITE_BUSY_SNAPSHOT:
		return "another program changed it while this one was reading"
	case sqlite3.SQLITE_BUSY:
		return fmt.Sprintf("another program held its lock, and SQLite stopped waiting (it waits up to %v, less when waiting could never succeed)", s.busy)
	}
	return "another connection held a lock on it (" + fmt.Sprint(code) + ")"
}

// wrap turns an SQLite error into an *Error saying what to do; other errors
// (and nil) pass through.
func (s *Store) wrap(err error) error {
	if errors.Is(err, errSummary) {
		return s.notDatabase(err)
	}
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return s.errorf(ErrLocked, err, "the results database %s is locked: %s; close any other ttx using it and try again", s.path, s.busyCause(se.Code()))
	case sqlite3.SQLITE_READONLY:
		return s.errorf(ErrReadOnly, err, "the results database %s cannot be written (the file or its directory is read-only); make them writable or give another path with --db or TTX_DB", s.path)
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return s.notDatabase(err)
	case sqlite3.SQLITE_FULL:
		return s.errorf(ErrDiskFull, err, "the disk holding the results database %s is full; free some space and try again", s.path)
	case sqlite3.SQLITE_IOERR:
		return s.errorf(ErrIO, err, "reading or writing the results database %s failed with a disk error (%v); check the disk and try again", s.path, err)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return s.errorf(ErrOpen, err, "cannot open the results database %s (%v); check the path and its permissions, or give another with --db or TTX_DB", s.path, err)
	}
	return err
}

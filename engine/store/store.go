package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// Store is a results store: every drill, from its first decision to its
// after-action record, and the scenarios they were played on. The SQLite
// file and the PostgreSQL server are two backends behind it; both pass the
// same conformance suite (engine/store/storetest). Its methods are safe for
// concurrent use, also by several processes and machines sharing a server.
type Store interface {
	// Begin stores r as an unfinished run, with the scenario's source (the
	// bytes whose SHA-256 is r.Record.Hash), which the store keeps once per
	// content hash. It gives r a UUID and a start time of now when it has
	// none, sets r.ID and returns it.
	Begin(r *Run, source []byte) (int64, error)
	// AppendDecision stores decision n (0-based) of an unfinished run, as
	// it appears in engine.Record.Decisions, durable when it returns.
	// Storing the same decision again is a no-op, so a failed call can be
	// retried.
	AppendDecision(id int64, n int, decision string) error
	// SetTimeLeft stores how much of its time limit decision n (0-based:
	// the decision the run waits for) had left, so that a resumed drill
	// counts down from there; it replaces the time stored before.
	SetTimeLeft(id int64, n int, left time.Duration) error
	// Finish stores the score of an unfinished run, computed once when the
	// drill ended, and marks it finished at ended (now when zero).
	Finish(id int64, res *engine.Result, ended time.Time) error
	// Discard deletes an unfinished run.
	Discard(id int64) error

	// BeginSession stores a new room session and begins a run for each of
	// its teams, in one transaction.
	BeginSession(s *Session, teams []string, source []byte) (int64, error)
	// GetSession returns a session with its teams and seats.
	GetSession(id int64) (*Session, error)
	// OpenSessions returns the sessions not ended, oldest first.
	OpenSessions() ([]Session, error)
	// EndSession marks a session ended.
	EndSession(id int64, at time.Time) error
	// SaveSeat stores a seat of an open session, or its change.
	SaveSeat(session int64, s Seat) error
	// SavePosition stores a seat's position on the open decision of a run.
	SavePosition(id int64, p engine.Position) error
	// AppendControl stores the next control of an unfinished run.
	AppendControl(id int64, c engine.Control) error
	// Commit stores the next decision of a run with the control saying
	// who committed it.
	Commit(id int64, n int, decision string, c engine.Control) error
	// TakeBack takes back the last decision of a run, with its control.
	TakeBack(id int64, n int, c engine.Control) error

	// Get returns a run in full.
	Get(id int64) (*Run, error)
	// List returns the finished runs that f selects, newest first, without
	// their decisions and actions.
	List(f Filter) ([]Run, error)
	// Unfinished returns the runs not finished, newest first, as List
	// returns runs: Get one to replay it.
	Unfinished() ([]Run, error)
	// Leaderboard returns each team's best finished run of a scenario.
	Leaderboard(scenario string, limit int) ([]Run, error)
	// BestRuns returns the best finished runs of a scenario.
	BestRuns(scenario string, limit int) ([]Run, error)
	// Scenario returns the stored scenario of a content hash.
	Scenario(hash string) (*StoredScenario, error)

	// SaveHotwash stores the hotwash of a run.
	SaveHotwash(id int64, h engine.Hotwash) error
	// AddAction stores an improvement action of run a.Run.
	AddAction(a engine.Action) (int64, error)
	// SetActionDone marks an action done, or open again.
	SetActionDone(id int64, done bool, at time.Time) error
	// OpenActions returns the improvement actions not done.
	OpenActions(scenario string) ([]engine.Action, error)

	// Export writes the finished runs that f selects, and their
	// scenarios, as a document for Import.
	Export(w io.Writer, f Filter) error
	// Import adds the runs of an Export document that are not stored yet,
	// each scored again from its record and the scenario it carries.
	Import(r io.Reader, lib Library) (added int, err error)

	// Location names the database in messages: a file path, or the
	// server's URL without its password.
	Location() string
	// Close closes the store.
	Close() error
}

// DefaultBusyTimeout is how long a write waits for another process holding
// an SQLite database before giving up with [ErrLocked].
const DefaultBusyTimeout = 10 * time.Second

// Option changes how [Open] opens a store.
type Option func(*options)

type options struct {
	busy     time.Duration
	readOnly bool
	batch    int
}

// BusyTimeout sets how long a statement waits for an SQLite database that
// another process has locked before failing with [ErrLocked]; the default
// is [DefaultBusyTimeout].
func BusyTimeout(d time.Duration) Option {
	return func(o *options) { o.busy = d }
}

// ReadOnly opens the store for a command that only reads: nothing is
// created, migrated or written, so a read-only file or a read-only role on
// a server serves it. A database file that does not exist yet opens as an
// empty store. Writes fail with [ErrReadOnly].
func ReadOnly() Option {
	return func(o *options) { o.readOnly = true }
}

// ImportBatch sets how many runs Import writes per transaction (the default
// is [DefaultImportBatch]): between batches other writers get the database.
func ImportBatch(n int) Option {
	return func(o *options) { o.batch = max(1, n) }
}

// DefaultImportBatch is how many runs Import writes per transaction.
const DefaultImportBatch = 200

// IsURL reports whether a --db value names a PostgreSQL server
// (postgres:// or postgresql://) rather than an SQLite file.
func IsURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Open opens the results store that db names: a postgres:// (or
// postgresql://) URL opens the PostgreSQL server's store, anything else is
// the path of an SQLite file ([DefaultPath] when db is ""). The schema is
// migrated forward unless the store is opened [ReadOnly]. A database that is
// not a ttx results store, comes from a newer ttx or cannot be reached is
// refused with an [*Error] whose message is one sentence saying what to do,
// and left as it was.
func Open(db string, opts ...Option) (Store, error) {
	o := options{busy: DefaultBusyTimeout, batch: DefaultImportBatch}
	for _, opt := range opts {
		opt(&o)
	}
	if IsURL(db) {
		return openPostgres(db, o)
	}
	return openSQLite(db, o)
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

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

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
	ErrIO                       // the disk or the connection to the server failed
	ErrNotFound                 // no such run, action or scenario
	ErrFinished                 // the run is finished and cannot take decisions
	ErrConflict                 // the change does not fit what is stored
	ErrInvalid                  // the value given is not valid
	ErrImport                   // the export file cannot be imported
	ErrOlder                    // the database needs an upgrade that a read-only store cannot make
)

var kindNames = map[Kind]string{
	ErrOpen: "cannot open the results database", ErrReadOnly: "the results database is read-only",
	ErrLocked: "the results database is locked", ErrCorrupt: "not a ttx results database",
	ErrNewer: "the results database is from a newer ttx", ErrDiskFull: "the disk is full",
	ErrIO: "disk or network error", ErrNotFound: "not found", ErrFinished: "the run is finished",
	ErrConflict: "conflict", ErrInvalid: "invalid value", ErrImport: "cannot import",
	ErrOlder: "the results database needs an upgrade",
}

// Error returns a short name of the kind, as errors.Is compares against it.
func (k Kind) Error() string { return kindNames[k] }

// Error is an error of the store: one sentence saying what went wrong and
// what to do.
type Error struct {
	Kind Kind
	Path string // the database: a file path, or a server URL without its password
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

// Transient reports whether err may go away when the same write is tried
// again: the database was locked, or the connection to the server failed.
func Transient(err error) bool {
	return errors.Is(err, ErrLocked) || errors.Is(err, ErrIO)
}

// errorf makes an *Error about the database at loc.
func errorf(loc string, k Kind, err error, format string, args ...any) error {
	return &Error{Kind: k, Path: loc, Msg: fmt.Sprintf(format, args...), Err: err}
}

// isReadOnly reports whether a file system error means no write permission.
func isReadOnly(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

//go:build unix

package store

import (
	"io/fs"
	"syscall"
)

// writable reports, by access(2), whether the process may write the file at
// path, without opening it.
func writable(path string, _ fs.FileInfo) error {
	const wOK = 2
	if err := syscall.Access(path, wOK); err != nil {
		return &fs.PathError{Op: "access", Path: path, Err: err}
	}
	return nil
}

//go:build !unix

package store

import (
	"io/fs"
)

// writable reports whether the file is marked read-only, without opening it.
func writable(path string, st fs.FileInfo) error {
	if st.Mode().Perm()&0o200 == 0 {
		return &fs.PathError{Op: "open", Path: path, Err: fs.ErrPermission}
	}
	return nil
}

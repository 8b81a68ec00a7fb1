package engine

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// maxLinks is how many symbolic links WriteFileAtomic follows before it
// gives up on a loop.
const maxLinks = 40

// WriteFileAtomic writes data to path so that a crash leaves either the old
// file or the new one, never a mix: a temporary file in the same directory,
// fsynced, renamed over the target, and the directory fsynced.
//
// A symbolic link is written through: the file it names is replaced and the
// link stays. Anything but a regular file (a directory, a device, a named
// pipe) is refused with a *NotRegularError and left as it is. Other errors
// are *fs.PathError for path, the name the caller gave, never the
// temporary file's.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	target, err := replaceTarget(path)
	if err != nil {
		return err
	}
	if err := writeAtomic(target, data, perm); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: unwrapPathError(err)}
	}
	return nil
}

// replaceTarget follows path's symbolic links to the file a write replaces:
// a regular file, or a name that does not exist yet.
func replaceTarget(path string) (string, error) {
	p := path
	for range maxLinks {
		st, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return p, nil
		case err != nil:
			return "", &fs.PathError{Op: "write", Path: path, Err: unwrapPathError(err)}
		case st.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return "", &fs.PathError{Op: "write", Path: path, Err: unwrapPathError(err)}
			}
			if !filepath.IsAbs(link) {
				link = filepath.Join(filepath.Dir(p), link)
			}
			p = link
		case !st.Mode().IsRegular():
			return "", &NotRegularError{Path: p, Mode: st.Mode()}
		default:
			return p, nil
		}
	}
	return "", &fs.PathError{Op: "write", Path: path, Err: errors.New("too many levels of symbolic links")}
}

// writeAtomic writes data to a temporary file beside path and renames it
// over path.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename, there is nothing left to remove
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

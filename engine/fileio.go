package engine

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Reading the files a user names. A path given to ttx (a scenario, the .toml
// files of a folder, a risk register, its plan files, a rubric, a playtest
// file, an export to import) may name anything: a named pipe that blocks
// whoever opens it, a device that never ends (/dev/zero) or waits for a key
// (/dev/tty). ttx reads only regular files, checked on the opened
// descriptor, and never more than a limit of them.

// NotRegularError reports a path that names something other than a regular
// file: a directory, a named pipe, a device or a socket.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: is %s, not a regular file", e.Path, FileKind(e.Mode))
}

// TooLargeError reports a file larger than the limit its reader allows.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: the file is larger than %s, the limit", e.Path, byteSize(e.Limit))
}

// FileKind names the kind of file a mode describes, with its article: "a
// named pipe (FIFO)", "a character device".
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// OpenRegular opens the file at path for reading when it is a regular file,
// and returns a *NotRegularError when it is not. It looks before it opens,
// so that a device is never opened, and checks the opened descriptor again,
// so that a file swapped in between is caught; the open does not block on
// a named pipe and does not make a terminal the controlling one.
func OpenRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	return f, nil
}

// ReadRegular reads the regular file at path (see OpenRegular) when it
// holds at most limit bytes, and returns a *TooLargeError when it holds
// more; it never reads more than limit+1 bytes.
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, path, limit)
}

// readRegularFS is ReadRegular for a file in fsys.
func readRegularFS(fsys fs.FS, path string, limit int64) ([]byte, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	return readLimited(f, path, limit)
}

// ReadFile reads a TOML file the user named (a scenario, a risk register, a
// rubric, a playtest file): a regular file of at most MaxFileSize bytes. Its
// errors are one sentence that says what to do.
func ReadFile(path string) ([]byte, error) {
	src, err := ReadRegular(path, MaxFileSize)
	if err != nil {
		return nil, ReadError(path, "a .toml file", err)
	}
	return src, nil
}

// readLimited reads r to its end, or fails once it has read more than
// limit bytes.
func readLimited(r io.Reader, path string, limit int64) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	return src, nil
}

// byteSize writes a size for people: "32 MiB", "640 KiB", "100 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadError says in one sentence why the file at path cannot be opened or
// read (err comes from OpenRegular or ReadRegular), and what to do; what
// names what the path should be, like "a .toml file".
func ReadError(path, what string, err error) error {
	var nr *NotRegularError
	var tl *TooLargeError
	switch {
	case errors.As(err, &nr):
		return fmt.Errorf("%w; give the path of %s", nr, what)
	case errors.As(err, &tl):
		return fmt.Errorf("%w for %s; check that it is the right file", tl, what)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file; check the path", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied; check the file's permissions", path)
	}
	return fmt.Errorf("%s: cannot read: %v", path, unwrapPathError(err))
}

// unwrapPathError returns the cause of a *fs.PathError or *os.LinkError,
// without the path it names: one the message already gives, or a temporary
// file's, which means nothing to the user.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// TestSpecialFiles: a database path that is neither a regular file nor
// absent (a device, a pipe) is refused, read-only or not, before SQLite
// opens it: nothing is read from it, nothing is left beside it.
func TestSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no devices or pipes as paths")
	}
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{os.DevNull, fifo} {
		for _, opts := range [][]store.Option{nil, {store.ReadOnly()}} {
			before, _ := os.ReadDir(filepath.Dir(path))
			if err := openRefused(t, path, store.ErrOpen, opts...); !strings.Contains(err.Error(), "not a regular file") {
				t.Fatalf("Open(%s) = %v", path, err)
			}
			after, _ := os.ReadDir(filepath.Dir(path))
			if len(after) != len(before) {
				t.Fatalf("Open(%s) left files beside it: %v", path, after)
			}
		}
	}
}

// TestOpenReadOnly: a command that only reads opens the store read-only, so
// a database it may not write serves it, a database not made yet reads as
// empty without being made, and one of an older schema says how to upgrade
// it.
func TestOpenReadOnly(t *testing.T) {
	t.Parallel()
	t.Run("missing", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "none", "ttx.db")
		s, err := store.Open(path, store.ReadOnly())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if runs, err := s.List(store.Filter{}); err != nil || len(runs) != 0 {
			t.Fatalf("List = %v, %v", runs, err)
		}
		if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a read-only open made %s", filepath.Dir(path))
		}
		if _, err := s.Begin(&store.Run{}, nil); err == nil {
			t.Fatal("Begin on an empty read-only store succeeded")
		}
	})
	t.Run("older schema", func(t *testing.T) {
		_, path := openStore(t)
		execSQL(t, raw(t, path), "PRAGMA user_version = 1")
		openRefused(t, path, store.ErrOlder, store.ReadOnly())
	})
}

// TestReadOnlyFiles: a read-only database file, or one in a read-only
// directory, serves a command that only reads. Run as root, the test runs
// itself again as an unprivileged user, since permissions do not bind root.
func TestReadOnlyFiles(t *testing.T) {
	if !unprivileged(t) {
		return
	}
	for _, c := range []struct {
		name  string
		setup func(dir, path string)
	}{
		{"file", func(dir, path string) { os.Chmod(path, 0o444) }},
		{"directory", func(dir, path string) { os.Chmod(dir, 0o555) }},
		{"both", func(dir, path string) { os.Chmod(path, 0o444); os.Chmod(dir, 0o555) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			os.Mkdir(dir, 0o700)
			path := filepath.Join(dir, "ttx.db")
			s, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			id := finished(t, s, "A")
			s.Close()
			c.setup(dir, path)
			t.Cleanup(func() { os.Chmod(dir, 0o700); os.Chmod(path, 0o600) })
			before := stateOf(t, path)
			s, err = store.Open(path, store.ReadOnly())
			if err != nil {
				t.Fatalf("Open read-only = %v", err)
			}
			runs, err := s.List(store.Filter{})
			if err != nil || len(runs) != 1 || runs[0].ID != id {
				t.Fatalf("List = %v, %v", runs, err)
			}
			if _, err := s.Get(id); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveHotwash(id, engine.Hotwash{WentWell: "x"}); !errors.Is(err, store.ErrReadOnly) {
				t.Fatalf("SaveHotwash = %v, want ErrReadOnly", err)
			}
			s.Close()
			sameState(t, path, before)
		})
	}
}

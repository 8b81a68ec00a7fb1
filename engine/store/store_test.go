package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/engine/store/storetest"
)

// TestSQLite: the SQLite backend passes the conformance suite.
func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, opts ...store.Option) (store.Store, string) {
		s, path := openStore(t, opts...)
		return s, path
	})
}

func TestDefaultPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	p, err := store.DefaultPath()
	if err != nil || p != filepath.Join(dir, "ttx", "ttx.db") {
		t.Fatalf("DefaultPath() = %q, %v with XDG_DATA_HOME=%s", p, err, dir)
	}
	// Open("") opens the default path, making its directory.
	s, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	if s.Location() != p {
		t.Errorf("Open(\"\").Location() = %q, want %q", s.Location(), p)
	}
	s.Close()
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}

	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", "relative/is/ignored")
	t.Setenv("LocalAppData", filepath.Join(home, "AppData", "Local"))
	want := map[string]string{
		"linux":   filepath.Join(home, ".local", "share", "ttx", "ttx.db"),
		"darwin":  filepath.Join(home, "Library", "Application Support", "ttx", "ttx.db"),
		"windows": filepath.Join(home, "AppData", "Local", "ttx", "ttx.db"),
	}[runtime.GOOS]
	if p, err := store.DefaultPath(); want != "" && (err != nil || p != want) {
		t.Fatalf("DefaultPath() = %q, %v; want %q", p, err, want)
	}
}

// failingWriter takes n bytes and then fails as a full disk does.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	k := w.n
	w.n = 0
	return k, syscall.ENOSPC
}

func TestExportFullDisk(t *testing.T) {
	t.Parallel()
	a, _ := openStore(t)
	for range 3 {
		finished(t, a, "Blue")
	}
	var full bytes.Buffer
	if err := a.Export(&full, store.Filter{}); err != nil {
		t.Fatal(err)
	}
	size := full.Len()
	for _, n := range []int{0, 100, size / 2, size - 1} {
		err := a.Export(&failingWriter{n: n}, store.Filter{})
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("Export to a disk full after %d bytes = %v", n, err)
		}
		oneSentence(t, err)
	}
	if err := a.Export(&failingWriter{n: size}, store.Filter{}); err != nil {
		t.Fatalf("Export with just enough room = %v", err)
	}
}

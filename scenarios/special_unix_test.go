//go:build unix

package scenarios

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestCatalogNamedPipe puts a named pipe among the .toml files of a --dir
// folder: the catalog leaves it out, as it does any file that does not load
// (ttx validate reports it), instead of waiting for a writer forever.
func TestCatalogNamedPipe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.toml"), 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	copyFile(t, "../testdata/valid/mini.toml", filepath.Join(dir, "mini.toml"))
	c, err := NewCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	if e := c.entry("mini"); e == nil || e.Path != filepath.Join(dir, "mini.toml") {
		t.Errorf("the folder's scenario is not listed: %+v", e)
	}
}

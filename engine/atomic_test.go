package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	for _, content := range []string{"first", "second, longer"} {
		if err := engine.WriteFileAtomic(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("got %q, %v", got, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A directory that cannot be written: an error, and the old file intact.
	if os.Geteuid() != 0 {
		os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o700)
		if err := engine.WriteFileAtomic(path, []byte("third"), 0o644); err == nil {
			t.Error("wrote into a read-only directory")
		}
		if got, _ := os.ReadFile(path); string(got) != "second, longer" {
			t.Errorf("the old file changed: %q", got)
		}
	}
	if err := engine.WriteFileAtomic(filepath.Join(dir, "missing", "x"), []byte("x"), 0o644); err == nil {
		t.Error("wrote into a directory that does not exist")
	}
}

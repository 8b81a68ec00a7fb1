package engine_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// TestReadRegularLimit reads a file at its limit and refuses one a byte
// over it, with the sentence ReadError makes of that.
func TestReadRegularLimit(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "big.toml")
	if err := os.WriteFile(path, make([]byte, 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	if src, err := engine.ReadRegular(path, 2048); err != nil || len(src) != 2048 {
		t.Errorf("at the limit: %d bytes, %v", len(src), err)
	}
	_, err := engine.ReadRegular(path, 2047)
	var tl *engine.TooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("over the limit: %v", err)
	}
	_, err = engine.ReadRegular(path, 1024)
	want := path + ": the file is larger than 1 KiB, the limit for a .toml file; check that it is the right file"
	if got := engine.ReadError(path, "a .toml file", err); got.Error() != want {
		t.Errorf("got  %v\nwant %s", got, want)
	}
}

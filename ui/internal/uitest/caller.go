package uitest

import (
	"path/filepath"
	"runtime"
)

// repoDir returns the repository's root, to find its testdata from any
// test.
func repoDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

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

// TestWriteFileAtomicSymlink writes through a symbolic link to its target,
// absolute, relative, chained or dangling: the link stays a link, and the
// file it names gets the new content.
func TestWriteFileAtomicSymlink(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string) (link, target string)
	}{
		{"absolute", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(dir, "real", "risks.toml")
			mustWrite(t, target, "old")
			return symlink(t, target, filepath.Join(dir, "risks.toml")), target
		}},
		{"relative", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(dir, "real", "risks.toml")
			mustWrite(t, target, "old")
			return symlink(t, filepath.Join("real", "risks.toml"), filepath.Join(dir, "risks.toml")), target
		}},
		{"chain", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(dir, "real", "risks.toml")
			mustWrite(t, target, "old")
			mid := symlink(t, filepath.Join("real", "risks.toml"), filepath.Join(dir, "mid.toml"))
			return symlink(t, mid, filepath.Join(dir, "risks.toml")), target
		}},
		{"dangling", func(t *testing.T, dir string) (string, string) {
			if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
				t.Fatal(err)
			}
			return symlink(t, filepath.Join("real", "new.toml"), filepath.Join(dir, "risks.toml")), filepath.Join(dir, "real", "new.toml")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			link, target := tc.setup(t, dir)
			if err := engine.WriteFileAtomic(link, []byte("new"), 0o644); err != nil {
				t.Fatal(err)
			}
			if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v, %v", st.Mode(), err)
			}
			if got, err := os.ReadFile(target); err != nil || string(got) != "new" {
				t.Errorf("the target holds %q, %v; want the new content", got, err)
			}
			if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 1 {
				t.Errorf("temporary files left beside the target: %v", entries)
			}
		})
	}
}

// TestWriteFileAtomicNotRegular refuses to replace what is not a regular
// file, directly or through a link, and leaves it as it was; no error names
// the temporary file.
func TestWriteFileAtomicNotRegular(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	link := symlink(t, folder, filepath.Join(dir, "link"))
	for _, tc := range []struct{ path, want string }{
		{folder, folder + ": is a directory, not a regular file"},
		{link, folder + ": is a directory, not a regular file"},
		{filepath.Join(dir, "missing", "x.md"), "write " + filepath.Join(dir, "missing", "x.md") + ": no such file or directory"},
	} {
		err := engine.WriteFileAtomic(tc.path, []byte("x"), 0o644)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %q", tc.path, err, tc.want)
		}
		if st, err := os.Stat(folder); err != nil || !st.IsDir() {
			t.Errorf("%s: the folder was replaced", tc.path)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) string {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
	return link
}

// TestSaveRegisterSymlink saves a register reached through a link: the
// real register gets the new content, the link stays, and the backup holds
// the old content.
func TestSaveRegisterSymlink(t *testing.T) {
	t.Parallel()
	reg, err := engine.LoadRegister("../testdata/risks/valid/minimal.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "shared", "risks.toml")
	mustWrite(t, real, "# old\n")
	link := symlink(t, real, filepath.Join(dir, "risks.toml"))
	if err := engine.SaveRegister(link, reg); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(real); string(got) != string(reg.Marshal()) {
		t.Errorf("the real register holds %q", got)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if got, _ := os.ReadFile(link + ".bak"); string(got) != "# old\n" {
		t.Errorf("the backup holds %q", got)
	}
}

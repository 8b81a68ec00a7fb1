//go:build unix

package engine_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// specialFiles makes a named pipe in a fresh folder and returns it with the
// devices of the system that a path might name by mistake or by malice. A
// pipe blocks whoever opens it for reading until a writer comes; /dev/zero
// never ends; /dev/tty waits for the Enter key.
func specialFiles(t *testing.T) (dir string, files map[string]string) {
	t.Helper()
	dir = t.TempDir()
	fifo := filepath.Join(dir, "pipe.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	files = map[string]string{"fifo": fifo, "zero": "/dev/zero"}
	if _, err := os.Stat("/dev/tty"); err == nil {
		files["tty"] = "/dev/tty"
	}
	return dir, files
}

// kinds is what each special file is called in messages.
var kinds = map[string]string{"fifo": "a named pipe (FIFO)", "zero": "a device", "tty": "a device"}

// TestSpecialFiles opens each special file as a scenario, a register and a
// plain read: each is refused at once, with one sentence naming its kind.
func TestSpecialFiles(t *testing.T) {
	t.Parallel()
	_, files := specialFiles(t)
	g := guides(t)
	for name, path := range files {
		for _, r := range []struct {
			reader string
			read   func() error
			hint   string
		}{
			{"scenario", func() error { _, err := engine.Load(path, g); return err }, "; give the path of a .toml file"},
			{"register", func() error { _, err := engine.LoadRegister(path, g[engine.DefaultGuidance]); return err }, "; give the path of a .toml file"},
			{"read", func() error { _, err := engine.ReadRegular(path, 1<<10); return err }, ""},
		} {
			t.Run(name+"/"+r.reader, func(t *testing.T) {
				err := r.read()
				want := path + ": is " + kinds[name] + ", not a regular file" + r.hint
				if err == nil || err.Error() != want {
					t.Errorf("got %v, want %q", err, want)
				}
			})
		}
	}
}

// TestSpecialPlanFile names each special file as a register's plan.file: a
// positioned error, and the loader never opens it for reading.
func TestSpecialPlanFile(t *testing.T) {
	t.Parallel()
	dir, files := specialFiles(t)
	for name, path := range files {
		t.Run(name, func(t *testing.T) {
			reg := filepath.Join(dir, name+"-risks.toml")
			src := "[[risks]]\nid = \"r\"\ntitle = \"A risk\"\nowner = \"CISO\"\nlikelihood = 3\nimpact = 3\ntreatment = \"reduce\"\n\n  [risks.plan]\n  file = \"" + path + "\"\n"
			if err := os.WriteFile(reg, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := engine.LoadRegister(reg, nil)
			want := reg + ":10:10: the plan file \"" + path + "\" is " + kinds[name] + ", not a regular file; give the path of a Markdown file"
			if err == nil || err.Error() != want {
				t.Errorf("got %v\nwant %s", err, want)
			}
		})
	}
}

// TestWriteFileAtomicSpecial refuses to replace a named pipe, directly or
// through a link, and leaves it in place.
func TestWriteFileAtomicSpecial(t *testing.T) {
	t.Parallel()
	dir, files := specialFiles(t)
	fifo := files["fifo"]
	link := filepath.Join(dir, "report.md")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, link} {
		err := engine.WriteFileAtomic(p, []byte("x"), 0o644)
		want := fifo + ": is a named pipe (FIFO), not a regular file"
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %q", p, err, want)
		}
		if st, err := os.Stat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("%s: the pipe was replaced", p)
		}
	}
}

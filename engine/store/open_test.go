package store_test

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// oneSentence fails the test when an error message is not one sentence.
func oneSentence(tb testing.TB, err error) {
	tb.Helper()
	msg := err.Error()
	tb.Logf("error: %s", msg)
	if strings.Contains(msg, ". ") || strings.HasSuffix(msg, ".") || strings.Contains(msg, "\n") {
		tb.Errorf("error %q is not one sentence", msg)
	}
}

// openRefused fails the test unless opening path is refused with an error
// of kind want, in one sentence, and returns that error.
func openRefused(tb testing.TB, path string, want error, opts ...store.Option) error {
	tb.Helper()
	s, err := store.Open(path, opts...)
	if err == nil {
		s.Close()
		tb.Fatalf("Open(%s) succeeded", path)
	}
	if !errors.Is(err, want) {
		tb.Fatalf("Open(%s) = %v, want %v", path, err, want)
	}
	oneSentence(tb, err)
	return err
}

// TestMigrate: a missing file, an empty one and a directory not made yet all
// open to the current schema in WAL mode; opening a current database again
// leaves its file as it was.
func TestMigrate(t *testing.T) {
	for _, c := range []struct {
		name, dir string
		setup     func(t *testing.T, path string)
	}{
		{"missing file", "new/dir", func(t *testing.T, path string) {}},
		{"empty file", "new/dir", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"odd characters in the path", "a b?c#d%25e&f=g", func(t *testing.T, path string) {}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if runtime.GOOS == "windows" && strings.ContainsAny(c.dir, "?") {
				t.Skip("no ? in Windows paths")
			}
			path := filepath.Join(t.TempDir(), filepath.FromSlash(c.dir), "ttx.db")
			os.MkdirAll(filepath.Dir(path), 0o700)
			c.setup(t, path)
			s, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			begin(t, s, "")
			s.Close()
			db := raw(t, path)
			var v int
			var mode string
			if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != store.SchemaVersion {
				t.Fatalf("user_version = %d, %v; want %d", v, err, store.SchemaVersion)
			}
			if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
				t.Fatalf("journal_mode = %q, %v", mode, err)
			}
			db.Close()

			before := stateOf(t, path)
			s, err = store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if runs, err := s.Unfinished(); err != nil || len(runs) != 1 {
				t.Fatalf("Unfinished = %v, %v", runs, err)
			}
			s.Close()
			sameState(t, path, before)
			if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
				t.Errorf("the directory holds %v, want ttx.db alone", ents)
			}
		})
	}
}

// TestRefused: files that are not a ttx database of a schema this ttx knows
// are refused with one sentence, and left exactly as they were.
func TestRefused(t *testing.T) {
	current := func(t *testing.T, path string) {
		s, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		finished(t, s, "A")
		s.Close()
	}
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, path string)
		want  error
		says  string
	}{
		{"newer schema", func(t *testing.T, path string) {
			current(t, path)
			execSQL(t, raw(t, path), "PRAGMA user_version = 99")
		}, store.ErrNewer, "newer version of ttx"},
		{"newer schema in the WAL", func(t *testing.T, path string) {
			// The header on disk still says the old version; the WAL,
			// kept by a connection left open, says the new one.
			current(t, path)
			db := raw(t, path)
			execSQL(t, db, "PRAGMA wal_autocheckpoint = 0", "PRAGMA user_version = 99")
		}, store.ErrNewer, "newer version of ttx"},
		{"random bytes", func(t *testing.T, path string) {
			b := make([]byte, 8192)
			rand.Read(b)
			b[0] = 'x'
			os.WriteFile(path, b, 0o600)
		}, store.ErrCorrupt, "not a ttx results database"},
		{"text", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("scenario = 'bucket'\n"), 0o600)
		}, store.ErrCorrupt, "not a ttx results database"},
		{"sqlite header, damaged pages", func(t *testing.T, path string) {
			current(t, path)
			b, _ := os.ReadFile(path)
			rand.Read(b[100:])
			os.WriteFile(path, b, 0o600)
		}, store.ErrCorrupt, "not a ttx results database"},
		{"a directory", func(t *testing.T, path string) {
			os.Mkdir(path, 0o700)
			os.WriteFile(filepath.Join(path, "x"), []byte("x"), 0o600)
		}, store.ErrOpen, "is a directory"},
		{"another program's database", func(t *testing.T, path string) {
			execSQL(t, raw(t, path), "CREATE TABLE contacts (name TEXT)", "INSERT INTO contacts VALUES ('x')")
		}, store.ErrCorrupt, "another program"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ttx.db")
			c.setup(t, path)
			before := stateOf(t, path)
			s, err := store.Open(path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Open = %v, want %v saying %q and naming the file", err, c.want, c.says)
			}
			oneSentence(t, err)
			sameState(t, path, before)
		})
	}
}

// TestReadOnly: a read-only file or directory is refused before anything is
// written. Run as root, the test runs itself again as an unprivileged user,
// since permissions do not bind root.
func TestReadOnly(t *testing.T) {
	if !unprivileged(t) {
		return
	}
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, path string) // makes something read-only
		exist bool                            // whether the file is there
	}{
		{"file", func(t *testing.T, path string) { os.Chmod(path, 0o444) }, true},
		{"directory", func(t *testing.T, path string) { os.Chmod(filepath.Dir(path), 0o555) }, true},
		{"directory, no file yet", func(t *testing.T, path string) {
			os.Remove(path)
			os.Chmod(filepath.Dir(path), 0o555)
		}, false},
		{"parent of a directory to make", func(t *testing.T, path string) {
			os.Remove(path)
			os.Chmod(filepath.Dir(path), 0o555)
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			os.Mkdir(dir, 0o700)
			path := filepath.Join(dir, "ttx.db")
			s, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			finished(t, s, "A")
			s.Close()
			c.setup(t, path)
			t.Cleanup(func() { os.Chmod(dir, 0o700) })
			open := path
			if strings.HasPrefix(c.name, "parent") {
				open = filepath.Join(dir, "sub", "ttx.db")
			}
			var before fileState
			if c.exist {
				before = stateOf(t, path)
			}
			s, err = store.Open(open)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, store.ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
				t.Fatalf("Open = %v, want ErrReadOnly", err)
			}
			oneSentence(t, err)
			if c.exist {
				sameState(t, path, before)
			} else if _, err := os.Stat(open); err == nil {
				t.Fatalf("%s was created", open)
			}
		})
	}
}

// TestLocked: a database another connection holds past the busy timeout
// gives ErrLocked, at a write and at Open, and works once released.
func TestLocked(t *testing.T) {
	const wait = 200 * time.Millisecond
	ctx := context.Background()
	t.Run("write", func(t *testing.T) {
		s, path := openStore(t, store.BusyTimeout(wait))
		id := begin(t, s, "")
		sc := loadRules(t)
		d := engine.NewDrill(sc, 0)
		if err := d.Choose("panic"); err != nil {
			t.Fatal(err)
		}
		res, err := d.Result("")
		if err != nil {
			t.Fatal(err)
		}
		conn, err := raw(t, path).Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
			t.Fatal(err)
		}
		for name, op := range map[string]func() error{
			"Begin":          func() error { _, err := s.Begin(&store.Run{Record: d.Record()}, sc.Source()); return err },
			"AppendDecision": func() error { return s.AppendDecision(id, 0, "panic") },
			"Finish":         func() error { return s.Finish(id, res, t0) },
		} {
			err := op()
			if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "locked") {
				t.Fatalf("%s = %v, want ErrLocked", name, err)
			}
			oneSentence(t, err)
		}
		// Reads go on while another process writes.
		if _, err := s.Get(id); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendDecision(id, 0, "panic"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("open", func(t *testing.T) {
		s, path := openStore(t)
		s.Close()
		db := raw(t, path)
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for _, q := range []string{"PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE", "INSERT INTO runs (uuid, scenario, version, hash, seed, team, started, summary) VALUES ('u', 's', '', '', 0, '', 0, X'010000')"} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		openRefused(t, path, store.ErrLocked, store.BusyTimeout(wait))
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		conn.Close()
		db.Close() // locking_mode = EXCLUSIVE holds the lock until the connection closes
		s, err = store.Open(path, store.BusyTimeout(wait))
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	})
}

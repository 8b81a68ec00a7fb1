// Package pgtest starts a throwaway PostgreSQL cluster for tests: initdb in
// a temporary directory, a server listening only on a Unix socket there,
// stopped and removed by Stop. Run as root, the server runs as the
// unprivileged postgres user (initdb refuses root).
package pgtest

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// RequireEnv, set to 1, makes a missing PostgreSQL a test failure rather
// than a skip (.ci/run sets it).
const RequireEnv = "TTX_REQUIRE_POSTGRES"

// ErrNoPostgres is returned by Start when no PostgreSQL binaries are found.
var ErrNoPostgres = errors.New("no PostgreSQL server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql")

// Cluster is a running throwaway server.
type Cluster struct {
	dir, bin string
	asUser   string // run the binaries as this user; "" for the current one
	schemas  atomic.Int64
}

// Start initialises and starts a cluster. With durable false the server
// runs with fsync off, which is quicker and fine for tests that do not
// measure durability.
func Start(durable bool) (*Cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "ttx-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, PostgreSQL needs an unprivileged user postgres: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		c.asUser = "postgres"
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"); err != nil {
		c.remove()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c max_connections=100", dir)
	if !durable {
		opts += " -F -c synchronous_commit=off -c full_page_writes=off"
	}
	if out, err := c.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		c.remove()
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	return c, nil
}

// findBin finds the directory of initdb and pg_ctl.
func findBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoPostgres
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func (c *Cluster) run(name string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	return cmd.CombinedOutput()
}

// URL is the URL of the cluster's postgres database, in schema (the
// search_path); "" leaves the schema to the client.
func (c *Cluster) URL(schema string) string {
	q := url.Values{"host": {c.dir}, "user": {"postgres"}, "sslmode": {"disable"}}
	if schema != "" {
		q.Set("search_path", schema)
	}
	return "postgres:///postgres?" + q.Encode()
}

// NewSchema returns the URL of a schema no test used yet: a new, empty
// store for each test, on one server.
func (c *Cluster) NewSchema() string {
	return c.URL(fmt.Sprintf("test_%d", c.schemas.Add(1)))
}

// Stop stops the server at once and removes its files.
func (c *Cluster) Stop() {
	c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	c.remove()
}

func (c *Cluster) remove() { os.RemoveAll(c.dir) }

// Required reports whether a missing PostgreSQL is a failure.
func Required() bool { return strings.TrimSpace(os.Getenv(RequireEnv)) == "1" }

package serve

import (
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// catalog is the shipped scenarios, loaded once for the tests.
var catalog = sync.OnceValues(func() (*scenarios.Catalog, error) { return scenarios.NewCatalog() })

func loadCatalog(t testing.TB) *scenarios.Catalog {
	t.Helper()
	c, err := catalog()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// people are the keys of the tests: those on the allow-list, and one that
// is not.
type people struct {
	fay, ana, bo, cy, dee, projector, stranger gossh.Signer
}

func newPeople(t testing.TB) people {
	return people{newSigner(t), newSigner(t), newSigner(t), newSigner(t), newSigner(t), newSigner(t), newSigner(t)}
}

func (p people) allowed() []gossh.Signer {
	return []gossh.Signer{p.fay, p.ana, p.bo, p.cy, p.dee, p.projector}
}

// fixture is a server in this process on a free port of 127.0.0.1, with a
// store of its own.
type fixture struct {
	t     testing.TB
	dir   string
	st    store.Store
	rooms *room.Manager
	srv   *Server
	dl    dialer
	keys  people
	logs  *logBook
}

// logBook keeps the server's log lines, for the test's output on failure.
type logBook struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBook) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logBook) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.lines, func(line string) bool { return strings.Contains(line, s) })
}

// start starts a server; tweak changes its configuration first.
func start(t testing.TB, tweak func(*Config)) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), keys: newPeople(t), logs: &logBook{}}
	var err error
	if f.st, err = store.Open(filepath.Join(f.dir, "ttx.db")); err != nil {
		t.Fatal(err)
	}
	f.rooms = room.NewManager(room.Options{Store: f.st, Logf: t.Logf})
	host, err := HostKey(filepath.Join(f.dir, "host_ed25519"))
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(f.dir, "authorized_keys")
	writeAuthorized(t, keys, f.keys.allowed()...)
	allowed, err := NewAllowList(keys)
	if err != nil {
		t.Fatal(err)
	}
	cat := loadCatalog(t)
	cfg := Config{Rooms: f.rooms, Store: f.st, Catalog: func() (*scenarios.Catalog, error) { return cat, nil }, HostKey: host, Allowed: allowed,
		Logf: f.logs.logf}
	if tweak != nil {
		tweak(&cfg)
	}
	if f.srv, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go f.srv.Serve(l)
	t.Cleanup(func() {
		f.srv.Close()
		f.rooms.Stop()
		f.st.Close()
	})
	f.dl = dialer{addr: l.Addr().String(), host: host.PublicKey()}
	return f
}

// step types keys and waits for the screen to show want.
func (c *client) step(want string, ks ...string) {
	c.t.Helper()
	c.markNow()
	c.send(ks...)
	c.await(want)
}

// openSession opens a session of scenario id for teams (as typed) from the
// facilitator's client, which lands on the open flow, and returns its
// code once the console shows.
func openSession(t testing.TB, c *client, id, teams string) string {
	t.Helper()
	cat := loadCatalog(t)
	at := slices.IndexFunc(cat.Entries, func(e scenarios.Entry) bool { return e.ID == id })
	c.await("Open a session")
	c.await(cat.Entries[len(cat.Entries)-1].ID) // the list is drawn
	for range at {
		c.send("down")
	}
	c.step("Teams", "enter")
	c.send("ctrl+u")
	c.step("Your name", teams, "enter")
	c.step("Seed", "Fay", "enter")
	c.markNow()
	c.send("enter")
	c.awaitWithin("the console", 2*time.Minute, func(s string) bool { return strings.Contains(s, "Console · code") })
	for _, line := range strings.Split(c.screen(), "\n") {
		if _, after, ok := strings.Cut(line, "Console · code "); ok {
			return room.NormalizeCode(strings.Fields(after)[0] + strings.Fields(after)[1])
		}
	}
	t.Fatalf("no code on the console:\n%s", c.screen())
	return ""
}

// joinSeat joins a player's client (started at join@) to team (its index)
// in role (its index among the scenario's roles), as name.
func joinSeat(t testing.TB, c *client, code string, team, role int, name, firstTeam string) {
	t.Helper()
	c.await("Join code")
	c.step(firstTeam, code, "enter")
	for range team {
		c.send("down")
	}
	c.step("Your role", "enter")
	for range role {
		c.send("down")
	}
	c.step("Your name", "enter")
	c.markNow()
	c.send(name, "enter")
	c.awaitFunc("the seat", func(s string) bool { // its summary over the choices, or a module's opening
		return strings.Contains(s, noPosition) || strings.Contains(s, "Positions #") || strings.Contains(s, "The facilitator begins the module.")
	})
}

// beginIfOpening waits, on a seat marked before a commit, for the next
// scene or the opening of a module; at an opening, the console fay (its
// team selected) begins the module, and the seat shows the scene (it takes
// keys for it from then on).
func beginIfOpening(seat, fay *client, team string) {
	seat.t.Helper()
	const opening = "The facilitator begins the module."
	seat.awaitFunc("the next scene or a module's opening", func(s string) bool {
		return strings.Contains(s, noPosition) || strings.Contains(s, opening)
	})
	if strings.Contains(seat.screen(), opening) {
		seat.markNow()
		fay.step("begins for team "+team+".", "enter")
		seat.await(noPosition)
	}
}

// roomView opens a team's room view from a client started at room@.
func roomView(t testing.TB, c *client, code string, team int, firstTeam string) {
	t.Helper()
	c.await("Join code")
	c.step(firstTeam, code, "enter")
	for range team {
		c.send("down")
	}
	c.step("Name of this screen", "enter")
	c.step("join with code", "enter")
}

package room_test

import (
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// The scenarios the tests play, loaded once: the shipped ones (the
// flagship) and testdata/room.toml, a small drill with a timed scene, a
// pick scene and an event fired only by hand.
var catalog = sync.OnceValues(func() (*scenarios.Catalog, error) {
	return scenarios.NewCatalog("testdata")
})

func scenario(t testing.TB, id string) *engine.Scenario {
	t.Helper()
	c, err := catalog()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := c.Resolve(id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// fakeClock is a clock the test moves by hand; the timers due run in the
// goroutine that moves it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
	c       *fakeClock
}

func newClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) room.Stopper {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), f: f, c: c}
	c.timers = append(c.timers, t)
	return t
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.stopped
	t.stopped = true
	return was
}

// Advance moves the clock on and runs the timers that came due, in order.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*fakeTimer
	keep := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			t.stopped = true
			due = append(due, t)
		default:
			keep = append(keep, t)
		}
	}
	c.timers = keep
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].at.Before(due[j].at) })
	for _, t := range due {
		t.f()
	}
}

// openStore opens a new SQLite store in a temporary folder.
func openStore(t testing.TB) (store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ttx.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// flaky is a store whose writes of the room fail while down is set.
type flaky struct {
	store.Store
	mu   sync.Mutex
	down bool
}

var errDown = &store.Error{Kind: store.ErrIO, Msg: "the results server is down"}

func (f *flaky) fail() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errDown
	}
	return nil
}

func (f *flaky) setDown(down bool) { f.mu.Lock(); f.down = down; f.mu.Unlock() }

func (f *flaky) SaveSeat(id int64, s store.Seat) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.SaveSeat(id, s)
}

func (f *flaky) SavePosition(id int64, p engine.Position) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.SavePosition(id, p)
}

func (f *flaky) AppendControl(id int64, c engine.Control) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.AppendControl(id, c)
}

func (f *flaky) Commit(id int64, n int, dec string, c engine.Control) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Commit(id, n, dec, c)
}

func (f *flaky) TakeBack(id int64, n int, c engine.Control) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.TakeBack(id, n, c)
}

func (f *flaky) AppendDecision(id int64, n int, dec string) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.AppendDecision(id, n, dec)
}

func (f *flaky) Finish(id int64, res *engine.Result, at time.Time) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Finish(id, res, at)
}

// room is a session under test: its manager, clock and store, the
// facilitator's console seat.
type fixture struct {
	m       *room.Manager
	s       *room.Session
	clock   *fakeClock
	st      store.Store
	path    string
	console string
}

var fay = room.Identity{Key: "SHA256:fay", Name: "Fay"}

// open opens a session of scenario id with teams, on a store of its own.
func open(t *testing.T, id string, teams ...string) *fixture {
	t.Helper()
	st, path := openStore(t)
	return openOn(t, st, path, id, teams...)
}

// openOn opens a session on st (at path).
func openOn(t *testing.T, st store.Store, path, id string, teams ...string) *fixture {
	t.Helper()
	f := &fixture{clock: newClock(), st: st, path: path}
	f.m = room.NewManager(room.Options{Store: st, Clock: f.clock, Logf: t.Logf})
	t.Cleanup(f.m.Stop)
	s, err := f.m.Open(room.OpenRequest{Scenario: scenario(t, id), Seed: 7, Teams: teams, Owner: fay})
	if err != nil {
		t.Fatal(err)
	}
	f.s = s
	if f.console, err = s.JoinConsole(fay); err != nil {
		t.Fatal(err)
	}
	for i := range teams {
		f.begin(t, i)
	}
	return f
}

// begin begins the module whose opening a team is at, as the console
// does; nothing when none is.
func (f *fixture) begin(t testing.TB, team int) {
	t.Helper()
	if f.s.Snapshot().Teams[team].Opening >= 0 {
		must(t, f.s.Control(f.console, team, engine.ControlBegin, ""))
	}
}

// join seats a player in a role of a team.
func (f *fixture) join(t *testing.T, team int, role, name string) string {
	t.Helper()
	id, err := f.s.Join(room.JoinRequest{Kind: store.SeatRole, Team: team, Role: role, Who: room.Identity{Key: "SHA256:" + name, Name: name}})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// choices returns the ids a team would take now: the first offered, or the
// last; in a pick scene as few as it takes.
func choices(d *engine.Drill, last bool) []string {
	sc := d.Scene()
	off := d.AppendOffered(nil)
	lo, _ := d.PickRange()
	if last {
		off = off[len(off)-lo:]
	}
	var out []string
	for _, j := range off[:lo] {
		out = append(out, sc.Choices[j].ID)
	}
	return out
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

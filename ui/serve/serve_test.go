package serve

import (
	"bytes"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/engine/room"
)

// awaitSnap waits until the session's snapshot satisfies cond.
func awaitSnap(t testing.TB, s *room.Session, what string, cond func(*room.Snapshot) bool) *room.Snapshot {
	t.Helper()
	sub := s.Subscribe("")
	defer sub.Close()
	deadline := time.After(15 * time.Second)
	for {
		if snap := s.Snapshot(); cond(snap) {
			return snap
		}
		select {
		case <-sub.C:
		case <-deadline:
			t.Fatalf("waited in vain for %s", what)
		}
	}
}

// noPosition is what a seat shows over the choices of a scene on which
// nobody has stated a position yet.
const noPosition = "No position stated yet"

// rows are the rows of the choices a team takes now (1-based, as the seats
// number them): the first offered, or the last; as many as the scene takes.
func rows(d *engine.Drill, last bool) []int {
	n := len(d.AppendOffered(nil))
	lo, _ := d.PickRange()
	var out []int
	for k := range lo {
		if last {
			out = append(out, n-lo+k+1)
		} else {
			out = append(out, k+1)
		}
	}
	return out
}

// choose moves a seat's cursor to each row, picking it in a pick scene.
func choose(c *client, pick bool, rs []int) {
	for _, r := range rs {
		c.send(strconv.Itoa(r))
		if pick {
			c.send("space")
		}
	}
}

// Several clients play one session of the flagship to its ending with two
// teams: positions and commits from the seats, controls from the console,
// each room view following its team; everything lands in the store and
// the after-action report, and the two runs compare.
func TestFlagshipTwoTeams(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	fay := f.dl.dial(t, f.keys.fay, "console", 120, 40)
	code := openSession(t, fay, "retail-card-breach", "Blue, Red")
	s, err := f.rooms.Find(code)
	if err != nil {
		t.Fatal(err)
	}
	views := []*client{f.dl.dial(t, f.keys.projector, "room", 120, 40), f.dl.dial(t, f.keys.projector, "room", 80, 24)}
	for i, v := range views {
		roomView(t, v, code, i, "Blue")
	}
	type team struct{ lead, other *client }
	teams := []team{
		{f.dl.dial(t, f.keys.ana, "join", 100, 30), f.dl.dial(t, f.keys.bo, "join", 80, 24)},
		{f.dl.dial(t, f.keys.cy, "join", 100, 30), f.dl.dial(t, f.keys.dee, "join", 80, 24)},
	}
	joinSeat(t, teams[0].lead, code, 0, 0, "Ana", "Blue")
	joinSeat(t, teams[0].other, code, 0, 2, "Bo", "Blue")
	joinSeat(t, teams[1].lead, code, 1, 0, "Cy", "Blue")
	joinSeat(t, teams[1].other, code, 1, 1, "Dee", "Blue")

	// The facilitator marks a lead in each team, pauses and resumes Blue,
	// fires an event by hand and moves Blue's clock on.
	fay.step("Mark a lead", "l")
	fay.step("leads the team", "enter")
	fay.step("team Red (2 of 2)", "tab")
	fay.step("Mark a lead", "l")
	fay.step("leads the team", "enter")
	fay.step("team Blue (1 of 2)", "tab")
	views[0].markNow()
	fay.step("is paused", "p")
	views[0].await("PAUSED")
	fay.step("goes on", "p")
	fay.step("Fire an event by hand", "f")
	fay.step("Fired", "enter")
	fay.step("Move the clock on", "a")
	fay.step("The clock moved on by 2h.", "2", "enter")

	selected := 0 // the team the console's controls act on
	for step := 0; ; step++ {
		snap := s.Snapshot()
		if snap.Ended {
			break
		}
		if step > 40 {
			t.Fatal("the drills do not end")
		}
		for i, tm := range snap.Teams {
			if tm.Over {
				continue
			}
			if k := tm.Opening; k >= 0 {
				// A module's opening (shown on the room view and the
				// seats: see below): the console begins it.
				for selected != i {
					selected = (selected + 1) % len(snap.Teams)
					fay.step(fmt.Sprintf("team %s (%d of 2)", snap.Teams[selected].Name, selected+1), "tab")
				}
				for _, c := range []*client{views[i], teams[i].lead, teams[i].other} {
					c.markNow()
				}
				fay.step(fmt.Sprintf("Module %d begins for team %s.", k+1, tm.Name), "enter")
				views[i].await(tm.Drill.Render(tm.Drill.Scene().Title))
				// The seats take keys once they show the scene.
				teams[i].lead.await(noPosition)
				teams[i].other.await(noPosition)
			}
			d := tm.Drill
			pick := d.Scene().IsPick()
			rs := rows(d, i == 1)
			n := len(d.Decisions())
			// The other player states a position with a reason.
			p := teams[i].other
			p.markNow()
			choose(p, pick, rs)
			p.send("enter")
			p.await("Why?")
			p.send(fmt.Sprintf("step %d of %s", step+1, tm.Name), "enter")
			awaitSnap(t, s, "a position", func(sn *room.Snapshot) bool { return len(sn.Teams[i].Positions) == 1 })
			// Its seat shows it: the line over the choices changes again
			// with the next scene. (The terminal is sent only the lines
			// that change, so a line drawn twice is not seen twice.)
			p.await("yours: #")
			// The lead commits.
			l := teams[i].lead
			l.markNow()
			choose(l, pick, rs)
			l.send("C")
			l.await("Commit the team's decision:")
			for _, c := range []*client{views[i], l, p} {
				c.markNow()
			}
			l.send("y")
			after := awaitSnap(t, s, "the commit", func(sn *room.Snapshot) bool { return len(sn.Teams[i].Drill.Decisions()) == n+1 })
			// The room view follows; so do the seats to a module's
			// opening.
			next := after.Teams[i]
			want := "The facilitator ended the drill."
			switch {
			case next.Opening >= 0:
				want = fmt.Sprintf("MODULE %d OF %d", next.Opening+1, len(after.Scenario.Modules))
				l.await(want)
				p.await(want)
			case !next.Over:
				want = next.Drill.Render(next.Drill.Scene().Title)
				l.await(noPosition) // the seats show the next scene, and take keys for it
				p.await(noPosition)
			case next.Drill.Ending() != nil:
				want = next.Drill.Render(next.Drill.Ending().Title)
			}
			views[i].await(want)
		}
	}

	snap := s.Snapshot()
	var inputs []report.Input
	for i, tm := range snap.Teams {
		run, err := f.st.Get(tm.Run)
		if err != nil {
			t.Fatal(err)
		}
		if !run.Finished || run.Session != snap.ID || len(run.Positions) != len(run.Record.Decisions) || len(run.Participants) != 2 {
			t.Errorf("team %s: finished %v session %d, %d positions for %d decisions, participants %+v",
				tm.Name, run.Finished, run.Session, len(run.Positions), len(run.Record.Decisions), run.Participants)
		}
		var kinds []string
		for _, c := range run.Controls {
			if !slices.Contains(kinds, string(c.Kind)) {
				kinds = append(kinds, string(c.Kind))
			}
		}
		want := []string{"lead", "begin", "commit"}
		if i == 0 {
			want = []string{"lead", "pause", "resume", "fire", "advance", "begin", "commit"}
		}
		if !slices.Equal(kinds, want) {
			t.Errorf("team %s: controls %q, want %q", tm.Name, kinds, want)
		}
		d, err := engine.Replay(snap.Scenario, run.Record)
		if err != nil {
			t.Fatal(err)
		}
		res, err := run.Result(d)
		if err != nil {
			t.Fatal(err)
		}
		in := report.Input{Scenario: snap.Scenario, Drill: d, Result: res, RunID: run.ID, Team: run.Team, Participants: run.Participants,
			Positions: run.Positions, Controls: run.Controls}
		var md bytes.Buffer
		if err := report.Markdown(&md, in); err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"Who argued for what", "step 1 of " + tm.Name, "The facilitator's controls", "Committed by"} {
			if !strings.Contains(md.String(), w) {
				t.Errorf("team %s: the report lacks %q", tm.Name, w)
			}
		}
		inputs = append(inputs, in)
	}
	var cmp bytes.Buffer
	if err := report.CompareMarkdown(&cmp, inputs); err != nil {
		t.Fatalf("the session's runs do not compare: %v", err)
	}
	if snap.Teams[0].Drill.Ending() == snap.Teams[1].Drill.Ending() && snap.Teams[0].Score == snap.Teams[1].Score {
		t.Error("the two teams' different paths ended and scored alike")
	}
	fay.await("The session has ended.")
}

// A client that connects and never finishes the SSH handshake is dropped
// within the handshake timeout; one that sends its version and stalls, too.
func TestHandshakeTimeout(t *testing.T) {
	t.Parallel()
	released := make(chan struct{}, 2)
	f := start(t, func(c *Config) {
		c.HandshakeTimeout = 300 * time.Millisecond
		c.released = func() { released <- struct{}{} }
	})
	for _, hello := range []string{"", "SSH-2.0-stalled\r\n"} {
		conn, err := net.Dial("tcp", f.dl.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if hello != "" {
			conn.Write([]byte(hello))
		}
		// The test's own deadline is far: the read ends when the server
		// closes the connection.
		conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		buf := make([]byte, 4096)
		for {
			_, err = conn.Read(buf)
			if err != nil {
				break
			}
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("hello %q: the server kept a connection that never finished its handshake", hello)
		}
	}
	// Each gave its place back.
	for range 2 {
		select {
		case <-released:
		case <-time.After(15 * time.Second):
			t.Fatal("a dropped connection is still counted")
		}
	}
	if f.srv.Conns() != 0 {
		t.Errorf("%d connections still counted", f.srv.Conns())
	}
}

// Idle is no input from the client: a room view whose countdown ticks (the
// server writing every second) is dropped after the idle timeout all the
// same, while a client whose ssh sends keep-alives stays.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	const idle = 2500 * time.Millisecond
	f := start(t, func(c *Config) { c.IdleTimeout = idle })
	s, err := f.rooms.Open(room.OpenRequest{Scenario: loadCatalog(t).ByID("retail-card-breach"), Seed: 1, Teams: []string{"Blue"},
		Owner: room.Identity{Key: Fingerprint(f.keys.fay.PublicKey()), Name: "Fay"}})
	if err != nil {
		t.Fatal(err)
	}
	console, err := s.JoinConsole(room.Identity{Key: Fingerprint(f.keys.fay.PublicKey())})
	if err != nil {
		t.Fatal(err)
	}
	// The second scene is timed: its countdown ticks (once its module, if
	// it opens one, has begun).
	if err := s.Control(console, 0, engine.ControlBegin, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(console, 0, []string{s.Snapshot().Teams[0].Drill.Scene().Choices[0].ID}); err != nil {
		t.Fatal(err)
	}
	if s.Snapshot().Teams[0].Opening >= 0 {
		if err := s.Control(console, 0, engine.ControlBegin, ""); err != nil {
			t.Fatal(err)
		}
	}
	quiet := f.dl.dial(t, f.keys.projector, "room", 100, 30)
	roomView(t, quiet, s.Code(), 0, "Blue")
	alive := f.dl.dial(t, f.keys.ana, "room", 100, 30)
	roomView(t, alive, s.Code(), 0, "Blue")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(idle / 4):
				alive.conn.SendRequest("keepalive@openssh.com", true, nil)
			}
		}
	}()
	quiet.markNow()
	input := time.Now() // before its last input reaches the server
	quiet.send("pgup")
	if !quiet.ended(4 * idle) {
		t.Fatal("a client without input stayed connected past the idle timeout")
	}
	if gone := time.Since(input); gone < idle {
		t.Errorf("dropped after %v, before the idle timeout of %v", gone, idle)
	}
	if ticks := strings.Count(quiet.screen(), "left"); ticks < 1 {
		t.Errorf("the countdown ticked %d times while the client was idle; the test proves nothing", ticks)
	}
	if alive.ended(0) {
		t.Error("a client sending keep-alives was dropped")
	}
	if !f.logs.has("no input for") || f.srv.Dropped.Load() != 1 {
		t.Errorf("dropped %d; log %v", f.srv.Dropped.Load(), f.logs.lines)
	}
}

// Only keys of the allow-list get in; a key added to the file gets in
// without a restart.
func TestAllowList(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	if _, err := f.dl.try(f.keys.stranger, "join", 80, 24); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("a key not on the allow-list: %v", err)
	}
	if !f.logs.has("is not on the allow-list") {
		t.Error("the refusal is not logged")
	}
	writeAuthorized(t, f.dir+"/authorized_keys", append(f.keys.allowed(), f.keys.stranger)...)
	c, err := f.dl.try(f.keys.stranger, "join", 80, 24)
	if err != nil {
		t.Fatalf("a key added to the file: %v", err)
	}
	c.t = t
	defer c.close()
	c.await("Join code")
}

// A shell only, with a PTY: no command, no subsystem (scp, sftp).
func TestShellOnly(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	c := f.dl.dial(t, f.keys.ana, "join", 80, 24)
	for _, try := range []struct {
		name string
		do   func() error
	}{
		{"exec", func() error {
			s, err := c.conn.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			return s.Run("cat /etc/passwd")
		}},
		{"scp", func() error {
			s, err := c.conn.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			return s.Start("scp -t /tmp")
		}},
		{"sftp", func() error {
			s, err := c.conn.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			return s.RequestSubsystem("sftp")
		}},
	} {
		if err := try.do(); err == nil {
			t.Errorf("%s was allowed", try.name)
		}
	}
	// A shell without a PTY is told to use one.
	s, err := c.conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	s.Stderr = &stderr
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(); err == nil || !strings.Contains(stderr.String(), "ttx needs a terminal") {
		t.Errorf("a shell without a PTY: %v, %q", err, stderr.String())
	}
}

// A player named with escape sequences shows harmless on every other seat:
// nothing of the sequences reaches their terminals.
func TestHostileName(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	fay := f.dl.dial(t, f.keys.fay, "console", 120, 40)
	code := openSession(t, fay, "retail-card-breach", "Blue")
	fay.step("Module 1 begins for team Blue.", "enter")
	ana := f.dl.dial(t, f.keys.ana, "join", 100, 30)
	joinSeat(t, ana, code, 0, 0, "Ana", "Blue")
	view := f.dl.dial(t, f.keys.projector, "room", 100, 30)
	roomView(t, view, code, 0, "Blue")
	eve := f.dl.dial(t, f.keys.bo, "join", 100, 30)
	name := strings.Join([]string{hostile.Strings[0], "Eve", hostile.Strings[1], hostile.Strings[3], hostile.Strings[5], hostile.Strings[7]}, "")
	joinSeat(t, eve, code, 0, 1, name, "Blue")
	fay.await("Eve")
	// Eve states a position with a hostile reason: Ana's seat and the
	// console show it.
	eve.send("1", "enter")
	eve.await("Why?")
	eve.send(hostile.Strings[4]+"because"+hostile.Strings[2], "enter")
	ana.await("because")
	fay.await("because")
	for _, c := range []*client{fay, ana, view} {
		raw := c.raw()
		for _, bad := range []string{"\x1b]0;", "\x1b]52;", "\x1b]8;", "\x1bP", "\u009b", "\u202e", "PWNED\x07"} {
			if bytes.Contains(raw, []byte(bad)) {
				t.Errorf("%s received %q from another player's name or reason", c.name, bad)
			}
		}
	}
}

// A panic in one connection ends that connection only: the others go on
// playing, and the server logs it.
func TestPanicIsolation(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *Config) {
		c.beforeProgram = func(s ssh.Session) {
			if s.User() == "crash" {
				panic("a bug in one connection")
			}
		}
	})
	fay := f.dl.dial(t, f.keys.fay, "console", 120, 40)
	code := openSession(t, fay, "retail-card-breach", "Blue")
	fay.step("Module 1 begins for team Blue.", "enter")
	ana := f.dl.dial(t, f.keys.ana, "join", 100, 30)
	joinSeat(t, ana, code, 0, 0, "Ana", "Blue")
	crash := f.dl.dial(t, f.keys.bo, "crash", 80, 24)
	if !crash.ended(15 * time.Second) {
		t.Fatal("the connection that panicked is still open")
	}
	if !f.logs.has("a bug in one connection") {
		t.Error("the panic is not logged")
	}
	// The others play on.
	ana.send("2", "enter")
	ana.await("Why?")
	ana.send("still here", "enter")
	fay.await("still here")
	s, _ := f.rooms.Find(code)
	awaitSnap(t, s, "Ana's position", func(sn *room.Snapshot) bool { return len(sn.Teams[0].Positions) == 1 })
}

// The limits: a per-address rate of new connections, and the number of
// connections at once.
func TestLimits(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *Config) { c.Rate, c.Burst, c.MaxConns = 0.001, 3, 2 })
	var open []*client
	for range 2 {
		open = append(open, f.dl.dial(t, f.keys.ana, "join", 80, 24))
	}
	for _, c := range open {
		c.await("Join code")
	}
	if _, err := f.dl.try(f.keys.ana, "join", 80, 24); err == nil {
		t.Error("a third connection got in past the limit of 2")
	}
	if _, err := f.dl.try(f.keys.ana, "join", 80, 24); err == nil {
		t.Error("a fourth connection from one address got in past its burst of 3")
	}
	if f.srv.Refused.Load() < 2 || !f.logs.has("connects too often") || !f.logs.has("its limit") {
		t.Errorf("refused %d; log %v", f.srv.Refused.Load(), f.logs.lines)
	}
}

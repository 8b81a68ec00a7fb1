package room_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
)

// Opening a session: the teams' names are checked and cleaned, and the
// session is stored with a run per team before it is returned.
func TestOpen(t *testing.T) {
	t.Parallel()
	st, _ := openStore(t)
	m := room.NewManager(room.Options{Store: st, Clock: newClock(), MaxSessions: 2})
	t.Cleanup(m.Stop)
	sc := scenario(t, "room-drill")
	for _, c := range []struct {
		name  string
		req   room.OpenRequest
		want  string
		teams []string
	}{
		{"no scenario", room.OpenRequest{Teams: []string{"Blue"}, Owner: fay}, "choose a scenario to open a session", nil},
		{"no team", room.OpenRequest{Scenario: sc, Teams: []string{" ", ""}, Owner: fay}, "name at least one team", nil},
		{"same team twice", room.OpenRequest{Scenario: sc, Teams: []string{"Blue", "blue "}, Owner: fay}, `two teams are named "blue"; give each team its own name`, nil},
		{"too many teams", room.OpenRequest{Scenario: sc, Teams: strings.Split("a,b,c,d,e,f,g,h,i,j,k", ","), Owner: fay}, "a session takes at most 10 teams, not 11", nil},
		{"no owner name", room.OpenRequest{Scenario: sc, Teams: []string{"Blue"}, Owner: room.Identity{Key: "k", Name: "\x1b[2J"}}, "give a name of at least one letter, as the others will see it", nil},
		{"hostile team names", room.OpenRequest{Scenario: sc, Teams: []string{"\x1b]0;PWNED\x07Blue\nTeam", "Red\u202e"}, Owner: fay}, "", []string{"Blue Team", "Red"}},
		{"second session", room.OpenRequest{Scenario: sc, Teams: []string{"Blue"}, Owner: fay}, "", []string{"Blue"}},
		{"over the limit", room.OpenRequest{Scenario: sc, Teams: []string{"Blue"}, Owner: fay}, "this server already runs 2 sessions, its limit; end one first", nil},
	} {
		s, err := m.Open(c.req)
		if c.want != "" {
			if err == nil || err.Error() != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		snap := s.Snapshot()
		var names []string
		for _, tm := range snap.Teams {
			names = append(names, tm.Name)
			// The first scene opens its module: the timer waits for the
			// facilitator to begin it.
			if tm.Run == 0 || tm.Drill.Scene().ID != "call" || tm.Opening != 0 || tm.Timer.Running || tm.Timer.LeftAt(time.Time{}) != 2*time.Minute {
				t.Errorf("%s: team %+v", c.name, tm)
			}
		}
		if !reflect.DeepEqual(names, c.teams) || len(snap.Code) != room.CodeLength || snap.Version == 0 {
			t.Errorf("%s: teams %q code %q version %d", c.name, names, snap.Code, snap.Version)
		}
		stored, err := st.GetSession(snap.ID)
		if err != nil || stored.Code != snap.Code || len(stored.Teams) != len(c.teams) || stored.Owner != fay.Key {
			t.Errorf("%s: stored %+v, %v", c.name, stored, err)
		}
		if found, err := m.Find(strings.ToLower(room.FormatCode(snap.Code))); err != nil || found != s {
			t.Errorf("%s: Find: %v", c.name, err)
		}
	}
	if _, err := m.Find("ZZZ ZZZ"); err == nil || err.Error() != `no open session has the code "ZZZ ZZZ"; check it with the facilitator` {
		t.Errorf("Find(unknown) = %v", err)
	}
}

// Seats: the console only for the key that opened the session, a role of
// the scenario, the same seat back for the same key and name, a limit on
// seats, and names made safe to show to every other seat.
func TestJoin(t *testing.T) {
	t.Parallel()
	st, path := openStore(t)
	f := &fixture{clock: newClock(), st: st, path: path}
	f.m = room.NewManager(room.Options{Store: st, Clock: f.clock, MaxSeats: 4})
	t.Cleanup(f.m.Stop)
	s, err := f.m.Open(room.OpenRequest{Scenario: scenario(t, "room-drill"), Seed: 1, Teams: []string{"Blue", "Red"}, Owner: fay})
	must(t, err)
	if _, err := s.JoinConsole(room.Identity{Key: "SHA256:mallory", Name: "Fay"}); err == nil {
		t.Error("another key got the console")
	}
	console, err := s.JoinConsole(fay)
	must(t, err)
	ana := room.Identity{Key: "SHA256:ana", Name: "Ana"}
	for _, c := range []struct {
		name string
		req  room.JoinRequest
		want string // the error, or "" for a seat
	}{
		{"unknown role", room.JoinRequest{Kind: store.SeatRole, Team: 0, Role: "janitor", Who: ana}, "choose one of the scenario's roles: Chief Executive (ceo), Head of Communications (comms)"},
		{"no team", room.JoinRequest{Kind: store.SeatRole, Team: 2, Role: "ceo", Who: ana}, "the session has 2 teams; choose one of them"},
		{"console by Join", room.JoinRequest{Kind: store.SeatConsole, Team: 0, Who: ana}, `a player joins as a room view or in a role, not as "console"`},
		{"no name", room.JoinRequest{Kind: store.SeatRole, Team: 0, Role: "ceo", Who: room.Identity{Key: "k", Name: "\t"}}, "give a name of at least one letter, as the others will see it"},
		{"no key", room.JoinRequest{Kind: store.SeatRole, Team: 0, Role: "ceo", Who: room.Identity{Name: "Ana"}}, "a seat needs the key it joins with"},
		{"player", room.JoinRequest{Kind: store.SeatRole, Team: 0, Role: "ceo", Who: ana}, ""},
		{"room view", room.JoinRequest{Kind: store.SeatRoom, Team: 1, Who: room.Identity{Key: "SHA256:room", Name: "Projector"}}, ""},
		{"hostile name", room.JoinRequest{Kind: store.SeatRole, Team: 1, Role: "comms", Who: room.Identity{Key: "SHA256:eve", Name: hostile.Strings[0] + "Eve" + hostile.Strings[6]}}, ""},
		{"full", room.JoinRequest{Kind: store.SeatRole, Team: 1, Role: "ceo", Who: room.Identity{Key: "SHA256:bo", Name: "Bo"}}, "session " + room.FormatCode(s.Code()) + " is full (4 seats); ask the facilitator"},
	} {
		id, err := s.Join(c.req)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%s: %q, %v; want %s", c.name, id, err, c.want)
		}
	}
	again, err := s.Join(room.JoinRequest{Kind: store.SeatRole, Team: 0, Role: "ceo", Who: ana})
	if err != nil || again != "s2" {
		t.Errorf("Ana joining again: %q, %v; want her seat s2", again, err)
	}
	snap := s.Snapshot()
	if len(snap.Seats) != 4 || snap.Seats[0].ID != console || snap.Seats[0].Kind != store.SeatConsole {
		t.Fatalf("seats %+v", snap.Seats)
	}
	eve := snap.Seats[3]
	hostile.Terminal(t, "a player's name", eve.Name)
	if eve.Name != "EvesafeOVERWRITE" {
		t.Errorf("the hostile name became %q", eve.Name)
	}
	stored, err := st.GetSession(snap.ID)
	must(t, err)
	if len(stored.Seats) != 4 || stored.Seats[3].Name != eve.Name {
		t.Errorf("stored seats %+v", stored.Seats)
	}
}

// Positions and commits: a player states a position on the open decision
// (checked against the scene), a lead or the facilitator commits, and the
// store holds each before the snapshot shows it.
func TestPositionsAndCommit(t *testing.T) {
	t.Parallel()
	f := open(t, "room-drill", "Blue", "Red")
	ana := f.join(t, 0, "ceo", "Ana")
	bo := f.join(t, 0, "comms", "Bo")
	cy := f.join(t, 1, "ceo", "Cy")
	room0, err := f.s.Join(room.JoinRequest{Kind: store.SeatRoom, Team: 0, Who: room.Identity{Key: "SHA256:room", Name: "Room"}})
	must(t, err)
	for _, c := range []struct {
		name    string
		seat    string
		choices []string
		want    string
	}{
		{"not offered", ana, []string{"sorry"}, `choice "sorry" is not offered here`},
		{"two in a one-choice scene", ana, []string{"act", "wait"}, "this scene takes 1 choice(s), not 2"},
		{"none", ana, nil, "this scene takes 1 choice(s), not 0"},
		{"the room view", room0, []string{"act"}, "only a player's seat states a position"},
		{"the console", f.console, []string{"act"}, "only a player's seat states a position"},
		{"Ana", ana, []string{"wait"}, ""},
		{"Ana changes her mind", ana, []string{"act"}, ""},
		{"Bo", bo, []string{"panic"}, ""},
		{"Cy in the other team", cy, []string{"wait"}, ""},
	} {
		err := f.s.State(c.seat, c.choices, "because "+c.name+"\x1b[31m\nnow")
		if (c.want == "" && err != nil) || (c.want != "" && (err == nil || err.Error() != c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	snap := f.s.Snapshot()
	blue := snap.Teams[0]
	if len(blue.Positions) != 2 || blue.Positions[0].Seat != ana || blue.Positions[0].Choices[0] != "act" || blue.Positions[1].Seat != bo {
		t.Fatalf("blue's positions %+v", blue.Positions)
	}
	if r := blue.Positions[0].Reason; r != "because Ana changes her mind now" {
		t.Errorf("reason %q", r)
	}
	if len(snap.Teams[1].Positions) != 1 {
		t.Errorf("red's positions %+v", snap.Teams[1].Positions)
	}
	// Only a lead of the team, or the console, commits.
	if err := f.s.Commit(ana, 0, []string{"act"}); err == nil || err.Error() != "only the facilitator or the team's lead commits its decision" {
		t.Errorf("commit by a player who is not lead: %v", err)
	}
	if err := f.s.SetLead(ana, ana, true); err == nil {
		t.Error("a player marked herself lead")
	}
	must(t, f.s.SetLead(f.console, ana, true))
	if err := f.s.Commit(ana, 1, []string{"act"}); err == nil {
		t.Error("Blue's lead committed Red's decision")
	}
	must(t, f.s.Commit(ana, 0, []string{"act"}))
	must(t, f.s.Commit(f.console, 1, []string{"wait"}))
	// The statement opens the next module: no position before it begins.
	if err := f.s.State(bo, []string{"fix", "sorry"}, "too soon"); err == nil || err.Error() != `module "Going public" has not begun yet: the facilitator begins it from the console` {
		t.Errorf("a position at a module's opening: %v", err)
	}
	if err := f.s.Control(ana, 0, engine.ControlBegin, ""); err == nil {
		t.Error("a player began the module")
	}
	f.begin(t, 0)
	if err := f.s.Control(f.console, 0, engine.ControlBegin, ""); err == nil || err.Error() != "no module is waiting to begin" {
		t.Errorf("beginning a module twice: %v", err)
	}
	snap = f.s.Snapshot()
	blue = snap.Teams[0]
	if blue.Drill.Scene().ID != "statement" || blue.Last == nil || blue.Last.By != "Ana" || blue.Last.Choices[0] != "Open the response plan" || len(blue.Positions) != 0 {
		t.Fatalf("after the commit: scene %s last %+v positions %+v", blue.Drill.Scene().ID, blue.Last, blue.Positions)
	}
	if blue.Timer.On {
		t.Errorf("the statement is not timed, but the timer is %+v", blue.Timer)
	}
	// A pick scene takes the picks of a position.
	must(t, f.s.State(bo, []string{"fix", "sorry"}, "both"))
	if p := f.s.Snapshot().Teams[0].PositionOf(bo); p == nil || !reflect.DeepEqual(p.Choices, []string{"sorry", "fix"}) {
		t.Errorf("Bo's picks %+v", p)
	}
	run, err := f.st.Get(blue.Run)
	must(t, err)
	if len(run.Positions) != 3 || run.Positions[0].Decision != 0 || run.Positions[2].Decision != 1 || !reflect.DeepEqual(run.Record.Decisions, []string{"act"}) {
		t.Errorf("stored positions %+v decisions %q", run.Positions, run.Record.Decisions)
	}
	kinds := func(cs []engine.Control) (out []string) {
		for _, c := range cs {
			out = append(out, string(c.Kind)+":"+c.Arg+":"+c.By)
		}
		return out
	}
	if got, want := kinds(run.Controls), []string{"begin:first-hour:Fay", "lead:" + ana + " Ana:Fay", "commit:act:Ana", "begin:going-public:Fay"}; !reflect.DeepEqual(got, want) {
		t.Errorf("stored controls %q, want %q", got, want)
	}
}

// Every control of the console: what it does to the team and what the
// store keeps of it.
func TestControls(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		steps func(f *fixture) error
		check func(t *testing.T, f *fixture, tm *room.Team)
		arg   []string // the controls stored, kind:arg
	}{
		{"pause and resume", func(f *fixture) error {
			f.clock.Advance(30 * time.Second)
			if err := f.s.Control(f.console, 0, engine.ControlPause, ""); err != nil {
				return err
			}
			f.clock.Advance(time.Hour) // paused: the timer does not run out
			return f.s.Control(f.console, 0, engine.ControlResume, "")
		}, func(t *testing.T, f *fixture, tm *room.Team) {
			if !tm.Timer.Running || tm.Timer.LeftAt(f.clock.Now()) != 90*time.Second || len(tm.Drill.Decisions()) != 0 {
				t.Errorf("timer %+v, %d decisions", tm.Timer, len(tm.Drill.Decisions()))
			}
		}, []string{"begin:first-hour", "pause:90", "resume:90"}},
		{"extend and cut", func(f *fixture) error {
			if err := f.s.Control(f.console, 0, engine.ControlExtend, "60"); err != nil {
				return err
			}
			return f.s.Control(f.console, 0, engine.ControlCut, "150")
		}, func(t *testing.T, f *fixture, tm *room.Team) {
			if left := tm.Timer.LeftAt(f.clock.Now()); left != 30*time.Second {
				t.Errorf("left %v, want 30s", left)
			}
		}, []string{"begin:first-hour", "extend:60", "cut:150"}},
		{"fire an event by hand", func(f *fixture) error {
			return f.s.Control(f.console, 0, engine.ControlFire, "reporter")
		}, func(t *testing.T, f *fixture, tm *room.Team) {
			if len(tm.Injects) != 1 || !tm.Injects[0].Hand || tm.Injects[0].Event.ID != "reporter" || tm.Drill.State().Vals[0] != 45 {
				t.Errorf("injects %+v, trust %v", tm.Injects, tm.Drill.State().Vals[0])
			}
		}, []string{"begin:first-hour", "fire:reporter"}},
		{"advance the clock", func(f *fixture) error {
			return f.s.Control(f.console, 0, engine.ControlAdvance, "30h")
		}, func(t *testing.T, f *fixture, tm *room.Team) {
			if tm.Drill.Hours() != 30 || tm.Drill.Clocks()[0].State != engine.ClockMissed {
				t.Errorf("clock %v, clocks %+v", tm.Drill.Hours(), tm.Drill.Clocks())
			}
		}, []string{"begin:first-hour", "advance:30"}},
		{"take back", func(f *fixture) error {
			if err := f.s.Commit(f.console, 0, []string{"wait"}); err != nil {
				return err
			}
			if err := f.s.Control(f.console, 0, engine.ControlFire, "reporter"); err != nil {
				return err
			}
			return f.s.Control(f.console, 0, engine.ControlUndo, "")
		}, func(t *testing.T, f *fixture, tm *room.Team) {
			if tm.Drill.Scene().ID != "call" || len(tm.Injects) != 0 || !tm.Timer.Running || tm.Controls[2].Undone != true {
				t.Errorf("after the take-back: scene %s injects %+v timer %+v controls %+v", tm.Drill.Scene().ID, tm.Injects, tm.Timer, tm.Controls)
			}
		}, []string{"begin:first-hour", "commit:wait", "fire:reporter", "undo:wait"}},
		{"a module break", func(f *fixture) error {
			if err := f.s.Control(f.console, 0, engine.ControlBreak, ""); err != nil {
				return err
			}
			// Nobody decides during a break, the facilitator included.
			const refused = "the team is on a break: the facilitator ends it from the console first"
			if err := f.s.Commit(f.console, 0, []string{"wait"}); err == nil || err.Error() != refused {
				return fmt.Errorf("a commit during the break: %v, want %q", err, refused)
			}
			return nil
		}, func(t *testing.T, f *fixture, tm *room.Team) {
			if !tm.OnBreak || tm.Break == nil || tm.Break.ID != "first-hour" || tm.Timer.Running {
				t.Errorf("break %v %+v timer %+v", tm.OnBreak, tm.Break, tm.Timer)
			}
		}, []string{"begin:first-hour", "break:first-hour"}},
		{"end the drill", func(f *fixture) error {
			return f.s.Control(f.console, 0, engine.ControlEnd, "")
		}, func(t *testing.T, f *fixture, tm *room.Team) {
			run, err := f.st.Get(tm.Run)
			if !tm.Over || tm.EndedBy != "Fay" || !tm.Finished || err != nil || !run.Finished {
				t.Errorf("over %v by %q finished %v; stored %+v %v", tm.Over, tm.EndedBy, tm.Finished, run, err)
			}
		}, []string{"begin:first-hour", "end:"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := open(t, "room-drill", "Blue")
			must(t, c.steps(f))
			tm := f.s.Snapshot().Teams[0]
			c.check(t, f, &tm)
			run, err := f.st.Get(tm.Run)
			must(t, err)
			var got []string
			for _, ctl := range run.Controls {
				got = append(got, string(ctl.Kind)+":"+ctl.Arg)
				if ctl.By != "Fay" {
					t.Errorf("control %+v not by the facilitator", ctl)
				}
			}
			if !reflect.DeepEqual(got, c.arg) {
				t.Errorf("stored controls %q, want %q", got, c.arg)
			}
		})
	}
}

// Controls that do not fit are refused with a sentence, and change nothing.
func TestControlRefused(t *testing.T) {
	t.Parallel()
	f := open(t, "room-drill", "Blue")
	ana := f.join(t, 0, "ceo", "Ana")
	for _, c := range []struct {
		seat string
		kind engine.ControlKind
		arg  string
		want string
	}{
		{ana, engine.ControlPause, "", "only the facilitator's console can do this"},
		{f.console, engine.ControlResume, "", "the team is neither paused nor on a break"},
		{f.console, engine.ControlExtend, "0", `the timer is extended or cut by 1 to 3600 seconds, not "0"`},
		{f.console, engine.ControlCut, "ten", `the timer is extended or cut by 1 to 3600 seconds, not "ten"`},
		{f.console, engine.ControlFire, "meteor", `the scenario has no event "meteor"`},
		{f.console, engine.ControlAdvance, "-3", `the clock moves on by a number of hours from more than 0 to 8760, not "-3"`},
		{f.console, engine.ControlUndo, "", "there is no decision to take back"},
		{f.console, engine.ControlCommit, "act", `"commit" is not a control of the console`},
	} {
		before := f.s.Snapshot().Version
		if err := f.s.Control(c.seat, 0, c.kind, c.arg); err == nil || err.Error() != c.want {
			t.Errorf("%s %q: %v, want %s", c.kind, c.arg, err, c.want)
		}
		if f.s.Snapshot().Version != before {
			t.Errorf("%s %q: a refused control published a snapshot", c.kind, c.arg)
		}
	}
	must(t, f.s.Commit(f.console, 0, []string{"act"}))
	if err := f.s.Control(f.console, 0, engine.ControlExtend, "30"); err == nil || err.Error() != "this scene has no timer" {
		t.Errorf("extend without a timer: %v", err)
	}
}

// The timer runs out: the scene's timeout choice is taken and stored, by
// the session itself, with nobody at the console.
func TestTimeout(t *testing.T) {
	t.Parallel()
	f := open(t, "room-drill", "Blue", "Red")
	must(t, f.s.Control(f.console, 1, engine.ControlExtend, "60"))
	f.clock.Advance(2 * time.Minute)
	snap := f.s.Snapshot()
	blue, red := snap.Teams[0], snap.Teams[1]
	if blue.Last == nil || !blue.Last.TimedOut || blue.Last.IDs[0] != "wait" || blue.Drill.Scene().ID != "statement" {
		t.Fatalf("blue after its time ran out: %+v", blue.Last)
	}
	if red.Last != nil || !red.Timer.Running {
		t.Fatalf("red, given a minute more, has decided: %+v", red.Last)
	}
	f.clock.Advance(time.Minute)
	if red = f.s.Snapshot().Teams[1]; red.Last == nil || !red.Last.TimedOut {
		t.Fatalf("red after its extended time: %+v", red.Last)
	}
	run, err := f.st.Get(blue.Run)
	must(t, err)
	if !reflect.DeepEqual(run.Record.Decisions, []string{"!wait"}) {
		t.Errorf("stored %q", run.Record.Decisions)
	}
}

// Nothing is shown that the store does not hold: a change the store
// refuses is refused, no snapshot is published and no seat is woken; a
// timeout the store refuses is tried again until it takes it.
func TestDurable(t *testing.T) {
	t.Parallel()
	st, path := openStore(t)
	fl := &flaky{Store: st}
	f := openOn(t, fl, path, "room-drill", "Blue")
	ana := f.join(t, 0, "ceo", "Ana")
	sub := f.s.Subscribe("")
	defer sub.Close()
	fl.setDown(true)
	before := f.s.Snapshot()
	for name, change := range map[string]func() error{
		"position": func() error { return f.s.State(ana, []string{"act"}, "") },
		"commit":   func() error { return f.s.Commit(f.console, 0, []string{"act"}) },
		"pause":    func() error { return f.s.Control(f.console, 0, engine.ControlPause, "") },
		"fire":     func() error { return f.s.Control(f.console, 0, engine.ControlFire, "reporter") },
		"lead":     func() error { return f.s.SetLead(f.console, ana, true) },
		"seat": func() error {
			_, err := f.s.Join(room.JoinRequest{Kind: store.SeatRole, Team: 0, Role: "comms", Who: room.Identity{Key: "k", Name: "Bo"}})
			return err
		},
	} {
		if err := change(); !errors.Is(err, store.ErrIO) {
			t.Errorf("%s with the store down: %v", name, err)
		}
	}
	if f.s.Snapshot() != before {
		t.Fatal("a snapshot was published for changes the store does not hold")
	}
	select {
	case <-sub.C:
		t.Fatal("a subscriber was woken for changes the store does not hold")
	default:
	}
	// The timer runs out with the store down: the timeout waits for it.
	f.clock.Advance(2 * time.Minute)
	if tm := f.s.Snapshot().Teams[0]; tm.Last != nil || f.s.Snapshot().Problem == "" {
		t.Fatalf("the timeout was shown before the store had it: %+v", tm.Last)
	}
	fl.setDown(false)
	f.clock.Advance(5 * time.Second)
	if tm := f.s.Snapshot().Teams[0]; tm.Last == nil || !tm.Last.TimedOut || f.s.Snapshot().Problem != "" {
		t.Fatalf("the timeout was not taken once the store was back: %+v %q", tm.Last, f.s.Snapshot().Problem)
	}
}

// Subscribers are woken once per batch of changes, count as the seat
// online, and are closed by Close.
func TestSubscribe(t *testing.T) {
	t.Parallel()
	f := open(t, "room-drill", "Blue", "Red")
	ana := f.join(t, 0, "ceo", "Ana")
	sub := f.s.Subscribe(ana)
	if f.s.Snapshot().Seat(ana).Online != 1 {
		t.Fatal("the seat is not online")
	}
	<-sub.C // its own arrival
	must(t, f.s.State(ana, []string{"act"}, "one"))
	must(t, f.s.State(ana, []string{"wait"}, "two"))
	<-sub.C
	select {
	case <-sub.C:
		t.Fatal("two signals for changes read at once")
	default:
	}
	if p := f.s.Snapshot().Teams[0].PositionOf(ana); p == nil || p.Reason != "two" {
		t.Fatalf("position %+v", p)
	}
	// A change of one team wakes its seats and the console, not the
	// seats of another team.
	cy := f.join(t, 1, "ceo", "Cy")
	red, console := f.s.Subscribe(cy), f.s.Subscribe(f.console)
	defer red.Close()
	defer console.Close()
	for _, c := range []<-chan struct{}{sub.C, red.C, console.C} {
		select {
		case <-c: // the arrivals
		default:
		}
	}
	must(t, f.s.State(ana, []string{"act"}, "three"))
	<-sub.C
	<-console.C
	select {
	case <-red.C:
		t.Error("a seat of Red was woken by a change of Blue")
	default:
	}
	sub.Close()
	sub.Close()
	if _, ok := <-sub.C; ok {
		t.Fatal("C is open after Close")
	}
	if f.s.Snapshot().Seat(ana).Online != 0 {
		t.Fatal("the seat is online after its connection closed")
	}
}

// Two teams play the flagship to their endings: each its own drill, a
// scoreboard across them, every run finished in the store, and the session
// ended once both are.
func TestFlagshipTwoTeams(t *testing.T) {
	t.Parallel()
	f := open(t, "retail-card-breach", "Blue", "Red")
	leads := []string{f.join(t, 0, "ceo", "Ana"), f.join(t, 1, "ceo", "Cy")}
	for _, l := range leads {
		must(t, f.s.SetLead(f.console, l, true))
	}
	sub := f.s.Subscribe("")
	defer sub.Close()
	for step := 0; step < 100 && !f.s.Snapshot().Ended; step++ {
		snap := f.s.Snapshot()
		for i, tm := range snap.Teams {
			if tm.Over {
				continue
			}
			f.begin(t, i)
			ids := choices(tm.Drill, i == 1)
			must(t, f.s.State(leads[i], ids, fmt.Sprintf("step %d", step)))
			must(t, f.s.Commit(leads[i], i, ids))
		}
	}
	snap := f.s.Snapshot()
	if !snap.Ended {
		t.Fatal("the session did not end")
	}
	if _, err := f.m.Find(snap.Code); err == nil {
		t.Error("an ended session still takes players")
	}
	if snap.Teams[0].Score == snap.Teams[1].Score && snap.Teams[0].Drill.Ending() == snap.Teams[1].Drill.Ending() {
		t.Error("two different paths scored and ended alike: the scoreboard shows nothing")
	}
	for _, tm := range snap.Teams {
		run, err := f.st.Get(tm.Run)
		must(t, err)
		if !run.Finished || run.Total != tm.Score || len(run.Positions) != len(run.Record.Decisions) || run.Ending == "" {
			t.Errorf("team %s: stored %+v", tm.Name, run)
		}
	}
	stored, err := f.st.GetSession(snap.ID)
	if err != nil || stored.Ended.IsZero() {
		t.Errorf("stored session %+v, %v", stored, err)
	}
	if err := f.s.State(leads[0], []string{"x"}, ""); err == nil {
		t.Error("a position in an ended session")
	}
}

// A server that stops (or is killed) and starts again resumes its open
// sessions from the store: drills, positions, controls, seats and leads,
// and a timed scene paused with the time it had left.
func TestResume(t *testing.T) {
	t.Parallel()
	f := open(t, "room-drill", "Blue", "Red")
	ana := f.join(t, 0, "ceo", "Ana")
	must(t, f.s.SetLead(f.console, ana, true))
	must(t, f.s.Commit(ana, 0, []string{"act"}))
	must(t, f.s.Control(f.console, 0, engine.ControlAdvance, "5"))
	f.clock.Advance(20 * time.Second)
	must(t, f.s.Control(f.console, 1, engine.ControlPause, ""))
	must(t, f.s.Control(f.console, 1, engine.ControlCut, "30"))
	must(t, f.s.Control(f.console, 1, engine.ControlBreak, ""))
	before := f.s.Snapshot()
	f.m.Stop()

	m2 := room.NewManager(room.Options{Store: f.st, Clock: f.clock})
	t.Cleanup(m2.Stop)
	n, err := m2.Resume(func(r *store.Run) (*engine.Scenario, error) { return scenario(t, r.Record.Scenario), nil })
	if err != nil || n != 1 {
		t.Fatalf("Resume = %d, %v", n, err)
	}
	s2, err := m2.Find(before.Code)
	must(t, err)
	after := s2.Snapshot()
	for i := range before.Teams {
		b, a := before.Teams[i], after.Teams[i]
		if !reflect.DeepEqual(a.Drill.Record(), b.Drill.Record()) || !reflect.DeepEqual(a.Positions, b.Positions) || !reflect.DeepEqual(a.Controls, b.Controls) {
			t.Errorf("team %d resumed:\n%+v %+v %+v\nwas\n%+v %+v %+v", i, a.Drill.Record(), a.Positions, a.Controls, b.Drill.Record(), b.Positions, b.Controls)
		}
	}
	if !reflect.DeepEqual(after.Seats, before.Seats) {
		// Nobody is connected to the new server yet.
		for i := range before.Seats {
			before.Seats[i].Online = 0
		}
		if !reflect.DeepEqual(after.Seats, before.Seats) {
			t.Errorf("seats %+v, were %+v", after.Seats, before.Seats)
		}
	}
	red := after.Teams[1]
	if !red.Paused || !red.OnBreak || red.Break == nil || red.Timer.Running || red.Timer.Left != 70*time.Second {
		t.Errorf("red resumed: paused %v break %v timer %+v", red.Paused, red.OnBreak, red.Timer)
	}
	// Blue was at the opening of its second module: it still is.
	if blue := after.Teams[0]; blue.Paused || blue.Timer.On || blue.Last == nil || blue.Last.By != "Ana" || blue.Opening != 1 {
		t.Errorf("blue resumed: %+v", blue)
	}
	// The facilitator comes back with the same key; Ana with hers.
	console, err := s2.JoinConsole(fay)
	must(t, err)
	if again := f.join2(t, s2, 0, "ceo", "Ana"); again != ana {
		t.Errorf("Ana got seat %s back, not %s", again, ana)
	}
	must(t, s2.Control(console, 1, engine.ControlResume, ""))
	must(t, s2.Control(console, 0, engine.ControlBegin, ""))
	must(t, s2.State(ana, []string{"sorry"}, "say it"))
	must(t, s2.Commit(ana, 0, []string{"sorry", "fix"}))
	if tm := s2.Snapshot().Teams[0]; !tm.Over || !tm.Finished {
		t.Errorf("blue did not end after resuming: %+v", tm)
	}
}

func (f *fixture) join2(t *testing.T, s *room.Session, team int, role, name string) string {
	t.Helper()
	id, err := s.Join(room.JoinRequest{Kind: store.SeatRole, Team: team, Role: role, Who: room.Identity{Key: "SHA256:" + name, Name: name}})
	must(t, err)
	return id
}

// Many seats at once: positions, snapshots read while they change, seats
// coming and going. Run with -race.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	f := open(t, "retail-card-breach", "Blue", "Red")
	var seats []string
	for i := range 8 {
		seats = append(seats, f.join(t, i%2, "ceo", fmt.Sprintf("P%d", i)))
	}
	var wg sync.WaitGroup
	for i, seat := range seats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sub := f.s.Subscribe(seat)
			defer sub.Close()
			for k := range 3 {
				tm := f.s.Snapshot().Teams[i%2]
				if err := f.s.State(seat, choices(tm.Drill, k%2 == 0), "go"); err != nil {
					t.Error(err)
				}
				snap := f.s.Snapshot()
				for _, tm := range snap.Teams {
					_ = tm.Drill.SceneText()
					_ = tm.Drill.Clocks()
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 3 {
			if err := f.s.Control(f.console, 0, engine.ControlPause, ""); err != nil {
				t.Error(err)
			}
			if err := f.s.Control(f.console, 0, engine.ControlResume, ""); err != nil {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
	if n := len(f.s.Snapshot().Teams[0].Positions) + len(f.s.Snapshot().Teams[1].Positions); n != 8 {
		t.Errorf("%d positions, want one per seat", n)
	}
}

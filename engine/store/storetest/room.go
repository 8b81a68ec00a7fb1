package storetest

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc/doccheck"
	"github.com/ttx-dev/ttx/engine/store"
)

// beginSession stores a session of the suite's scenario with teams.
func beginSession(t *testing.T, s store.Store, sc *engine.Scenario, teams ...string) *store.Session {
	t.Helper()
	ss := &store.Session{Code: "K7QXM3", Record: engine.NewDrill(sc, 42).Record(), Owner: "SHA256:facilitator", OwnerName: "Fay", Created: T0}
	if _, err := s.BeginSession(ss, teams, sc.Source()); err != nil {
		t.Fatal(err)
	}
	return ss
}

// testSessions: a session is stored with a run per team, its seats join
// (a role seat among its team's participants), and once ended it is no
// longer open and takes no seat. The runs of a session are not offered to
// resume alone.
func testSessions(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	for _, c := range []struct {
		teams []string
		kind  store.Kind
	}{
		{nil, store.ErrInvalid},
		{[]string{"Blue", ""}, store.ErrInvalid},
		{[]string{"Blue", "Blue"}, store.ErrInvalid},
	} {
		ss := &store.Session{Code: "ABCDEF", Record: engine.NewDrill(f.a, 1).Record()}
		if _, err := s.BeginSession(ss, c.teams, f.a.Source()); !errors.Is(err, c.kind) {
			t.Errorf("BeginSession(%q) = %v, want %v", c.teams, err, c.kind)
		} else {
			oneSentence(t, err)
		}
	}
	ss := beginSession(t, s, f.a, "Blue", "Red")
	if ss.ID == 0 || ss.UUID == "" || len(ss.Teams) != 2 || ss.Teams[0].Name != "Blue" || ss.Teams[1].Run == 0 || ss.Teams[0].Run == ss.Teams[1].Run {
		t.Fatalf("BeginSession left %+v", ss)
	}
	seats := []store.Seat{
		{ID: "c1", Kind: store.SeatConsole, Team: -1, Name: "Fay", Key: "SHA256:facilitator", Joined: T0},
		{ID: "s1", Kind: store.SeatRole, Team: 0, Role: "ceo", Name: "Ana", Key: "SHA256:ana", Joined: T0.Add(time.Minute)},
		{ID: "r1", Kind: store.SeatRoom, Team: 1, Name: "Projector", Key: "SHA256:room", Joined: T0.Add(2 * time.Minute)},
	}
	for _, st := range seats {
		if err := s.SaveSeat(ss.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	seats[1].Lead = true // marked lead: stored again, and not a participant twice
	if err := s.SaveSeat(ss.ID, seats[1]); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []store.Seat{{Kind: store.SeatRole, Name: "x"}, {ID: "x", Kind: "judge", Name: "x"}, {ID: "x", Kind: store.SeatRole}, {ID: "x", Kind: store.SeatRole, Name: "x", Team: 5}} {
		if err := s.SaveSeat(ss.ID, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("SaveSeat(%+v) = %v, want invalid", bad, err)
		}
	}
	got, err := s.GetSession(ss.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range seats {
		seats[i].Joined = seats[i].Joined.Truncate(time.Millisecond)
	}
	want := *ss
	want.Created = T0.Truncate(time.Millisecond)
	want.Seats = seats
	want.Record = engine.Record{Scenario: f.a.ID, Version: f.a.Version, Hash: f.a.Hash, Seed: 42}
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("GetSession:\n got %+v\nwant %+v", *got, want)
	}
	run, err := s.Get(ss.Teams[0].Run)
	if err != nil {
		t.Fatal(err)
	}
	if want := []engine.Participant{{Name: "Ana", Role: "ceo"}}; run.Session != ss.ID || run.Team != "Blue" || !reflect.DeepEqual(run.Participants, want) {
		t.Errorf("the team's run: session %d team %q participants %+v", run.Session, run.Team, run.Participants)
	}
	if list, err := s.OpenSessions(); err != nil || len(list) != 1 || list[0].ID != ss.ID || len(list[0].Seats) != 3 {
		t.Fatalf("OpenSessions = %+v, %v", list, err)
	}
	if un, err := s.Unfinished(); err != nil || len(un) != 0 {
		t.Errorf("Unfinished lists the session's runs: %+v, %v", un, err)
	}
	if err := s.EndSession(ss.ID, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(ss.ID, T0.Add(2*time.Hour)); err != nil {
		t.Fatalf("ending a session again: %v", err)
	}
	if list, err := s.OpenSessions(); err != nil || len(list) != 0 {
		t.Fatalf("OpenSessions after the end = %+v, %v", list, err)
	}
	if got, err := s.GetSession(ss.ID); err != nil || !got.Ended.Equal(T0.Add(time.Hour).Truncate(time.Millisecond)) {
		t.Fatalf("ended session: %+v, %v", got, err)
	}
	if err := s.SaveSeat(ss.ID, seats[1]); !errors.Is(err, store.ErrFinished) {
		t.Errorf("SaveSeat after the end = %v", err)
	}
	for _, err := range []error{s.EndSession(999, time.Time{}), s.SaveSeat(999, seats[1]), second(s.GetSession(999))} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown session: %v", err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// testPositions: a seat's position is on the open decision, replaced when
// stated again; a commit stores the decision with who committed it; a
// take-back deletes the positions on the scene after it.
func testPositions(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	ss := beginSession(t, s, f.a, "Blue")
	id := ss.Teams[0].Run
	pos := func(dec int, seat, name string, reason string, choices ...string) engine.Position {
		return engine.Position{Decision: dec, Seat: seat, Name: name, Role: "ceo", Key: "SHA256:" + name, Choices: choices, Reason: reason, At: T0.Add(time.Duration(len(reason)) * time.Second)}
	}
	steps := []engine.Position{
		pos(0, "s1", "Ana", "wait", "wait"),
		pos(0, "s1", "Ana", "the plan is rehearsed", "act"), // replaces the first
		pos(0, "s2", "Bo", "stop it all", "panic"),
	}
	for _, p := range steps {
		if err := s.SavePosition(id, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		p    engine.Position
		kind store.Kind
	}{
		{pos(1, "s1", "Ana", "too early", "sorry"), store.ErrConflict},
		{pos(0, "", "Ana", "no seat", "act"), store.ErrInvalid},
		{pos(0, "s1", "Ana", "no choice"), store.ErrInvalid},
		{pos(0, "s1", "Ana", "bad id", "a+b"), store.ErrInvalid},
	} {
		if err := s.SavePosition(id, c.p); !errors.Is(err, c.kind) {
			t.Errorf("SavePosition(%+v) = %v, want %v", c.p, err, c.kind)
		} else {
			oneSentence(t, err)
		}
	}
	commit := engine.Control{N: 0, After: 0, Kind: engine.ControlCommit, Arg: "act", By: "Ana", At: T0.Add(time.Minute)}
	for range 2 { // the second is a repeated write: a no-op
		if err := s.Commit(id, 0, "act", commit); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(id, 0, "panic", engine.Control{N: 0, Kind: engine.ControlCommit, Arg: "panic"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("another commit of decision 1 = %v", err)
	}
	if err := s.SavePosition(id, pos(0, "s1", "Ana", "late", "act")); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a position on a committed decision = %v", err)
	}
	later := pos(1, "s2", "Bo", "say both", "sorry", "fix")
	if err := s.SavePosition(id, later); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	trunc := func(ps ...engine.Position) []engine.Position {
		for i := range ps {
			ps[i].At = ps[i].At.Truncate(time.Millisecond).UTC()
		}
		return ps
	}
	want := trunc(steps[2], steps[1], later) // by decision, then time
	if !reflect.DeepEqual(got.Positions, want) || !reflect.DeepEqual(got.Record.Decisions, []string{"act"}) {
		t.Fatalf("positions:\n got %+v\nwant %+v\ndecisions %q", got.Positions, want, got.Record.Decisions)
	}
	commit.At = commit.At.Truncate(time.Millisecond)
	if !reflect.DeepEqual(got.Controls, []engine.Control{commit}) {
		t.Fatalf("controls %+v", got.Controls)
	}
	undo := engine.Control{N: 1, After: 1, Kind: engine.ControlUndo, Arg: "act", By: "Fay", At: T0.Add(2 * time.Minute)}
	for range 2 {
		if err := s.TakeBack(id, 0, undo); err != nil {
			t.Fatal(err)
		}
	}
	got, err = s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if want := trunc(steps[2], steps[1]); !reflect.DeepEqual(got.Positions, want) || len(got.Record.Decisions) != 0 || len(got.Controls) != 2 {
		t.Fatalf("after the take-back: positions %+v decisions %q controls %+v", got.Positions, got.Record.Decisions, got.Controls)
	}
}

// testControls: controls are numbered in order and come after the
// decisions stored; an event fired by hand and a move of the clock are in
// the record (and replay) until a take-back undoes them; a drill the
// facilitator ended is finished with its score.
func testControls(t *testing.T, open Open) {
	f := load(t)
	s, _ := open(t)
	ss := beginSession(t, s, f.a, "Blue")
	id := ss.Teams[0].Run
	n := 0
	ctl := func(after int, kind engine.ControlKind, arg string) engine.Control {
		n++
		return engine.Control{N: n - 1, After: after, Kind: kind, Arg: arg, By: "Fay", At: T0.Add(time.Duration(n) * time.Minute)}
	}
	pause := ctl(0, engine.ControlPause, "60")
	for range 2 {
		if err := s.AppendControl(id, pause); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		c    engine.Control
		kind store.Kind
	}{
		{engine.Control{N: 0, Kind: engine.ControlResume, Arg: "60"}, store.ErrConflict},                              // number 1 is the pause
		{engine.Control{N: 5, Kind: engine.ControlResume}, store.ErrConflict},                                         // a gap
		{engine.Control{N: 1, After: 1, Kind: engine.ControlResume}, store.ErrConflict},                               // no decision yet
		{engine.Control{N: 1, Kind: "reboot"}, store.ErrInvalid},                                                      // not a control
		{engine.Control{N: 1, Kind: engine.ControlCommit, Arg: "act"}, store.ErrInvalid},                              // through Commit
		{engine.Control{N: 1, After: 1, Kind: engine.ControlUndo, Arg: "act"}, store.ErrInvalid},                      // through TakeBack
		{engine.Control{N: 1, Kind: engine.ControlResume, At: time.Unix(0, 0).AddDate(-400, 0, 0)}, store.ErrInvalid}, // out of range
	} {
		if err := s.AppendControl(id, c.c); !errors.Is(err, c.kind) {
			t.Errorf("AppendControl(%+v) = %v, want %v", c.c, err, c.kind)
		} else {
			oneSentence(t, err)
		}
	}
	resume := ctl(0, engine.ControlResume, "60")
	fire0 := ctl(0, engine.ControlFire, "reporter")
	commit := ctl(0, engine.ControlCommit, "act")
	advance := ctl(1, engine.ControlAdvance, "12")
	for _, step := range []func() error{
		func() error { return s.AppendControl(id, resume) },
		func() error { return s.AppendControl(id, fire0) },
		func() error { return s.Commit(id, 0, "act", commit) },
		func() error { return s.AppendControl(id, advance) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.TakeBack(id, 0, engine.Control{N: n, After: 1, Kind: engine.ControlUndo, Arg: "panic"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("taking back another decision than the one stored = %v", err)
	}
	got, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	wantManual := []engine.ManualEvent{{After: 0, Event: "reporter"}, {After: 1, Advance: 12}}
	if !reflect.DeepEqual(got.Record.Manual, wantManual) {
		t.Fatalf("record manual %+v, want %+v", got.Record.Manual, wantManual)
	}
	d, err := engine.Replay(f.a, got.Record)
	if err != nil {
		t.Fatal(err)
	}
	if played := play(t, f.a, 42, "act"); d.Hours() != played.Hours()+12 || len(d.Injections()) != 2 {
		t.Fatalf("replay: clock %v, injections %+v", d.Hours(), d.Injections())
	}
	// A second decision, taken back: the move of the clock after the first
	// stays, as it came before the decision taken back.
	if err := s.Commit(id, 1, "sorry+fix", ctl(1, engine.ControlCommit, "sorry+fix")); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendControl(id, ctl(2, engine.ControlFire, "reporter")); err != nil {
		t.Fatal(err)
	}
	if err := s.TakeBack(id, 1, ctl(2, engine.ControlUndo, "sorry+fix")); err != nil {
		t.Fatal(err)
	}
	got, err = s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Record.Manual, wantManual) || !reflect.DeepEqual(got.Record.Decisions, []string{"act"}) {
		t.Fatalf("after the take-back: manual %+v decisions %q", got.Record.Manual, got.Record.Decisions)
	}
	if c := got.Controls[len(got.Controls)-2]; c.Kind != engine.ControlFire || !c.Undone || got.Controls[2].Undone {
		t.Fatalf("undone marks: %+v", got.Controls)
	}
	// The facilitator ends the drill before its ending: it is finished,
	// with the score as it stood, and takes no more controls.
	end := ctl(1, engine.ControlEnd, "")
	if err := s.AppendControl(id, end); err != nil {
		t.Fatal(err)
	}
	d, err = engine.Replay(f.a, got.Record)
	if err != nil {
		t.Fatal(err)
	}
	res := resultOf(t, d, "Blue", nil)
	if err := s.Finish(id, res, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendControl(id, ctl(1, engine.ControlPause, "")); !errors.Is(err, store.ErrFinished) {
		t.Errorf("a control after the end = %v", err)
	}
	if err := s.SavePosition(id, engine.Position{Decision: 1, Seat: "s1", Choices: []string{"sorry"}}); !errors.Is(err, store.ErrFinished) {
		t.Errorf("a position after the end = %v", err)
	}

	// The export carries positions and controls; the import replays the
	// record with its hand-made events and takes the ended drill.
	if err := s.SavePosition(ss.Teams[0].Run, engine.Position{}); err == nil {
		t.Error("an empty position was stored")
	}
	var buf bytes.Buffer
	if err := s.Export(&buf, store.Filter{}); err != nil {
		t.Fatal(err)
	}
	doccheck.Validate(t, "the export of a facilitated drill", buf.Bytes())
	s2, _ := open(t)
	if added, err := s2.Import(&buf, f.lib()); err != nil || added != 1 {
		t.Fatalf("Import = %d, %v", added, err)
	}
	list, err := s2.List(store.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatal(list, err)
	}
	imp, err := s2.Get(list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	final, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(imp.Controls, final.Controls) || !reflect.DeepEqual(imp.Record.Manual, final.Record.Manual) || imp.Total != final.Total || imp.Session != 0 {
		t.Fatalf("imported:\n%+v\nexported:\n%+v", imp, final)
	}
}

package room

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// The changes a session takes. Each checks who asks, works out the new
// drill by replaying its record with the change (so an invalid change is
// refused before anything is written), writes the change to the store, and
// only then takes it and publishes a snapshot.

// decisionOf checks choice ids against the open scene of d and returns the
// decision as a record writes it ("a+b", in the scene's order) and the ids
// in that order.
func decisionOf(d *engine.Drill, ids []string) (string, []string, error) {
	if d.Ended() {
		return "", nil, errors.New("the drill is over")
	}
	sc := d.Scene()
	offered := d.AppendOffered(nil)
	var idx []int
	for _, id := range ids {
		j := slices.IndexFunc(sc.Choices, func(c engine.Choice) bool { return c.ID == id })
		if j < 0 || !slices.Contains(offered, j) {
			return "", nil, fmt.Errorf("choice %q is not offered here", oneLine(id, 40))
		}
		if slices.Contains(idx, j) {
			return "", nil, fmt.Errorf("choice %q is picked twice", id)
		}
		idx = append(idx, j)
	}
	lo, hi := d.PickRange()
	if len(idx) < lo || len(idx) > hi {
		if lo == hi {
			return "", nil, fmt.Errorf("this scene takes %d choice(s), not %d", lo, len(idx))
		}
		return "", nil, fmt.Errorf("this scene takes %d to %d choices, not %d", lo, hi, len(idx))
	}
	slices.Sort(idx)
	out := make([]string, len(idx))
	for k, j := range idx {
		out[k] = sc.Choices[j].ID
	}
	return strings.Join(out, "+"), out, nil
}

// teamOf returns team i, refusing a team whose drill is over. The caller
// holds mu.
func (s *Session) teamOf(i int) (*team, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	if i < 0 || i >= len(s.teams) {
		return nil, fmt.Errorf("the session has no team %d", i+1)
	}
	t := s.teams[i]
	if t.over {
		return nil, fmt.Errorf("the drill of team %s is over", t.name)
	}
	return t, nil
}

// State stores a player's position on their team's open decision: the
// choices they argue for (as many as the scene takes) and a one-line
// reason, replacing their earlier position on it.
func (s *Session) State(seat string, choices []string, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.seat(seat)
	if st == nil || st.Kind != store.SeatRole {
		return errors.New("only a player's seat states a position")
	}
	t, err := s.teamOf(st.Team)
	if err != nil {
		return err
	}
	if err := t.inPlay(s.sc); err != nil {
		return err
	}
	_, ids, err := decisionOf(t.d, choices)
	if err != nil {
		return err
	}
	n := len(t.rec.Decisions)
	p := engine.Position{Decision: n, Seat: st.ID, Name: st.Name, Role: st.Role, Key: st.Key, Choices: ids, Reason: CleanReason(reason),
		At: s.m.opts.Clock.Now().UTC().Truncate(time.Millisecond)}
	if err := s.m.opts.Store.SavePosition(t.run, p); err != nil {
		return fmt.Errorf("the position was not saved (%w); try again", err)
	}
	ps := slices.DeleteFunc(t.positions[n], func(q engine.Position) bool { return q.Seat == st.ID })
	t.positions[n] = append(ps, p)
	s.touch(t.index)
	s.publish()
	return nil
}

// Commit takes the team's decision: the choices given, committed by the
// facilitator's console or by a lead of the team.
func (s *Session) Commit(seat string, team int, choices []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.seat(seat)
	switch {
	case st == nil:
		return errors.New("join the session first")
	case st.Kind == store.SeatConsole && st.Key == s.owner.Key:
	case st.Kind == store.SeatRole && st.Lead && st.Team == team:
	default:
		return errors.New("only the facilitator or the team's lead commits its decision")
	}
	t, err := s.teamOf(team)
	if err != nil {
		return err
	}
	if err := t.inPlay(s.sc); err != nil {
		return err
	}
	dec, _, err := decisionOf(t.d, choices)
	if err != nil {
		return err
	}
	rec := t.rec
	rec.Decisions = append(slices.Clone(rec.Decisions), dec)
	d, err := engine.Replay(s.sc, rec)
	if err != nil {
		return err
	}
	n := len(t.rec.Decisions)
	c := engine.Control{N: len(t.controls), After: n, Kind: engine.ControlCommit, Arg: dec, By: st.Name, At: s.now()}
	if err := s.m.opts.Store.Commit(t.run, n, dec, c); err != nil {
		return fmt.Errorf("the decision was not saved (%w); try again", err)
	}
	t.controls = append(t.controls, c)
	s.moved(t, rec, d)
	return nil
}

// inPlay refuses a position or a decision while the team is at a module's
// opening or on a break. The caller holds mu.
func (t *team) inPlay(sc *engine.Scenario) error {
	switch {
	case t.opening >= 0:
		return fmt.Errorf("module %q has not begun yet: the facilitator begins it from the console", oneLine(sc.Modules[t.opening].Title, 60))
	case t.onBreak:
		return errors.New("the team is on a break: the facilitator ends it from the console first")
	}
	return nil
}

// now is the time of a change, as the store keeps it.
func (s *Session) now() time.Time { return s.m.opts.Clock.Now().UTC().Truncate(time.Millisecond) }

// moved takes the team's new drill after a change the store holds: the
// timer of the new scene, the score, the result once the drill is over,
// and a new snapshot. The caller holds mu.
func (s *Session) moved(t *team, rec engine.Record, d *engine.Drill) {
	scene := t.d.SceneIndex() != d.SceneIndex() || len(t.d.Decisions()) != len(d.Decisions())
	t.rec, t.d = rec, d
	if d.Ended() {
		t.over = true
	}
	if scene || t.over {
		s.enterScene(t)
	}
	s.rescore(t)
	if t.over {
		s.finish(t)
	}
	s.touch(t.index)
	s.publish()
}

// finish stores the team's result once its drill is over, and ends the
// session once every team's is; a write that fails is tried again later.
// The caller holds mu.
func (s *Session) finish(t *team) {
	if !t.finished {
		res, err := t.d.Result(t.name)
		if err == nil {
			err = s.m.opts.Store.Finish(t.run, res, s.now())
		}
		if err != nil && !errors.Is(err, store.ErrFinished) {
			s.problem = fmt.Sprintf("the result of team %s is not saved yet (%v); trying again", t.name, err)
			s.m.opts.Logf("%s", s.problem)
			s.retryLater(t, func(t *team) { s.finish(t); s.publish() })
			return
		}
		t.finished = true
		s.problem = ""
	}
	if !s.teamsOver() || s.ended {
		return
	}
	for _, o := range s.teams {
		if !o.finished {
			return // its own retry ends the session
		}
	}
	if err := s.m.opts.Store.EndSession(s.id, s.now()); err != nil {
		s.problem = fmt.Sprintf("the end of the session is not saved yet (%v); trying again", err)
		s.retryLater(t, func(t *team) { s.finish(t); s.publish() })
		return
	}
	s.ended = true
	s.touch(anyTeam)
	s.m.closed(s)
}

// appendControl stores a control that changes nothing in the drill and
// notes it. The caller holds mu.
func (s *Session) appendControl(t *team, kind engine.ControlKind, arg, by string) error {
	c := engine.Control{N: len(t.controls), After: len(t.rec.Decisions), Kind: kind, Arg: arg, By: by, At: s.now()}
	if err := s.m.opts.Store.AppendControl(t.run, c); err != nil {
		return fmt.Errorf("the %s was not saved (%w); try again", kind, err)
	}
	t.controls = append(t.controls, c)
	return nil
}

// Control uses a facilitator's control on a team's drill; only the console
// may. arg is the seconds to add or cut (extend, cut), the event's id
// (fire) or the hours (advance); the other controls take none.
func (s *Session) Control(seat string, team int, kind engine.ControlKind, arg string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	by, err := s.console(seat)
	if err != nil {
		return err
	}
	t, err := s.teamOf(team)
	if err != nil {
		return err
	}
	switch kind {
	case engine.ControlPause:
		if t.paused {
			return errors.New("the team is paused already")
		}
		if err := s.appendControl(t, kind, s.timeLeft(t), by); err != nil {
			return err
		}
		t.paused = true
		s.stopTimer(t)
	case engine.ControlResume:
		if !t.paused && !t.onBreak {
			return errors.New("the team is neither paused nor on a break")
		}
		if err := s.appendControl(t, kind, s.timeLeft(t), by); err != nil {
			return err
		}
		t.paused, t.onBreak, t.breakMod = false, false, ""
		if t.free() {
			s.startTimer(t)
		}
	case engine.ControlBegin:
		if t.opening < 0 {
			return errors.New("no module is waiting to begin")
		}
		if err := s.appendControl(t, kind, s.sc.Modules[t.opening].ID, by); err != nil {
			return err
		}
		t.opening = -1
		if t.free() {
			s.startTimer(t)
		}
	case engine.ControlBreak:
		if t.onBreak {
			return errors.New("the team is on a break already")
		}
		mod := ""
		if m := t.d.Module(); m != nil {
			mod = m.ID
		}
		if err := s.appendControl(t, kind, mod, by); err != nil {
			return err
		}
		t.onBreak, t.breakMod = true, mod
		s.stopTimer(t)
	case engine.ControlExtend, engine.ControlCut:
		secs, err := strconv.Atoi(arg)
		if err != nil || secs <= 0 || secs > 3600 {
			return fmt.Errorf("the timer is extended or cut by 1 to 3600 seconds, not %q", oneLine(arg, 20))
		}
		if !t.timer.on {
			return errors.New("this scene has no timer")
		}
		if err := s.appendControl(t, kind, arg, by); err != nil {
			return err
		}
		d := time.Duration(secs) * time.Second
		if kind == engine.ControlCut {
			d = -d
		}
		s.addTime(t, d)
	case engine.ControlFire, engine.ControlAdvance:
		return s.handMade(t, kind, arg, by)
	case engine.ControlUndo:
		return s.takeBack(t, by)
	case engine.ControlEnd:
		if err := s.appendControl(t, kind, "", by); err != nil {
			return err
		}
		t.over, t.endedBy = true, by
		s.enterScene(t)
		s.finish(t)
	default:
		return fmt.Errorf("%q is not a control of the console", kind)
	}
	s.touch(t.index)
	s.publish()
	return nil
}

// timeLeft is the timer's time left, in seconds, as a pause or a resume
// records it; "" without a timer. The caller holds mu.
func (s *Session) timeLeft(t *team) string {
	if !t.timer.on {
		return ""
	}
	return seconds(t.timer.leftAt(s.m.opts.Clock.Now()))
}

// handMade fires an event by hand or moves the clock on. The caller holds
// mu.
func (s *Session) handMade(t *team, kind engine.ControlKind, arg, by string) error {
	n := len(t.rec.Decisions)
	m := engine.ManualEvent{After: n}
	if kind == engine.ControlFire {
		if _, ok := s.sc.EventIndex(arg); !ok {
			return fmt.Errorf("the scenario has no event %q", oneLine(arg, 40))
		}
		m.Event = arg
	} else {
		h, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(arg), "h"), 64)
		if err != nil || !(h > 0) || h > engine.MaxAdvance {
			return fmt.Errorf("the clock moves on by a number of hours from more than 0 to %d, not %q", engine.MaxAdvance, oneLine(arg, 20))
		}
		m.Advance = h
		arg = strconv.FormatFloat(h, 'f', -1, 64)
	}
	rec := t.rec
	rec.Manual = append(slices.Clone(rec.Manual), m)
	d, err := engine.Replay(s.sc, rec)
	if err != nil {
		return err
	}
	if err := s.appendControl(t, kind, arg, by); err != nil {
		return err
	}
	s.moved(t, rec, d)
	return nil
}

// takeBack takes back the team's last decision, with what was done by hand
// after it. The caller holds mu.
func (s *Session) takeBack(t *team, by string) error {
	n := len(t.rec.Decisions) - 1
	if n < 0 {
		return errors.New("there is no decision to take back")
	}
	rec := t.rec
	rec.Decisions = slices.Clone(rec.Decisions[:n])
	rec.Manual = slices.DeleteFunc(slices.Clone(rec.Manual), func(m engine.ManualEvent) bool { return m.After > n })
	d, err := engine.Replay(s.sc, rec)
	if err != nil {
		return err
	}
	c := engine.Control{N: len(t.controls), After: n + 1, Kind: engine.ControlUndo, Arg: t.rec.Decisions[n], By: by, At: s.now()}
	if err := s.m.opts.Store.TakeBack(t.run, n, c); err != nil {
		return fmt.Errorf("the take-back was not saved (%w); try again", err)
	}
	for i := range t.controls {
		if k := t.controls[i].Kind; k.Replayed() && t.controls[i].After > n {
			t.controls[i].Undone = true
		}
	}
	t.controls = append(t.controls, c)
	delete(t.positions, n+1)
	s.moved(t, rec, d)
	return nil
}

// expire takes a team's timeout choice when its timer has run out, unless
// the timer was changed meanwhile (gen).
func (s *Session) expire(i, gen int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.teams[i]
	if t.gen != gen || s.ended || t.over || !t.timer.running {
		return
	}
	t.pending = nil
	if left := t.timer.leftAt(s.m.opts.Clock.Now()); left > 0 {
		s.schedule(t) // woken early
		return
	}
	s.takeTimeout(t)
}

// takeTimeout takes the scene's timeout choice, the store first; a write
// that fails is tried again later. The caller holds mu.
func (s *Session) takeTimeout(t *team) {
	sc := t.d.Scene()
	dec := "!" + sc.Choices[sc.Timeout].ID
	rec := t.rec
	rec.Decisions = append(slices.Clone(rec.Decisions), dec)
	d, err := engine.Replay(s.sc, rec)
	if err != nil {
		s.m.opts.Logf("team %s: the timeout of scene %s cannot be taken: %v", t.name, sc.ID, err)
		return
	}
	n := len(t.rec.Decisions)
	if err := s.m.opts.Store.AppendDecision(t.run, n, dec); err != nil {
		s.problem = fmt.Sprintf("the timeout of team %s is not saved yet (%v); trying again", t.name, err)
		s.m.opts.Logf("%s", s.problem)
		t.timer.left, t.timer.running = 0, false
		s.retryLater(t, s.takeTimeout)
		s.touch(t.index)
		s.publish()
		return
	}
	s.problem = ""
	s.moved(t, rec, d)
}

// Close ends the session from the console: every team's drill still going
// is ended (a control each), its result stored, and the session closed.
func (s *Session) Close(seat string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	by, err := s.console(seat)
	if err != nil {
		return err
	}
	if err := s.open(); err != nil {
		return err
	}
	for _, t := range s.teams {
		if t.over {
			continue
		}
		if err := s.appendControl(t, engine.ControlEnd, "", by); err != nil {
			s.publish()
			return err
		}
		t.over, t.endedBy = true, by
		s.enterScene(t)
		s.finish(t)
	}
	s.publish()
	return nil
}

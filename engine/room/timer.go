package room

import (
	"strconv"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// timerState is a team's countdown on a timed scene, in real time.
type timerState struct {
	on      bool
	limit   time.Duration
	left    time.Duration // while stopped
	running bool
	end     time.Time // while running
}

func (ts timerState) view() Timer {
	return Timer{On: ts.on, Limit: ts.limit, Left: ts.left, Running: ts.running, End: ts.end}
}

// leftAt is the time left at now.
func (ts timerState) leftAt(now time.Time) time.Duration { return ts.view().LeftAt(now) }

// seconds writes a duration as the whole seconds a control's argument
// holds.
func seconds(d time.Duration) string { return strconv.Itoa(int(d.Round(time.Second) / time.Second)) }

// enterScene sets the team's timer for its scene: running for a timed
// scene, unless the team is paused, on a break or at a module's opening;
// off otherwise. The caller holds mu.
func (s *Session) enterScene(t *team) {
	sc := t.d.Scene()
	t.timer = timerState{}
	t.opening = opening(t)
	if !t.over && sc.TimeLimit > 0 && sc.Timeout >= 0 {
		lim := time.Duration(sc.TimeLimit * float64(time.Second))
		t.timer = timerState{on: true, limit: lim, left: lim}
		if t.free() {
			s.startTimer(t)
			return
		}
	}
	s.schedule(t)
}

// free reports whether nothing holds the team's timer: no pause, no
// break, no module's opening. The caller holds mu.
func (t *team) free() bool { return !t.paused && !t.onBreak && t.opening < 0 }

// opening is the module whose opening the team is at, or -1: the open
// scene begins a module (the first scene of the drill in one, or the
// scene after a decision taken in another) that the facilitator has not
// begun on this decision yet. As the single drill shows a module's opening
// before its first scene, the room waits on it, the timer stopped. It is
// worked out from the record and the controls alone, so that a resumed
// session stands where it stood. The caller holds mu.
func opening(t *team) int {
	d := t.d
	if t.over || d.Ended() {
		return -1
	}
	k := d.Scenario().ModuleOf(d.SceneIndex())
	if k < 0 {
		return -1
	}
	n := len(d.Decisions())
	if n > 0 && d.Scenario().ModuleOf(d.Decisions()[n-1].Scene) == k {
		return -1
	}
	for _, c := range t.controls {
		if c.Kind == engine.ControlBegin && c.After == n {
			return -1
		}
	}
	return k
}

// startTimer runs a stopped timer. The caller holds mu.
func (s *Session) startTimer(t *team) {
	if !t.timer.on || t.timer.running {
		return
	}
	t.timer.running = true
	t.timer.end = s.m.opts.Clock.Now().Add(t.timer.left)
	s.schedule(t)
}

// stopTimer stops a running timer, keeping the time left. The caller holds
// mu.
func (s *Session) stopTimer(t *team) {
	if !t.timer.running {
		return
	}
	t.timer.left = t.timer.leftAt(s.m.opts.Clock.Now())
	t.timer.running = false
	s.schedule(t)
}

// addTime adds d (negative to cut) to the timer, down to nothing left.
// The caller holds mu.
func (s *Session) addTime(t *team, d time.Duration) {
	now := s.m.opts.Clock.Now()
	left := max(t.timer.leftAt(now)+d, 0)
	t.timer.limit = max(t.timer.limit+d, left)
	if t.timer.running {
		t.timer.end = now.Add(left)
	} else {
		t.timer.left = left
	}
	s.schedule(t)
}

// schedule sets the pending timeout for a running timer, after stopping
// the one set before. The caller holds mu.
func (s *Session) schedule(t *team) {
	if t.pending != nil {
		t.pending.Stop()
		t.pending = nil
	}
	t.gen++
	if !t.timer.running {
		return
	}
	gen, i := t.gen, t.index
	t.pending = s.m.opts.Clock.AfterFunc(t.timer.leftAt(s.m.opts.Clock.Now()), func() { s.expire(i, gen) })
}

// retryLater calls fn again after a pause, unless the team's timers change
// meanwhile: a write no seat waits for (a timeout, a result) is tried again
// until the store takes it. The caller holds mu.
func (s *Session) retryLater(t *team, fn func(t *team)) {
	if t.pending != nil {
		t.pending.Stop()
	}
	t.gen++
	gen, i := t.gen, t.index
	t.pending = s.m.opts.Clock.AfterFunc(retryWait, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if t := s.teams[i]; t.gen == gen && !s.ended {
			t.pending = nil
			fn(t)
		}
	})
}

// retryWait is how long a write nobody waits for waits before it is tried
// again.
const retryWait = 2 * time.Second

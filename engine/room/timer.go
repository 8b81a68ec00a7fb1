package room

import (
	"strconv"
	"time"
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
// scene, unless the team is paused or on a break; off otherwise. The
// caller holds mu.
func (s *Session) enterScene(t *team) {
	sc := t.d.Scene()
	t.timer = timerState{}
	if !t.over && sc.TimeLimit > 0 && sc.Timeout >= 0 {
		lim := time.Duration(sc.TimeLimit * float64(time.Second))
		t.timer = timerState{on: true, limit: lim, left: lim}
		if !t.paused && !t.onBreak {
			s.startTimer(t)
			return
		}
	}
	s.schedule(t)
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

package room

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// resume rebuilds an open session from the store.
func (m *Manager) resume(ss *store.Session, scenarioOf ScenarioOf) (*Session, error) {
	if len(ss.Teams) == 0 {
		return nil, fmt.Errorf("it has no team")
	}
	var s *Session
	for i, st := range ss.Teams {
		r, err := m.opts.Store.Get(st.Run)
		if err != nil {
			return nil, err
		}
		if s == nil {
			sc, err := scenarioOf(r)
			if err != nil {
				return nil, err
			}
			if sc, err = sc.WithParams(ss.Record.Params); err != nil {
				return nil, err
			}
			if _, err := sc.Bounds(); err != nil {
				return nil, err
			}
			s = newSession(m, ss, sc)
			s.seats = slices.SortedStableFunc(slices.Values(ss.Seats), byJoin)
		}
		d, err := engine.Replay(s.sc, r.Record)
		if err != nil {
			return nil, fmt.Errorf("team %s: %w", st.Name, err)
		}
		t := newTeam(s, i, st.Name, st.Run, d, r.Positions)
		t.controls = r.Controls
		t.finished = r.Finished
		s.teams = append(s.teams, t)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.teams {
		s.restore(t)
	}
	for _, t := range s.teams {
		if t.over {
			s.finish(t)
		}
	}
	s.publish()
	return s, nil
}

// restore sets a resumed team's state from its controls: ended, on a
// break, and its timer paused with the time it had at its last control on
// the open decision. The caller holds mu.
func (s *Session) restore(t *team) {
	n := len(t.rec.Decisions)
	t.over = t.finished || t.d.Ended()
	left := time.Duration(t.d.Scene().TimeLimit * float64(time.Second))
	for _, c := range t.controls {
		if c.Kind == engine.ControlEnd {
			t.over, t.endedBy = true, c.By
		}
		if c.After != n {
			continue
		}
		switch c.Kind {
		case engine.ControlBreak:
			t.onBreak, t.breakMod = true, c.Arg
		case engine.ControlResume:
			t.onBreak, t.breakMod = false, ""
		}
		secs, err := strconv.Atoi(c.Arg)
		if err != nil {
			continue
		}
		switch d := time.Duration(secs) * time.Second; c.Kind {
		case engine.ControlPause, engine.ControlResume:
			left = d
		case engine.ControlExtend:
			left += d
		case engine.ControlCut:
			left = max(left-d, 0)
		}
	}
	t.paused = true // a timed scene waits for the facilitator
	s.enterScene(t)
	if t.timer.on {
		t.timer.left = left
		t.timer.limit = max(t.timer.limit, left)
	} else {
		t.paused = false
	}
	s.rescore(t)
}

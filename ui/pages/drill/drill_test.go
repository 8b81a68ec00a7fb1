package drill

import (
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/charmbracelet/bubbles/timer"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

// play opens a drill of scenario id, seed 7, for team Blue, in a 100x30
// terminal, its Init's work done.
func play(t testing.TB, s common.Store, id string) *uitest.Page {
	t.Helper()
	c := common.New(uitest.Plain(), s, nil)
	p := uitest.NewPage(c, New(c, engine.NewDrill(uitest.Scenario(t, id), 7), "Blue", 0), 100, 30)
	return uitest.Send(p, uitest.Messages(p.Init())...)
}

// TestTimeout lets a scene's timer run out: the timeout choice is taken.
func TestTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := play(t, nil, "bucket-leak")
		m := p.P.(*Model)
		if !m.timed || !strings.Contains(p.View(), "3:00 left") {
			t.Fatalf("no countdown:\n%s", p.View())
		}
		uitest.Send(p, timer.TimeoutMsg{ID: m.timer.ID()})
		ds := m.d.Decisions()
		if len(ds) != 1 || !ds[0].TimedOut || m.d.Scene().ID != "statement" {
			t.Fatalf("timeout not taken: %+v", ds)
		}
		if m.d.Record().Decisions[0] != "!no-comment" {
			t.Errorf("record %v", m.d.Record().Decisions)
		}
	})
}

// gatedStore is a store whose decisions wait until the test lets them go.
type gatedStore struct {
	store.Store
	gate chan struct{}
	mu   sync.Mutex
	fail error // the next decision's save fails with it
}

// newGatedStore opens a store in a temporary directory; its decisions wait
// for the gate and the first fails with fail, when it is not nil.
func newGatedStore(t *testing.T, fail error) *gatedStore {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "ttx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &gatedStore{Store: st, gate: make(chan struct{}), fail: fail}
}

func (s *gatedStore) AppendDecision(id int64, n int, d string) error {
	<-s.gate
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail; err != nil {
		s.fail = nil
		return err
	}
	return s.Store.AppendDecision(id, n, d)
}

// TestKeysWaitForTheSave types a decision, then the next decision, while the
// store has not answered: the keys are kept, in order, and applied once the
// save lands; none is lost, none reaches the wrong scene.
func TestKeysWaitForTheSave(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newGatedStore(t, nil)
		p := play(t, s, "rules")
		m := p.P.(*Model)
		// notify (choice 1), then in the pick scene 1 and 2, and enter.
		var saves []tea.Cmd
		for _, k := range uitest.Keys("1", "enter", "1", "space", "2", "space", "enter") {
			_, cmd := p.Update(k)
			saves = append(saves, cmd)
		}
		if len(m.d.Decisions()) != 1 || !m.pending || len(m.queue) != 5 {
			t.Fatalf("before the store answers: %d decisions, pending %v, %d keys queued", len(m.d.Decisions()), m.pending, len(m.queue))
		}
		close(s.gate)
		for _, cmd := range saves {
			p = uitest.Send(p, uitest.Messages(cmd)...)
		}
		rec := m.d.Record().Decisions
		if len(rec) != 2 || rec[0] != "notify" || rec[1] != "a+b" {
			t.Fatalf("the queued keys made %v", rec)
		}
		r, err := s.Get(m.runID)
		if err != nil || len(r.Record.Decisions) != 2 {
			t.Fatalf("stored %+v, %v", r, err)
		}
	})
}

// TestFailedSaveHoldsTheDrill: a decision the store refuses for good holds
// the drill on its scene, saying so; the team can only leave, and the exit
// says the drill is kept up to its last saved decision.
func TestFailedSaveHoldsTheDrill(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newGatedStore(t, errors.New("disk full"))
		close(s.gate)
		p := play(t, s, "rules")
		m := p.P.(*Model)
		p = uitest.Send(p, uitest.Keys("1", "enter", "1", "space", "enter")...)
		if v := p.View(); !strings.Contains(v, "decision 1 cannot be saved: disk full; press q to leave") || !strings.Contains(v, "Notify") {
			t.Errorf("the failed save does not hold the drill on its scene:\n%s", v)
		}
		if note := m.ExitNote(); !strings.Contains(note, "saved after 0 decisions") || !strings.Contains(note, "could not be saved") {
			t.Errorf("exit note %q", note)
		}
		p = uitest.Send(p, uitest.Keys("q", "y")...)
		if !m.closed || len(p.Navs) != 1 || p.Navs[0].Kind != common.NavBack {
			t.Errorf("q, y does not leave the drill: %+v", p.Navs)
		}
	})
}

// TestSaveRetried: a decision the store cannot save yet (a busy database)
// holds the drill on its scene, saying so, with the keys typed meanwhile
// kept, until a retry saves it; then the drill goes on.
func TestSaveRetried(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newGatedStore(t, &store.Error{Kind: store.ErrLocked, Msg: "the results database is locked"})
		close(s.gate)
		p := play(t, s, "rules")
		m := p.P.(*Model)
		_, cmd := p.Update(uitest.Key("1"))
		uitest.Send(p, uitest.Messages(cmd)...)
		_, save := p.Update(uitest.Key("enter"))
		var retry tea.Cmd
		for _, msg := range uitest.Messages(save) {
			_, retry = p.Update(msg) // the failed save: a retry, after a wait
		}
		if !m.pending || !strings.Contains(p.View(), "decision 1 is not saved yet") {
			t.Fatalf("the drill does not wait for its save:\n%s", p.View())
		}
		for _, k := range uitest.Keys("1", "space", "2", "space", "enter") {
			p.Update(k)
		}
		if len(m.d.Decisions()) != 1 || len(m.queue) != 5 {
			t.Fatalf("the drill went on past an unsaved decision: %d decisions, %d keys kept", len(m.d.Decisions()), len(m.queue))
		}
		uitest.Send(p, uitest.Messages(retry)...)
		if rec := m.d.Record().Decisions; m.pending || len(rec) != 2 || rec[1] != "a+b" {
			t.Fatalf("after the retry: pending %v, decisions %v:\n%s", m.pending, rec, p.View())
		}
		if r, err := s.Get(m.runID); err != nil || r.DecisionCount != 2 {
			t.Fatalf("the store has %+v, %v", r, err)
		}
	})
}

// BenchmarkDecisionRedraw measures a decision and the redraw after it: the
// key, the engine's decision, the next scene's layout and its first view
// (commands such as the next timer's ticks are not run).
func BenchmarkDecisionRedraw(b *testing.B) {
	c := common.New(uitest.Plain(), nil, nil)
	c.Width, c.Height = 120, 40
	sc := uitest.Scenario(b, "retail-card-breach")
	enter := uitest.Key("enter")
	b.ReportAllocs()
	for b.Loop() {
		m := New(c, engine.NewDrill(sc, 7), "Gold", 0)
		m.SetSize(120, 39)
		m.Update(enter)
		_ = m.View()
	}
}

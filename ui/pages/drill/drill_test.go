package drill

import (
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

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

// TestTimedScene: a timed scene shows the time left and the choice its
// timeout takes; the clock stops while the leave question is open and
// while the facilitator pauses it (t), and goes on from where it was; when
// it runs out, the timeout choice is taken and the next scene says so.
func TestTimedScene(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := play(t, nil, "bucket-leak")
		m := p.P.(*Model)
		v := p.View()
		if !m.timed || !m.clock.Running() || !strings.Contains(v, "3:00 left") || !strings.Contains(v, "then choice 3 is taken") ||
			!strings.Contains(v, "finish (⏱ taken if time") {
			t.Fatalf("the countdown does not say what it takes:\n%s", v)
		}
		tick := func() { uitest.Send(p, m.clock.Tick()) }
		tick()
		tick()
		if !strings.Contains(p.View(), "2:58 left") {
			t.Fatalf("two ticks:\n%s", p.View())
		}
		// The leave question stops the clock; a tick on its way is dropped.
		stale := m.clock.Tick()
		uitest.Send(p, uitest.Keys("q")...)
		uitest.Send(p, stale)
		if m.clock.Running() || m.clock.Left() != 178*time.Second {
			t.Fatalf("the clock ran behind the leave question: %v left, running %v", m.clock.Left(), m.clock.Running())
		}
		uitest.Send(p, uitest.Keys("n")...)
		tick()
		if !m.clock.Running() || !strings.Contains(p.View(), "2:57 left") {
			t.Fatalf("n did not restart the clock where it was:\n%s", p.View())
		}
		// The facilitator pauses and restarts it.
		uitest.Send(p, uitest.Keys("t")...)
		uitest.Send(p, m.clock.Tick())
		if v := p.View(); m.clock.Running() || !strings.Contains(v, "Paused at 2:57 (t restarts the clock)") || m.pause().Help().Desc != "restart the clock" {
			t.Fatalf("t did not pause:\n%s", v)
		}
		uitest.Send(p, uitest.Keys("t")...)
		tick()
		if !strings.Contains(p.View(), "2:56 left") {
			t.Fatalf("t did not restart:\n%s", p.View())
		}
		m.clock.SetLeft(time.Second)
		_, cmd := p.Update(m.clock.Tick())
		uitest.Send(p, uitest.Messages(cmd)...)
		ds := m.d.Decisions()
		if len(ds) != 1 || !ds[0].TimedOut || m.d.Scene().ID != "statement" || m.d.Record().Decisions[0] != "!no-comment" {
			t.Fatalf("the timeout was not taken: %+v", m.d.Record().Decisions)
		}
		if v := strings.Join(strings.Fields(p.View()), " "); !strings.Contains(v, "⏱ Time ran out on “A reporter is on the line”: “Decline to comment until forensics finish” was taken.") {
			t.Errorf("the next scene does not say the time ran out:\n%s", v)
		}
	})
}

// TestTimeLeftStoredAndResumed: a recorded drill stores the time its timed
// scene has left (every few seconds, when the clock stops, and as the
// program ends), and the drill resumed from the store counts down from
// there.
func TestTimeLeftStoredAndResumed(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newGatedStore(t, nil)
		close(s.gate)
		p := play(t, s, "bucket-leak")
		m := p.P.(*Model)
		stored := func() *time.Duration {
			t.Helper()
			r, err := s.Get(m.runID)
			if err != nil {
				t.Fatal(err)
			}
			return r.TimeLeft
		}
		for range 5 {
			uitest.Send(p, m.clock.Tick())
		}
		if l := stored(); l == nil || *l != 175*time.Second {
			t.Fatalf("after 5 seconds the store has %v", l)
		}
		uitest.Send(p, m.clock.Tick(), m.clock.Tick())
		uitest.Send(p, uitest.Keys("t")...)
		if l := stored(); l == nil || *l != 173*time.Second {
			t.Fatalf("a pause stored %v", l)
		}
		uitest.Send(p, uitest.Keys("t")...)
		uitest.Send(p, m.clock.Tick())
		m.Flush()
		left := stored()
		if left == nil || *left != 172*time.Second {
			t.Fatalf("the end of the program stored %v", left)
		}
		d, err := engine.Replay(m.d.Scenario(), m.d.Record())
		if err != nil {
			t.Fatal(err)
		}
		c := common.New(uitest.Plain(), s, nil)
		again := uitest.NewPage(c, New(c, d, "Blue", m.runID).TimeLeft(left), 100, 30)
		again = uitest.Send(again, uitest.Messages(again.Init())...)
		if v := again.View(); !strings.Contains(v, "2:52 left") {
			t.Errorf("the resumed drill does not count down from where it stopped:\n%s", v)
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
// (commands such as the next timer's ticks are not run); the first module's
// opening is passed first.
func BenchmarkDecisionRedraw(b *testing.B) {
	c := common.New(uitest.Plain(), nil, nil)
	c.Width, c.Height = 120, 40
	sc := uitest.Scenario(b, "retail-card-breach")
	enter := uitest.Key("enter")
	b.ReportAllocs()
	for b.Loop() {
		m := New(c, engine.NewDrill(sc, 7), "Gold", 0)
		m.SetSize(120, 39)
		m.Update(enter) // past the module's opening
		m.Update(enter)
		_ = m.View()
	}
}

// TestExerciseFormat: the drill shows what the engine offers: the scene's
// text as the state has it (its variant), the role's title for its id, the
// opening of each module before its first scene (which stops nothing but
// waits for enter), and the module in the side panel.
func TestExerciseFormat(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		for _, tc := range []struct {
			choice, text string
		}{
			{"1", "The exposure is closed. What do you say?"},
			{"2", "The records are still exposed at"},
		} {
			p := play(t, nil, "exercise")
			m := p.P.(*Model)
			v := p.View()
			if m.Opening() != 0 || !strings.Contains(v, "MODULE 1 OF 2") || !strings.Contains(v, "The first hours") || !strings.Contains(v, "about 20 min of discussion") ||
				!strings.Contains(v, "The breach is found") {
				t.Fatalf("no opening of the first module:\n%s", p.View())
			}
			uitest.Send(p, uitest.Keys("1")...) // no choice is taken behind the opening
			if len(m.d.Decisions()) != 0 {
				t.Fatal("a key reached the scene behind the module's opening")
			}
			uitest.Send(p, uitest.Keys("enter")...)
			v = p.View()
			if !strings.Contains(v, "Chief Executive") || strings.Contains(v, " ceo ") || !strings.Contains(v, "MODULE 1 OF 2") || !strings.Contains(v, "The first hours") {
				t.Errorf("the scene lacks the role's title or the module:\n%s", v)
			}
			uitest.Send(p, uitest.Keys(tc.choice, "enter")...)
			if m.Opening() != 1 || !strings.Contains(p.View(), "Going public") {
				t.Fatalf("no opening of the second module:\n%s", p.View())
			}
			uitest.Send(p, uitest.Keys("enter")...)
			if v := p.View(); !strings.Contains(v, tc.text) || !strings.Contains(v, "Head of Communications") {
				t.Errorf("after choice %s the scene does not read %q:\n%s", tc.choice, tc.text, v)
			}
		}
	})
}

// TestPanesScroll: the notes and prompts show in a pane under the scene
// that scrolls on its own, the scene's text staying on the screen.
func TestPanesScroll(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c := common.New(uitest.Plain(), nil, nil)
		p := uitest.NewPage(c, New(c, engine.NewDrill(uitest.Scenario(t, "retail-card-breach"), 7), "Blue", 0), 80, 24)
		p = uitest.Send(p, uitest.Messages(p.Init())...)
		uitest.Send(p, uitest.Keys("enter", "n", "d")...)
		v := p.View()
		if !strings.Contains(v, "Wednesday, 15:00.") || !strings.Contains(v, "Discuss") {
			t.Fatalf("the panes pushed the scene off the screen:\n%s", v)
		}
		uitest.CheckFits(t, v, 80, 24)
		m := p.P.(*Model)
		uitest.Send(p, uitest.Keys("pgdown")...)
		if m.pane.YOffset == 0 || !strings.Contains(p.View(), "Wednesday, 15:00.") {
			t.Errorf("pgdown did not scroll the pane, or moved the scene:\n%s", p.View())
		}
	})
}

// TestSmallTerminals: at 40x12 an inject keeps its headline and the key to
// go on; below 80 columns the folded status line starts with the clock
// closest to its due time.
func TestSmallTerminals(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// A seed for which, after recompute, a and b set off an inject.
		sc := uitest.Scenario(t, "rules")
		var d *engine.Drill
		for seed := uint64(0); d == nil; seed++ {
			try := engine.NewDrill(sc, seed)
			if try.Choose("recompute") != nil || try.Scene().ID != "mid" {
				continue
			}
			probe := engine.NewDrill(sc, seed)
			probe.Choose("recompute")
			if probe.Choose("a", "b") == nil && len(probe.Decisions()[1].Events) > 0 {
				d = try
			}
		}
		c := common.New(uitest.Plain(), nil, nil)
		p := uitest.NewPage(c, New(c, d, "Blue", 0), 40, 12)
		p = uitest.Send(p, uitest.Messages(p.Init())...)
		uitest.Send(p, uitest.Keys("space", "2", "space", "enter")...)
		m := p.P.(*Model)
		if m.Injects() == 0 {
			t.Fatalf("no inject:\n%s", p.View())
		}
		v := p.View()
		uitest.CheckFits(t, v, 40, 12)
		if !strings.Contains(v, "enter to continue") || !strings.Contains(v, "BREAKING NEWS") && !strings.Contains(v, "UPDATE") && !strings.Contains(v, "NEW EMAIL") {
			t.Errorf("the inject lost its head or its key at 40x12:\n%s", v)
		}
	})
}

// TestHeadline: a subject or headline is the first line, else the first
// sentence, else a lead-in before a colon, never the colon of a time.
func TestHeadline(t *testing.T) {
	t.Parallel()
	for text, want := range map[string][2]string{
		"Board minutes leaked\nThe Herald has them.":         {"Board minutes leaked", "The Herald has them."},
		"18:00: the CFO wants the numbers. Send them today.": {"18:00: the CFO wants the numbers.", "Send them today."},
		"BREAKING: stores hacked, cards at risk":             {"BREAKING", "stores hacked, cards at risk"},
		"At 18:00: the numbers are due":                      {"At 18:00: the numbers are due", ""},
		"Request for information:\nPlease reply by Friday.":  {"Request for information", "Please reply by Friday."},
	} {
		head, body := headline(text)
		if head != want[0] || body != want[1] {
			t.Errorf("headline(%q) = %q, %q; want %q, %q", text, head, body, want[0], want[1])
		}
	}
}

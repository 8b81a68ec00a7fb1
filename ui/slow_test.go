package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
)

// slowStore is a store that takes 300 ms to list runs, and then waits for
// the test to let the answer go: the test lets it go once it has seen the
// screen keep drawing meanwhile.
type slowStore struct {
	common.Store
	gate chan struct{}
}

func (s slowStore) wait() {
	time.Sleep(300 * time.Millisecond)
	<-s.gate
}

func (s slowStore) Unfinished() ([]store.Run, error) { s.wait(); return s.Store.Unfinished() }

func (s slowStore) List(f store.Filter) ([]store.Run, error) { s.wait(); return s.Store.List(f) }

// frames waits until the output has shown n different frames of the
// spinner.
func frames(t *testing.T, tm *teatest.TestModel, n int) {
	t.Helper()
	seen := map[rune]bool{}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, r := range string(b) {
			if r >= '⠀' && r <= '⣿' {
				seen[r] = true
			}
		}
		return len(seen) >= n
	}, teatest.WithDuration(10*time.Second))
}

// TestSlowStoreKeepsDrawing: while the store takes its time to answer, the
// screen keeps drawing (the spinner turns), on the home screen and on the
// results screen, and shows the answer when it comes.
func TestSlowStoreKeepsDrawing(t *testing.T) {
	t.Parallel()
	s := slowStore{Store: hostileStore(t, "Team Slow"), gate: make(chan struct{})}
	o := opts(t)
	o.Store = s
	tm := teatest.NewTestModel(t, newModel(o), teatest.WithInitialTermSize(100, 30))
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), what) }, teatest.WithDuration(10*time.Second))
	}
	frames(t, tm, 3) // the unfinished drills are being read
	s.gate <- struct{}{}
	wait("Resume:")
	tm.Type("/results")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	frames(t, tm, 3) // the runs are being listed
	s.gate <- struct{}{}
	wait("Team Slow")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

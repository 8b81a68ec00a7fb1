package engine

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// TestAnalysisMemo checks the in-process memo of analyses: one exploration
// however many ask at once, the least recently used dropped beyond its
// bound, nothing kept that was cut off by time, refresh computing again,
// and waiters released when the computation panics.
func TestAnalysisMemo(t *testing.T) {
	t.Parallel()
	key := func(i int) memoKey { return memoKey{key: fmt.Sprint(i), maxStates: 1, maxMemory: 1} }
	exact := func(calls *atomic.Int32) func() *Analysis {
		return func() *Analysis { calls.Add(1); return &Analysis{} }
	}

	t.Run("asked at once, computed once", func(t *testing.T) {
		m := newAnalysisMemo(4)
		var calls atomic.Int32
		release := make(chan struct{})
		slow := func() *Analysis { calls.Add(1); <-release; return &Analysis{} }
		var wg sync.WaitGroup
		got := make([]*Analysis, 8)
		first := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[0] = m.analyze(key(1), false, func() *Analysis { close(first); return slow() })
		}()
		<-first // the first computation has begun: the others find it
		for i := 1; i < len(got); i++ {
			wg.Add(1)
			go func() { defer wg.Done(); got[i] = m.analyze(key(1), false, slow) }()
		}
		close(release)
		wg.Wait()
		if n := calls.Load(); n != 1 {
			t.Errorf("%d explorations, want 1", n)
		}
		for i, a := range got {
			if a != got[0] {
				t.Errorf("caller %d got another analysis", i)
			}
		}
	})

	t.Run("bounded, least recently used dropped", func(t *testing.T) {
		m := newAnalysisMemo(2)
		var calls atomic.Int32
		m.analyze(key(1), false, exact(&calls))
		m.analyze(key(2), false, exact(&calls))
		m.analyze(key(1), false, exact(&calls)) // 1 is now the most recent
		m.analyze(key(3), false, exact(&calls)) // drops 2
		if len(m.entries) != 2 {
			t.Errorf("%d entries kept, want at most 2", len(m.entries))
		}
		calls.Store(0)
		m.analyze(key(1), false, exact(&calls))
		m.analyze(key(3), false, exact(&calls))
		if n := calls.Load(); n != 0 {
			t.Errorf("%d explorations of kept analyses", n)
		}
		m.analyze(key(2), false, exact(&calls))
		if n := calls.Load(); n != 1 {
			t.Errorf("the dropped analysis was not explored again (%d explorations)", n)
		}
	})

	t.Run("cut off by time, not kept", func(t *testing.T) {
		m := newAnalysisMemo(4)
		var calls atomic.Int32
		cut := func() *Analysis { calls.Add(1); return &Analysis{Limit: LimitTime} }
		m.analyze(key(1), false, cut)
		m.analyze(key(1), false, cut)
		if n := calls.Load(); n != 2 {
			t.Errorf("%d explorations, want 2: an analysis cut off by time was kept", n)
		}
	})

	t.Run("refresh computes again and keeps the new one", func(t *testing.T) {
		m := newAnalysisMemo(4)
		old := m.analyze(key(1), false, func() *Analysis { return &Analysis{States: 1} })
		fresh := m.analyze(key(1), true, func() *Analysis { return &Analysis{States: 2} })
		if old.States != 1 || fresh.States != 2 {
			t.Fatalf("states %d then %d", old.States, fresh.States)
		}
		if a := m.analyze(key(1), false, func() *Analysis { return &Analysis{States: 3} }); a.States != 2 {
			t.Errorf("kept the analysis of %d states, want the refreshed one", a.States)
		}
	})

	t.Run("a panic releases those who wait", func(t *testing.T) {
		m := newAnalysisMemo(4)
		began, release := make(chan struct{}), make(chan struct{})
		go func() {
			defer func() { _ = recover() }()
			m.analyze(key(1), false, func() *Analysis { close(began); <-release; panic("analyzer defect") })
		}()
		<-began
		done := make(chan *Analysis)
		go func() { done <- m.analyze(key(1), false, func() *Analysis { return &Analysis{States: 7} }) }()
		close(release)
		if a := <-done; a.States != 7 {
			t.Errorf("the waiter got %d states, want its own analysis", a.States)
		}
	})
}

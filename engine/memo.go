package engine

import "sync"

// recent keeps the analyses this process computed last, so that a scenario
// loaded again (a stored run replayed, the same file opened twice, a second
// team's drill) is not explored again, and so that requests for one analysis
// made at the same time run one exploration, not one each. An analysis
// holds a few kilobytes for a scenario of the library's size and about a
// megabyte for one of ten thousand scenes: 64 of them bound what it keeps.
var recent = newAnalysisMemo(64)

// memoKey is what an analysis depends on (analysisKey) and the budget it was
// computed with, defaults filled in. MaxTime is not part of it: an analysis
// cut off by time is never kept, and one that was not is the same whatever
// time it was given.
type memoKey struct {
	key       string
	maxStates int
	maxMemory int64
}

// memoEntry is one analysis, kept or being computed: ready is closed once
// a is set (nil when the computation was not kept).
type memoEntry struct {
	ready chan struct{}
	a     *Analysis
	used  uint64
}

// analysisMemo is a bounded set of analyses, the least recently used
// dropped first. Analyses are shared: no caller may change one.
type analysisMemo struct {
	mu      sync.Mutex
	max     int
	clock   uint64
	entries map[memoKey]*memoEntry
}

func newAnalysisMemo(max int) *analysisMemo {
	return &analysisMemo{max: max, entries: make(map[memoKey]*memoEntry)}
}

// analyze returns the kept analysis for k, waiting for one being computed,
// or computes it with compute and keeps it unless it was cut off by time.
// With refresh it computes again and keeps the new one.
func (m *analysisMemo) analyze(k memoKey, refresh bool, compute func() *Analysis) *Analysis {
	m.mu.Lock()
	if e, ok := m.entries[k]; ok && !refresh {
		m.clock++
		e.used = m.clock
		m.mu.Unlock()
		<-e.ready
		if e.a != nil {
			return e.a
		}
		return compute() // the first computation was not kept: do it here
	}
	e := &memoEntry{ready: make(chan struct{})}
	m.clock++
	e.used = m.clock
	m.entries[k] = e
	m.evict()
	m.mu.Unlock()

	var a *Analysis
	defer func() {
		// Also when compute panics: whoever waits is released, and computes
		// for itself.
		m.mu.Lock()
		if a != nil && a.Limit != LimitTime {
			e.a = a
		} else if m.entries[k] == e {
			delete(m.entries, k)
		}
		m.mu.Unlock()
		close(e.ready)
	}()
	a = compute()
	return a
}

// evict drops the least recently used entries beyond max; m.mu is held.
// An entry still being computed is dropped from the set like any other:
// those who wait on it still get it.
func (m *analysisMemo) evict() {
	for len(m.entries) > m.max {
		var oldest memoKey
		first := true
		for k, e := range m.entries {
			if first || e.used < m.entries[oldest].used {
				oldest, first = k, false
			}
		}
		delete(m.entries, oldest)
	}
}

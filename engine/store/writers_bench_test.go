package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/engine/store/storetest"
)

// BenchmarkWriters: eight writers, each with its own connections as eight
// ttx processes would have, record drills into one database at once: begin,
// two decisions each made durable, finish. It reports the runs recorded per
// second and the latency of a decision (median and 99th percentile), the
// wait before a front end shows the next screen. PostgreSQL runs with
// fsync on, as SQLite runs with synchronous=FULL.
func BenchmarkWriters(b *testing.B) {
	for _, backend := range []struct {
		name string
		open func(testing.TB, ...store.Option) (store.Store, string)
	}{{"sqlite", openStore}, {"postgres", openPostgres}} {
		b.Run(backend.name, func(b *testing.B) {
			_, db := backend.open(b)
			benchWriters(b, db)
		})
	}
}

func benchWriters(b *testing.B, db string) {
	const writers = 8
	sc := loadRules(b)
	stores := make([]store.Store, writers)
	for i := range stores {
		s, err := store.Open(db)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	lat := make([][]time.Duration, writers)
	errs := make(chan error, writers)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range writers {
		n := b.N / writers
		if w < b.N%writers {
			n++
		}
		wg.Go(func() {
			s := stores[w]
			for i := range n {
				err := storetest.RecordDrill(s, sc, uint64(w*1_000_000+i), "bench", func(d time.Duration) { lat[w] = append(lat[w], d) })
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	ms := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "runs/s")
	b.ReportMetric(ms(0.5), "ms/decision-p50")
	b.ReportMetric(ms(0.99), "ms/decision-p99")
}

// BenchmarkAppendDecision is one decision made durable by one writer: the
// wait before a front end shows the next screen.
func BenchmarkAppendDecision(b *testing.B) {
	for _, backend := range []struct {
		name string
		open func(testing.TB, ...store.Option) (store.Store, string)
	}{{"sqlite", openStore}, {"postgres", openPostgres}} {
		b.Run(backend.name, func(b *testing.B) {
			s, _ := backend.open(b)
			id := begin(b, s, "bench")
			n := 0
			for b.Loop() {
				if err := s.AppendDecision(id, n, "notify+press-release"); err != nil {
					b.Fatal(err)
				}
				n++
			}
		})
	}
}

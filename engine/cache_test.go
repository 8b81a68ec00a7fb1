package engine_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

func TestAnalysisCache(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "rules.toml")
	own := principle(t, sc, "own")
	doctored := func(a *engine.Analysis, best int) *engine.Analysis {
		c := *a
		c.Best = append([]int(nil), a.Best...)
		c.Best[own] = best
		return &c
	}
	entries := func(c *engine.AnalysisCache) []string {
		fs, _ := filepath.Glob(filepath.Join(c.Dir, "*.gob"))
		return fs
	}
	exact := engine.Analyze(sc, engine.Budget{})
	estimated := engine.Analyze(sc, engine.Budget{MaxStates: 5})

	t.Run("round trip", func(t *testing.T) {
		c := &engine.AnalysisCache{Dir: t.TempDir()}
		if _, ok := c.Get(sc, engine.Budget{}); ok {
			t.Fatal("an empty cache has an analysis")
		}
		if err := c.Put(sc, engine.Budget{}, exact); err != nil {
			t.Fatal(err)
		}
		got, ok := c.Get(sc, engine.Budget{})
		if !ok || got.States != exact.States || got.BestTotal != exact.BestTotal || len(got.BestPath[own]) != len(exact.BestPath[own]) {
			t.Fatalf("got %+v, %v", got, ok)
		}
	})
	t.Run("an exact analysis serves any budget; an estimate only as large a one", func(t *testing.T) {
		c := &engine.AnalysisCache{Dir: t.TempDir()}
		_ = c.Put(sc, engine.Budget{MaxStates: 5}, exact)
		if _, ok := c.Get(sc, engine.Budget{MaxStates: 1 << 30}); !ok {
			t.Error("an exact analysis was not served to a larger budget")
		}
		_ = c.Put(sc, engine.Budget{MaxStates: 5}, estimated)
		if _, ok := c.Get(sc, engine.Budget{MaxStates: 5}); !ok {
			t.Error("an estimate was not served to its own budget")
		}
		if _, ok := c.Get(sc, engine.Budget{MaxStates: 6}); ok {
			t.Error("an estimate was served to a larger budget, which may do better")
		}
	})
	t.Run("damaged and hostile entries are ignored and rebuilt", func(t *testing.T) {
		c := &engine.AnalysisCache{Dir: t.TempDir()}
		an := &engine.Analyst{Cache: c}
		an.Analyze(sc)
		fs := entries(c)
		if len(fs) != 1 {
			t.Fatalf("%d entries", len(fs))
		}
		for _, bad := range [][]byte{[]byte("not gob at all"), {}, make([]byte, 4096)} {
			if err := os.WriteFile(fs[0], bad, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, ok := c.Get(sc, engine.Budget{}); ok {
				t.Fatalf("a damaged entry (%q...) was read", bad[:min(len(bad), 8)])
			}
			if a := an.Analyze(sc); a.BestTotal != exact.BestTotal {
				t.Fatal("the analysis was not computed again")
			}
			if _, ok := c.Get(sc, engine.Budget{}); !ok {
				t.Fatal("the damaged entry was not replaced")
			}
		}
		// Indices out of range would crash a report: such an entry is
		// refused.
		hostile := doctored(exact, exact.Best[own])
		hostile.BestPath = append([]engine.Path(nil), exact.BestPath...)
		hostile.BestPath[own] = engine.Path{{Scene: 99, Choices: []int{0}}}
		_ = c.Put(sc, engine.Budget{}, hostile)
		if _, ok := c.Get(sc, engine.Budget{}); ok {
			t.Error("an entry naming scene 99 of 3 was read")
		}
	})
	t.Run("the analyst reads the cache, and refreshes on demand", func(t *testing.T) {
		c := &engine.AnalysisCache{Dir: t.TempDir()}
		_ = c.Put(sc, engine.Budget{}, doctored(exact, 40))
		if a := (&engine.Analyst{Cache: c}).Analyze(sc); a.Best[own] != 40 {
			t.Errorf("best own %d: the cache was not read", a.Best[own])
		}
		if a := (&engine.Analyst{Cache: c, Refresh: true}).Analyze(sc); a.Best[own] != exact.Best[own] {
			t.Errorf("best own %d: --refresh did not explore", a.Best[own])
		}
		if a, _ := c.Get(sc, engine.Budget{}); a.Best[own] != exact.Best[own] {
			t.Error("the refreshed analysis was not stored")
		}
	})
	t.Run("an analysis cut off by time is not stored", func(t *testing.T) {
		c := &engine.AnalysisCache{Dir: t.TempDir()}
		flagship := loadFlagship(t)
		a := (&engine.Analyst{Cache: c, Budget: engine.Budget{MaxTime: time.Nanosecond}}).Analyze(flagship)
		if a.Limit != engine.LimitTime {
			t.Fatalf("limit %q", a.Limit)
		}
		if fs := entries(c); len(fs) != 0 {
			t.Errorf("stored %v", fs)
		}
	})
}

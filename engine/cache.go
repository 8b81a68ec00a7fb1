package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// Analyst computes a scenario's analysis within a budget, through a cache
// when it has one, so that a scenario explored once is never explored again
// by any process that shares the cache.
type Analyst struct {
	Budget  Budget
	Cache   *AnalysisCache // nil for none
	Refresh bool           // compute again even when the cache has it
}

// Analyze returns sc's analysis: from the cache when it holds one computed
// with at least this budget (or an exact one), else from the analyses this
// process made last, else computed and stored. Results cut off by MaxTime
// depend on the machine, so they are not stored. A nil Analyst analyzes
// with the default budget and no cache.
func (an *Analyst) Analyze(sc *Scenario) *Analysis {
	var a Analyst
	if an != nil {
		a = *an
	}
	b := a.Budget.withDefaults()
	if a.Cache != nil && !a.Refresh {
		if got, ok := a.Cache.Get(sc, b); ok {
			return got
		}
	}
	k := memoKey{key: analysisKey(sc), maxStates: b.MaxStates, maxMemory: b.MaxMemory}
	res := recent.analyze(k, a.Refresh, func() *Analysis { return Analyze(sc, b) })
	if a.Cache != nil && res.Limit != LimitTime {
		// A cache is a convenience: one that cannot be written is the
		// same as none.
		_ = a.Cache.Put(sc, b, res)
	}
	return res
}

// AnalysisCache keeps analyses in a directory, one file per scenario and
// rubric content, written atomically. A file that does not decode, or does
// not fit the scenario it claims to be of, is ignored (and replaced by the
// next Put).
type AnalysisCache struct {
	Dir string
}

// UserAnalysisCache is the cache in the user's cache directory
// (os.UserCacheDir()/ttx/analysis).
func UserAnalysisCache() (*AnalysisCache, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return nil, fmt.Errorf("no cache directory for analyses: %w", err)
	}
	return &AnalysisCache{Dir: filepath.Join(dir, "ttx", "analysis")}, nil
}

// analysisFormat versions the cache: a change to the analysis (what it
// computes, or how) changes it, so that older entries are not read.
const analysisFormat = 4

// analysisEntry is the file of one analysis.
type analysisEntry struct {
	Format    int
	Key       string
	MaxStates int
	MaxMemory int64
	Analysis  *Analysis
}

// maxCacheEntry bounds what is read from a cache file.
const maxCacheEntry = 256 << 20

// analysisKey identifies what an analysis depends on: the scenario's bytes,
// the values its parameters are bound to, the principles it is scored
// against, and the format of the cache.
func analysisKey(sc *Scenario) string {
	h := sha256.New()
	fmt.Fprintf(h, "ttx analysis %d\x00%s\x00", analysisFormat, sc.Hash)
	over := sc.ParamOverrides()
	for _, name := range slices.Sorted(maps.Keys(over)) {
		fmt.Fprintf(h, "param %q=%q\x00", name, over[name])
	}
	for _, p := range sc.Guidance.Principles {
		fmt.Fprintf(h, "%s\x00", p.ID)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *AnalysisCache) path(key string) string { return filepath.Join(c.Dir, key+".gob") }

// Get returns the cached analysis of sc when there is one that is exact or
// was computed with at least budget b.
func (c *AnalysisCache) Get(sc *Scenario, b Budget) (*Analysis, bool) {
	key := analysisKey(sc)
	f, err := os.Open(c.path(key))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, false
	}
	var e analysisEntry
	if err := gob.NewDecoder(io.LimitReader(f, maxCacheEntry)).Decode(&e); err != nil {
		return nil, false
	}
	if e.Format != analysisFormat || e.Key != key || e.Analysis == nil || e.Analysis.validate(sc) != nil {
		return nil, false
	}
	b = b.withDefaults()
	if e.Analysis.Estimated && (e.MaxStates < b.MaxStates || e.MaxMemory < b.MaxMemory) {
		return nil, false // a bigger budget may do better
	}
	return e.Analysis, true
}

// Put stores the analysis a of sc, computed with budget b.
func (c *AnalysisCache) Put(sc *Scenario, b Budget, a *Analysis) error {
	b = b.withDefaults()
	key := analysisKey(sc)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(analysisEntry{Format: analysisFormat, Key: key, MaxStates: b.MaxStates, MaxMemory: b.MaxMemory, Analysis: a}); err != nil {
		return err
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	return WriteFileAtomic(c.path(key), buf.Bytes(), 0o600)
}

var errBadAnalysis = errors.New("the analysis does not fit the scenario")

// validate checks that every index in a points into sc, so that a damaged
// or hostile cache file cannot make a report index out of range.
func (a *Analysis) validate(sc *Scenario) error {
	np := len(sc.Guidance.Principles)
	if len(a.Reachable) != len(sc.Scenes) || len(a.EndingReachable) != len(sc.Endings) ||
		len(a.Best) != np || len(a.Worst) != np || len(a.BestPath) != np || len(a.WorstPath) != np ||
		len(a.BestReached) != np || len(a.WorstReached) != np {
		return errBadAnalysis
	}
	for p := range np {
		if a.Worst[p] > a.Best[p] {
			return errBadAnalysis
		}
	}
	if len(a.TextShown) != len(sc.Scenes) {
		return errBadAnalysis
	}
	for i, shown := range a.TextShown {
		if len(shown) != 1+len(sc.Scenes[i].Variants) {
			return errBadAnalysis
		}
	}
	if a.WorstTotal > a.BestTotal {
		return errBadAnalysis
	}
	for _, s := range a.DeadEnds {
		if s < 0 || s >= len(sc.Scenes) {
			return errBadAnalysis
		}
	}
	for _, r := range a.Redirects {
		if r.Scene < 0 || r.Scene >= len(sc.Scenes) || r.Event < 0 || r.Event >= len(sc.Events) || !sc.validTarget(r.Target) {
			return errBadAnalysis
		}
	}
	paths := append(append(append([]Path{}, a.BestPath...), a.WorstPath...), a.BestTotalPath, a.WorstTotalPath)
	for _, p := range paths {
		for _, s := range p {
			if s.Scene < 0 || s.Scene >= len(sc.Scenes) {
				return errBadAnalysis
			}
			for _, c := range s.Choices {
				if c < 0 || c >= len(sc.choices) {
					return errBadAnalysis
				}
			}
			for _, e := range s.Events {
				if e < 0 || e >= len(sc.Events) {
					return errBadAnalysis
				}
			}
		}
	}
	return nil
}

func (sc *Scenario) validTarget(t Target) bool {
	if t.Ending {
		return t.Index >= 0 && t.Index < len(sc.Endings)
	}
	return t.Index >= 0 && t.Index < len(sc.Scenes)
}

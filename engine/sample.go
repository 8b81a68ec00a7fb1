package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// maxSampleSteps bounds a random playthrough of a scenario that can loop.
const maxSampleSteps = 10_000

// MaxSamples is the most playthroughs Sample plays: a million random drills
// of a flagship scenario take a minute or two on one core.
const MaxSamples = 1_000_000

// Distribution is the spread of total scores over random playthroughs: what
// a team choosing at random would score.
type Distribution struct {
	Samples    int                `json:"samples"`
	Seed       uint64             `json:"seed"`
	Histogram  [10]int            `json:"histogram"` // playthroughs per tenth of the total percentage
	Percentile map[string]float64 `json:"percentiles"`
	Mean       float64            `json:"mean"`
	Endings    map[string]int     `json:"endings"`    // playthroughs per ending id; "" for none
	Unfinished int                `json:"unfinished"` // playthroughs cut off after 10,000 decisions
}

// Sample plays n drills of sc with choices drawn at random, uniformly among
// those offered (a pick scene takes a random allowed number of them), each
// drill with its own seed drawn from seed, and returns the distribution of
// their total percentages. n is 1 to MaxSamples.
func Sample(sc *Scenario, n int, seed uint64) (*Distribution, error) {
	if n < 1 || n > MaxSamples {
		return nil, fmt.Errorf("cannot play %d random drills: the number is 1 to %d", n, MaxSamples)
	}
	if _, err := sc.Bounds(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x73616d706c65))
	dist := &Distribution{Samples: n, Seed: seed, Endings: map[string]int{}, Percentile: map[string]float64{}}
	totals := make([]float64, 0, n)
	for range n {
		d := NewDrill(sc, rng.Uint64())
		for steps := 0; !d.Ended() && steps < maxSampleSteps; steps++ {
			off := d.Offered()
			lo, hi := d.PickRange()
			k := lo + rng.IntN(hi-lo+1)
			rng.Shuffle(len(off), func(i, j int) { off[i], off[j] = off[j], off[i] })
			if err := d.ChooseIndex(off[:k]...); err != nil {
				return nil, err
			}
		}
		if !d.Ended() {
			dist.Unfinished++
		}
		r, err := d.Result("")
		if err != nil {
			return nil, err
		}
		totals = append(totals, r.TotalPercent)
		dist.Endings[r.Ending]++
		dist.Histogram[min(int(r.TotalPercent/10), 9)]++
		dist.Mean += r.TotalPercent / float64(n)
	}
	slices.Sort(totals)
	for _, p := range []struct {
		name string
		q    float64
	}{{"p5", 0.05}, {"p10", 0.10}, {"p25", 0.25}, {"p50", 0.50}, {"p75", 0.75}, {"p90", 0.90}, {"p95", 0.95}} {
		if n > 0 {
			dist.Percentile[p.name] = totals[min(int(p.q*float64(n)), n-1)]
		}
	}
	return dist, nil
}

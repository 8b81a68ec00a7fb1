package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestCheckMemo checks that the exploration's checks, remembered by the
// bits that decide them, add what testing each check adds, in every state
// of random drills of the shipped scenarios with the most checks.
func TestCheckMemo(t *testing.T) {
	t.Parallel()
	g := shippedGuides(t)
	for _, file := range []string{"retail-card-breach.toml", "cloud-bucket-exposed.toml", "ransomware-extortion.toml"} {
		sc, err := Load("../scenarios/"+file, g)
		if err != nil {
			t.Fatal(err)
		}
		x := newExplorer(sc, Budget{}.withDefaults(), time.Now())
		rng := rand.New(rand.NewPCG(7, 8))
		got, want := make([]int32, x.np), make([]int32, x.np)
		for seed := range uint64(200) {
			d := NewDrill(sc, seed)
			for !d.Ended() {
				clear(got)
				clear(want)
				x.checkScores(d.State(), got)
				sc.checkScoresInto(d.State(), want)
				if !slices.Equal(got, want) {
					t.Fatalf("%s: the remembered checks add %v, the checks %v", file, got, want)
				}
				off := d.Offered()
				rng.Shuffle(len(off), func(i, j int) { off[i], off[j] = off[j], off[i] })
				lo, _ := d.PickRange()
				picks := off[:max(lo, 1)]
				slices.Sort(picks)
				if err := d.ChooseIndex(picks...); err != nil {
					t.Fatal(err)
				}
			}
		}
		if len(x.checks.byBits) == 0 {
			t.Errorf("%s: no check is decided by bits", file)
		}
	}
}

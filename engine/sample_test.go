package engine_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// TestSampleBounds: a number of samples outside 1..MaxSamples is an error,
// before anything is allocated for it.
func TestSampleBounds(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "rules.toml")
	for _, n := range []int{math.MaxInt, engine.MaxSamples + 1, 0, -1, math.MinInt} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			d, err := engine.Sample(sc, n, 1)
			want := "cannot play " + strconv.Itoa(n) + " random drills: the number is 1 to 1000000"
			if err == nil || err.Error() != want {
				t.Errorf("got %v, %v; want %q", d, err, want)
			}
		})
	}
}

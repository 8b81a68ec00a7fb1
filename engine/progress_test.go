package engine_test

import (
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

func TestProgress(t *testing.T) {
	t.Parallel()
	p := engine.Progress{States: 1_365_033, Bytes: 263 << 20, Elapsed: 2811 * time.Millisecond,
		Budget: engine.Budget{MaxStates: 5_000_000, MaxMemory: 512 << 20}}
	if got, want := p.String(), "1,365,033 of at most 5,000,000 states (485,604 a second), 263 of 512 MiB, 2.8s"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

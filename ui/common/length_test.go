package common_test

import (
	"testing"
	"time"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

// TestLength: a scenario with modules takes their budgets; one without,
// ten to twenty minutes a decision, as executives take them.
func TestLength(t *testing.T) {
	t.Parallel()
	for id, want := range map[string][2]string{
		"exercise": {"2 decisions · about 45 min", "2 decisions in 2 modules, about 45 min of discussion by their budgets"},
		"mini":     {"2 decisions · 20 min–40 min", "2 decisions; plan 20 min to 40 min with executives (10 to 20 minutes a decision)"},
	} {
		short, long := common.Length(uitest.Scenario(t, id))
		if short != want[0] || long != want[1] {
			t.Errorf("%s: %q, %q; want %q, %q", id, short, long, want[0], want[1])
		}
	}
	for d, want := range map[time.Duration]string{45 * time.Minute: "45 min", 2 * time.Hour: "2 h", 130 * time.Minute: "2 h 10 min"} {
		if got := common.Minutes(d); got != want {
			t.Errorf("Minutes(%v) = %q, want %q", d, got, want)
		}
	}
}

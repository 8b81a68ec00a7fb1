package countdown_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/countdown"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00"}, {400 * time.Millisecond, "0:00"}, {600 * time.Millisecond, "0:01"}, {59 * time.Second, "0:59"},
		{time.Minute, "1:00"}, {3*time.Minute + 5*time.Second, "3:05"}, {61 * time.Minute, "61:00"},
	} {
		if got := countdown.Format(c.d); got != c.want {
			t.Errorf("Format(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// The countdown line: the time left and a bar of the share left, the same
// urgent from UrgentAt on; paused, where it stopped and how it goes on.
func TestLine(t *testing.T) {
	t.Parallel()
	c := common.New(uitest.Plain(), nil, nil)
	bar := countdown.NewBar(c)
	bar.Width = 10
	for _, cse := range []struct {
		name         string
		left, limit  time.Duration
		paused       bool
		want, reject string
	}{
		{"full", 2 * time.Minute, 2 * time.Minute, false, "⏱ 2:00 left ██████████", "░"},
		{"half", time.Minute, 2 * time.Minute, false, "⏱ 1:00 left █████░░░░░", "Paused"},
		{"urgent", 20 * time.Second, 2 * time.Minute, false, "⏱ 0:20 left", "Paused"},
		{"paused", 90 * time.Second, 2 * time.Minute, true, "⏸ Paused at 1:30 (p resumes it)", "█"},
	} {
		got := uitest.Unstyled(countdown.Line(c, bar, cse.left, cse.limit, cse.paused, "p resumes it"))
		if !strings.Contains(got, cse.want) || strings.Contains(got, cse.reject) {
			t.Errorf("%s: %q, want %q without %q", cse.name, got, cse.want, cse.reject)
		}
	}
}

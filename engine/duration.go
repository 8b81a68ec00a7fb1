package engine

import (
	"fmt"
	"time"
)

// FormatDuration writes a length of real time for people, as a facilitator
// plans a session: "45 min", "2 h", "2 h 05 min"; a length that is not in
// whole minutes keeps its seconds: "40 s", "1 min 30 s".
func FormatDuration(d time.Duration) string {
	if s := int(d.Round(time.Second).Seconds()); s%60 != 0 {
		if s < 60 {
			return fmt.Sprintf("%d s", s)
		}
		return fmt.Sprintf("%d min %d s", s/60, s%60)
	}
	m := int(d.Round(time.Minute).Minutes())
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

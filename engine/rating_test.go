package engine_test

import (
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// TestOverallRating checks that the overall rating is the band of the total,
// at most one band better than the weakest scored principle's rating.
func TestOverallRating(t *testing.T) {
	t.Parallel()
	sc := func(id string, scored bool, pct float64) engine.Score {
		return engine.Score{Principle: id, Title: strings.ToUpper(id), Scored: scored, Percent: pct}
	}
	for _, tc := range []struct {
		name   string
		total  float64
		scores []engine.Score
		code   string
		reason string // "" when not capped
	}{
		{"P total, M principle", 88, []engine.Score{sc("contain", true, 100), sc("notify", true, 52), sc("record", true, 95)},
			"S", "rated S, not P: NOTIFY was rated M"},
		{"P total, U principle", 86, []engine.Score{sc("contain", true, 100), sc("notify", true, 10), sc("record", true, 95)},
			"M", "rated M, not P: NOTIFY was rated U"},
		{"S total, U principle", 70, []engine.Score{sc("contain", true, 100), sc("notify", true, 39.9)},
			"M", "rated M, not S: NOTIFY was rated U"},
		{"M total, U principle", 50, []engine.Score{sc("contain", true, 90), sc("notify", true, 10)}, "M", ""},
		{"P total, S principle", 90, []engine.Score{sc("contain", true, 100), sc("notify", true, 65)}, "P", ""},
		{"P total, all P", 95, []engine.Score{sc("contain", true, 100), sc("notify", true, 85)}, "P", ""},
		{"S total, M principle", 66, []engine.Score{sc("contain", true, 100), sc("notify", true, 40)}, "S", ""},
		{"unscored ignored", 88, []engine.Score{sc("contain", true, 100), sc("notify", false, 0), sc("record", true, 76)}, "P", ""},
		{"nothing scored", 0, []engine.Score{sc("notify", false, 0)}, "U", ""},
		{"weakest of two low", 87, []engine.Score{sc("contain", true, 45), sc("notify", true, 20), sc("record", true, 100)},
			"M", "rated M, not P: NOTIFY was rated U"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, cp := engine.OverallRating(tc.total, tc.scores)
			if got.Code != tc.code {
				t.Errorf("OverallRating(%v) = %s, want %s", tc.total, got.Code, tc.code)
			}
			reason := ""
			if cp != nil {
				reason = cp.Reason(got, strings.ToUpper)
			}
			if reason != tc.reason {
				t.Errorf("reason = %q, want %q", reason, tc.reason)
			}
			if cp != nil && got.Label == cp.Band.Label {
				t.Errorf("capped rating keeps the band's label %q", got.Label)
			}
		})
	}
}

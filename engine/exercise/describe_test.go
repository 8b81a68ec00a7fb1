package exercise

import (
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

func TestDescribe(t *testing.T) {
	t.Parallel()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load("../../testdata/valid/exercise.toml", g)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ src, want string }{
		{"hours >= 4", "from T+4h"},
		{"4 < hours", "after T+4h"},
		{"exposed && hours < 2", "“exposed” is on and before T+2h"},
		{"!exposed", "“exposed” is off"},
		{"chose('lock')", "the team chose “Close the exposure now”"},
		{"!visited('statement')", "the team has not reached “The statement”"},
		{"hours_at('lock') <= 2", "the team chose “Close the exposure now” by T+2h"},
		{"'eu' in param.regions", "the regions include “eu”"},
		{"!('eu' in param.regions) && 'uk' in param.regions", "the regions do not include “eu” and the regions include “uk”"},
		{"param.listed", "the organisation is listed"},
		{"trust < 50", "“trust” is below 50"},
		{"(chose('lock') || exposed) && trust >= 10", "(either the team chose “Close the exposure now”, or “exposed” is on) and “trust” is at least 10"},
		{"max(trust, 3) > 2", "`max(trust, 3) > 2`"},
		{"true", "always"},
	} {
		if got := describe(sc, tc.src); got != tc.want {
			t.Errorf("describe(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}

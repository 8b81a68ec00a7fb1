package exercise

import (
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// TestRuledOut: a condition is ruled out when the parameters alone make it
// false, and only then.
func TestRuledOut(t *testing.T) {
	t.Parallel()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Parse("p.toml", []byte(`
[scenario]
id = "p"
title = "P"
start = "s"

[params]
listed = true
regions = ["eu", "us"]
sector = "retail"

[vars]
told = false

[[scenes]]
id = "s"
title = "S"

  [[scenes.choices]]
  id = "c"
  text = "C"
  set = { told = true }
  goto = "e"

[[endings]]
id = "e"
title = "E"
`), g)
	if err != nil {
		t.Fatal(err)
	}
	k := &kit{sc: sc}
	for _, tc := range []struct {
		src string
		out bool
	}{
		{"param.listed", false},
		{"!param.listed", true},
		{"!param.listed && told", true},
		{"told and not param.listed", true},
		{"param.listed && told", false},
		{"!param.listed || told", false},
		{"!param.listed || 'asia' in param.regions", true},
		{"'asia' in param.regions && told", true},
		{"'eu' in param.regions && told", false},
		{"param.sector == 'charity' && told", true},
		{"'charity' == param.sector && told", true},
		{"param.sector != 'charity' && told", false},
		{"told && (param.listed && !('us' in param.regions))", true},
		{"told", false},
	} {
		if got := k.ruledOut(&engine.Cond{Src: tc.src}); got != tc.out {
			t.Errorf("%s: ruled out %v, want %v", tc.src, got, tc.out)
		}
	}
	if k.ruledOut(nil) {
		t.Error("no condition is ruled out")
	}
}

package engine_test

import (
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// TestRuledOut: a condition is ruled out when the parameters alone make it
// false, and only then.
func TestRuledOut(t *testing.T) {
	t.Parallel()
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
`), guides(t))
	if err != nil {
		t.Fatal(err)
	}
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
		if got := sc.RuledOut(&engine.Cond{Src: tc.src}); got != tc.out {
			t.Errorf("%s: ruled out %v, want %v", tc.src, got, tc.out)
		}
	}
	if sc.RuledOut(nil) {
		t.Error("no condition is ruled out")
	}
}

package engine_test

import (
	"fmt"
	"strings"
)

// genScenario writes a scenario of n scenes with two numeric variables, for
// load and exploration benchmarks. Scene i offers three choices: two that go
// on to the next scenes and change the variables, and one, offered only while
// pressure is low, that jumps ahead. Every third scene checks a bound, so the
// variables matter to the state; the clock is read by nothing.
func genScenario(n int) []byte {
	var b strings.Builder
	b.Grow(n * 700)
	fmt.Fprintf(&b, "[scenario]\nid = \"gen-%d\"\ntitle = \"Generated, %d scenes\"\nversion = \"1\"\nstart = \"s0\"\n\n", n, n)
	b.WriteString("[vars]\ntrust = 50\npressure = 0\n\n[bounds]\ntrust = [0, 100]\npressure = [0, 6]\n\n")
	next := func(i int) string {
		if i >= n {
			return "calm"
		}
		return fmt.Sprintf("s%d", i)
	}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[scenes]]\nid = \"s%d\"\ntitle = \"Scene %d\"\ntext = \"Trust stands at {trust}; pressure at {pressure}.\"\n", i, i)
		fmt.Fprintf(&b, "\n  [[scenes.choices]]\n  id = \"s%d-open\"\n  text = \"Be open\"\n  add = { trust = 3, pressure = -1 }\n  score = { own = 1 }\n  why = \"Openness.\"\n  goto = %q\n", i, next(i+1))
		fmt.Fprintf(&b, "\n  [[scenes.choices]]\n  id = \"s%d-stall\"\n  text = \"Stall\"\n  add = { trust = -4, pressure = 1 }\n  score = { own = -1, update = -1 }\n  why = \"Stalling.\"\n  goto = %q\n", i, next(i+1))
		when := "pressure < 3"
		if i%3 == 0 {
			when = "pressure < 3 && trust > 20"
		}
		fmt.Fprintf(&b, "\n  [[scenes.choices]]\n  id = \"s%d-skip\"\n  text = \"Skip ahead\"\n  when = %q\n  score = { update = 1 }\n  why = \"Moving on.\"\n  goto = %q\n\n", i, when, next(i+2))
	}
	b.WriteString("[[endings]]\nid = \"calm\"\ntitle = \"Calm\"\ntext = \"It passes.\"\n\n[[endings]]\nid = \"lost\"\ntitle = \"Lost\"\nwhen = \"trust <= 0\"\ntext = \"Trust is gone.\"\n")
	return []byte(b.String())
}

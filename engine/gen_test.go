package engine_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
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
	next := genNext(n)
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

// genDrift writes the scenario of the measured case of issue 13: n scenes,
// two numeric variables that drift without [bounds], and eight flags. Scene i
// offers three choices that lead one, two and three scenes on: one is open
// (trust up, pressure down, a flag set), one stalls (the reverse), and one,
// offered while a flag is set or pressure is low, or once an earlier scene
// was stalled through, skips ahead and clears another flag. Nearly every
// path leads to a state of its own, so exploring it in full is out of reach
// past a few dozen scenes. Checks score flags and trust at the end.
func genDrift(n int) []byte {
	var b strings.Builder
	b.Grow(n * 800)
	fmt.Fprintf(&b, "[scenario]\nid = \"gen-drift-%d\"\ntitle = \"Generated drift, %d scenes\"\nversion = \"1\"\nstart = \"s0\"\n\n[vars]\ntrust = 50\npressure = 0\n", n, n)
	for f := 0; f < 8; f++ {
		fmt.Fprintf(&b, "f%d = false\n", f)
	}
	next := genNext(n)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\n[[scenes]]\nid = \"s%d\"\ntitle = \"Scene %d\"\ntext = \"Trust stands at {trust}; pressure at {pressure}.\"\n", i, i)
		fmt.Fprintf(&b, "\n  [[scenes.choices]]\n  id = \"s%d-open\"\n  text = \"Be open\"\n  add = { trust = 3, pressure = -1 }\n  set = { f%d = true }\n  score = { own = 1 }\n  why = \"Openness.\"\n  goto = %q\n", i, i%8, next(i+1))
		fmt.Fprintf(&b, "\n  [[scenes.choices]]\n  id = \"s%d-stall\"\n  text = \"Stall\"\n  add = { trust = -4, pressure = 2 }\n  score = { own = -1, update = -1 }\n  why = \"Stalling.\"\n  goto = %q\n", i, next(i+2))
		fmt.Fprintf(&b, "\n  [[scenes.choices]]\n  id = \"s%d-skip\"\n  text = \"Skip ahead\"\n  when = \"f%d || pressure < 2 || chose('s%d-stall')\"\n  set = { f%d = false }\n  score = { update = 1, contain = -1 }\n  why = \"Moving on.\"\n  goto = %q\n", i, (i+3)%8, i/2, (i+5)%8, next(i+3))
	}
	b.WriteString("\n[[checks]]\nprinciple = \"notify\"\nwhen = \"f0 && f1\"\nscore = 2\nwhy = \"Both told.\"\n")
	b.WriteString("\n[[checks]]\nprinciple = \"improve\"\nwhen = \"trust > 60\"\nscore = 3\nwhy = \"Trust rebuilt.\"\n")
	b.WriteString("\n[[endings]]\nid = \"lost\"\ntitle = \"Lost\"\nwhen = \"trust <= 0\"\ntext = \"Trust is gone.\"\n")
	b.WriteString("\n[[endings]]\nid = \"storm\"\ntitle = \"Storm\"\nwhen = \"pressure >= 12\"\ntext = \"The pressure breaks.\"\n")
	b.WriteString("\n[[endings]]\nid = \"calm\"\ntitle = \"Calm\"\ntext = \"It passes at trust {trust}.\"\n")
	return []byte(b.String())
}

// genNext names the scene i of a generated scenario of n scenes, or its
// ending "calm" past the last.
func genNext(n int) func(i int) string {
	return func(i int) string {
		if i >= n {
			return "calm"
		}
		return fmt.Sprintf("s%d", i)
	}
}

// genDir, when set, is where TestGenDrift writes the generated files that
// docs/performance.md measures the command line on.
var genDir = flag.String("gen-dir", "", "write the generated scenarios of docs/performance.md (drift-100.toml, gen-10k.toml) to `DIR`")

// TestGenDrift checks that the drift generator writes a valid scenario of the
// size asked, whose exploration does not fit a small budget; with -gen-dir,
// it writes the files of docs/performance.md.
func TestGenDrift(t *testing.T) {
	t.Parallel()
	src := genDrift(100)
	sc, err := engine.Parse("drift-100.toml", src, guides(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Scenes) != 100 || sc.NumChoices() != 300 || len(sc.Vars) != 10 {
		t.Errorf("%d scenes, %d choices, %d variables", len(sc.Scenes), sc.NumChoices(), len(sc.Vars))
	}
	if *genDir != "" {
		for name, src := range map[string][]byte{"drift-100.toml": src, "gen-10k.toml": genScenario(10_000)} {
			if err := os.WriteFile(filepath.Join(*genDir, name), src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

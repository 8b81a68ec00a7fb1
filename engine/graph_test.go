package engine_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	xgolden "github.com/charmbracelet/x/exp/golden"

	"github.com/ttx-dev/ttx/engine"
)

// TestGraph compares the graph of the rules fixture with its goldens
// (go test -update rewrites them).
func TestGraph(t *testing.T) {
	sc := loadValid(t, "rules.toml")
	a := engine.Analyze(sc, engine.Budget{})
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"dot", func(b *bytes.Buffer) error { return sc.WriteDOT(b, a) }},
		{"mermaid", func(b *bytes.Buffer) error { return sc.WriteMermaid(b, a) }},
		{"dot-without-analysis", func(b *bytes.Buffer) error { return sc.WriteDOT(b, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			xgolden.RequireEqual(t, b.Bytes())
		})
	}
}

// TestGraphRendersWithGraphviz feeds the DOT of every valid fixture and the
// flagship to Graphviz, which must accept it without a word.
func TestGraphRendersWithGraphviz(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Graphviz dot is not installed; .ci/run installs it")
		}
		t.Skip("Graphviz dot is not installed")
	}
	for _, sc := range []*engine.Scenario{loadValid(t, "rules.toml"), loadValid(t, "bucket-leak.toml"), loadFlagship(t)} {
		a := engine.Analyze(sc, engine.Budget{})
		for _, an := range []*engine.Analysis{a, nil} {
			var in bytes.Buffer
			if err := sc.WriteDOT(&in, an); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(dot, "-Tsvg")
			cmd.Stdin = &in
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Run(); err != nil || errb.Len() > 0 {
				t.Errorf("%s: dot: %v %s", sc.ID, err, errb.String())
			}
			if !strings.Contains(out.String(), "<svg") {
				t.Errorf("%s: no SVG", sc.ID)
			}
		}
	}
}

func BenchmarkGraph10k(b *testing.B) {
	sc, err := engine.Parse("gen.toml", genScenario(10_000), guides(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var buf bytes.Buffer
		if err := sc.WriteDOT(&buf, nil); err != nil {
			b.Fatal(err)
		}
	}
}

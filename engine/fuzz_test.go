package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// FuzzLoad parses arbitrary files: the loader never crashes and never reports
// an internal error, every diagnostic points inside the file and carries no
// control characters, and whatever loads can be played and explored.
func FuzzLoad(f *testing.F) {
	for _, dir := range []string{"../testdata/valid", "../testdata/invalid"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.toml"))
		for _, p := range files {
			src, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	g := guides(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := engine.Parse("fuzz.toml", src, g)
		lines := strings.Count(string(src), "\n") + 1
		if err != nil {
			ds, ok := err.(engine.Diagnostics)
			if !ok {
				t.Fatalf("error is not diagnostics: %v", err)
			}
			for _, d := range ds {
				if strings.Contains(d.Message, "internal error") {
					t.Fatalf("internal error: %v", d)
				}
				if d.Line < 0 || d.Line > lines || d.Col < 0 {
					t.Fatalf("position %d:%d outside the file's %d lines: %v", d.Line, d.Col, lines, d)
				}
				if engine.HasControl(d.Message) || engine.HasControl(d.Source) {
					t.Fatalf("control characters in a diagnostic: %q", d.Pretty())
				}
			}
			return
		}
		for seed := uint64(0); seed < 3; seed++ {
			d := playRandom(t, sc, seed)
			_ = d.Render(d.Scene().Text)
		}
		_ = engine.Analyze(sc, engine.Budget{MaxStates: 2000})
	})
}

package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// FuzzParseRegister: no input crashes the loader, and whatever loads
// survives Marshal and Parse unchanged.
func FuzzParseRegister(f *testing.F) {
	files, _ := filepath.Glob("../testdata/risks/*/*.toml")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	g := rubric(f)
	// Plan files are looked for on disk: keep them out of the fuzzer's way,
	// in a directory made once (one a run would cost the fuzzer most of its
	// time).
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		engine.FuzzWithin(time.Second, func() {
			reg, err := engine.ParseRegister(filepath.Join(dir, "risks.toml"), src, g)
			if err != nil {
				if strings.Contains(err.Error(), "internal error") {
					t.Fatalf("%v\n%q", err, src)
				}
				return
			}
			for i := range reg.Risks {
				reg.Risks[i].Plan.File = ""
			}
			out := reg.Marshal()
			back, err := engine.ParseRegister(reg.File, out, g)
			if err != nil {
				t.Fatalf("the canonical form does not load: %v\n%s", err, out)
			}
			sameRegister(t, back, reg)
		})
	})
}

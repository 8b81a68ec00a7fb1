package engine_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// updating reports whether go test -update asks for golden files to be
// rewritten (the flag is the golden package's).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func guides(t testing.TB) engine.Guides {
	t.Helper()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestInvalid loads every file in testdata/invalid and compares its
// diagnostics, positions included, with the .err file beside it.
func TestInvalid(t *testing.T) {
	g := guides(t)
	files, _ := filepath.Glob("../testdata/invalid/*.toml")
	if len(files) < 20 {
		t.Fatalf("only %d invalid fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := engine.Load(f, g)
			var ds engine.Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("want diagnostics, got %v", err)
			}
			for _, d := range ds {
				if d.Line < 1 || d.Col < 1 {
					t.Errorf("diagnostic without a position: %v", d)
				}
				if d.Hint == "" {
					t.Errorf("diagnostic without a hint: %v", d)
				}
			}
			got := strings.ReplaceAll(ds.Error(), "../testdata/invalid/", "") + "\n"
			checkGolden(t, strings.TrimSuffix(f, ".toml")+".err", []byte(got))
		})
	}
}

// checkGolden compares got with the file golden, which go test -update
// rewrites.
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if updating() {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date (go test -update rewrites it)\n got: %s\nwant: %s", golden, got, want)
	}
}

// TestValid loads every file in testdata/valid without errors or warnings.
func TestValid(t *testing.T) {
	g := guides(t)
	files, _ := filepath.Glob("../testdata/valid/*.toml")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sc, err := engine.Load(f, g)
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Warnings) > 0 {
				t.Errorf("warnings: %v", sc.Warnings)
			}
		})
	}
}

func TestPrettyDiagnostic(t *testing.T) {
	_, err := engine.Load("../testdata/invalid/undeclared-variable.toml", guides(t))
	var ds engine.Diagnostics
	if !errors.As(err, &ds) {
		t.Fatal(err)
	}
	want := `../testdata/invalid/undeclared-variable.toml:29:21: error: ` + "`trsut`" + ` is not a declared variable or function (did you mean "trust"?); declare variables in [vars]
 29 |   when = "leaked && trsut > 10"
    |                     ^
    = hint: `
	if got := ds[0].Pretty(); !strings.HasPrefix(got, want) {
		t.Errorf("got\n%s\nwant prefix\n%s", got, want)
	}
}

// TestLoadErrors covers errors about the file itself rather than its content.
func TestLoadErrors(t *testing.T) {
	g := guides(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope.toml"), "no such file"},
		{"directory", dir, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine.Load(tc.path, g)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	src := make([]byte, engine.MaxFileSize+1)
	for i := range src {
		src[i] = '#'
	}
	_, err := engine.Parse("big.toml", src, guides(t))
	if err == nil || !strings.Contains(err.Error(), "limited to") {
		t.Fatalf("got %v", err)
	}
}

// TestHostile checks that files built to hurt the TOML decoder or expr's
// parser are rejected quickly with a positioned error, not a crash.
func TestHostile(t *testing.T) {
	g := guides(t)
	for _, tc := range []struct {
		name string
		src  string
		want string
	}{
		{"nested arrays", "x = " + strings.Repeat("[", 2_000_000) + strings.Repeat("]", 2_000_000), "hostile.toml:1:13: arrays and inline tables nest"},
		{"nested inline tables", "x = " + strings.Repeat("{a=", 10_000) + "1" + strings.Repeat("}", 10_000), "hostile.toml:1:29: arrays and inline tables nest"},
		{"dotted keys", strings.Repeat("a.", 10_000) + "b = 1", "hostile.toml:1:16: this key has more than"},
		{"dotted header", "[" + strings.Repeat("a.", 10_000) + "b]", "hostile.toml:1:17: this table header has more than"},
		{"parentheses", "[scenario]\nid = \"x\"\ntitle = \"x\"\nstart = \"s\"\n[[scenes]]\nid = \"s\"\ntitle = \"s\"\n[[scenes.choices]]\nid = \"c\"\ntext = \"c\"\ngoto = \"e\"\nwhen = \"" + strings.Repeat("(", 1_000_000) + "true" + strings.Repeat(")", 1_000_000) + "\"\n[[endings]]\nid = \"e\"\ntitle = \"e\"\n", "hostile.toml:12:9: the expression is"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine.Parse("hostile.toml", []byte(tc.src), g)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v, want prefix %q", err, tc.want)
			}
		})
	}
}

// TestLoadGenerated loads a generated scenario of ten thousand scenes.
func TestLoadGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("decoding a 10,000-scene file takes seconds")
	}
	sc, err := engine.Parse("gen.toml", genScenario(10_000), guides(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Scenes) != 10_000 || sc.NumChoices() != 30_000 {
		t.Errorf("%d scenes, %d choices", len(sc.Scenes), sc.NumChoices())
	}
}

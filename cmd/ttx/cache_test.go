package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// TestRunReadsTheCache shows that a run of a scenario whose analysis is
// cached explores nothing: the cache holds an analysis doctored to say the
// best own score is 50, and the run scores against 50.
func TestRunReadsTheCache(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../testdata/valid/mini.toml")
	if err != nil {
		t.Fatal(err)
	}
	// A file of its own, so that no other test shares its cache entry.
	src = append(src, []byte("\n# TestRunReadsTheCache\n")...)
	file := filepath.Join(t.TempDir(), "mini.toml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Parse(file, src, g)
	if err != nil {
		t.Fatal(err)
	}
	a := engine.Analyze(sc, engine.Budget{})
	own, _ := sc.Guidance.PrincipleIndex("own")
	a.Best[own] = 50
	if err := analysisCache().Put(sc, engine.Budget{}, a); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"run", file, "--choose", "act,sorry", "--json"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var res struct {
		Principles []struct {
			ID   string `json:"id"`
			Best int    `json:"best"`
		} `json:"principles"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	got := -1
	for _, p := range res.Principles {
		if p.ID == "own" {
			got = p.Best
		}
	}
	if got != 50 {
		t.Errorf("the run scored against a best of %d, not the cached 50: it explored again", got)
	}
}

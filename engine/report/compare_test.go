package report_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine/report"
)

func TestDivergence(t *testing.T) {
	sc := load(t, flagship)
	rs := load(t, rules)
	guidance := playtestPath(t, "guidance path")
	stonewall := playtestPath(t, "stonewall path")
	tests := []struct {
		name   string
		a, b   report.Input
		step   int
		differ bool
	}{
		{"same path", play(t, sc, 1, guidance), play(t, sc, 1, guidance), 0, false},
		{"same path, other seed", play(t, sc, 1, guidance), play(t, sc, 2, guidance), 0, false},
		{"first decision", play(t, sc, 1, guidance), play(t, sc, 1, stonewall), 0, true},
		{"second decision, timed out", play(t, sc, 1, guidance), play(t, sc, 1, mixedPath), 1, true},
		{"a prefix", play(t, sc, 1, guidance[:4]), play(t, sc, 1, guidance), 4, true},
		{"the longer first", play(t, sc, 1, guidance), play(t, sc, 1, guidance[:4]), 4, true},
		{"empty and not", play(t, sc, 1, nil), play(t, sc, 1, guidance[:1]), 0, true},
		{"both empty", play(t, sc, 1, nil), play(t, sc, 1, nil), 0, false},
		{"picks in another order", play(t, rs, 1, []string{"notify", "a+b"}), play(t, rs, 1, []string{"notify", "b+a"}), 0, false},
		{"another pick", play(t, rs, 1, []string{"notify", "a+b"}), play(t, rs, 1, []string{"notify", "a"}), 1, true},
		{"the last pick", play(t, sc, 1, guidance), play(t, sc, 1, append(guidance[:11:11], "skip-report")), 11, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			step, ok := report.Divergence(tc.a, tc.b)
			if ok != tc.differ || step != tc.step {
				t.Errorf("Divergence = %d, %v; want %d, %v", step, ok, tc.step, tc.differ)
			}
			// symmetric, and the same without drills
			if s2, ok2 := report.Divergence(tc.b, tc.a); s2 != step || ok2 != ok {
				t.Errorf("not symmetric: %d, %v", s2, ok2)
			}
			a, b := tc.a, tc.b
			a.Drill, b.Drill = nil, nil
			if s3, ok3 := report.Divergence(a, b); s3 != step || ok3 != ok {
				t.Errorf("without drills: %d, %v", s3, ok3)
			}
			a, b = tc.a, tc.b
			a.Result, b.Result = nil, nil
			if s4, ok4 := report.Divergence(a, b); s4 != step || ok4 != ok {
				t.Errorf("without results: %d, %v", s4, ok4)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	src := mustRead(t, flagship)
	sc := load(t, flagship)
	v11 := loadSrc(t, "v11.toml", bytes.Replace(src, []byte(`version = "2.1"`), []byte(`version = "2.2"`), 1))
	edited := loadSrc(t, "edited.toml", append(bytes.Clone(src), "\n# an edit that keeps the version\n"...))
	guidance := playtestPath(t, "guidance path")
	base := dressed(play(t, sc, 1, mixedPath))
	tests := []struct {
		name    string
		runs    []report.Input
		warn    string // "" for no warning
		diverge []string
	}{
		{"same file", []report.Input{base, play(t, sc, 1, guidance), play(t, sc, 1, playtestPath(t, "stonewall path"))}, "",
			[]string{"made the same first decision, and diverged at decision 2", "chose differently from the start, and diverged at decision 1"}},
		{"other version", []report.Input{base, play(t, v11, 1, guidance)}, "different versions of the scenario (Run #42: 2.1; Run 2: 2.2)",
			[]string{"diverged at decision 2"}},
		{"same version, other file", []report.Input{base, play(t, edited, 1, mixedPath)}, "the scenario file was different",
			[]string{"took the same path through all 13 decisions"}},
		{"one run", []report.Input{base}, "", []string{"There is only one run."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h, m bytes.Buffer
			if err := report.CompareHTML(&h, tc.runs); err != nil {
				t.Fatal(err)
			}
			if err := report.CompareMarkdown(&m, tc.runs); err != nil {
				t.Fatal(err)
			}
			if *outDir != "" {
				name := "compare-" + strings.ReplaceAll(tc.name, " ", "-")
				write(t, filepath.Join(*outDir, name+".html"), h.Bytes())
				write(t, filepath.Join(*outDir, name+".md"), m.Bytes())
			}
			root := checkHTML(t, h.Bytes())
			checkSelfContained(t, root, h.Bytes())
			svgs := find(root, "svg", "")
			if len(svgs) != 1 {
				t.Fatalf("%d charts, want 1", len(svgs))
			}
			warns := find(root, "div", "warning")
			md := m.String()
			if tc.warn == "" {
				if len(warns) != 0 || strings.Contains(md, "Warning") {
					t.Errorf("unexpected warning: %q", text(warns[0]))
				}
			} else {
				if len(warns) != 1 || !strings.Contains(text(warns[0]), tc.warn) {
					t.Errorf("no visible warning %q", tc.warn)
				}
				if !strings.Contains(md, "> **Warning:**") || !strings.Contains(md, tc.warn) {
					t.Errorf("no warning %q in the Markdown", tc.warn)
				}
			}
			all := text(root)
			for _, want := range tc.diverge {
				if !strings.Contains(all, want) || !strings.Contains(md, want) {
					t.Errorf("no %q", want)
				}
			}
			// every run's score for every principle, in the chart and the tables
			tables := mdTables(t, md)
			var scores [][]string
			for _, tb := range tables {
				if tb[0][0] == "Principle" {
					scores = tb
				}
			}
			bars := text(svgs[0])
			for i, in := range tc.runs {
				row := 2
				for _, s := range in.Result.Scores {
					if !s.Scored {
						continue
					}
					want := report.FormatPercent(s.Percent) + " " + ratingCode(s.Percent)
					if !strings.Contains(bars, want) {
						t.Errorf("run %d: the chart lacks %q", i+1, want)
					}
					if got := scores[row][i+1]; got != want {
						t.Errorf("run %d, %s: %q, want %q", i+1, s.Principle, got, want)
					}
					row++
				}
				if got, want := scores[row][i+1], "**"+report.FormatPercent(in.Result.TotalPercent)+" "+overallCode(in.Result)+"**"; got != want {
					t.Errorf("run %d overall %q, want %q", i+1, got, want)
				}
			}
		})
	}
	if err := report.CompareHTML(&bytes.Buffer{}, nil); err == nil {
		t.Error("no error comparing no runs")
	}
}

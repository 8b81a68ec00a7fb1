package risk_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	xgolden "github.com/charmbracelet/x/exp/golden"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
)

// -risk.out writes the reports of the tests to a directory, to look at.
var outDir = flag.String("risk.out", "", "write sample reports to this directory")

func write(t *testing.T, name string, data []byte) {
	t.Helper()
	if *outDir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*outDir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// sample is the starter assessed against the drill history, with a small
// simulation.
func sample(t *testing.T) (*risk.Assessment, *risk.Simulation) {
	t.Helper()
	reg := risk.Starter()
	reg.Title = "Northwind Outfitters"
	reg.Currency = "EUR"
	a, err := risk.Assess(reg, drillHistory(), now)
	if err != nil {
		t.Fatal(err)
	}
	return a, risk.Simulate(reg, 5_000, 1)
}

// heatMapSection cuts the heat map out of a text report.
func heatMapSection(t *testing.T, report string) string {
	t.Helper()
	start := strings.Index(report, "\nHeat map\n")
	end := strings.Index(report, "\nReadiness by risk\n")
	if start < 0 || end < start {
		t.Fatalf("no heat map in\n%s", report)
	}
	return report[start+1 : end]
}

// TestTextHeatMap compares the text heat map at fixed widths with its
// goldens (go test -update rewrites them).
func TestTextHeatMap(t *testing.T) {
	a, _ := sample(t)
	for _, width := range []int{80, 60, 120} {
		t.Run("w"+strconv.Itoa(width), func(t *testing.T) {
			var b bytes.Buffer
			if err := risk.Text(&b, a, nil, width); err != nil {
				t.Fatal(err)
			}
			hm := heatMapSection(t, b.String())
			for _, line := range strings.Split(hm, "\n") {
				if n := utf8.RuneCountInString(line); n > max(width, 68) {
					t.Errorf("line of %d runes, wider than %d: %q", n, width, line)
				}
			}
			xgolden.RequireEqual(t, []byte(hm))
		})
	}
}

// TestTextReport: the whole text report at width 80, with the simulation,
// against its golden, and what it must say.
func TestTextReport(t *testing.T) {
	a, sim := sample(t)
	var b bytes.Buffer
	if err := risk.Text(&b, a, sim, 80); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	write(t, "risks.txt", b.Bytes())
	if !strings.HasPrefix(out, "Northwind Outfitters: readiness on 2026-11-28\n"+a.Summary.Verdict[:20]) {
		t.Errorf("the summary is not at the top:\n%s", out[:200])
	}
	order := []string{"Band (severity)", "Heat map", "Readiness by risk", "Expected annual loss", "Loss exceedance"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i <= last {
			t.Errorf("%q missing or out of order", s)
		}
		last = i
	}
	for _, want := range []string{
		"\ncustomer-data-stolen · high 15\n  possible × catastrophic · after treatment medium 8: unlikely × major\n",
		"Drills: retail-card-breach: 3 drills, last 2026-10-02, latest 64%, best 81%",
		"Drills: ransomware-extortion: 1 drill, last",
		"    - Name one press owner for incidents (notify; Head of Communications; due\n      2026-11-01, overdue)",
		"! never exercised: no scenario drills it",
		"! not exercised in the last 12 months: last drill 2025-06-20",
		"! the plan does not cover prepare, own, improve",
		"EUR ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the report", want)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("line of %d runes: %q", n, line)
		}
	}
	xgolden.RequireEqual(t, b.Bytes())
}

// TestMarkdownReport compares the Markdown report with its golden.
func TestMarkdownReport(t *testing.T) {
	a, sim := sample(t)
	var b bytes.Buffer
	if err := risk.Markdown(&b, a, sim); err != nil {
		t.Fatal(err)
	}
	write(t, "risks.md", b.Bytes())
	for _, want := range []string{"# Northwind Outfitters: readiness", "| 3 possible | · low | · (1) medium | · (1) medium | 3 high | 2 high |", "## Loss exceedance"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
	xgolden.RequireEqual(t, b.Bytes())
}

// TestHTMLReport: the page is well formed, self-contained, has both charts
// coloured by band and prints on A4.
func TestHTMLReport(t *testing.T) {
	a, sim := sample(t)
	for _, tc := range []struct {
		name string
		sim  *risk.Simulation
	}{{"with simulation", sim}, {"without", nil}, {"nothing to simulate", risk.Simulate(&engine.Register{}, 10, 1)}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := risk.HTML(&b, a, tc.sim); err != nil {
				t.Fatal(err)
			}
			doc := b.Bytes()
			write(t, strings.ReplaceAll(tc.name, " ", "-")+".html", doc)
			root := checkHTML(t, doc)
			checkSelfContained(t, root, doc)
			if !bytes.Contains(doc, []byte("@page { size: A4; margin: 15mm; }")) {
				t.Error("no A4 page style")
			}
			svgs := find(root, "svg", "chart")
			want := 1
			if tc.sim != nil && len(tc.sim.Curve) > 0 {
				want = 2
			}
			if len(svgs) != want {
				t.Fatalf("%d charts, want %d", len(svgs), want)
			}
			rects := find(svgs[0], "rect", "")
			if len(rects) != 25 {
				t.Errorf("%d cells in the heat map", len(rects))
			}
			fills := map[string]bool{}
			for _, r := range rects {
				for _, at := range r.Attr {
					if at.Key == "fill" {
						fills[at.Val] = true
					}
				}
			}
			if len(fills) != 4 {
				t.Errorf("the heat map uses %d colours, want one per band", len(fills))
			}
			if want == 2 && len(find(svgs[1], "circle", "")) != risk.CurvePoints {
				t.Error("the curve does not show every point")
			}
			all := text(root)
			for _, s := range []string{a.Summary.Verdict, "Readiness by risk", "customer-data-stolen", "Name one press owner for incidents"} {
				if !strings.Contains(all, s) {
					t.Errorf("no %q in the page", s)
				}
			}
			if got := len(find(root, "section", "risk")); got != len(a.Risks) {
				t.Errorf("%d risk sections, want %d", got, len(a.Risks))
			}
		})
	}
}

// TestHTMLEscapes: text from the register cannot break the page.
func TestHTMLEscapes(t *testing.T) {
	reg := risk.Starter()
	hostile := `<script>alert(1)</script> & "quotes" 'single' <a href="https://x">x</a> ]]> <!-- -->`
	reg.Title = hostile
	reg.Currency = "<€>"
	reg.Risks[0].Title = hostile
	reg.Risks[0].Owner = hostile
	reg.Risks[0].Plan.File = hostile
	runs := drillHistory()
	runs.actions["retail-card-breach"][0].What = hostile
	a, err := risk.Assess(reg, runs, now)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := risk.HTML(&b, a, risk.Simulate(reg, 1000, 1)); err != nil {
		t.Fatal(err)
	}
	root := checkHTML(t, b.Bytes())
	checkSelfContained(t, root, b.Bytes())
	if !strings.Contains(text(root), hostile) {
		t.Error("the hostile text is not shown as text")
	}
}

// TestJSONRoundTrip: the JSON document decodes back to the same values.
func TestJSONRoundTrip(t *testing.T) {
	a, sim := sample(t)
	for _, s := range []*risk.Simulation{sim, nil} {
		var b bytes.Buffer
		if err := risk.JSON(&b, a, s); err != nil {
			t.Fatal(err)
		}
		var doc risk.Document
		dec := json.NewDecoder(bytes.NewReader(b.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if doc.Format != risk.DocumentFormat {
			t.Errorf("format %d", doc.Format)
		}
		if doc.Assessment.Register() != nil {
			t.Error("a decoded assessment has a register")
		}
		got, want := *doc.Assessment, *a
		want = stripRegister(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("the assessment does not round-trip:\n got %+v\nwant %+v", got, want)
		}
		if !reflect.DeepEqual(doc.Simulation, s) {
			t.Errorf("the simulation does not round-trip:\n got %+v\nwant %+v", doc.Simulation, s)
		}
		var again bytes.Buffer
		if err := risk.JSON(&again, doc.Assessment, doc.Simulation); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Bytes(), b.Bytes()) {
			t.Error("encoding the decoded document gives other bytes")
		}
	}
}

// stripRegister returns a with its unexported register reference cleared,
// as JSON leaves it, by a round trip through the exported fields.
func stripRegister(a risk.Assessment) risk.Assessment {
	return risk.Assessment{Title: a.Title, File: a.File, Currency: a.Currency, Now: a.Now, Bands: a.Bands, Summary: a.Summary, HeatMap: a.HeatMap, Risks: a.Risks}
}

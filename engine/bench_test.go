package engine_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/ttx-dev/ttx/engine"
)

const flagship = "../scenarios/retail-card-breach.toml"

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// BenchmarkDecodeFlagship is the floor of loading: the bare TOML decode.
func BenchmarkDecodeFlagship(b *testing.B) {
	src := string(readFile(b, flagship))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		var m map[string]any
		if _, err := toml.Decode(src, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadFlagship(b *testing.B) {
	src := readFile(b, flagship)
	g := guides(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := engine.Parse("flagship.toml", src, g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode10k(b *testing.B) {
	src := string(genScenario(10_000))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		var m map[string]any
		if _, err := toml.Decode(src, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad10k(b *testing.B) {
	src := genScenario(10_000)
	g := guides(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := engine.Parse("gen.toml", src, g); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecision measures one decision on the flagship: effects, endings,
// events and the move to the next scene. Starting a new drill when one ends
// is not timed.
func BenchmarkDecision(b *testing.B) {
	sc := loadFlagship(b)
	seed := uint64(0)
	d := engine.NewDrill(sc, seed)
	picks := make([]int, 0, 8)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if d.Ended() {
			b.StopTimer()
			seed++
			d = engine.NewDrill(sc, seed)
			b.StartTimer()
		}
		lo, _ := d.PickRange()
		picks = picks[:0]
		s := d.Scene()
		for j := range s.Choices {
			if len(picks) == lo {
				break
			}
			if c := &s.Choices[j]; c.When == nil || c.When.Eval(d.State()) {
				picks = append(picks, (j+i)%len(s.Choices))
			}
		}
		_ = d.ChooseIndex(picks...)
	}
}

// BenchmarkPlaythrough plays random drills of the flagship to their end.
func BenchmarkPlaythrough(b *testing.B) {
	sc := loadFlagship(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		playRandom(b, sc, uint64(i))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "playthroughs/s")
}

func BenchmarkAnalyzeFlagship(b *testing.B) {
	sc := loadFlagship(b)
	var states int
	for b.Loop() {
		states = engine.Analyze(sc, engine.Budget{}).States
	}
	b.ReportMetric(float64(states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
	b.ReportMetric(float64(states), "states")
}

func loadFlagship(t testing.TB) *engine.Scenario {
	t.Helper()
	sc, err := engine.Load(flagship, guides(t))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// BenchmarkAnalyzeGenerated explores generated scenarios of three sizes:
// states per second should hold steady as the size grows.
func BenchmarkAnalyzeGenerated(b *testing.B) {
	for _, n := range []int{1_000, 3_000, 10_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			sc, err := engine.Parse("gen.toml", genScenario(n), guides(b))
			if err != nil {
				b.Fatal(err)
			}
			var states int
			for b.Loop() {
				states = engine.Analyze(sc, engine.Budget{MaxStates: 50_000_000, MaxMemory: 4 << 30}).States
			}
			b.ReportMetric(float64(states), "states")
			b.ReportMetric(float64(states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
		})
	}
}

// BenchmarkPlay plays random drills of generated scenarios of 100, 1,000 and
// 10,000 scenes (genDrift: three choices a scene, drifting numbers, flags,
// and chose() across the file) through the engine API, as a front end would:
// 30 decisions each, every scene's title and text and every offered
// choice's text rendered, choices drawn uniformly among those offered. Its
// playthroughs/s must not depend on the size of the file
// (docs/performance.md).
func BenchmarkPlay(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000} {
		sc, err := engine.Parse("gen.toml", genDrift(n), guides(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, uint64(n)))
			var rendered int
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				d := engine.NewDrill(sc, uint64(i))
				for k := 0; k < 30 && !d.Ended(); k++ {
					s := d.Scene()
					rendered += len(d.Render(s.Title)) + len(d.Render(s.Text))
					off := d.Offered()
					for _, j := range off {
						rendered += len(d.Render(s.Choices[j].Text))
					}
					if err := d.ChooseIndex(off[rng.IntN(len(off))]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "playthroughs/s")
			if rendered == 0 {
				b.Fatal("nothing was rendered")
			}
		})
	}
}

// BenchmarkAnalyzeDrift analyzes the measured case of issue 13 (genDrift of
// 100 scenes) with the default budget: the exploration stops at its memory
// budget, and the estimate takes over.
func BenchmarkAnalyzeDrift(b *testing.B) {
	sc, err := engine.Parse("drift.toml", genDrift(100), guides(b))
	if err != nil {
		b.Fatal(err)
	}
	var a *engine.Analysis
	for b.Loop() {
		a = engine.Analyze(sc, engine.Budget{})
	}
	if !a.Estimated {
		b.Fatal("the drift scenario fitted the budget")
	}
	b.ReportMetric(float64(a.States), "states")
}

package risk_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/risk"
)

func lossRisk(id string, p, low, high float64) engine.Risk {
	return engine.Risk{ID: id, Title: id, Owner: "CFO", Likelihood: 3, Impact: 3, Treatment: engine.TreatReduce,
		AnnualProbability: p, LossLow: low, LossHigh: high}
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Abs(want) {
		t.Errorf("%s = %g, want %g ± %.1f%%", what, got, want, 100*tol)
	}
}

// TestSimulateSingleRisk checks the statistics of one risk against the
// model: P(loss in a year) = p, mean annual loss = λ·E[severity].
func TestSimulateSingleRisk(t *testing.T) {
	for _, tc := range []struct{ p, low, high float64 }{
		{0.3, 10_000, 1_000_000},
		{0.05, 200_000, 12_000_000},
		{0.9, 1_000, 5_000}, // λ > 2: several occurrences a year are common
	} {
		t.Run(fmt.Sprint(tc.p), func(t *testing.T) {
			reg := &engine.Register{Risks: []engine.Risk{lossRisk("r", tc.p, tc.low, tc.high)}}
			sim := risk.Simulate(reg, 400_000, 42)
			r := sim.Risks[0]
			lambda := -math.Log(1 - tc.p)
			sigma := (math.Log(tc.high) - math.Log(tc.low)) / (2 * 1.6449)
			mu := (math.Log(tc.high) + math.Log(tc.low)) / 2
			want := lambda * math.Exp(mu+sigma*sigma/2)
			near(t, "rate", r.Rate, lambda, 1e-12)
			near(t, "sigma", r.Sigma, sigma, 1e-4)
			near(t, "mu", r.Mu, mu, 1e-12)
			near(t, "exact mean", r.ExpectedExact, want, 1e-3)
			near(t, "mean annual loss", r.Expected, want, 0.04)
			near(t, "P(loss > 0)", r.LossYears, tc.p, 0.02)
			near(t, "any loss", sim.AnyLoss, tc.p, 0.02)
			if sim.Expected != r.Expected {
				t.Errorf("total %g, risk %g", sim.Expected, r.Expected)
			}
		})
	}
}

// TestSimulateSeverity: with p small, a year with a loss nearly always has
// one occurrence, so the losses of those years have the fitted lognormal's
// percentiles: 5% below low, 5% above high, the median at √(low·high).
func TestSimulateSeverity(t *testing.T) {
	const low, high = 50_000.0, 2_000_000.0
	reg := &engine.Register{Risks: []engine.Risk{lossRisk("r", 0.02, low, high)}}
	sim := risk.Simulate(reg, 2_000_000, 7)
	// The curve's points give P(total > x); divide by P(any loss).
	for _, pt := range sim.Curve {
		cond := pt.Probability / sim.AnyLoss
		z := (math.Log(pt.Loss) - sim.Risks[0].Mu) / sim.Risks[0].Sigma
		want := 0.5 * math.Erfc(z/math.Sqrt2) // P(severity > x)
		if math.Abs(cond-want) > 0.01+0.02*want {
			t.Errorf("P(loss > %.0f | a loss) = %.4f, want %.4f", pt.Loss, cond, want)
		}
	}
}

// TestSimulateDeterministic: the same seed gives the same result; another
// seed another one.
func TestSimulateDeterministic(t *testing.T) {
	reg := risk.Starter()
	a := risk.Simulate(reg, 20_000, 1)
	b := risk.Simulate(reg, 20_000, 1)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with the same seed differ")
	}
	c := risk.Simulate(reg, 20_000, 2)
	if a.Expected == c.Expected {
		t.Error("another seed gives the same result")
	}
}

// TestSimulateShape checks the result's structure on the starter.
func TestSimulateShape(t *testing.T) {
	reg := risk.Starter()
	sim := risk.Simulate(reg, 0, 3)
	if sim.Years != risk.DefaultYears {
		t.Errorf("years %d", sim.Years)
	}
	with := 0
	for _, r := range reg.Risks {
		if r.HasLossEstimate() {
			with++
		}
	}
	if len(sim.Risks) != with {
		t.Errorf("%d simulated risks, want %d", len(sim.Risks), with)
	}
	var sum, exact float64
	for _, r := range sim.Risks {
		sum += r.Expected
		exact += r.ExpectedExact
	}
	near(t, "sum of the risks' means", sim.Expected, sum, 1e-9)
	near(t, "exact total", sim.ExpectedExact, exact, 1e-9)
	near(t, "simulated total vs exact", sim.Expected, sim.ExpectedExact, 0.1)
	if len(sim.Curve) != risk.CurvePoints {
		t.Fatalf("%d curve points", len(sim.Curve))
	}
	for i := 1; i < len(sim.Curve); i++ {
		p, c := sim.Curve[i-1], sim.Curve[i]
		if c.Loss <= p.Loss || c.Probability > p.Probability {
			t.Errorf("curve not increasing in loss and decreasing in probability at %d: %+v %+v", i, p, c)
		}
		// log-spaced: constant ratio
		if i > 1 && i < len(sim.Curve)-1 {
			near(t, "spacing", c.Loss/p.Loss, sim.Curve[1].Loss/sim.Curve[0].Loss, 1e-6)
		}
	}
	if last := sim.Curve[len(sim.Curve)-1]; last.Probability != 0 {
		t.Errorf("the largest year is exceeded: %+v", last)
	}
	if first := sim.Curve[0]; first.Probability > sim.AnyLoss || first.Probability < sim.AnyLoss*0.95 {
		t.Errorf("the curve starts at %+v, any loss %g", first, sim.AnyLoss)
	}
	for i := 1; i < len(sim.Percentiles); i++ {
		if sim.Percentiles[i].Loss < sim.Percentiles[i-1].Loss || sim.Percentiles[i].P <= sim.Percentiles[i-1].P {
			t.Errorf("percentiles not increasing: %+v", sim.Percentiles)
		}
	}
}

// TestSimulateNothing: a register without loss estimates simulates nothing.
func TestSimulateNothing(t *testing.T) {
	reg := &engine.Register{Risks: []engine.Risk{{ID: "a", Likelihood: 1, Impact: 1}}}
	sim := risk.Simulate(reg, 1000, 1)
	if len(sim.Risks) != 0 || sim.Expected != 0 || sim.Curve != nil || sim.AnyLoss != 0 || len(sim.Percentiles) != 5 {
		t.Errorf("%+v", sim)
	}
	zero := &engine.Register{Risks: []engine.Risk{lossRisk("z", 0, 1, 2)}}
	if sim := risk.Simulate(zero, 1000, 1); len(sim.Risks) != 0 {
		t.Errorf("a risk with p = 0 was simulated: %+v", sim.Risks)
	}
}

// fiftyRisks is a register of 50 risks with loss estimates.
func fiftyRisks() *engine.Register {
	reg := &engine.Register{}
	for i := range 50 {
		p := 0.01 + 0.5*float64(i%10)/10
		low := 10_000 * float64(1+i%7)
		reg.Risks = append(reg.Risks, lossRisk(fmt.Sprintf("risk-%02d", i), p, low, low*float64(20+i)))
	}
	return reg
}

// BenchmarkSimulate: 100,000 years of 50 risks.
func BenchmarkSimulate(b *testing.B) {
	reg := fiftyRisks()
	b.ReportAllocs()
	for b.Loop() {
		risk.Simulate(reg, 100_000, 1)
	}
}

// TestSimulateYearsBound: a number of years above MaxYears draws MaxYears,
// never allocating for more.
func TestSimulateYearsBound(t *testing.T) {
	t.Parallel()
	sim := risk.Simulate(&engine.Register{}, math.MaxInt, 1)
	if sim.Years != risk.MaxYears {
		t.Errorf("drew %d years, want %d", sim.Years, risk.MaxYears)
	}
}

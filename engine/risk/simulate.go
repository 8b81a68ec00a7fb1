package risk

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/ttx-dev/ttx/engine"
)

// The Monte Carlo simulation of a year of losses. A risk with a loss
// estimate gives the chance p of at least one occurrence in a year and a 90%
// range [low, high] of the loss of one occurrence. Each simulated year, each
// such risk occurs a Poisson number of times with rate λ = -ln(1-p), so that
// the chance of at least one occurrence is p, and each occurrence costs a
// lognormal amount whose 5th and 95th percentiles are low and high. The
// risks are independent of each other.

// z95 is the 95th percentile of the standard normal distribution: a 90%
// range spans 2·z95 standard deviations.
const z95 = 1.6448536269514722

// DefaultYears is how many years Simulate draws when asked for none.
const DefaultYears = 100_000

// MaxYears is the most years Simulate draws: the annual totals are kept to
// read percentiles from, 8 bytes a year (80 MB at the most), and drawing
// them takes a few seconds for a register of ten risks.
const MaxYears = 10_000_000

// CurvePoints is how many points the loss exceedance curve has.
const CurvePoints = 20

// Simulation is the result of simulating many years of the register's
// losses.
type Simulation struct {
	Years    int    `json:"years"`
	Seed     uint64 `json:"seed"`
	Currency string `json:"currency,omitempty"`
	// Risks are the risks with a loss estimate, in the register's order;
	// the others do not take part.
	Risks []RiskLoss `json:"risks"`
	// Expected is the mean total annual loss; ExpectedExact the value the
	// model gives exactly, the sum of the risks'.
	Expected      float64 `json:"expected"`
	ExpectedExact float64 `json:"expected_exact"`
	// AnyLoss is the share of years with any loss at all.
	AnyLoss float64 `json:"any_loss"`
	// Percentiles of the total annual loss.
	Percentiles []Percentile `json:"percentiles"`
	// Curve is the loss exceedance curve: for amounts spread log-wise from
	// below the smallest single loss to the largest simulated year, the
	// share of years whose total loss exceeds the amount. Nil when no year
	// had a loss.
	Curve []CurvePoint `json:"curve"`
}

// RiskLoss is the loss model of one risk and what the simulation made of it.
type RiskLoss struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Probability float64 `json:"annual_probability"` // p
	Rate        float64 `json:"rate"`               // λ = -ln(1-p)
	Low         float64 `json:"loss_low"`
	High        float64 `json:"loss_high"`
	Mu          float64 `json:"mu"` // of the lognormal severity
	Sigma       float64 `json:"sigma"`
	// Expected is the simulated mean annual loss of the risk; ExpectedExact
	// is λ·E[severity] = λ·exp(μ+σ²/2).
	Expected      float64 `json:"expected"`
	ExpectedExact float64 `json:"expected_exact"`
	// LossYears is the share of simulated years in which the risk occurred.
	LossYears float64 `json:"loss_years"`
}

// Percentile is the total annual loss that a share P of years stays at or
// below.
type Percentile struct {
	P    float64 `json:"p"` // 0.5, 0.9, ...
	Loss float64 `json:"loss"`
}

// CurvePoint is one point of the loss exceedance curve.
type CurvePoint struct {
	Loss        float64 `json:"loss"`
	Probability float64 `json:"probability"` // of a year's total loss exceeding Loss
}

// lossModel fits the frequency and severity of a risk.
func lossModel(r *engine.Risk) RiskLoss {
	m := RiskLoss{ID: r.ID, Title: r.Title, Probability: r.AnnualProbability, Low: r.LossLow, High: r.LossHigh}
	m.Rate = -math.Log1p(-r.AnnualProbability)
	lo, hi := math.Log(r.LossLow), math.Log(r.LossHigh)
	m.Mu = (hi + lo) / 2
	m.Sigma = (hi - lo) / (2 * z95)
	m.ExpectedExact = m.Rate * math.Exp(m.Mu+m.Sigma*m.Sigma/2)
	return m
}

// Simulate draws years years of losses of the risks of reg that have a loss
// estimate (DefaultYears when years < 1, MaxYears when years is more), from
// a PCG generator seeded with seed, so that the same register, years and
// seed always give the same result. The Simulation's Years says how many
// were drawn.
func Simulate(reg *engine.Register, years int, seed uint64) *Simulation {
	if years < 1 {
		years = DefaultYears
	}
	years = min(years, MaxYears)
	sim := &Simulation{Years: years, Seed: seed, Currency: reg.Currency, Risks: []RiskLoss{}, Percentiles: []Percentile{}}
	for i := range reg.Risks {
		if r := &reg.Risks[i]; r.HasLossEstimate() {
			sim.Risks = append(sim.Risks, lossModel(r))
		}
	}
	n := len(sim.Risks)
	none := make([]float64, n) // P(no occurrence in a year) = e^-λ = 1-p
	for i, m := range sim.Risks {
		none[i] = 1 - m.Probability
		sim.ExpectedExact += m.ExpectedExact
	}
	sums := make([]float64, n)
	hits := make([]int, n)
	totals := make([]float64, years)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	anyLoss := 0
	for y := range totals {
		total := 0.0
		for i := range sim.Risks {
			u := rng.Float64()
			if u < none[i] {
				continue
			}
			m := &sim.Risks[i]
			// The number of occurrences, by inverting the Poisson CDF from 1.
			k := 1
			pmf := none[i] * m.Rate
			cdf := none[i] + pmf
			for u >= cdf && k < 1000 {
				k++
				pmf *= m.Rate / float64(k)
				cdf += pmf
			}
			loss := 0.0
			for range k {
				loss += math.Exp(m.Mu + m.Sigma*rng.NormFloat64())
			}
			sums[i] += loss
			hits[i]++
			total += loss
		}
		totals[y] = total
		if total > 0 {
			anyLoss++
		}
	}
	fy := float64(years)
	var sum float64
	for i := range sim.Risks {
		sim.Risks[i].Expected = sums[i] / fy
		sim.Risks[i].LossYears = float64(hits[i]) / fy
		sum += sums[i]
	}
	sim.Expected = sum / fy
	sim.AnyLoss = float64(anyLoss) / fy
	slices.Sort(totals)
	for _, p := range []float64{0.5, 0.75, 0.9, 0.95, 0.99} {
		rank := int(math.Ceil(p*fy)) - 1
		sim.Percentiles = append(sim.Percentiles, Percentile{P: p, Loss: totals[max(rank, 0)]})
	}
	sim.Curve = curve(sim.Risks, totals)
	return sim
}

// curve computes the loss exceedance curve from the sorted annual totals.
func curve(risks []RiskLoss, totals []float64) []CurvePoint {
	if len(totals) == 0 || totals[len(totals)-1] <= 0 {
		return nil
	}
	lo := math.Inf(1)
	for _, m := range risks {
		lo = min(lo, m.Low)
	}
	lo = math.Pow(10, math.Floor(math.Log10(lo)))
	hi := totals[len(totals)-1]
	if hi <= lo {
		hi = lo * 10
	}
	out := make([]CurvePoint, CurvePoints)
	ratio := math.Log(hi / lo)
	for k := range out {
		x := lo * math.Exp(ratio*float64(k)/float64(CurvePoints-1))
		if k == CurvePoints-1 {
			x = hi
		}
		above := len(totals) - sort.SearchFloat64s(totals, math.Nextafter(x, math.Inf(1)))
		out[k] = CurvePoint{Loss: x, Probability: float64(above) / float64(len(totals))}
	}
	return out
}

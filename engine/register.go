package engine

import "time"

// The risk register: the PR disasters that could hit the company, rated for
// likelihood and impact, each with an owner, a treatment, a response plan,
// and the scenarios that drill it. It is a TOML file (risks.toml by default)
// that leadership keeps beside the scenarios; docs/risk-register.md is its
// reference.

// Register is a loaded, validated risk register.
type Register struct {
	File  string
	Title string
	Bands []Band // severity bands over likelihood x impact, lowest first
	Risks []Risk
}

// Band is a severity band: risks whose likelihood x impact is at least Min
// (and below the next band's Min) fall in it.
type Band struct {
	Name string // low, medium, high, critical by default
	Min  int    // 1..25
}

// Treatment is what the company does about a risk.
type Treatment string

// The treatments.
const (
	TreatAccept   Treatment = "accept"
	TreatReduce   Treatment = "reduce"
	TreatTransfer Treatment = "transfer"
	TreatAvoid    Treatment = "avoid"
)

// LikelihoodLabels and ImpactLabels name the points of the 1-5 scales.
var (
	LikelihoodLabels = [5]string{"rare", "unlikely", "possible", "likely", "almost certain"}
	ImpactLabels     = [5]string{"insignificant", "minor", "moderate", "major", "catastrophic"}
)

// Risk is one entry of the register.
type Risk struct {
	ID          string
	Title       string // one sentence: cause, event, consequence
	Description string
	Category    string
	Owner       string // one named role or person
	Likelihood  int    // 1..5
	Impact      int    // 1..5
	// Residual likelihood and impact after treatment; 0 when not assessed.
	ResidualLikelihood int
	ResidualImpact     int
	Treatment          Treatment
	Plan               Plan
	Scenarios          []string // ids of the scenarios that drill it
	Review             time.Time // next review date; zero if none
	// Optional loss estimate for the Monte Carlo simulation: the chance of
	// at least one occurrence in a year, and a 90% range of the loss of one
	// occurrence.
	AnnualProbability float64
	LossLow, LossHigh float64
}

// Plan is a risk's response plan.
type Plan struct {
	Text       string   // the plan inline, Markdown
	File       string   // or a path to a Markdown playbook, relative to the register
	Principles []string // which of the guidance's principles it covers
	Steps      []PlanStep
}

// PlanStep says who does what.
type PlanStep struct {
	Who  string
	What string
}

// Exists reports whether the risk has a plan at all.
func (p Plan) Exists() bool { return p.Text != "" || p.File != "" || len(p.Steps) > 0 }

// Severity is likelihood times impact, 1..25.
func (r *Risk) Severity() int { return r.Likelihood * r.Impact }

// BandOf returns the band of a severity.
func (reg *Register) BandOf(severity int) Band {
	b := reg.Bands[0]
	for _, x := range reg.Bands {
		if severity >= x.Min {
			b = x
		}
	}
	return b
}

// DefaultBands are the severity bands a register gets when it sets none.
var DefaultBands = []Band{{"low", 1}, {"medium", 5}, {"high", 10}, {"critical", 17}}

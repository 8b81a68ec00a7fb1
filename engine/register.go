package engine

import (
	"path/filepath"
	"time"
)

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
	// Currency names the unit of the loss estimates in reports, e.g. "EUR"
	// or "$"; "" for plain numbers.
	Currency string
	// Schema is the path of the file's `#:schema` line, for editors; Marshal
	// writes the line back.
	Schema string
	// Guidance is the rubric the plans' principles were checked against;
	// nil when the register was parsed without one.
	Guidance *Guidance
	// Warnings are the problems found that did not stop the file loading.
	Warnings Diagnostics
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
	Scenarios          []string  // ids of the scenarios that drill it
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

// HasResidual reports whether the risk's residual rating was assessed.
func (r *Risk) HasResidual() bool { return r.ResidualLikelihood > 0 && r.ResidualImpact > 0 }

// ResidualSeverity is the residual likelihood times the residual impact, or
// the severity when no residual rating was assessed.
func (r *Risk) ResidualSeverity() int {
	if !r.HasResidual() {
		return r.Severity()
	}
	return r.ResidualLikelihood * r.ResidualImpact
}

// HasLossEstimate reports whether the risk gives an annual probability and a
// loss range for the Monte Carlo simulation.
func (r *Risk) HasLossEstimate() bool {
	return r.AnnualProbability > 0 && r.LossLow > 0 && r.LossHigh >= r.LossLow
}

// LikelihoodLabel returns the label of a point of the likelihood scale, or
// "" outside 1..5.
func LikelihoodLabel(n int) string {
	if n < 1 || n > 5 {
		return ""
	}
	return LikelihoodLabels[n-1]
}

// ImpactLabel returns the label of a point of the impact scale, or ""
// outside 1..5.
func ImpactLabel(n int) string {
	if n < 1 || n > 5 {
		return ""
	}
	return ImpactLabels[n-1]
}

// Risk returns the entry with the given id, or nil.
func (reg *Register) Risk(id string) *Risk {
	for i := range reg.Risks {
		if reg.Risks[i].ID == id {
			return &reg.Risks[i]
		}
	}
	return nil
}

// PlanPath returns where a risk's playbook file is: its plan.file resolved
// against the register's folder; "" when the plan names no file.
func (reg *Register) PlanPath(r *Risk) string {
	if r.Plan.File == "" {
		return ""
	}
	if filepath.IsAbs(r.Plan.File) {
		return r.Plan.File
	}
	return filepath.Join(filepath.Dir(reg.File), r.Plan.File)
}

// BandOf returns the band of a severity. A register without bands uses
// DefaultBands.
func (reg *Register) BandOf(severity int) Band {
	bands := reg.Bands
	if len(bands) == 0 {
		bands = DefaultBands
	}
	b := bands[0]
	for _, x := range bands {
		if severity >= x.Min {
			b = x
		}
	}
	return b
}

// DefaultBands are the severity bands a register gets when it sets none.
var DefaultBands = []Band{{"low", 1}, {"medium", 5}, {"high", 10}, {"critical", 17}}

package engine

import (
	"strconv"
	"strings"
)

// RiskInput is one risk as a person types it into a form: each field as
// the text the register file would hold.
type RiskInput struct {
	ID, Title, Owner, Category string
	// Likelihood, Impact and the residual pair are 1-5 or a label of the
	// scale ("likely"); "" when not given.
	Likelihood, Impact, ResidualLikelihood, ResidualImpact string
	Treatment                                              string
	Plan                                                   string // the plan's text, Markdown
	Principles, Scenarios                                  []string
	Review                                                 string // YYYY-MM-DD, or ""
}

// riskPath is the key path CheckRisk checks a risk under; its problems'
// keys are given relative to it.
const riskPath = "risk"

// CheckRisk applies the register's rules to one risk typed into a form,
// the very checks [LoadRegister] applies to each risk of the file, so that
// whatever a form saves the loader takes back.
//
// editing is the index in Risks of the risk being edited, or -1 for a new
// one: what a form does not show of it (the description, the plan's file
// and steps, the loss estimate) is kept and checked again, and the id must
// not repeat the id of any other risk. Plan files are looked for beside
// File, and principles checked against Guidance (any id when nil).
//
// It returns the risk built and every problem found, errors and warnings,
// each with its Key relative to the risk: "owner", "likelihood",
// "plan.principles.1", "scenarios.0". A missing key is named too ("owner"
// for a risk without one).
func (reg *Register) CheckRisk(in RiskInput, editing int) (Risk, Diagnostics) {
	var base Risk
	if editing >= 0 && editing < len(reg.Risks) {
		base = reg.Risks[editing]
	}
	rr := rawRisk{
		ID: strings.TrimSpace(in.ID), Title: in.Title, Description: base.Description, Category: in.Category, Owner: in.Owner,
		Likelihood: scalePoint(in.Likelihood), Impact: scalePoint(in.Impact),
		ResidualLikelihood: scalePoint(in.ResidualLikelihood), ResidualImpact: scalePoint(in.ResidualImpact),
		Treatment: strings.TrimSpace(in.Treatment), Scenarios: in.Scenarios, Review: typed(in.Review),
		Plan: rawPlan{Text: in.Plan, File: base.Plan.File, Principles: in.Principles},
	}
	for _, s := range base.Plan.Steps {
		rr.Plan.Steps = append(rr.Plan.Steps, rawPlanStep(s))
	}
	if base.AnnualProbability != 0 || base.LossLow != 0 || base.LossHigh != 0 {
		p, lo, hi := base.AnnualProbability, base.LossLow, base.LossHigh
		rr.AnnualProbability, rr.LossLow, rr.LossHigh = &p, &lo, &hi
	}
	l := &loader{file: reg.File}
	r, _ := l.buildRisk(riskPath, &rr, reg.Guidance)
	seen := map[string]bool{}
	for k, x := range reg.Risks {
		if k != editing {
			seen[x.ID] = true
		}
	}
	l.riskID(riskPath, r.ID, seen)
	for i := range l.diags {
		l.diags[i].Key = strings.TrimPrefix(strings.TrimPrefix(l.diags[i].Key, riskPath), ".")
	}
	return r, l.diags
}

// scalePoint is a typed point of a scale as the decoder would give it: a whole
// number as a number (so that 7 is "outside the scale", not "not a
// label"), else as text; nil when empty.
func scalePoint(s string) any {
	if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
		return n
	}
	return typed(s)
}

// typed is a form's text as the decoder would give it: nil when empty.
func typed(s string) any {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return nil
}

package engine_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// TestCheckRisk: a risk typed into a form gets the loader's rules, each
// problem under the key it concerns, and a form's risk the checks take is
// one the loader takes back once saved.
func TestCheckRisk(t *testing.T) {
	t.Parallel()
	g := rubric(t)
	reg, err := engine.LoadRegister("../testdata/risks/valid/full.toml", g)
	if err != nil {
		t.Fatal(err)
	}
	good := engine.RiskInput{ID: "site-defaced", Title: "Our site is defaced and the press notices.", Owner: "CISO",
		Likelihood: "3", Impact: "major", Treatment: "reduce"}
	with := func(f func(*engine.RiskInput)) engine.RiskInput {
		in := good
		f(&in)
		return in
	}
	cases := []struct {
		name    string
		in      engine.RiskInput
		editing int
		errs    []string // keys in error
		warns   []string // keys warned about
	}{
		{"complete", good, -1, nil, nil},
		{"no owner", with(func(in *engine.RiskInput) { in.Owner = "  " }), -1, []string{"owner"}, nil},
		{"no treatment", with(func(in *engine.RiskInput) { in.Treatment = "" }), -1, []string{"treatment"}, nil},
		{"no id", with(func(in *engine.RiskInput) { in.ID = "" }), -1, []string{"id"}, nil},
		{"id taken", with(func(in *engine.RiskInput) { in.ID = "executive-statement" }), -1, []string{"id"}, nil},
		{"own id kept", with(func(in *engine.RiskInput) { in.ID = "executive-statement" }), 1, nil, nil},
		{"scale", with(func(in *engine.RiskInput) { in.Likelihood, in.Impact = "7", "" }), -1, []string{"likelihood", "impact"}, nil},
		{"residual half", with(func(in *engine.RiskInput) { in.ResidualLikelihood = "2" }), -1, []string{"residual_likelihood"}, nil},
		{"residual worse", with(func(in *engine.RiskInput) { in.ResidualLikelihood, in.ResidualImpact = "5", "5" }), -1, nil, []string{"residual_likelihood"}},
		{"principle", with(func(in *engine.RiskInput) { in.Principles = []string{"contain", "contian"} }), -1, []string{"plan.principles.1"}, nil},
		{"scenario id", with(func(in *engine.RiskInput) { in.Scenarios = []string{"Bad Id"} }), -1, []string{"scenarios.0"}, nil},
		{"no such day", with(func(in *engine.RiskInput) { in.Review = "2027-02-30" }), -1, []string{"review"}, nil},
		{"two owners", with(func(in *engine.RiskInput) { in.Owner = "CISO and CTO" }), -1, nil, []string{"owner"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, ds := reg.CheckRisk(tc.in, tc.editing)
			var errs, warns []string
			for _, d := range ds {
				if d.Severity == engine.Error {
					errs = append(errs, d.Key)
				} else {
					warns = append(warns, d.Key)
				}
			}
			if !slices.Equal(errs, tc.errs) || !slices.Equal(warns, tc.warns) {
				t.Fatalf("errors on %q, warnings on %q; want %q and %q:\n%v", errs, warns, tc.errs, tc.warns, ds)
			}
			if len(tc.errs) > 0 {
				return // the form refuses to save
			}
			// Saved as the risk map saves it, the register loads, the risk
			// as it was checked.
			risks := slices.Clone(reg.Risks)
			if tc.editing >= 0 {
				risks[tc.editing] = r
			} else {
				risks = append(risks, r)
			}
			saved := *reg
			saved.Risks = risks
			back, err := engine.ParseRegister(reg.File, saved.Marshal(), g)
			if err != nil {
				t.Fatalf("the check found no error, but the saved register does not load: %v", err)
			}
			if got := back.Risk(r.ID); got == nil || got.Owner != r.Owner || got.Impact != r.Impact || got.Treatment != r.Treatment {
				t.Errorf("saved %+v, loaded %+v", r, got)
			}
		})
	}
	r, _ := reg.CheckRisk(with(func(in *engine.RiskInput) { in.ID = "executive-statement" }), 1)
	if kept := reg.Risks[1]; r.Description != kept.Description || !slices.Equal(r.Plan.Steps, kept.Plan.Steps) || r.Plan.File != kept.Plan.File || r.LossHigh != kept.LossHigh {
		t.Errorf("what the form does not show was not kept: %+v, was %+v", r, kept)
	}
}

// TestEmptyRegister: a register without risks loads, and so does the file
// saved when the last risk is deleted.
func TestEmptyRegister(t *testing.T) {
	t.Parallel()
	g := rubric(t)
	reg, err := engine.LoadRegister("../testdata/risks/valid/minimal.toml", g)
	if err != nil {
		t.Fatal(err)
	}
	reg.Risks = nil
	back, err := engine.ParseRegister("risks.toml", reg.Marshal(), g)
	if err != nil || len(back.Risks) != 0 {
		t.Fatalf("the register without its last risk: %v, %v", back, err)
	}
}

// TestParseDay: a date's error blames the format only when the text is not
// YYYY-MM-DD, and the calendar when the day does not exist.
func TestParseDay(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2027-02-28":  "",
		" 2028-02-29": "",
		"2027-02-29":  `"2027-02-29" is not a day of the calendar: February 2027 has 28 days`,
		"2027-04-31":  `"2027-04-31" is not a day of the calendar: April 2027 has 30 days`,
		"2027-13-01":  `"2027-13-01" is not a day of the calendar: there is no month 13`,
		"31/12/2027":  `"31/12/2027" is not a date; write it as YYYY-MM-DD`,
		"next spring": `"next spring" is not a date`,
	} {
		_, err := engine.ParseDay(in)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", in, err)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want)):
			t.Errorf("%q: %v, want %s…", in, err, want)
		}
	}
}

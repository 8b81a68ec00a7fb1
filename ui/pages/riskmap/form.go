package riskmap

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/form"
)

// riskForm adds or edits one risk of the register. The screen owns it: it
// passes keys on, and on ctrl+s asks validate for the risk and saves the
// register.
type riskForm struct {
	c        *common.Common
	form     form.Model
	orig     int         // the index of the risk being edited; -1 when adding
	base     engine.Risk // the risk being edited: what the form does not show is kept
	saving   bool
	saveErr  string
	listHint string
}

// The form's fields, in order.
const (
	rfID = iota
	rfTitle
	rfOwner
	rfCategory
	rfLikelihood
	rfImpact
	rfResL
	rfResI
	rfTreatment
	rfPlan
	rfPrinciples
	rfScenarios
	rfReview
	rfCount
)

const rfLabelW = 12

// idPattern is the pattern of risk, scenario and principle ids.
func idPattern() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`) }

func treatments() []engine.Treatment {
	return []engine.Treatment{engine.TreatAccept, engine.TreatReduce, engine.TreatTransfer, engine.TreatAvoid}
}

// scaleHint names the point a typed scale value stands for.
func scaleHint(labels [5]string, residual bool) func(string) string {
	return func(v string) string {
		if v == "" {
			what := "1 " + labels[0] + " … 5 " + labels[4]
			if residual {
				what += "; after treatment, optional"
			}
			return what
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5 {
			return ""
		}
		return labels[n-1]
	}
}

// newRiskForm opens the form on r (a copy is kept), or on a new risk rated
// at likelihood l and impact i when r is nil.
func newRiskForm(c *common.Common, g *engine.Guidance, r *engine.Risk, orig, l, i int) riskForm {
	f := riskForm{c: c, orig: orig}
	var ids []string
	if g != nil {
		for _, p := range g.Principles {
			ids = append(ids, p.ID)
		}
	}
	f.listHint = strings.Join(ids, ", ")
	note := ""
	if r != nil && r.Plan.File != "" {
		note = "the playbook " + common.Line(r.Plan.File) + " is kept"
	}
	lk, im := engine.LikelihoodLabels, engine.ImpactLabels
	f.form = form.New(c, rfLabelW, 0,
		form.Field{Label: "ID", Placeholder: "lowercase-with-hyphens", Limit: 60},
		form.Field{Label: "Title", Placeholder: "Cause, event, consequence in one sentence", Limit: 300},
		form.Field{Label: "Owner", Placeholder: "One named role or person", Limit: 80},
		form.Field{Label: "Category", Placeholder: "e.g. data, vendor, conduct", Limit: 60},
		form.Field{Label: "Likelihood", Limit: 2, Width: 2, Hint: scaleHint(lk, false)},
		form.Field{Label: "Impact", Limit: 2, Width: 2, Hint: scaleHint(im, false)},
		form.Field{Label: "Resid. L", Limit: 2, Width: 2, Hint: scaleHint(lk, true)},
		form.Field{Label: "Resid. I", Limit: 2, Width: 2, Hint: scaleHint(im, true)},
		form.Field{Label: "Treatment", Placeholder: "accept, reduce, transfer or avoid", Limit: 10},
		form.Field{Label: "Plan", Placeholder: "The response plan, Markdown", Limit: 4000, Lines: 3, Note: note},
		form.Field{Label: "Principles", Placeholder: common.Or(f.listHint, "principle ids, comma-separated"), Limit: 200},
		form.Field{Label: "Scenarios", Placeholder: "scenario ids, comma-separated", Limit: 300},
		form.Field{Label: "Review", Placeholder: "YYYY-MM-DD", Limit: 10},
	)
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	if r != nil {
		f.base = *r
		// The register file is not trusted: SetValue cleans its texts.
		for k, v := range map[int]string{rfID: r.ID, rfTitle: r.Title, rfOwner: r.Owner, rfCategory: r.Category,
			rfLikelihood: num(r.Likelihood), rfImpact: num(r.Impact), rfResL: num(r.ResidualLikelihood), rfResI: num(r.ResidualImpact),
			rfTreatment: string(r.Treatment), rfPlan: r.Plan.Text, rfPrinciples: strings.Join(r.Plan.Principles, ", "),
			rfScenarios: strings.Join(r.Scenarios, ", ")} {
			f.form.SetValue(k, v)
		}
		if !r.Review.IsZero() {
			f.form.SetValue(rfReview, r.Review.Format("2006-01-02"))
		}
	} else if onScale(l, i) {
		f.form.SetValue(rfLikelihood, strconv.Itoa(l))
		f.form.SetValue(rfImpact, strconv.Itoa(i))
	}
	return f
}

// setSize fits the form to a w by h page.
func (f *riskForm) setSize(w, h int) { f.form.SetSize(w, max(h-2, 1)) }

func (f riskForm) update(msg tea.Msg) (riskForm, tea.Cmd) {
	var cmd tea.Cmd
	f.form, cmd = f.form.Update(msg)
	return f, cmd
}

// splitList splits a comma-separated list, dropping empty items and
// repeats.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// validate checks every field and returns the risk they make, or false with
// one error per bad field (shown under it). risks is the register's list:
// the id must be unique in it, apart from the risk being edited.
func (f *riskForm) validate(risks []engine.Risk, g *engine.Guidance) (engine.Risk, bool) {
	errs := make([]string, rfCount)
	ids := idPattern()
	v := f.form.Value
	r := f.base
	r.ID = v(rfID)
	switch {
	case r.ID == "":
		errs[rfID] = "an id is needed, e.g. card-data-theft"
	case !ids.MatchString(r.ID):
		errs[rfID] = fmt.Sprintf("%q: use lowercase letters, digits and hyphens, starting with a letter or digit", r.ID)
	default:
		for k, x := range risks {
			if k != f.orig && x.ID == r.ID {
				errs[rfID] = fmt.Sprintf("another risk already has the id %q", r.ID)
			}
		}
	}
	r.Title = v(rfTitle)
	if r.Title == "" {
		errs[rfTitle] = "a title is needed: cause, event, consequence"
	}
	r.Owner = v(rfOwner)
	r.Category = v(rfCategory)
	scale := func(i int, required bool) int {
		s := v(i)
		if s == "" {
			if required {
				errs[i] = "a number from 1 to 5 is needed"
			}
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			errs[i] = fmt.Sprintf("%q is not on the scale: use a whole number from 1 to 5", s)
			return 0
		}
		return n
	}
	r.Likelihood, r.Impact = scale(rfLikelihood, true), scale(rfImpact, true)
	r.ResidualLikelihood, r.ResidualImpact = scale(rfResL, false), scale(rfResI, false)
	switch {
	case errs[rfResL] != "" || errs[rfResI] != "":
	case r.ResidualLikelihood != 0 && r.ResidualImpact == 0:
		errs[rfResI] = "give the residual impact too, or clear the residual likelihood"
	case r.ResidualLikelihood == 0 && r.ResidualImpact != 0:
		errs[rfResL] = "give the residual likelihood too, or clear the residual impact"
	}
	t := engine.Treatment(strings.ToLower(v(rfTreatment)))
	if t != "" && !slices.Contains(treatments(), t) {
		errs[rfTreatment] = fmt.Sprintf("%q is not a treatment: use accept, reduce, transfer or avoid", string(t))
	}
	r.Treatment = t
	r.Plan.Text = v(rfPlan)
	r.Plan.Principles = splitList(v(rfPrinciples))
	var bad []string
	for _, p := range r.Plan.Principles {
		known := ids.MatchString(p)
		if g != nil {
			_, known = g.PrincipleIndex(p)
		}
		if !known {
			bad = append(bad, fmt.Sprintf("%q", p))
		}
	}
	if len(bad) > 0 {
		hint := "use principle ids"
		if f.listHint != "" {
			hint = "use " + f.listHint
		}
		noun := "unknown principle"
		if len(bad) > 1 {
			noun = "unknown principles"
		}
		errs[rfPrinciples] = fmt.Sprintf("%s %s; %s", noun, strings.Join(bad, ", "), hint)
	}
	r.Scenarios = splitList(v(rfScenarios))
	for _, s := range r.Scenarios {
		if !ids.MatchString(s) {
			errs[rfScenarios] = fmt.Sprintf("%q is not a scenario id: lowercase letters, digits and hyphens", s)
			break
		}
	}
	r.Review = time.Time{}
	if s := v(rfReview); s != "" {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			errs[rfReview] = fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD", s)
		}
		r.Review = d
	}
	f.form.SetErrors(errs)
	if f.form.Bad() > 0 {
		return engine.Risk{}, false
	}
	// The form replaced the lists, so the saved risk shares no slice that
	// the register's copy could change.
	r.Plan.Steps = slices.Clone(f.base.Plan.Steps)
	return r, true
}

// view draws the form in w by h cells: a title, the fields (the window
// around the focused one when they do not all fit) and a footer.
func (f riskForm) view(w, h int) string {
	st := f.c.Styles
	title := " " + st.Title.Render("Add a risk")
	if f.orig >= 0 {
		title = " " + st.Title.Render("Edit risk") + st.Muted.Render(" · "+common.Line(f.base.ID))
	}
	var foot string
	switch bad := f.form.Bad(); {
	case f.saving && f.saveErr == "":
		foot = st.Muted.Render(" Saving…")
	case f.saveErr != "":
		foot = " " + st.Error.Render(f.saveErr)
	case bad > 0:
		foot = " " + st.Error.Render(common.Plural(bad, "field needs", "fields need")+" fixing.")
	default:
		foot = st.Muted.Render(" ctrl+s saves the risk to the register; esc cancels.")
	}
	head := []string{title}
	if h >= f.form.Lines()+4 {
		head = append(head, "")
	}
	out := append(head, f.form.ViewIn(max(h-len(head)-1, 1)), foot)
	return common.Fit(strings.Join(out, "\n"), w, h, false)
}

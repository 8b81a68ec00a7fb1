package riskmap

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/form"
)

// riskForm adds or edits one risk of the register. The screen owns it: it
// passes keys on, and on ctrl+s checks the risk with the register's own
// rules (engine.Register.CheckRisk, the loader's checks) and saves the
// register, so that the form never writes a file the loader refuses.
type riskForm struct {
	c       *common.Common
	form    form.Model
	orig    int         // the index of the risk being edited; -1 when adding
	base    engine.Risk // the risk being edited, as it was
	saving  bool
	saveErr string
	choices bool // principles are picked from the guidance's list
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

// fieldOf is the form field of a key of the register's risk table
// ("plan.principles.1" is the principles' field); -1 when the form has no
// field for it.
func fieldOf(key string) int {
	parts := strings.Split(key, ".")
	if parts[0] == "plan" {
		if len(parts) > 1 && parts[1] == "principles" {
			return rfPrinciples
		}
		return rfPlan
	}
	if k, ok := map[string]int{"id": rfID, "title": rfTitle, "owner": rfOwner, "category": rfCategory, "likelihood": rfLikelihood,
		"impact": rfImpact, "residual_likelihood": rfResL, "residual_impact": rfResI, "treatment": rfTreatment,
		"scenarios": rfScenarios, "review": rfReview}[parts[0]]; ok {
		return k
	}
	return -1
}

// treatmentHint says what each treatment means.
func treatmentHint(t string) string {
	return map[string]string{
		"accept":   "accept: live with it",
		"reduce":   "reduce: make it less likely or less harmful",
		"transfer": "transfer: move the cost to an insurer or a supplier's contract",
		"avoid":    "avoid: stop the activity that causes it",
	}[t]
}

// scaleHint names the point a typed scale value stands for.
func scaleHint(labels [5]string) func(string) string {
	return func(v string) string {
		if v == "" {
			return "1 " + labels[0] + " … 5 " + labels[4]
		}
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 5 {
			return labels[n-1]
		}
		for i, l := range labels {
			if strings.EqualFold(strings.Join(strings.Fields(v), " "), l) {
				return fmt.Sprintf("= %d", i+1)
			}
		}
		return ""
	}
}

// newRiskForm opens the form on risk orig of reg, or on a new risk rated
// at likelihood l and impact i when orig is -1.
func newRiskForm(c *common.Common, reg *engine.Register, orig, l, i int) riskForm {
	f := riskForm{c: c, orig: orig}
	var r *engine.Risk
	if orig >= 0 && orig < len(reg.Risks) {
		r = &reg.Risks[orig]
		f.base = *r
	}
	note := ""
	if r != nil && r.Plan.File != "" {
		note = "the playbook " + common.Line(r.Plan.File) + " is kept"
	}
	var treatments []string
	for _, t := range engine.Treatments {
		treatments = append(treatments, string(t))
	}
	principles := form.Field{Label: "Principles", Placeholder: "principle ids, comma-separated", Limit: 200}
	if g := reg.Guidance; g != nil {
		f.choices = true
		principles = form.Field{Label: "Principles", Multi: true, Hint: func(id string) string {
			if k, ok := g.PrincipleIndex(id); ok {
				return id + ": " + g.Principles[k].Title
			}
			return ""
		}}
		for _, p := range g.Principles {
			principles.Options = append(principles.Options, p.ID)
		}
	}
	lk, im := engine.LikelihoodLabels, engine.ImpactLabels
	f.form = form.New(c, rfLabelW, 0,
		form.Field{Label: "ID", Placeholder: "lowercase-with-hyphens", Limit: 60},
		form.Field{Label: "Title", Placeholder: "Cause, event, consequence in one sentence", Limit: 300},
		form.Field{Label: "Owner", Placeholder: "One named role or person", Limit: 80},
		form.Field{Label: "Category", Placeholder: "e.g. data, vendor, conduct", Limit: 60},
		form.Field{Section: "Rating before treatment", Label: "Likelihood", Limit: 14, Width: 3, Select: true, Hint: scaleHint(lk)},
		form.Field{Label: "Impact", Limit: 14, Width: 3, Select: true, Hint: scaleHint(im)},
		form.Field{Section: "Rating after treatment (optional)", Label: "Likelihood", Limit: 14, Width: 3, Select: true, Hint: scaleHint(lk)},
		form.Field{Label: "Impact", Limit: 14, Width: 3, Select: true, Hint: scaleHint(im)},
		form.Field{Section: "Response", Label: "Treatment", Options: treatments, Hint: treatmentHint},
		form.Field{Label: "Plan", Placeholder: "The response plan, Markdown", Limit: 4000, Lines: 3, Note: note},
		principles,
		form.Field{Label: "Scenarios", Placeholder: "ids of the scenarios that drill it, comma-separated", Limit: 300},
		form.Field{Label: "Review", Placeholder: "next review, YYYY-MM-DD", Limit: 10},
	)
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	if r != nil {
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
	f.form.MarkUnchanged()
	return f
}

// setSize fits the form to a w by h page.
func (f *riskForm) setSize(w, h int) { f.form.SetSize(w, max(h-2, 1)) }

func (f riskForm) update(msg tea.Msg) (riskForm, tea.Cmd) {
	var cmd tea.Cmd
	f.form, cmd = f.form.Update(msg)
	return f, cmd
}

// validate checks the risk with the register's rules and returns it, or
// false with each error under the field it concerns. Warnings (from the
// rules, a scenario ttx does not know, a review date passed) show under
// their fields and do not stop the save.
func (f *riskForm) validate(reg *engine.Register, now func() string, known func(string) bool) (engine.Risk, bool) {
	v := f.form.Value
	in := engine.RiskInput{ID: v(rfID), Title: v(rfTitle), Owner: v(rfOwner), Category: v(rfCategory),
		Likelihood: v(rfLikelihood), Impact: v(rfImpact), ResidualLikelihood: v(rfResL), ResidualImpact: v(rfResI),
		Treatment: v(rfTreatment), Plan: v(rfPlan), Principles: f.form.Values(rfPrinciples), Scenarios: f.form.Values(rfScenarios),
		Review: v(rfReview)}
	r, ds := reg.CheckRisk(in, f.orig)
	errs, warns := make([]string, rfCount), make([]string, rfCount)
	var other []string // problems with what the form does not show
	for _, d := range ds {
		k := fieldOf(d.Key)
		msg := strings.ReplaceAll(d.Message, "`", "")
		switch {
		case k < 0:
			other = append(other, msg)
		case d.Severity == engine.Error && errs[k] == "":
			errs[k] = msg
		case d.Severity == engine.Warning && warns[k] == "":
			warns[k] = msg
		}
	}
	if known != nil && errs[rfScenarios] == "" {
		var unknown []string
		for _, s := range r.Scenarios {
			if !known(s) {
				unknown = append(unknown, s)
			}
		}
		if len(unknown) > 0 {
			warns[rfScenarios] = fmt.Sprintf("ttx knows no scenario %s; a drill of it counts only once it is in a --dir folder", strings.Join(unknown, ", "))
		}
	}
	if !r.Review.IsZero() && r.Review.Format("2006-01-02") < now() && errs[rfReview] == "" {
		warns[rfReview] = "this date has passed: the review is overdue"
	}
	if len(other) > 0 {
		errs[rfPlan] = strings.Join(other, "; ")
	}
	f.form.SetErrors(errs)
	f.form.SetWarnings(warns)
	return r, f.form.Bad() == 0
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
	case f.form.Asking():
		foot = " " + f.form.Question()
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

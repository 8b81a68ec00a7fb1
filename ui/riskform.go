package ui

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
)

// riskFormModel adds or edits one risk of the register. The risk map screen
// owns it: it passes keys on, and on ctrl+s asks validate for the risk and
// saves the register.
type riskFormModel struct {
	c        *common
	g        *engine.Guidance
	orig     int         // the index of the risk being edited; -1 when adding
	base     engine.Risk // the risk being edited: what the form does not show is kept
	inputs   [rfCount]textinput.Model
	plan     textarea.Model // the plan text, at index rfPlan
	focus    int
	errs     [rfCount]string
	saving   bool
	saveErr  string
	planH    int // lines of the plan's text area
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

var rfLabels = [rfCount]string{"ID", "Title", "Owner", "Category", "Likelihood", "Impact", "Resid. L", "Resid. I", "Treatment", "Plan", "Principles", "Scenarios", "Review"}

const rfLabelW = 12

var (
	riskNextField  = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field"))
	riskPrevField  = key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field"))
	riskSaveForm   = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save"))
	riskCancelForm = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	riskFieldUp    = key.NewBinding(key.WithKeys("up"))
	riskFieldDown  = key.NewBinding(key.WithKeys("down", "enter"))
)

// rmIDPattern is the pattern of risk, scenario and principle ids.
var rmIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

var rmTreatments = []engine.Treatment{engine.TreatAccept, engine.TreatReduce, engine.TreatTransfer, engine.TreatAvoid}

// newRiskForm opens the form on r (a copy is kept), or on a new risk rated
// at likelihood l and impact i when r is nil.
func newRiskForm(c *common, g *engine.Guidance, r *engine.Risk, orig, l, i int) riskFormModel {
	f := riskFormModel{c: c, g: g, orig: orig, planH: 3}
	input := func(placeholder string, limit int) textinput.Model {
		t := textinput.New()
		t.Placeholder = placeholder
		t.CharLimit = limit
		t.Prompt = ""
		t.Cursor.SetMode(cursor.CursorStatic)
		return t
	}
	var ids []string
	if g != nil {
		for _, p := range g.Principles {
			ids = append(ids, p.ID)
		}
	}
	f.listHint = strings.Join(ids, ", ")
	f.inputs = [rfCount]textinput.Model{
		rfID:         input("lowercase-with-hyphens", 60),
		rfTitle:      input("Cause, event, consequence in one sentence", 300),
		rfOwner:      input("One named role or person", 80),
		rfCategory:   input("e.g. data, vendor, conduct", 60),
		rfLikelihood: input("", 2),
		rfImpact:     input("", 2),
		rfResL:       input("", 2),
		rfResI:       input("", 2),
		rfTreatment:  input("accept, reduce, transfer or avoid", 10),
		rfPrinciples: input(rmOr(f.listHint, "principle ids, comma-separated"), 200),
		rfScenarios:  input("scenario ids, comma-separated", 300),
		rfReview:     input("YYYY-MM-DD", 10),
	}
	f.plan = textarea.New()
	f.plan.Placeholder = "The response plan, Markdown"
	f.plan.ShowLineNumbers = false
	f.plan.CharLimit = 4000
	f.plan.Cursor.SetMode(cursor.CursorStatic)
	if r != nil {
		f.base = *r
		num := func(n int) string {
			if n == 0 {
				return ""
			}
			return strconv.Itoa(n)
		}
		// The register file is not trusted: its texts are sanitized
		// before the inputs show them.
		clean := engine.Sanitize
		f.inputs[rfID].SetValue(clean(r.ID))
		f.inputs[rfTitle].SetValue(clean(r.Title))
		f.inputs[rfOwner].SetValue(clean(r.Owner))
		f.inputs[rfCategory].SetValue(clean(r.Category))
		f.inputs[rfLikelihood].SetValue(num(r.Likelihood))
		f.inputs[rfImpact].SetValue(num(r.Impact))
		f.inputs[rfResL].SetValue(num(r.ResidualLikelihood))
		f.inputs[rfResI].SetValue(num(r.ResidualImpact))
		f.inputs[rfTreatment].SetValue(clean(string(r.Treatment)))
		f.inputs[rfPrinciples].SetValue(clean(strings.Join(r.Plan.Principles, ", ")))
		f.inputs[rfScenarios].SetValue(clean(strings.Join(r.Scenarios, ", ")))
		if !r.Review.IsZero() {
			f.inputs[rfReview].SetValue(r.Review.Format("2006-01-02"))
		}
		f.plan.SetValue(clean(r.Plan.Text))
	} else if rmOnScale(l, i) {
		f.inputs[rfLikelihood].SetValue(strconv.Itoa(l))
		f.inputs[rfImpact].SetValue(strconv.Itoa(i))
	}
	f.setFocus(0)
	return f
}

func (f *riskFormModel) setSize(w, h int) {
	fw := max(w-rfLabelW-4, 8)
	for i := range f.inputs {
		f.inputs[i].Width = fw - 1
	}
	for _, i := range []int{rfLikelihood, rfImpact, rfResL, rfResI} {
		f.inputs[i].Width = 2 // the point's name follows
	}
	f.planH = 3
	if h < 24 {
		f.planH = 1
	}
	f.plan.SetWidth(fw)
	f.plan.SetHeight(f.planH)
}

func (f *riskFormModel) setFocus(i int) {
	f.focus = (i + rfCount) % rfCount
	for k := range f.inputs {
		f.inputs[k].Blur()
	}
	f.plan.Blur()
	if f.focus == rfPlan {
		f.plan.Focus()
	} else {
		f.inputs[f.focus].Focus()
	}
}

func (f riskFormModel) Update(msg tea.Msg) (riskFormModel, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.Type == tea.KeyRunes {
			// Typed or pasted text loses any escape sequence, whole,
			// before an input holds it.
			k.Runes = []rune(engine.Sanitize(string(k.Runes)))
			if len(k.Runes) == 0 {
				return f, nil
			}
			msg = k
		}
		switch {
		case key.Matches(k, riskNextField):
			f.setFocus(f.focus + 1)
			return f, nil
		case key.Matches(k, riskPrevField):
			f.setFocus(f.focus - 1)
			return f, nil
		case f.focus != rfPlan && key.Matches(k, riskFieldDown):
			f.setFocus(f.focus + 1)
			return f, nil
		case f.focus != rfPlan && key.Matches(k, riskFieldUp):
			f.setFocus(f.focus - 1)
			return f, nil
		}
	}
	var cmd tea.Cmd
	if f.focus == rfPlan {
		f.plan, cmd = f.plan.Update(msg)
	} else {
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	}
	return f, cmd
}

// value is a field's text, sanitized and trimmed.
func (f riskFormModel) value(i int) string {
	if i == rfPlan {
		return strings.TrimSpace(engine.Sanitize(f.plan.Value()))
	}
	return strings.TrimSpace(engine.Sanitize(f.inputs[i].Value()))
}

// rmSplitList splits a comma-separated list, dropping empty items and
// repeats.
func rmSplitList(s string) []string {
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
func (f *riskFormModel) validate(risks []engine.Risk, g *engine.Guidance) (engine.Risk, bool) {
	f.errs = [rfCount]string{}
	r := f.base
	r.ID = f.value(rfID)
	switch {
	case r.ID == "":
		f.errs[rfID] = "an id is needed, e.g. card-data-theft"
	case !rmIDPattern.MatchString(r.ID):
		f.errs[rfID] = fmt.Sprintf("%q: use lowercase letters, digits and hyphens, starting with a letter or digit", r.ID)
	default:
		for k, x := range risks {
			if k != f.orig && x.ID == r.ID {
				f.errs[rfID] = fmt.Sprintf("another risk already has the id %q", r.ID)
			}
		}
	}
	r.Title = f.value(rfTitle)
	if r.Title == "" {
		f.errs[rfTitle] = "a title is needed: cause, event, consequence"
	}
	r.Owner = f.value(rfOwner)
	r.Category = f.value(rfCategory)
	scale := func(i int, required bool) int {
		s := f.value(i)
		if s == "" {
			if required {
				f.errs[i] = "a number from 1 to 5 is needed"
			}
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			f.errs[i] = fmt.Sprintf("%q is not on the scale: use a whole number from 1 to 5", s)
			return 0
		}
		return n
	}
	r.Likelihood, r.Impact = scale(rfLikelihood, true), scale(rfImpact, true)
	r.ResidualLikelihood, r.ResidualImpact = scale(rfResL, false), scale(rfResI, false)
	switch {
	case f.errs[rfResL] != "" || f.errs[rfResI] != "":
	case r.ResidualLikelihood != 0 && r.ResidualImpact == 0:
		f.errs[rfResI] = "give the residual impact too, or clear the residual likelihood"
	case r.ResidualLikelihood == 0 && r.ResidualImpact != 0:
		f.errs[rfResL] = "give the residual likelihood too, or clear the residual impact"
	}
	t := engine.Treatment(strings.ToLower(f.value(rfTreatment)))
	if t != "" && !slices.Contains(rmTreatments, t) {
		f.errs[rfTreatment] = fmt.Sprintf("%q is not a treatment: use accept, reduce, transfer or avoid", string(t))
	}
	r.Treatment = t
	r.Plan.Text = f.value(rfPlan)
	r.Plan.Principles = rmSplitList(f.value(rfPrinciples))
	var bad []string
	for _, p := range r.Plan.Principles {
		known := rmIDPattern.MatchString(p)
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
		f.errs[rfPrinciples] = fmt.Sprintf("%s %s; %s", noun, strings.Join(bad, ", "), hint)
	}
	r.Scenarios = rmSplitList(f.value(rfScenarios))
	for _, s := range r.Scenarios {
		if !rmIDPattern.MatchString(s) {
			f.errs[rfScenarios] = fmt.Sprintf("%q is not a scenario id: lowercase letters, digits and hyphens", s)
			break
		}
	}
	r.Review = time.Time{}
	if s := f.value(rfReview); s != "" {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			f.errs[rfReview] = fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD", s)
		}
		r.Review = d
	}
	for _, e := range f.errs {
		if e != "" {
			return engine.Risk{}, false
		}
	}
	// The form replaced the lists, so the saved risk shares no slice that
	// the register's copy could change.
	r.Plan.Steps = slices.Clone(f.base.Plan.Steps)
	return r, true
}

// bad counts the fields in error.
func (f riskFormModel) bad() int {
	n := 0
	for _, e := range f.errs {
		if e != "" {
			n++
		}
	}
	return n
}

// View draws the form in w by h cells; when the fields do not all fit, it
// shows the window around the focused one.
func (f riskFormModel) View(w, h int) string {
	st := f.c.styles
	title := " " + st.Title.Render("Add a risk")
	if f.orig >= 0 {
		title = " " + st.Title.Render("Edit risk") + st.Muted.Render(" · "+engine.Sanitize(f.base.ID))
	}
	var lines []string
	var focusTop, focusEnd int
	indent := strings.Repeat(" ", rfLabelW+2)
	for i := 0; i < rfCount; i++ {
		label := st.Muted
		switch {
		case i == f.focus:
			label = st.Choice.Selected
		case f.errs[i] != "":
			label = st.Error
		}
		lab := " " + label.Render(rmPad(rfLabels[i], rfLabelW)) + " "
		if i == f.focus {
			focusTop = len(lines)
		}
		if i == rfPlan {
			for k, l := range strings.Split(f.plan.View(), "\n") {
				if k == 0 {
					lines = append(lines, lab+l)
				} else {
					lines = append(lines, indent+l)
				}
			}
			if f.base.Plan.File != "" {
				lines = append(lines, indent+st.Muted.Render("the playbook "+engine.Sanitize(f.base.Plan.File)+" is kept"))
			}
		} else {
			lines = append(lines, lab+f.inputs[i].View()+f.hint(i))
		}
		if f.errs[i] != "" {
			lines = append(lines, truncate(indent+st.Error.Render("↳ "+f.errs[i]), w))
		}
		if i == f.focus {
			focusEnd = len(lines)
		}
	}
	var foot string
	switch {
	case f.saving && f.saveErr == "":
		foot = st.Muted.Render(" Saving…")
	case f.saveErr != "":
		foot = " " + st.Error.Render(f.saveErr)
	case f.bad() == 1:
		foot = " " + st.Error.Render("1 field needs fixing.")
	case f.bad() > 1:
		foot = " " + st.Error.Render(fmt.Sprintf("%d fields need fixing.", f.bad()))
	default:
		foot = st.Muted.Render(" ctrl+s saves the risk to the register; esc cancels.")
	}
	head := []string{title}
	if h >= len(lines)+4 {
		head = append(head, "")
	}
	avail := max(h-len(head)-1, 1)
	off := 0
	if focusEnd > avail {
		off = min(focusEnd-avail, focusTop)
	}
	if len(lines) > avail+off {
		lines = lines[:avail+off]
	}
	lines = lines[off:]
	out := append(head, lines...)
	out = append(out, foot)
	for i, l := range out {
		out[i] = truncate(l, w)
	}
	return lipgloss.JoinVertical(lipgloss.Left, out...)
}

// hint names the point a typed scale value stands for.
func (f riskFormModel) hint(i int) string {
	var labels [5]string
	switch i {
	case rfLikelihood, rfResL:
		labels = engine.LikelihoodLabels
	case rfImpact, rfResI:
		labels = engine.ImpactLabels
	default:
		return ""
	}
	v := strings.TrimSpace(f.inputs[i].Value())
	if v == "" {
		what := "1 " + labels[0] + " … 5 " + labels[4]
		if i == rfResL || i == rfResI {
			what += "; after treatment, optional"
		}
		return f.c.styles.Muted.Render(" " + what)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 5 {
		return ""
	}
	return f.c.styles.Muted.Render(" " + labels[n-1])
}

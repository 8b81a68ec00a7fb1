package riskmap

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// detailBox draws the detail pane, w by h cells with its border, scrolled
// by detailOff.
func (m *Model) detailBox(w, h int) string {
	if w < 6 || h < 3 {
		return ""
	}
	st := m.c.Styles
	inner, innerH := w-4, h-2
	lines := m.detailLines(inner)
	off := min(max(m.detailOff, 0), max(len(lines)-innerH, 0))
	vis := slices.Clone(lines[off:min(len(lines), off+innerH)])
	if off > 0 && len(vis) > 1 {
		vis[0] = st.Muted.Render("↑ more: pgup")
	}
	if off+innerH < len(lines) && len(vis) > 1 {
		vis[len(vis)-1] = st.Muted.Render("↓ more: pgdn")
	}
	return st.RiskMap.Box.Width(w - 2).Height(innerH).Render(strings.Join(vis, "\n"))
}

// detailLines describes the selected risk (or the empty cell) in lines of
// at most width cells. The register is untrusted: its texts are cleaned.
func (m *Model) detailLines(width int) []string {
	st := m.c.Styles
	rs := st.RiskMap
	width = max(width, 10)
	r := m.selected()
	wrapped := func(s string, w int) []string { return strings.Split(common.Wrap(s, max(w, 1)), "\n") }
	if r == nil {
		sev := m.curL * m.curI
		bi := m.bandIndex(sev)
		out := wrapped(st.Strong.Render(fmt.Sprintf("L%d %s × I%d %s", m.curL, engine.LikelihoodLabels[m.curL-1], m.curI, engine.ImpactLabels[m.curI-1])), width)
		out = append(out, "Severity "+fmt.Sprint(sev)+" · "+m.band(bi).Tag.Render(common.Line(m.bands()[bi].Name)), "")
		if len(m.reg.Risks) == 0 {
			return append(out, wrapped(st.Muted.Render("The register has no risks yet: press a to add one."), width)...)
		}
		return append(out, wrapped(st.Muted.Render("No risk sits in this cell. Move to a coloured number, or press a to add a risk here."), width)...)
	}
	clean := common.Clean
	labelW := 11
	valW := width - labelW
	var out []string
	row := func(label, value string) {
		if valW < 12 { // too narrow for two columns: the label above
			out = append(out, st.Panel.Heading.Render(label))
			out = append(out, wrapped(value, width)...)
			return
		}
		for k, l := range wrapped(value, valW) {
			if k == 0 {
				out = append(out, rs.Label.Render(pad(label, labelW))+l)
			} else {
				out = append(out, strings.Repeat(" ", labelW)+l)
			}
		}
	}
	bi := m.bandIndex(r.Severity())
	out = append(out, common.Truncate(st.Title.Render(clean(r.ID))+" "+m.band(bi).Badge.Render(strings.ToUpper(clean(m.bands()[bi].Name))), width))
	out = append(out, wrapped(st.Strong.Render(clean(r.Title)), width)...)
	if r.Description != "" {
		out = append(out, wrapped(st.Muted.Render(clean(r.Description)), width)...)
	}
	out = append(out, "")
	row("Owner", common.Or(clean(r.Owner), rs.Warn.Render("nobody named")))
	if r.Category != "" {
		row("Category", clean(r.Category))
	}
	row("Inherent", m.rating(r.Likelihood, r.Impact))
	if r.ResidualLikelihood == 0 && r.ResidualImpact == 0 {
		row("Residual", st.Muted.Render("not assessed"))
	} else {
		row("Residual", m.rating(r.ResidualLikelihood, r.ResidualImpact))
	}
	row("Treatment", common.Or(clean(string(r.Treatment)), st.Muted.Render("not decided")))
	switch {
	case r.Plan.Text != "":
		row("Plan", clean(r.Plan.Text))
		if r.Plan.File != "" {
			row("", "file: "+clean(r.Plan.File))
		}
	case r.Plan.File != "":
		row("Plan", "file: "+clean(r.Plan.File))
	case len(r.Plan.Steps) == 0:
		row("Plan", rs.Warn.Render("none written"))
	}
	covered, missed, unknown := m.principles(r)
	row("Covers", common.Or(strings.Join(covered, ", "), st.Muted.Render("no principle")))
	if len(missed) > 0 {
		row("Misses", rs.Warn.Render(strings.Join(missed, ", ")))
	}
	if len(unknown) > 0 {
		row("Unknown", st.Error.Render(strings.Join(unknown, ", ")))
	}
	if len(r.Plan.Steps) > 0 {
		out = append(out, st.Panel.Heading.Render("Who does what"))
		for _, s := range r.Plan.Steps {
			who := clean(s.Who)
			if who == "" {
				who = rs.Warn.Render("(nobody)")
			}
			for k, l := range wrapped(st.Strong.Render(who)+": "+clean(s.What), width-2) {
				if k == 0 {
					out = append(out, "• "+l)
				} else {
					out = append(out, "  "+l)
				}
			}
		}
	}
	var scs []string
	for _, s := range r.Scenarios {
		scs = append(scs, clean(s))
	}
	row("Drilled by", common.Or(strings.Join(scs, ", "), rs.Warn.Render("no scenario drills it")))
	switch {
	case r.Review.IsZero():
		row("Review", st.Muted.Render("no date set"))
	case r.Review.Before(m.now().Truncate(24 * time.Hour)):
		row("Review", r.Review.Format("2006-01-02")+" "+rs.Warn.Render("overdue"))
	default:
		row("Review", r.Review.Format("2006-01-02"))
	}
	out = append(out, m.readinessLines(r.ID, width)...)
	for i, l := range out {
		out[i] = common.Truncate(l, width)
	}
	return out
}

// readinessLines are the readiness section of a risk's detail: a spinner
// while it is read.
func (m *Model) readinessLines(id string, width int) []string {
	st := m.c.Styles
	var lines []string
	switch {
	case m.cfg.Readiness == nil:
		return nil
	case m.checking:
		lines = []string{m.spinner.View() + " checking the results…"}
	case m.readinessErr != "":
		lines = []string{m.readinessErr}
	default:
		lines = m.readiness[id]
	}
	if len(lines) == 0 {
		return nil
	}
	out := []string{st.Panel.Heading.Render("Readiness")}
	for _, l := range lines {
		out = append(out, strings.Split(ansi.Wrap(common.Line(l), max(width, 1), "/"), "\n")...)
	}
	return out
}

// rating says where a risk sits: "L4 likely × I5 catastrophic = 20 critical".
func (m *Model) rating(l, i int) string {
	if !onScale(l, i) {
		return m.c.Styles.RiskMap.Warn.Render(fmt.Sprintf("L%d × I%d is off the 1-5 scales", l, i))
	}
	bi := m.bandIndex(l * i)
	return fmt.Sprintf("L%d %s × I%d %s = %d ", l, engine.LikelihoodLabels[l-1], i, engine.ImpactLabels[i-1], l*i) +
		m.band(bi).Tag.Render(common.Line(m.bands()[bi].Name))
}

// principles splits the guidance's principles into those the plan covers
// and those it misses, and lists the plan's ids the guidance lacks.
func (m *Model) principles(r *engine.Risk) (covered, missed, unknown []string) {
	g := m.cfg.Guidance
	if g == nil {
		for _, p := range r.Plan.Principles {
			covered = append(covered, common.Line(p))
		}
		return covered, nil, nil
	}
	for _, p := range g.Principles {
		if slices.Contains(r.Plan.Principles, p.ID) {
			covered = append(covered, p.ID)
		} else {
			missed = append(missed, p.ID)
		}
	}
	for _, p := range r.Plan.Principles {
		if _, ok := g.PrincipleIndex(p); !ok {
			unknown = append(unknown, common.Line(p))
		}
	}
	return covered, missed, unknown
}

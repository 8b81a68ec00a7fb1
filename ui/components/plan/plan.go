// Package plan shows a risk of the register with its response plan, as the
// briefing and the drill (on p) show it.
package plan

import (
	"fmt"
	"strings"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// Text renders risk r of the session's register and its plan, with the
// principles of g the plan does not cover. The register is untrusted:
// every text of it is cleaned.
func Text(c *common.Common, r *engine.Risk, g *engine.Guidance) string {
	st := c.Styles
	var b strings.Builder
	band := engine.DefaultBands[0]
	if c.Register != nil {
		band = c.Register.BandOf(r.Severity())
	}
	fmt.Fprintf(&b, "%s\n%s\n", st.Strong.Render(common.Line(r.Title)), st.Muted.Render(fmt.Sprintf("%s risk · owner %s · likelihood %s, impact %s",
		common.Line(band.Name), common.Or(common.Line(r.Owner), "-"), engine.LikelihoodLabels[min(max(r.Likelihood, 1), 5)-1], engine.ImpactLabels[min(max(r.Impact, 1), 5)-1])))
	if !r.Plan.Exists() {
		b.WriteString(st.Error.Render("No response plan is written for this risk.") + "\n")
		return b.String()
	}
	if r.Plan.Text != "" {
		b.WriteString("\n" + common.Clean(r.Plan.Text) + "\n")
	}
	if r.Plan.File != "" {
		b.WriteString("\nPlaybook: " + common.Line(r.Plan.File) + "\n")
	}
	for _, s := range r.Plan.Steps {
		fmt.Fprintf(&b, "• %s: %s\n", common.Or(common.Line(s.Who), "-"), common.Line(s.What))
	}
	// Principles by their titles when the rubric is known: the plan is read
	// by executives, not by the register's editors.
	var covers, missing []string
	for _, p := range r.Plan.Principles {
		name := common.Line(p)
		if g != nil {
			if k, ok := g.PrincipleIndex(p); ok {
				name = common.Line(g.Principles[k].Title)
			}
		}
		covers = append(covers, name)
	}
	if g != nil {
		for _, p := range g.Principles {
			found := false
			for _, c := range r.Plan.Principles {
				found = found || c == p.ID
			}
			if !found {
				missing = append(missing, common.Line(p.Title))
			}
		}
	}
	fmt.Fprintf(&b, "\nCovers: %s", common.Or(strings.Join(covers, "; "), "-"))
	if len(missing) > 0 {
		b.WriteString(st.Muted.Render(" · not covered: " + strings.Join(missing, "; ")))
	}
	return b.String()
}

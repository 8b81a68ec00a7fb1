package debrief

import (
	"fmt"
	"strings"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// ForRoom makes the debrief one of a room session (ttx serve): it shows
// who argued for what before each decision, from the positions stored with
// the run, and leaves out what acts on the machine it runs on (writing the
// report to a file, the hotwash form): the SSH server's, not the reader's.
func (m *Model) ForRoom(positions []engine.Position) *Model {
	m.room, m.positions = true, positions
	return m
}

// positionsContent is the debrief's account of who argued for what, by
// decision; "" when nobody stated a position.
func (m *Model) positionsContent(w int) string {
	if len(m.positions) == 0 || m.result == nil {
		return ""
	}
	st := m.c.Styles
	var b strings.Builder
	b.WriteString("\n" + st.Rule.Render(strings.Repeat("─", w)) + "\n")
	b.WriteString(st.Debrief.Principle.Render("Who argued for what") + "\n")
	sc := m.d.Scenario()
	for i, dec := range m.result.Decisions {
		var ps []engine.Position
		for _, p := range m.positions {
			if p.Decision == i {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		var took []string
		for _, id := range dec.Choices {
			text, _ := choiceText(m.d, id)
			took = append(took, text)
		}
		b.WriteString(st.Strong.Render(fmt.Sprintf("%d. ", i+1)) + st.Muted.Render("decided: ") + common.Line(strings.Join(took, " + ")) + "\n")
		for _, p := range ps {
			var argued []string
			for _, id := range p.Choices {
				text, _ := choiceText(m.d, id)
				argued = append(argued, text)
			}
			who := common.Line(p.Name)
			if p.Role != "" {
				who += " (" + common.Line(sc.RoleTitle(p.Role)) + ")"
			}
			line := "  " + st.Strong.Render(who) + ": " + common.Line(strings.Join(argued, " + "))
			if p.Reason != "" {
				line += st.Debrief.Why.Render(" — " + common.Line(p.Reason))
			}
			b.WriteString(m.c.Renderer.NewStyle().Width(max(w, 10)).Render(line) + "\n")
		}
	}
	return b.String()
}

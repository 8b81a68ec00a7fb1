package debrief

import (
	"fmt"
	"strings"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// ForRoom makes the debrief one of a room session (ttx serve): it shows
// who argued for what before each decision (and on the one left open),
// from the positions stored with the run, says who ended the drill when the
// facilitator did (endedBy), and leaves out what acts on the machine it
// runs on (writing the report to a file, the hotwash form): the SSH
// server's, not the reader's.
func (m *Model) ForRoom(positions []engine.Position, endedBy string) *Model {
	m.room, m.positions, m.endedBy = true, positions, endedBy
	return m
}

// stopped says why a drill without an ending stopped.
func (m *Model) stopped() string {
	if m.endedBy != "" {
		return "The facilitator (" + common.Line(m.endedBy) + ") ended the drill."
	}
	return "The drill stopped: nothing was left to choose."
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
	for i := 0; i <= len(m.result.Decisions); i++ {
		var ps []engine.Position
		for _, p := range m.positions {
			if p.Decision == i {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		if i == len(m.result.Decisions) {
			b.WriteString(st.Strong.Render(fmt.Sprintf("%d. ", i+1)) + st.Muted.Render("left open when the drill stopped") + "\n")
		} else {
			var took []string
			for _, id := range m.result.Decisions[i].Choices {
				text, _ := choiceText(m.d, id)
				took = append(took, text)
			}
			b.WriteString(st.Strong.Render(fmt.Sprintf("%d. ", i+1)) + st.Muted.Render("decided: ") + common.Line(strings.Join(took, " + ")) + "\n")
		}
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

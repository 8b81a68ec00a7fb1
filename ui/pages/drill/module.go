package drill

import (
	"fmt"

	"github.com/ttx-dev/ttx/ui/common"
)

// moduleView is the opening of module m.opening, shown before its first
// scene: which module of how many, its title, its time budget and the
// situation as it opens, width by height cells at most.
func (m *Model) moduleView(width, height int) string {
	st := m.c.Styles
	sc := m.d.Scenario()
	md := sc.Modules[m.opening]
	w := min(width-4, 72)
	inner := w - 8
	head := []string{
		st.Muted.Render(fmt.Sprintf("MODULE %d OF %d", m.opening+1, len(sc.Modules))),
		st.Title.Render(common.Wrap(common.Line(md.Title), inner)),
		st.Muted.Render("about " + common.Minutes(md.Budget) + " of discussion"),
	}
	body := ""
	if md.Summary != "" {
		body = m.c.Markdown.Render(common.Clean(md.Summary), inner)
	}
	return banner(st.Modal.Width(w), head, body, st.Inject.Hint.Render("enter to begin"), height)
}

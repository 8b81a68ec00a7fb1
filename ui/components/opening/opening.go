// Package opening is a module's opening: which module of how many, its
// title, its time budget and the situation as it opens, in a box. The drill
// shows it before a module's first scene; in a room session (ttx serve)
// the console, the room view and the seats show it while the team waits
// for the facilitator to begin the module.
package opening

import (
	"fmt"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// View draws the opening of module k of sc, at most width by height
// cells, with tail (the key that begins it, or who does) at its foot.
func View(c *common.Common, sc *engine.Scenario, k int, tail string, width, height int) string {
	st := c.Styles
	md := sc.Modules[k]
	w := min(width-4, 72)
	inner := w - 8
	head := []string{
		st.Muted.Render(fmt.Sprintf("MODULE %d OF %d", k+1, len(sc.Modules))),
		st.Title.Render(common.Wrap(common.Line(md.Title), inner)),
		st.Muted.Render("about " + common.Minutes(md.Budget) + " of discussion"),
	}
	body := ""
	if md.Summary != "" {
		body = c.Markdown.Render(common.Clean(md.Summary), inner)
	}
	return common.Banner(st.Modal.Width(w), head, body, st.Inject.Hint.Render(tail), height)
}

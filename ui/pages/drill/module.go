package drill

import "github.com/ttx-dev/ttx/ui/components/opening"

// moduleView is the opening of module m.opening, shown before its first
// scene, width by height cells at most.
func (m *Model) moduleView(width, height int) string {
	return opening.View(m.c, m.d.Scenario(), m.opening, "enter to begin", width, height)
}

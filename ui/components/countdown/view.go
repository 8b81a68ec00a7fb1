package countdown

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/progress"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// UrgentAt is the time left from which a countdown shows as urgent.
const UrgentAt = 30 * time.Second

// Format writes a time left as minutes and seconds: "3:05".
func Format(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d/time.Minute), int(d%time.Minute/time.Second))
}

// NewBar returns the bar a countdown line draws of its time left, in c's
// timer colour and colour profile. Set its Width to the cells it may take.
func NewBar(c *common.Common) progress.Model {
	return progress.New(progress.WithSolidFill(c.Styles.Timer.Fill), progress.WithoutPercentage(), progress.WithColorProfile(c.Renderer.ColorProfile()))
}

// Line draws a countdown with left of limit: "⏱ 3:05 left" and bar
// filled to the share left, urgent from UrgentAt; or, paused, "⏸ Paused at
// 3:05" and how it goes on (resume, such as "t restarts the clock"; ""
// says nothing).
func Line(c *common.Common, bar progress.Model, left, limit time.Duration, paused bool, resume string) string {
	st := c.Styles
	if paused {
		text := "⏸ Paused at " + Format(left)
		if resume != "" {
			text += " (" + resume + ")"
		}
		return st.Timer.Label.Render(text)
	}
	label := st.Timer.Label
	if left <= UrgentAt {
		label = st.Timer.Urgent
	}
	frac := 0.0
	if limit > 0 {
		frac = float64(left) / float64(limit)
	}
	return label.Render("⏱ "+Format(left)+" left ") + bar.ViewAs(frac)
}

// Then says which choice the timeout of d's scene takes, by its number in
// the list offered: " · then choice 2 is taken"; "" when none is offered.
func Then(d *engine.Drill) string {
	s := d.Scene()
	for row, j := range d.AppendOffered(nil) {
		if j == s.Timeout {
			return fmt.Sprintf(" · then choice %d is taken", row+1)
		}
	}
	return ""
}

package common

import (
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Banner draws head, body and tail in box, at most height lines tall: in
// full when it fits, else without its blank lines and with less padding,
// the body cut to the lines left (so that the head, a headline, and the
// tail, the key to go on, always show).
func Banner(box lipgloss.Style, head []string, body, tail string, height int) string {
	full := append(slices.Clone(head), "")
	if body != "" {
		full = append(full, body, "")
	}
	out := box.Render(strings.Join(append(full, tail), "\n"))
	if lipgloss.Height(out) <= height {
		return out
	}
	box = box.Padding(0, 1)
	var lines []string
	for _, l := range head {
		if l != "" {
			lines = append(lines, l)
		}
	}
	room := height - 2 - lipgloss.Height(strings.Join(lines, "\n")) - 1 // the border, the head, the tail
	if body != "" && room > 0 {
		bl := strings.Split(strings.Trim(body, "\n"), "\n")
		if len(bl) > room {
			bl = append(bl[:max(room-1, 0)], "  …")
		}
		lines = append(lines, bl...)
	}
	return box.Render(strings.Join(append(lines, tail), "\n"))
}

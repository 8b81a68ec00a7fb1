package form_test

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/form"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

// TestHintsWrap: a hint that does not fit after its field goes under it,
// whole, never cut.
func TestHintsWrap(t *testing.T) {
	t.Parallel()
	c := common.New(uitest.Plain(), nil, nil)
	hint := "1 insignificant … 5 catastrophic; after treatment, optional"
	f := form.New(c, 12, 0, form.Field{Label: "Impact", Width: 3, Hint: func(string) string { return hint }})
	for _, w := range []int{40, 60, 100} {
		f.SetSize(w, 10)
		v := f.View()
		if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, hint) {
			t.Errorf("at %d columns the hint is cut:\n%s", w, v)
		}
		uitest.CheckFits(t, v, w, 10)
	}
}

// TestSelectedValueReplaced: a number filled in beforehand is replaced by
// what is typed, not added to.
func TestSelectedValueReplaced(t *testing.T) {
	t.Parallel()
	c := common.New(uitest.Plain(), nil, nil)
	f := form.New(c, 12, 0, form.Field{Label: "Likelihood", Width: 3, Select: true})
	f.SetValue(0, "4")
	f, _ = f.Update(uitest.Key("2"))
	if f.Value(0) != "2" {
		t.Errorf("typing 2 over 4 gave %q", f.Value(0))
	}
	f, _ = f.Update(uitest.Key("3"))
	if f.Value(0) != "23" {
		t.Errorf("typing on gave %q", f.Value(0))
	}
}

// TestTextAreaEdgeOnLightBackground: a text area's edge is drawn in a
// colour that shows on a light background, focused or not.
func TestTextAreaEdgeOnLightBackground(t *testing.T) {
	t.Parallel()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(false)
	c := common.New(r, nil, nil)
	c.Width, c.Height = 60, 30
	f := form.New(c, 10, 0, form.Field{Label: "Notes", Lines: 3}, form.Field{Label: "Owner"})
	f.SetSize(60, 10)
	for focus, want := range map[int]string{0: "38;2;89;63;214", 1: "38;2;110;119;129"} { // accent, muted: light forms
		f.SetFocus(focus)
		v := f.View()
		edge := false
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(ansi.Strip(l), "│") && strings.Contains(l, want) {
				edge = true
			}
		}
		if !edge {
			t.Errorf("focus %d: the text area's edge is not drawn in %s:\n%q", focus, want, v)
		}
	}
}

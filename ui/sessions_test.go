package ui

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

// colour matches an SGR sequence that sets a colour.
var colour = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m`)

// boldOrItalic matches an SGR sequence that sets bold (1) or italic (3),
// also in glamour's form with an empty first parameter ("\x1b[;1m").
var boldOrItalic = regexp.MustCompile(`\x1b\[(?:[0-9]*;)*[13](?:;[0-9]*)*m`)

// TestTwoSessionsInOneProcess runs two programs at once in one process,
// each with its own terminal: one under NO_COLOR on a dark background, one
// in true colour on a light one. Each draws for its own terminal: no colour
// at all in the first, the palette's light forms in 24-bit colour in the
// second. (TestMain sets the process's default renderer to true colour on
// dark, so a style that escaped its session would show.)
func TestTwoSessionsInOneProcess(t *testing.T) {
	t.Parallel()
	plain := uitest.Plain()
	light := lipgloss.NewRenderer(io.Discard)
	light.SetColorProfile(termenv.TrueColor)
	light.SetHasDarkBackground(false)
	o := opts(t)
	o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
	var wg sync.WaitGroup
	out := make([][]byte, 2)
	for i, r := range []*lipgloss.Renderer{plain, light} {
		tm := teatest.NewTestModel(t, New(r, o), teatest.WithInitialTermSize(100, 30))
		wg.Go(func() {
			var b bytes.Buffer
			teatest.WaitFor(t, io.TeeReader(tm.Output(), &b), func(got []byte) bool { return strings.Contains(string(got), "seed") },
				teatest.WithDuration(10*time.Second))
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			teatest.WaitFor(t, io.TeeReader(tm.Output(), &b), func(got []byte) bool { return strings.Contains(string(got), "MODULE 1 OF") },
				teatest.WithDuration(10*time.Second))
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) // past the module's opening
			teatest.WaitFor(t, io.TeeReader(tm.Output(), &b), func(got []byte) bool { return strings.Contains(string(got), "SCENARIO CLOCK") },
				teatest.WithDuration(10*time.Second))
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
			tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
			out[i] = b.Bytes()
		})
	}
	wg.Wait()
	if m := colour.Find(out[0]); m != nil {
		t.Errorf("the NO_COLOR session set a colour: %q", m)
	}
	if m := boldOrItalic.Find(out[0]); m != nil {
		t.Errorf("the NO_COLOR session drew in bold or italic: %q", m)
	}
	// The text colour, #1F2328 on a light background (#E6EDF3 on a dark
	// one), and glamour's light style (its text is 256-colour 234; 252 in
	// the dark style).
	for _, want := range []string{"38;2;31;35;40", "38;5;234"} {
		if !bytes.Contains(out[1], []byte(want)) {
			t.Errorf("the true-colour session on a light background does not draw with %q", want)
		}
	}
	for _, dark := range []string{"38;2;230;237;243", "38;5;252"} {
		if bytes.Contains(out[1], []byte(dark)) {
			t.Errorf("the true-colour light session drew with %q, a dark terminal's colour", dark)
		}
	}
}

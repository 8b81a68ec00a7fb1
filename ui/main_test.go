package ui

import (
	"os"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestMain sets the process's default lipgloss renderer to true colour: a
// style that escapes the session's renderer would draw in colour there,
// and the tests of NO_COLOR screens would see it.
func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

package ui

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Terminal is where a program runs: the renderer built for that terminal
// (its colour profile and background), its input and its output.
type Terminal struct {
	Renderer *lipgloss.Renderer
	In       io.Reader
	Out      io.Writer
	// Signals, when set, stop the program: each ends it as ctrl+c does,
	// restoring the terminal, with a [StopError] naming the signal.
	Signals <-chan os.Signal
}

// StopError is the error [Run] returns when ctrl+c or a signal ended the
// program. Note says what became of the drill in progress, if there was
// one.
type StopError struct {
	Signal os.Signal // os.Interrupt for ctrl+c
	Note   string
}

func (e *StopError) Error() string { return fmt.Sprintf("stopped by %v", e.Signal) }

// Run runs the UI on t until the user quits. It returns the error that
// ended it, as one line, or a *StopError for ctrl+c or a signal.
func Run(t Terminal, opts Options) error {
	m := New(t.Renderer, opts)
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(t.In), tea.WithOutput(t.Out), tea.WithoutSignalHandler())
	var got atomic.Value // the first signal
	done := make(chan struct{})
	defer close(done)
	if t.Signals != nil {
		go func() {
			for {
				select {
				case s := <-t.Signals:
					got.CompareAndSwap(nil, s)
					go p.Send(signalMsg{s})
				case <-done:
					return
				}
			}
		}()
	}
	_, err := p.Run()
	m.Flush()
	if s := m.Stopped(); s != nil {
		return s
	}
	if s, ok := got.Load().(os.Signal); ok {
		// The terminal went away (a hang-up) before the model heard of it.
		return &StopError{Signal: s, Note: m.exitNote()}
	}
	if err != nil {
		return err
	}
	return m.Err()
}

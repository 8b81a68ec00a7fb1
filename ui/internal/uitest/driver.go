package uitest

import (
	"regexp"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/timer"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/ui/components/countdown"
)

// Driver runs a page as a program does, for pages whose commands wait on
// something outside (a room session's changes): each command runs in a
// goroutine of its own, and its messages come back to the test's goroutine,
// which alone updates the page. Await feeds them to the page until a
// condition holds. Ticks (spinners, timers, countdowns) are dropped.
type Driver struct {
	t    testing.TB
	P    *Page
	msgs chan tea.Msg
}

// NewDriver drives page p, running its Init.
func NewDriver(t testing.TB, p *Page) *Driver {
	d := &Driver{t: t, P: p, msgs: make(chan tea.Msg, 256)}
	d.Run(p.Init())
	return d
}

// Run runs cmd in goroutines, its messages queued for Await.
func (d *Driver) Run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case nil, spinner.TickMsg, timer.TickMsg, timer.StartStopMsg, cursor.BlinkMsg, countdown.TickMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				d.Run(c)
			}
		case tea.QuitMsg:
		default:
			d.msgs <- msg
		}
	}()
}

// Send gives the page msg and runs the command it returns.
func (d *Driver) Send(msgs ...tea.Msg) {
	for _, msg := range msgs {
		_, cmd := d.P.Update(msg)
		d.Run(cmd)
	}
}

// Keys sends keys by name (see Key).
func (d *Driver) Keys(names ...string) { d.Send(Keys(names...)...) }

// Await feeds the page the messages of its commands until cond holds,
// failing the test when it does not within the deadline.
func (d *Driver) Await(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case msg := <-d.msgs:
			d.Send(msg)
		case <-deadline:
			d.t.Fatalf("waited in vain for %s; the screen:\n%s", what, d.P.View())
		}
	}
}

// sgr matches the select-graphic-rendition sequences of the UI's own
// styles (glamour sets bold even without colour).
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// Unstyled is a screen without the UI's own styling, for hostile.Terminal
// to find what else reaches the terminal.
func Unstyled(view string) string { return sgr.ReplaceAllString(view, "") }

// Package live is what the pages of a room session (ttx serve) share: the
// connection of one terminal to the room server, the subscription that
// wakes a page when the session changes (a message, never a poll), the
// countdown of a running timer (the drill's, from package countdown), and
// the views every seat draws the same way: a team's status, the positions
// stated, the injects, the scoreboard.
//
// Every text here that a player typed (names, reasons) was cleaned by the
// room (room.CleanName, room.CleanReason) before it was stored; it is
// passed through common.Line again where it is drawn, as everything from
// the store is.
package live

import (
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine/room"
)

// Conn is one terminal's connection to a room server: the server's
// sessions, the key it authenticated with, and the subscriptions its pages
// hold, closed together when the connection ends.
type Conn struct {
	Rooms *room.Manager
	Key   string // the fingerprint of the SSH key, e.g. "SHA256:..."

	mu   sync.Mutex
	subs []*room.Sub
	done bool
}

// NewConn returns the connection of a terminal authenticated with key.
func NewConn(rooms *room.Manager, key string) *Conn { return &Conn{Rooms: rooms, Key: key} }

// Subscribe subscribes to a session for seat (counted online while the
// subscription lasts).
func (c *Conn) Subscribe(s *room.Session, seat string) *room.Sub {
	sub := s.Subscribe(seat)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		sub.Close()
		return sub
	}
	c.subs = append(c.subs, sub)
	return sub
}

// Close closes every subscription of the connection: its seats go offline.
func (c *Conn) Close() {
	c.mu.Lock()
	subs := c.subs
	c.subs, c.done = nil, true
	c.mu.Unlock()
	for _, s := range subs {
		s.Close()
	}
}

// ChangedMsg says that the session of Sub has a new snapshot.
type ChangedMsg struct{ Sub *room.Sub }

// Watch waits for the next change of a subscription's session. A page
// returns it once, and again each time it gets its ChangedMsg.
func Watch(sub *room.Sub) tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-sub.C; !ok {
			return nil
		}
		return ChangedMsg{Sub: sub}
	}
}

// DoneMsg answers a change a page asked of the session (a position, a
// commit, a control), made in a command because the store writes it.
type DoneMsg struct {
	Sub  *room.Sub // the page's subscription, to tell its answers
	What string    // what was asked, to say it was done
	Err  error
}

// Do runs a change of the session in a command.
func Do(sub *room.Sub, what string, change func() error) tea.Cmd {
	return func() tea.Msg { return DoneMsg{Sub: sub, What: what, Err: change()} }
}

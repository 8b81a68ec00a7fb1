package live

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
)

// Base is what every page of a room session holds and does alike: its
// subscription and the snapshot it last drew; the countdown's ticks; and
// the changes it asks of the session, written in commands with a spinner,
// the keys typed meanwhile queued and applied in order after.
type Base struct {
	C    *common.Common
	S    *room.Session
	Sub  *room.Sub
	Snap *room.Snapshot

	Spinner busy.Model
	Pending bool   // a change is being written
	Status  string // what the last change did, or why it failed
	Failed  bool
	Closed  bool // the page was left

	queue   []tea.KeyMsg
	ticks   int
	ticking bool
}

// NewBase subscribes a page to session s for seat, through conn.
func NewBase(c *common.Common, conn *Conn, s *room.Session, seat string) Base {
	return Base{C: c, S: s, Sub: conn.Subscribe(s, seat), Snap: s.Snapshot(), Spinner: busy.New(c)}
}

// Init waits for the session's changes and starts the countdown when one
// runs.
func (b *Base) Init(running bool) tea.Cmd { return tea.Batch(Watch(b.Sub), b.Tick(running)) }

// Tick starts the countdown's ticks when one runs and they are not going.
func (b *Base) Tick(running bool) tea.Cmd {
	if b.ticking || !running {
		return nil
	}
	b.ticking = true
	b.ticks++
	return Tick(b.ticks)
}

// Page is what Base asks of the page embedding it.
type Page interface {
	// Take takes the new snapshot in b.Snap: lays the page out again.
	Take()
	// Running reports whether a countdown the page shows runs.
	Running() bool
	// Key handles a key when no change is being written.
	Key(tea.KeyMsg) tea.Cmd
}

// Handle takes the messages every room page takes alike: the session's
// changes, the countdown's ticks, the answers of the changes asked, a page
// to open (OpenMsg), and the keys (queued while a change is written). It
// reports whether msg was one of them.
func (b *Base) Handle(p Page, msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case ChangedMsg:
		if msg.Sub != b.Sub {
			return nil, true
		}
		b.Snap = b.S.Snapshot()
		p.Take()
		return tea.Batch(Watch(b.Sub), b.Tick(p.Running())), true
	case TickMsg:
		if msg.ID != b.ticks {
			return nil, true
		}
		b.ticking = false
		return b.Tick(p.Running()), true
	case DoneMsg:
		if msg.Sub != b.Sub {
			return nil, true
		}
		b.Pending, b.Failed, b.Status = false, msg.Err != nil, msg.What
		if msg.Err != nil {
			b.Status = common.Line(msg.Err.Error())
		}
		b.Snap = b.S.Snapshot()
		p.Take()
		return b.drain(p), true
	case OpenMsg:
		if msg.Sub != b.Sub {
			return nil, true
		}
		b.Pending = false
		if msg.Err != nil {
			b.Status, b.Failed = common.Line(msg.Err.Error()), true
			return b.drain(p), true
		}
		b.C.Push(msg.Page)
		return nil, true
	case tea.KeyMsg:
		switch {
		case b.Closed:
		case b.Pending:
			b.queue = append(b.queue, msg)
		default:
			return p.Key(msg), true
		}
		return nil, true
	}
	var cmd tea.Cmd
	b.Spinner, cmd, _ = b.Spinner.Update(msg, b.Pending)
	return cmd, cmd != nil
}

// drain applies the keys typed while a change was written, until one
// starts another.
func (b *Base) drain(p Page) tea.Cmd {
	var cmds []tea.Cmd
	for len(b.queue) > 0 && !b.Pending && !b.Closed {
		k := b.queue[0]
		b.queue = b.queue[1:]
		cmds = append(cmds, p.Key(k))
	}
	return tea.Batch(cmds...)
}

// Do writes a change of the session, in a command; what says it was done.
func (b *Base) Do(what string, change func() error) tea.Cmd {
	b.Pending, b.Status, b.Failed = true, "", false
	return tea.Batch(Do(b.Sub, what, change), b.Spinner.Tick)
}

// Open opens a page made by a slow command (a debrief read from the
// store), the spinner turning meanwhile.
func (b *Base) Open(make func() (common.Page, error)) tea.Cmd {
	b.Pending = true
	sub := b.Sub
	return tea.Batch(b.Spinner.Tick, func() tea.Msg {
		p, err := make()
		return OpenMsg{Sub: sub, Page: p, Err: err}
	})
}

// OpenMsg brings a page to open, or why it could not be made.
type OpenMsg struct {
	Sub  *room.Sub
	Page common.Page
	Err  error
}

// Leave leaves the page: its seat goes offline here, and the page before
// shows.
func (b *Base) Leave() {
	b.Closed = true
	b.Sub.Close()
	b.C.Back()
}

// StatusLine says what a change did, why it failed, or that one is being
// written; a problem of the session's store comes first.
func (b *Base) StatusLine() string {
	st := b.C.Styles
	switch {
	case b.Pending:
		return b.Spinner.View() + " Saving…"
	case b.Snap.Problem != "":
		return st.Error.Render("⚠ " + common.Line(b.Snap.Problem))
	case b.Failed:
		return st.Error.Render(b.Status)
	}
	return st.Success.Render(b.Status)
}

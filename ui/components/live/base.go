package live

import (
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/components/countdown"
)

// Base is what every page of a room session holds and does alike: its
// subscription and the snapshot it last drew; the countdown it shows, and
// its bar; and the changes it asks of the session, written in commands
// with a spinner, the keys typed meanwhile queued and applied in order
// after.
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

	// Bar is the bar of the countdown line (ClockLine); a page sets its
	// width.
	Bar progress.Model

	queue []tea.KeyMsg
	// clock ticks each second while the timer of the team the page shows
	// runs, so that the page redraws it. The session keeps the timer: the
	// time drawn is the session's (room.Timer.LeftAt), never this one's.
	clock countdown.Model
}

// NewBase subscribes a page to session s for seat, through conn.
func NewBase(c *common.Common, conn *Conn, s *room.Session, seat string) Base {
	return Base{C: c, S: s, Sub: conn.Subscribe(s, seat), Snap: s.Snapshot(), Spinner: busy.New(c), Bar: countdown.NewBar(c)}
}

// Snapshot returns the session as the page last drew it.
func (b *Base) Snapshot() *room.Snapshot { return b.Snap }

// Init waits for the session's changes and starts the countdown of p's
// team when its timer runs.
func (b *Base) Init(p Page) tea.Cmd { return tea.Batch(Watch(b.Sub), b.follow(p.Shown())) }

// follow keeps the page's countdown ticking while the timer of team t
// runs, and stopped otherwise; it returns the first tick of a countdown
// started.
func (b *Base) follow(t *room.Team) tea.Cmd {
	if t == nil || t.Over || !t.Timer.Running {
		b.clock.Stop()
		return nil
	}
	if b.clock.ID() == 0 || b.clock.Limit() != t.Timer.Limit {
		b.clock = countdown.New(t.Timer.Limit)
	}
	b.clock.SetLeft(t.Timer.LeftAt(b.C.Now()))
	if b.clock.Running() {
		return nil
	}
	return b.clock.Start()
}

// Page is what Base asks of the page embedding it.
type Page interface {
	// Take takes the new snapshot in b.Snap: lays the page out again.
	Take()
	// Shown is the team whose countdown the page shows, or nil.
	Shown() *room.Team
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
		return tea.Batch(Watch(b.Sub), b.follow(p.Shown())), true
	case countdown.TickMsg:
		var cmd tea.Cmd
		b.clock, cmd = b.clock.Update(msg)
		return tea.Batch(cmd, b.follow(p.Shown())), true
	case countdown.TimeoutMsg:
		return nil, true // the session takes the timeout, and says so
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
		return tea.Batch(b.drain(p), b.follow(p.Shown())), true
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

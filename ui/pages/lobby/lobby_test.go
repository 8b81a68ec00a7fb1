package lobby_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/pages/console"
	"github.com/ttx-dev/ttx/ui/pages/lobby"
	"github.com/ttx-dev/ttx/ui/pages/roomview"
	"github.com/ttx-dev/ttx/ui/pages/seat"
)

func TestStartOf(t *testing.T) {
	t.Parallel()
	for user, want := range map[string]lobby.Start{"join": lobby.StartJoin, "Room": lobby.StartRoom, "facilitator": lobby.StartConsole,
		"console": lobby.StartConsole, "root": lobby.StartMenu, "": lobby.StartMenu} {
		if got := lobby.StartOf(user); got != want {
			t.Errorf("StartOf(%q) = %v, want %v", user, got, want)
		}
	}
}

// A player joins: a wrong code is refused with a sentence, then the code
// (as typed, in any case), a team, a role and a name open their seat.
func TestJoinFlow(t *testing.T) {
	t.Parallel()
	m, s, _ := uitest.Room(t, "retail-card-breach", "Blue", "Red")
	c := common.New(uitest.Plain(), nil, nil)
	conn := live.NewConn(m, "SHA256:ana")
	t.Cleanup(conn.Close)
	d := uitest.NewDriver(t, uitest.NewPage(c, lobby.JoinFlow(c, conn, false), 80, 24))
	d.Send(uitest.Key("ABCDEF"))
	d.Keys("enter")
	if !strings.Contains(d.P.View(), `no open session has the code "ABCDEF"`) {
		t.Fatalf("a wrong code is not refused:\n%s", d.P.View())
	}
	for range 6 {
		d.Keys("backspace")
	}
	d.Send(uitest.Key(strings.ToLower(room.FormatCode(s.Code()))))
	d.Keys("enter", "down", "enter") // team Red
	if !strings.Contains(d.P.View(), "Your role") {
		t.Fatalf("no role step:\n%s", d.P.View())
	}
	d.Keys("enter")                           // the first role
	d.Send(uitest.Key("\x1b]0;PWNED\x07Ana")) // a name with an escape sequence
	d.Keys("enter")
	d.Keys("down", "enter") // typed while the seat is written: they go to the seat
	d.Await("the seat", func() bool { return len(d.P.Navs) > 0 })
	if _, ok := d.P.Navs[0].Page.(*seat.Model); !ok || d.P.Navs[0].Kind != common.NavReplace {
		t.Fatalf("the flow opened %+v", d.P.Navs[0])
	}
	if got := fmt.Sprint(d.P.Navs[0].Keys); got != "[down enter]" {
		t.Errorf("the seat is given the keys %s, want those typed while it opened: [down enter]", got)
	}
	seats := s.Snapshot().TeamSeats(1)
	if len(seats) != 1 || !strings.HasSuffix(seats[0].Name, "Ana") || seats[0].Key != "SHA256:ana" || seats[0].Role != s.Snapshot().Scenario.Roles[0] {
		t.Fatalf("seats of Red: %+v", seats)
	}
	hostile.Terminal(t, "a name typed with an escape sequence", seats[0].Name)
}

// When the flow's work fails, the form stays with its answers, and the keys
// typed while it ran apply to it, in order.
func TestFlowKeysAfterFailure(t *testing.T) {
	t.Parallel()
	c := common.New(uitest.Plain(), nil, nil)
	var f *lobby.Flow
	f = lobby.NewFlow(c, "Open", func(answers []string) tea.Cmd {
		return func() tea.Msg { return f.Done(nil, errors.New("the store is read-only")) }
	}, &lobby.Step{Label: "Your name", Text: true, Limit: 20})
	d := uitest.NewDriver(t, uitest.NewPage(c, f, 80, 24))
	d.Send(uitest.Key("Fa"))
	d.Keys("enter")
	d.Send(uitest.Key("y")) // typed while the work runs
	d.Await("the failure", func() bool { return strings.Contains(d.P.View(), "the store is read-only") })
	if v := d.P.View(); !strings.Contains(v, "Fay") || len(d.P.Navs) != 0 {
		t.Errorf("the key typed meanwhile did not reach the form, or the flow went on:\n%s", v)
	}
}

// A projector shows a team's room view: no role is asked.
func TestRoomViewFlow(t *testing.T) {
	t.Parallel()
	m, s, _ := uitest.Room(t, "retail-card-breach", "Blue")
	c := common.New(uitest.Plain(), nil, nil)
	conn := live.NewConn(m, "SHA256:projector")
	t.Cleanup(conn.Close)
	d := uitest.NewDriver(t, uitest.NewPage(c, lobby.JoinFlow(c, conn, true), 80, 24))
	d.Send(uitest.Key(s.Code()))
	d.Keys("enter", "enter", "enter") // the code, team Blue, the name given
	d.Await("the room view", func() bool { return len(d.P.Navs) > 0 })
	if _, ok := d.P.Navs[0].Page.(*roomview.Model); !ok {
		t.Fatalf("the flow opened %T", d.P.Navs[0].Page)
	}
	if seats := s.Snapshot().Seats; len(seats) != 1 || seats[0].Name != "Room view" || seats[0].Kind != "room" {
		t.Errorf("seats: %+v", seats)
	}
}

// A facilitator opens a session of the flagship with three teams; its
// console opens, and the lobby then offers to return to it.
func TestOpenFlow(t *testing.T) {
	t.Parallel()
	m, _, _ := uitest.Room(t, "retail-card-breach", "Other")
	c := common.New(uitest.Plain(), nil, nil)
	c.Catalog = uitest.Catalog(t)
	conn := live.NewConn(m, "SHA256:fay")
	t.Cleanup(conn.Close)
	d := uitest.NewDriver(t, uitest.NewPage(c, lobby.OpenFlow(c, conn), 100, 30))
	at := slices.IndexFunc(c.Catalog.Entries, func(e scenarios.Entry) bool { return e.ID == "retail-card-breach" })
	for range at {
		d.Keys("down")
	}
	d.Keys("enter", "ctrl+u")
	d.Send(uitest.Key("Blue, Red , Green"))
	d.Keys("enter")
	d.Send(uitest.Key("Fay"))
	d.Keys("enter", "enter")
	d.Await("the console", func() bool { return len(d.P.Navs) > 0 })
	if _, ok := d.P.Navs[0].Page.(*console.Model); !ok {
		t.Fatalf("the flow opened %T", d.P.Navs[0].Page)
	}
	owned := m.Owned("SHA256:fay")
	if len(owned) != 1 {
		t.Fatalf("%d sessions of Fay's", len(owned))
	}
	snap := owned[0].Snapshot()
	if len(snap.Teams) != 3 || snap.Teams[2].Name != "Green" || snap.Scenario.ID != "retail-card-breach" || snap.Owner.Name != "Fay" {
		t.Errorf("session %+v", snap)
	}
	pages := lobby.Pages(c, conn, lobby.StartMenu)
	menu := uitest.NewPage(c, pages[0], 100, 30)
	if !strings.Contains(menu.View(), "Back to the console of session "+room.FormatCode(snap.Code)) {
		t.Errorf("the menu does not offer the console:\n%s", menu.View())
	}
}

// The whole entry through the root model in a real program (teatest): the
// menu, the join flow, and the seat, with its scene.
func TestJoinTeatest(t *testing.T) {
	t.Parallel()
	m, s, _ := uitest.Room(t, "retail-card-breach", "Blue")
	conn := live.NewConn(m, "SHA256:bo")
	t.Cleanup(conn.Close)
	model := ui.New(uitest.Plain(), ui.Options{Pages: func(c *common.Common) []common.Page { return lobby.Pages(c, conn, lobby.StartMenu) }})
	tm := teatest.NewTestModel(t, model, teatest.WithInitialTermSize(100, 30))
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), what) }, teatest.WithDuration(10*time.Second))
	}
	wait("Join a team as a player")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Join code")
	tm.Type(s.Code())
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Team")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Your role")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Your name")
	tm.Type("Bo")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("The facilitator begins the module.") // the first module's opening
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*ui.Model)
	if _, ok := fm.Top().(*seat.Model); !ok {
		t.Fatalf("the top page is %T", fm.Top())
	}
	conn.Close()
	if seats := s.Snapshot().Seats; len(seats) != 1 || seats[0].Online != 0 {
		t.Errorf("after the connection closed: %+v", seats)
	}
}

package seat_test

import (
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
	"github.com/ttx-dev/ttx/ui/pages/seat"
)

func join(t *testing.T, s *room.Session, team int, role, name string) string {
	t.Helper()
	id, err := s.Join(room.JoinRequest{Kind: store.SeatRole, Team: team, Role: role, Who: room.Identity{Key: "SHA256:" + name, Name: name}})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A player states a position with a reason, sees the others' (a hostile
// name shows harmless), is marked lead, commits the team's decision, and
// once the drill is over opens the debrief with who argued for what.
func TestSeat(t *testing.T) {
	t.Parallel()
	m, s, st := uitest.Room(t, "retail-card-breach", "Blue")
	console, err := s.JoinConsole(uitest.Facilitator)
	if err != nil {
		t.Fatal(err)
	}
	ana := join(t, s, 0, "ceo", "Ana")
	eve := join(t, s, 0, "comms", hostile.Strings[2]+"Eve"+hostile.Strings[7])
	c := common.New(uitest.Plain(), st, nil)
	conn := live.NewConn(m, "SHA256:Ana")
	t.Cleanup(conn.Close)
	d := uitest.NewDriver(t, uitest.NewPage(c, seat.New(c, conn, s, ana, 0), 100, 30))
	page := d.P.P.(*seat.Model)
	team := func() *room.Team { return page.Snapshot().Team(0) }
	ceo := s.Snapshot().Scenario.RoleTitle("ceo")
	header := func() string { return strings.Split(d.P.View(), "\n")[0] }
	if !strings.Contains(header(), "Ana ("+ceo+")") || strings.Contains(header(), "lead") {
		t.Fatalf("the seat's header:\n%s", d.P.View())
	}

	// The first module's opening: no position until the console begins it.
	flat := func() string { return strings.Join(strings.Fields(d.P.View()), " ") }
	for _, w := range []string{"MODULE 1 OF", "The facilitator begins the module.", "MODULE 1 WAITS"} {
		if !strings.Contains(flat(), w) {
			t.Errorf("the seat at the opening lacks %q:\n%s", w, d.P.View())
		}
	}
	d.Keys("down", "enter")
	if page.Typing() {
		t.Fatalf("a position was asked for before the module began:\n%s", d.P.View())
	}
	if err := s.Control(console, 0, engine.ControlBegin, ""); err != nil {
		t.Fatal(err)
	}
	d.Await("the module begun", func() bool { return team().Opening < 0 && !strings.Contains(flat(), "MODULE 1 OF") })

	// Ana states a position on the second choice.
	d.Keys("down", "enter")
	if !page.Typing() {
		t.Fatalf("enter did not ask for a reason:\n%s", d.P.View())
	}
	d.Send(uitest.Key("the plan is rehearsed"))
	d.Keys("enter")
	d.Await("Ana's position", func() bool { return team().PositionOf(ana) != nil })
	want := team().Drill.Scene().Choices[team().Drill.AppendOffered(nil)[1]].ID
	if p := team().PositionOf(ana); p.Choices[0] != want || p.Reason != "the plan is rehearsed" {
		t.Errorf("Ana's position %+v, want %s", p, want)
	}

	// Eve's position, with a hostile reason, shows on Ana's seat, harmless.
	if err := s.State(eve, []string{want}, hostile.Strings[0]+"too slow"+hostile.Strings[4]); err != nil {
		t.Fatal(err)
	}
	d.Await("Eve's position", func() bool { return team().PositionOf(eve) != nil })
	view := d.P.View()
	hostile.Terminal(t, "a seat showing another's name and reason", uitest.Unstyled(view))
	if !strings.Contains(view, "Eve") || !strings.Contains(view, "too slow") {
		t.Errorf("Eve's position is not shown:\n%s", view)
	}

	// Not yet lead: C does nothing. Marked lead, Ana commits.
	d.Keys("C")
	if strings.Contains(d.P.View(), "Commit the team's decision:") {
		t.Fatal("a player who is not lead was offered to commit")
	}
	if err := s.SetLead(console, ana, true); err != nil {
		t.Fatal(err)
	}
	d.Await("the lead mark", func() bool { return strings.Contains(header(), "lead") })
	c.Help.ShowAll = true
	help := c.HelpView(common.Bindings{Full: page.FullHelp()})
	c.Help.ShowAll = false
	for _, k := range []string{"state my position", "commit the team's decision", "my role"} {
		if !strings.Contains(strings.Join(strings.Fields(help), " "), k) {
			t.Errorf("the seat's help lacks %q:\n%s", k, help)
		}
	}
	d.Keys("C")
	if !strings.Contains(d.P.View(), "Commit the team's decision:") {
		t.Fatalf("no question before the commit:\n%s", d.P.View())
	}
	d.Keys("y")
	d.Await("the commit", func() bool { return len(team().Drill.Decisions()) == 1 })
	if last := team().Last; last.By != "Ana" || last.IDs[0] != want {
		t.Errorf("last decision %+v", last)
	}

	// The role's brief.
	d.Keys("r")
	if !strings.Contains(d.P.View(), "Your role: "+ceo) {
		t.Errorf("no brief:\n%s", d.P.View())
	}

	// The facilitator ends the session: the debrief tells who argued for
	// what.
	if err := s.Close(console); err != nil {
		t.Fatal(err)
	}
	d.Await("the end", func() bool { return team().Over && team().Finished })
	d.Keys("d")
	d.Await("the debrief", func() bool { return len(d.P.Navs) > 0 })
	db, ok := d.P.Navs[0].Page.(*debrief.Model)
	if !ok {
		t.Fatalf("d opened %T", d.P.Navs[0].Page)
	}
	dp := uitest.NewPage(c, db, 100, 600)
	uitest.Send(dp, uitest.Messages(dp.Init())...)
	out := dp.View()
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, "Who argued for what") || !strings.Contains(flat, "the plan is rehearsed") ||
		!strings.Contains(flat, "The facilitator (Fay) ended the drill.") {
		t.Errorf("the debrief lacks the positions:\n%s", out)
	}
	hostile.Terminal(t, "the debrief", uitest.Unstyled(out))
}

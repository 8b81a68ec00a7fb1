package roomview_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/pages/roomview"
)

// secrets are the texts of a scene that only the console may show: the
// facilitator's notes, the answers looked for, and each choice's reason
// and scores.
func secrets(sc *engine.Scenario, s *engine.Scene) []string {
	out := []string{"Facilitator notes", "Answer key", "Look for"}
	if s.Notes != "" {
		out = append(out, firstWords(s.Notes))
	}
	for _, a := range s.Answers {
		if a != "" {
			out = append(out, firstWords(a))
		}
	}
	for _, c := range s.Choices {
		if c.Why != "" {
			out = append(out, firstWords(c.Why))
		}
		for _, p := range c.Score {
			out = append(out, fmt.Sprintf("%+d %s", p.By, sc.Guidance.Principles[p.Principle].ID))
		}
	}
	return out
}

// firstWords are the first few words of a text, as a wrapped screen still
// shows them on one line.
func firstWords(s string) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(3, len(f))], " ")
}

// flat is a screen with its lines joined, for texts that wrap.
func flat(view string) string { return strings.Join(strings.Fields(view), " ") }

// The room view shows the scene, the clocks, the choices and what the team
// decided, and follows the session as it changes; it never shows the
// facilitator's notes, the answers, the reasons or the scores, at any
// size, on any scene played.
func TestRoomView(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel()
			m, s, _ := uitest.Room(t, "retail-card-breach", "Blue", "Red")
			console, err := s.JoinConsole(uitest.Facilitator)
			if err != nil {
				t.Fatal(err)
			}
			seat, err := s.Join(room.JoinRequest{Kind: store.SeatRoom, Team: 0, Who: room.Identity{Key: "SHA256:room", Name: "Projector"}})
			if err != nil {
				t.Fatal(err)
			}
			c := common.New(uitest.Plain(), nil, nil)
			conn := live.NewConn(m, "SHA256:room")
			t.Cleanup(conn.Close)
			d := uitest.NewDriver(t, uitest.NewPage(c, roomview.New(c, conn, s, seat, 0), size[0], size[1]))
			page := d.P.P.(*roomview.Model)
			sc := s.Snapshot().Scenario
			openings, timed := 0, 0
			for step := 0; step < 6; step++ {
				t.Logf("step %d", step)
				tm := page.Snapshot().Team(0)
				scene := tm.Drill.Scene()
				view := d.P.View()
				if k := tm.Opening; k >= 0 {
					// A module's opening shows until the console begins it.
					openings++
					uitest.CheckFits(t, view, size[0], size[1])
					for _, want := range []string{fmt.Sprintf("MODULE %d OF %d", k+1, len(sc.Modules)), "The facilitator begins the module."} {
						if !strings.Contains(flat(view), want) {
							t.Errorf("module %d: the opening lacks %q:\n%s", k+1, want, view)
						}
					}
					for _, secret := range secrets(sc, scene) {
						if strings.Contains(flat(view), secret) {
							t.Errorf("module %d: the room view shows %q:\n%s", k+1, secret, view)
						}
					}
					if err := s.Control(console, 0, engine.ControlBegin, ""); err != nil {
						t.Fatal(err)
					}
					d.Await("the module begun", func() bool { return page.Snapshot().Team(0).Opening < 0 })
					view = d.P.View()
				}
				uitest.CheckFits(t, view, size[0], size[1])
				hostile.Terminal(t, "the room view", uitest.Unstyled(view))
				for _, secret := range secrets(sc, scene) {
					if strings.Contains(flat(view), secret) {
						t.Errorf("scene %s: the room view shows %q:\n%s", scene.ID, secret, view)
					}
				}
				if !strings.Contains(view, "Team Blue") || !strings.Contains(view, room.FormatCode(s.Code())) || !strings.Contains(view, "1 ") {
					t.Errorf("scene %s: no team, code or choices:\n%s", scene.ID, view)
				}
				if scene.TimeLimit > 0 {
					timed++
					if !strings.Contains(view, "(⏱ taken if") { // the rest may wrap beside the panel
						t.Errorf("scene %s is timed, and the room view does not mark the choice its timeout takes:\n%s", scene.ID, view)
					}
				}
				lo, _ := tm.Drill.PickRange()
				var ids []string
				for _, j := range tm.Drill.AppendOffered(nil)[:lo] {
					ids = append(ids, scene.Choices[j].ID)
				}
				if err := s.Commit(console, 0, ids); err != nil {
					t.Fatal(err)
				}
				n := len(tm.Drill.Decisions()) + 1
				d.Await("the next scene", func() bool { return len(page.Snapshot().Team(0).Drill.Decisions()) == n })
				if page.Snapshot().Team(0).Opening < 0 && !strings.Contains(flat(d.P.View()), "The team decided:") {
					t.Errorf("the room does not see the team's decision:\n%s", d.P.View())
				}
			}
			if timed == 0 {
				t.Error("no timed scene in six decisions of the flagship: the test no longer sees the timeout's mark")
			}
			if openings < 2 {
				t.Errorf("%d module openings in six decisions of the flagship, want 2 or more", openings)
			}
			// A pause and a break show on the projector.
			if err := s.Control(console, 0, engine.ControlPause, ""); err != nil {
				t.Fatal(err)
			}
			d.Await("the pause", func() bool { return strings.Contains(d.P.View(), "PAUSED") })
			if err := s.Control(console, 0, engine.ControlResume, ""); err != nil {
				t.Fatal(err)
			}
			d.Await("the resume", func() bool { return !strings.Contains(d.P.View(), "PAUSED") })
			if err := s.Control(console, 0, engine.ControlBreak, ""); err != nil {
				t.Fatal(err)
			}
			d.Await("the break", func() bool { return strings.Contains(d.P.View(), "Break") })
			if err := s.Control(console, 0, engine.ControlEnd, ""); err != nil {
				t.Fatal(err)
			}
			d.Await("the end", func() bool { return strings.Contains(d.P.View(), "The facilitator ended the drill.") })
			for _, no := range []string{"%", "Score", "score"} {
				if strings.Contains(d.P.View(), no) {
					t.Errorf("the ended room view shows %q:\n%s", no, d.P.View())
				}
			}
		})
	}
}

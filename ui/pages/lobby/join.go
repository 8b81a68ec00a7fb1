package lobby

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/pages/roomview"
	"github.com/ttx-dev/ttx/ui/pages/seat"
)

// JoinFlow is how a player joins a session (the code, a team, a role and a
// name; then their seat), or a projector shows a team's room view (the
// code, a team and a name for the screen; then the view).
func JoinFlow(c *common.Common, conn *live.Conn, roomView bool) *Flow {
	session := func(a []string) *room.Session {
		s, _ := conn.Rooms.Find(a[0])
		return s
	}
	code := &Step{Label: "Join code", Text: true, Limit: 20, Placeholder: "K7Q XM3",
		Hint: "The code the facilitator gave, shown on the room's screen.",
		Check: func(_ []string, v string) error {
			_, err := conn.Rooms.Find(v)
			return err
		}}
	team := &Step{Label: "Team", Options: func(a []string) []Option {
		s := session(a)
		if s == nil {
			return nil
		}
		var out []Option
		for i, t := range s.Snapshot().Teams {
			out = append(out, Option{Label: common.Line(t.Name), Value: strconv.Itoa(i)})
		}
		return out
	}}
	role := &Step{Label: "Your role", Hint: "The part you play; its brief is one key away in your seat.", Options: func(a []string) []Option {
		s := session(a)
		if roomView || s == nil {
			return nil
		}
		var out []Option
		for _, r := range s.Snapshot().Scenario.RoleInfo {
			out = append(out, Option{Label: common.Line(r.Title), Value: r.ID})
		}
		return out
	}}
	name := &Step{Label: "Your name", Text: true, Limit: room.MaxName, Placeholder: "as the others will see it",
		Hint: "With your key, it is who you are here: join again with the same name to get your seat back.",
		Check: func(_ []string, v string) error {
			_, err := room.CleanName(v)
			return err
		}}
	title := "Join a team"
	if roomView {
		title = "Show a team's room view"
		name.Label, name.Hint = "Name of this screen", "How the facilitator sees this screen among the seats."
		name.Default = func([]string) string { return "Room view" }
	}
	var f *Flow
	f = NewFlow(c, title, func(a []string) tea.Cmd {
		teamN, _ := strconv.Atoi(a[1])
		kind := store.SeatRole
		if roomView {
			kind = store.SeatRoom
		}
		req := room.JoinRequest{Kind: kind, Team: teamN, Role: a[2], Who: room.Identity{Key: conn.Key, Name: a[3]}}
		return func() tea.Msg {
			s, err := conn.Rooms.Find(a[0])
			if err != nil {
				return f.Done(nil, err)
			}
			id, err := s.Join(req)
			if err != nil {
				return f.Done(nil, err)
			}
			if roomView {
				return f.Done(func() common.Page { return roomview.New(c, conn, s, id, teamN) }, nil)
			}
			return f.Done(func() common.Page { return seat.New(c, conn, s, id, teamN) }, nil)
		}
	}, code, team, role, name)
	return f
}

package lobby

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/pages/console"
)

// OpenFlow is how a facilitator opens a session: the scenario, the teams,
// their own name and the seed; then their console.
func OpenFlow(c *common.Common, conn *live.Conn) *Flow {
	scenarios := &Step{Label: "Scenario", Hint: "Every team plays this scenario with the same seed.", Options: func([]string) []Option {
		if c.Catalog == nil {
			return []Option{{Label: "(the scenarios are loading; press esc and try again)", Value: ""}}
		}
		var out []Option
		for _, e := range c.Catalog.Entries {
			out = append(out, Option{Label: common.Line(e.Title) + "  (" + e.ID + ")", Value: e.ID})
		}
		return out
	}, Check: func(_ []string, v string) error {
		if v == "" {
			return errors.New("the scenarios are not loaded yet")
		}
		return nil
	}}
	teams := &Step{Label: "Teams", Text: true, Limit: 400, Placeholder: "Blue, Red",
		Hint:    fmt.Sprintf("One or more team names, separated by commas (at most %d): each team plays its own drill.", room.MaxTeams),
		Default: func([]string) string { return "Blue, Red" },
		Check: func(_ []string, v string) error {
			if len(splitTeams(v)) == 0 {
				return errors.New("name at least one team")
			}
			return nil
		}}
	name := &Step{Label: "Your name", Text: true, Limit: room.MaxName, Placeholder: "as the room will see it", Check: func(_ []string, v string) error {
		_, err := room.CleanName(v)
		return err
	}}
	seed := &Step{Label: "Seed", Text: true, Limit: 20, Hint: "Chance events follow it; keep it to replay the session. Leave it as it is for a new one.",
		Default: func([]string) string { return strconv.FormatUint(rand.Uint64()%1_000_000, 10) },
		Check: func(_ []string, v string) error {
			if _, err := strconv.ParseUint(v, 10, 64); err != nil {
				return errors.New("the seed is a whole number, such as 42")
			}
			return nil
		}}
	var f *Flow
	f = NewFlow(c, "Open a session", func(a []string) tea.Cmd {
		sc := c.Catalog.ByID(a[0])
		seedN, _ := strconv.ParseUint(a[3], 10, 64)
		req := room.OpenRequest{Scenario: sc, Seed: seedN, Teams: splitTeams(a[1]), Owner: room.Identity{Key: conn.Key, Name: a[2]}}
		return func() tea.Msg {
			s, err := conn.Rooms.Open(req)
			if err != nil {
				return f.Done(nil, err)
			}
			seat, err := s.JoinConsole(req.Owner)
			if err != nil {
				return f.Done(nil, err)
			}
			return f.Done(func() common.Page { return console.New(c, conn, s, seat) }, nil)
		}
	}, scenarios, teams, name, seed)
	return f
}

// splitTeams reads the team names of a comma-separated list.
func splitTeams(v string) []string {
	var out []string
	for _, t := range strings.Split(v, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

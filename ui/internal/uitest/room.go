package uitest

import (
	"path/filepath"
	"testing"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
)

// Facilitator is who opens the room sessions of the tests.
var Facilitator = room.Identity{Key: "SHA256:facilitator", Name: "Fay"}

// Room opens a room session of scenario id (of Catalog) with teams, seed 7,
// on a store of its own, opened by Facilitator; the manager stops and the
// store closes when the test ends.
func Room(t testing.TB, id string, teams ...string) (*room.Manager, *room.Session, store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "ttx.db"))
	if err != nil {
		t.Fatal(err)
	}
	m := room.NewManager(room.Options{Store: st, Logf: t.Logf})
	t.Cleanup(func() {
		m.Stop()
		st.Close()
	})
	s, err := m.Open(room.OpenRequest{Scenario: Scenario(t, id), Seed: 7, Teams: teams, Owner: Facilitator})
	if err != nil {
		t.Fatal(err)
	}
	return m, s, st
}

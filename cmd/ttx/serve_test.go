package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc/doccheck"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// The runs of a room session are runs like any other for the commands that
// read them: the report says who argued for what and what the facilitator
// did, compare compares the teams, and resume leaves them to ttx serve.
func TestRoomRuns(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "ttx.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := scenarios.NewCatalog(validDir)
	if err != nil {
		t.Fatal(err)
	}
	m := room.NewManager(room.Options{Store: st})
	s, err := m.Open(room.OpenRequest{Scenario: cat.ByID("exercise"), Seed: 3, Teams: []string{"Blue", "Red"}, Owner: room.Identity{Key: "k", Name: "Fay"}})
	if err != nil {
		t.Fatal(err)
	}
	console, _ := s.JoinConsole(room.Identity{Key: "k"})
	ana, err := s.Join(room.JoinRequest{Kind: store.SeatRole, Team: 0, Role: "ceo", Who: room.Identity{Key: "a", Name: "Ana"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []func() error{
		func() error { return s.Control(console, 0, engine.ControlBegin, "") },
		func() error { return s.Control(console, 1, engine.ControlBegin, "") },
		func() error { return s.State(ana, []string{"lock"}, "stop the harm") },
		func() error { return s.Commit(console, 0, []string{"lock"}) },
		func() error { return s.Control(console, 0, engine.ControlFire, "reporter") },
		func() error { return s.Commit(console, 1, []string{"wait"}) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	blue, red := s.Snapshot().Teams[0].Run, s.Snapshot().Teams[1].Run
	if _, errs, code := ttx(t, "resume", fmt.Sprint(red), "--db", db); code != exitUser || !strings.Contains(errs, "ttx serve resumes it with its session") {
		t.Errorf("resume of a session's run: exit %d: %s", code, errs)
	}
	if err := s.Close(console); err != nil {
		t.Fatal(err)
	}
	m.Stop()
	st.Close()

	out, errs, code := ttx(t, "report", fmt.Sprint(blue), "--format", "json", "--db", db, "--dir", validDir)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errs)
	}
	doccheck.Validate(t, "ttx report of a room's run", []byte(out))
	var r report.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Timeline) != 1 || len(r.Timeline[0].Positions) != 1 || r.Timeline[0].Positions[0].Reason != "stop the harm" || r.Timeline[0].CommittedBy != "Fay" {
		t.Errorf("the report's timeline: %+v", r.Timeline)
	}
	if len(r.Controls) < 4 || r.Controls[0].Text != "Began module 1: The first hours" || r.Controls[len(r.Controls)-1].Kind != "end" {
		t.Errorf("the report's controls: %+v", r.Controls)
	}
	if out, errs, code := ttx(t, "compare", fmt.Sprint(blue), fmt.Sprint(red), "--json", "--db", db, "--dir", validDir); code != 0 {
		t.Errorf("compare the session's runs: exit %d: %s", code, errs)
	} else {
		doccheck.Validate(t, "ttx compare of a room's runs", []byte(out))
	}
}

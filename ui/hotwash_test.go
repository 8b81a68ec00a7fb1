package ui

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
	"github.com/ttx-dev/ttx/ui/pages/hotwash"
)

// TestHotwashForm: the principle is picked from the scenario's list (its
// title shown), a due date that has passed or does not exist is refused
// with the reason, esc on a changed form asks before throwing the changes
// away, and a save says what it saved.
func TestHotwashForm(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := openStore(t)
		id := played(t, s, "Red", "act", time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC))
		o := opts(t)
		o.Store = s
		o.Now = func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
		m := started(o, 100, 30)
		full, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		d, err := m.c.Replay(*full)
		if err != nil {
			t.Fatal(err)
		}
		m.c.Push(debrief.New(m.c, d, "Red", id))
		m = send(m, uitest.Messages(m.navigate())...)
		m = send(m, keys("h")...)
		top[*hotwash.Model](t, m)
		// esc at once: nothing was changed, so nothing is asked.
		m = send(m, keys("esc")...)
		top[*debrief.Model](t, m)
		m = send(m, keys("h", "tab", "tab", "F", "i", "x", "tab", "right")...)
		if v := m.View(); !strings.Contains(v, "(•) contain") || !strings.Contains(v, "Close the hole first") {
			t.Errorf("the principle is not picked from the list:\n%s", v)
		}
		for due, why := range map[string]string{
			"2026-02-30": "the due date \"2026-02-30\" is not a day of the calendar: February 2026 has 28 days",
			"2026-05-31": "2026-05-31 has passed; give a date from today (2026-06-01) on",
		} {
			m = send(m, keys("tab", "tab", "ctrl+u", due, "ctrl+s")...)
			if v := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(v, why) {
				t.Errorf("due %s: the form does not say %q:\n%s", due, why, m.View())
			}
			m = send(m, keys("shift+tab", "shift+tab")...)
		}
		m = send(m, keys("esc")...)
		if v := m.View(); !strings.Contains(v, "Discard the changes?") {
			t.Fatalf("esc on a changed form did not ask:\n%s", v)
		}
		m = send(m, keys("n", "tab", "tab", "ctrl+u", "2026-07-01", "ctrl+s")...)
		if v := m.View(); !strings.Contains(v, "Saved the notes and the action “Fix”.") {
			t.Fatalf("the save does not say what it saved:\n%s", v)
		}
		r, _ := s.Get(id)
		if len(r.Actions) != 1 || r.Actions[0].Principle != "contain" || r.Actions[0].Due.Format(time.DateOnly) != "2026-07-01" {
			t.Errorf("stored %+v", r.Actions)
		}
		m = send(m, keys("esc")...) // saved: nothing to ask
		top[*debrief.Model](t, m)
	})
}

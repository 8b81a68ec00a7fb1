package ui

import (
	"strings"
	"testing"
	"testing/synctest"

	"github.com/ttx-dev/ttx/ui/pages/briefing"
	"github.com/ttx-dev/ttx/ui/pages/drill"
)

// TestBriefingClocksInPlay: the briefing lists the clocks the
// organisation's parameters can bring into play, and leaves out those they
// rule out (an SEC clock for a company that is not listed).
func TestBriefingClocksInPlay(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		for _, c := range []struct {
			params  map[string]string
			sec, eu bool
		}{
			{nil, true, true},
			{map[string]string{"listed": "false"}, false, true},
			{map[string]string{"regions": "us"}, true, false},
		} {
			sc, err := scenario(t, "exercise").WithParams(c.params)
			if err != nil {
				t.Fatal(err)
			}
			o := opts(t)
			o.Start = sc
			v := strings.Join(strings.Fields(started(o, 120, 60).View()), " ")
			if got := strings.Contains(v, "SEC 8-K"); got != c.sec {
				t.Errorf("with %v, the SEC clock listed: %v, want %v:\n%s", c.params, got, c.sec, v)
			}
			if got := strings.Contains(v, "GDPR regulator notice"); got != c.eu {
				t.Errorf("with %v, the GDPR clock listed: %v, want %v:\n%s", c.params, got, c.eu, v)
			}
		}
	})
}

// TestBriefingSpeaksPlainly: the briefing names the organisation's
// parameters (those set for the drill marked), the roles by their titles
// with their briefs, the modules with their budgets, the clocks in hours
// ("72 hours in"), and the principles by their titles; cut by a small
// terminal it says that pgdn scrolls; it starts no drill without a team.
func TestBriefingSpeaksPlainly(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc, err := scenario(t, "exercise").WithParams(map[string]string{"company": "Zeta Foods"})
		if err != nil {
			t.Fatal(err)
		}
		o := opts(t)
		o.Start = sc
		m := started(o, 120, 60)
		v := strings.Join(strings.Fields(m.View()), " ")
		for _, want := range []string{
			"Played as Company: Zeta Foods (set for this drill)", "Sector: retail", "Regions: us, eu",
			"Roles Chief Executive, Head of Communications", "Who plays what Chief Executive: Leads the response", "Head of Communications: Owns what",
			"Modules 1 The first hours · 20 min", "2 Going public · 25 min",
			"GDPR regulator notice (72 hours): due 72 hours in (T+72h)",
			"Scored on Close the hole first", "Apologise, explain plainly, take responsibility",
		} {
			if !strings.Contains(v, want) {
				t.Errorf("the briefing lacks %q:\n%s", want, m.View())
			}
		}
		if strings.Contains(v, "ceo, comms") || strings.Contains(v, "contain, own") {
			t.Errorf("the briefing speaks in ids:\n%s", m.View())
		}
		m = send(m, keys("enter")...)
		top[*briefing.Model](t, m)
		if !strings.Contains(m.View(), "Name the team first") {
			t.Errorf("enter without a team did not ask for one:\n%s", m.View())
		}
		m = send(m, keys("Gold", "enter")...)
		top[*drill.Model](t, m)

		small := started(o, 60, 14)
		if v := small.View(); !strings.Contains(v, "↓ more below: pgdn") {
			t.Errorf("a cut briefing does not say pgdn scrolls:\n%s", v)
		}
		fits(t, small.View(), 60, 14)
	})
}

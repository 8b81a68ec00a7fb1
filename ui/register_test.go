package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
	"github.com/ttx-dev/ttx/ui/pages/drill"
	"github.com/ttx-dev/ttx/ui/pages/home"
	"github.com/ttx-dev/ttx/ui/pages/riskmap"
)

// TestBrokenRegister: a register that does not load stops nothing. The
// home screen says so on the risk map's entry, the risk map lists the
// problems with their positions and changes nothing, and a drill of a
// scenario whose risk it might list says, once, in the briefing, that it
// runs without the plan, and plays to its debrief.
func TestBrokenRegister(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		path := filepath.Join(uitest.Testdata(), "risks", "invalid", "missing-required.toml")
		_, broken := engine.LoadRegister(path, scenario(t, "retail-card-breach").Guidance)
		if broken == nil {
			t.Fatal("the fixture loads")
		}
		o := opts(t)
		o.RegisterErr, o.RegisterPath = broken, "risks.toml"
		m := started(o, 100, 30)
		top[*home.Model](t, m)
		m = send(m, keys("/", "risk map", "enter")...)
		if v := m.View(); !strings.Contains(v, "risks.toml does not load: open the risk map to see why") {
			t.Fatalf("the home screen does not say the register is broken:\n%s", v)
		}
		m = send(m, keys("enter")...)
		top[*riskmap.Model](t, m)
		v := m.View()
		for _, want := range []string{"The risk register does not load", "missing-required.toml:1:1", "needs a title", "ttx validate"} {
			if !strings.Contains(v, want) {
				t.Errorf("the risk map lacks %q:\n%s", want, v)
			}
		}
		fits(t, v, 100, 30)
		m = send(m, keys("a", "e", "x")...)
		if got := m.View(); got != v {
			t.Errorf("a, e or x acted on a register that does not load:\n%s", got)
		}
		m = send(m, keys("esc")...)
		top[*home.Model](t, m)

		o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
		m = started(o, 100, 30)
		if v := m.View(); strings.Count(v, "does not load, so this drill runs without its plan") != 1 {
			t.Errorf("the briefing does not say it once:\n%s", v)
		}
		m = send(m, keys("enter")...)
		m = playThrough(t, m)
		if r := top[*debrief.Model](t, m).Result(); r == nil || r.Scores[0].Plan != nil {
			t.Errorf("the debrief counts a plan from a register that does not load: %+v", r)
		}
	})
}

// playThrough plays the drill on top to its debrief: the first choice
// offered (picked and confirmed in a pick scene), past every inject.
func playThrough(t *testing.T, m *Model) *Model {
	t.Helper()
	for range 100 {
		p, ok := m.Top().(*drill.Model)
		if !ok {
			return m
		}
		switch {
		case p.Injects() > 0 || p.Opening() >= 0:
			m = send(m, keys("enter")...)
		case p.Drill().Scene().IsPick():
			lo, _ := p.Drill().PickRange()
			for k := range max(lo, 1) {
				m = send(m, keys(fmt.Sprint(k+1), "space")...)
			}
			m = send(m, keys("enter")...)
		default:
			m = send(m, keys("1", "enter")...)
		}
	}
	t.Fatalf("the drill never ended:\n%s", m.View())
	return m
}

// TestDebriefSaysTimeRanOut: the debrief names each decision the clock
// took, and says what a percentage means.
func TestDebriefSaysTimeRanOut(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := scenario(t, "bucket-leak")
		d := engine.NewDrill(sc, 7)
		if err := d.Timeout(); err != nil {
			t.Fatal(err)
		}
		o := opts(t)
		m := started(o, 100, 40)
		m.c.Push(drill.New(m.c, d, "Gold", 0))
		m = send(m, uitest.Messages(m.navigate())...)
		m = playThrough(t, m)
		v := strings.Join(strings.Fields(top[*debrief.Model](t, m).View()), " ")
		for _, want := range []string{
			"Time ran out 1 time: the team had not decided, so the clock chose.",
			"⏱ A reporter is on the line: “Decline to comment until forensics finish” was taken.",
			"Each percentage places your decisions between the worst a team could do in this scenario (0%) and the best (100%).",
		} {
			if !strings.Contains(v, want) {
				t.Errorf("the debrief lacks %q:\n%s", want, v)
			}
		}
	})
}

// TestDebriefEstimatedBounds: when a score's bounds are estimated, the
// debrief says so in plain words.
func TestDebriefEstimatedBounds(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		d := engine.NewDrill(scenario(t, "mini"), 1)
		for _, c := range []string{"act", "sorry"} {
			if err := d.Choose(c); err != nil {
				t.Fatal(err)
			}
		}
		res, err := d.Result("Gold")
		if err != nil {
			t.Fatal(err)
		}
		m := started(opts(t), 100, 40)
		for _, estimated := range []bool{false, true} {
			r := *res
			r.BoundsEstimated = estimated
			m.c.Push(debrief.New(m.c, d, "Gold", 0).Scored(&r))
			m = send(m, uitest.Messages(m.navigate())...)
			m = sized(m, 100, 40) // lays the new page out
			v := strings.Join(strings.Fields(m.View()), " ")
			if says := strings.Contains(v, "the best and worst it is measured against are estimates"); says != estimated {
				t.Errorf("estimated %v, the debrief says so: %v\n%s", estimated, says, m.View())
			}
			m = send(m, keys("esc")...)
		}
	})
}

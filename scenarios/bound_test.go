package scenarios

import (
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// A playtest file cannot set a parameter, so the playtests of a scenario
// bound to other parameters than its defaults live in Go tests
// (unlisted_test.go, regions_test.go) and run here.

// playNever runs the playtests of the file text playtests (named name in
// its messages) on sc, as bound, and fails for each that fails and for each
// text along their paths that holds one of never (checkPathNever).
func playNever(t *testing.T, sc *engine.Scenario, name, playtests string, never []string) {
	t.Helper()
	pf, err := engine.ParsePlaytests(name, []byte(playtests))
	if err != nil {
		t.Fatal(err)
	}
	for i := range pf.Playtests {
		p := &pf.Playtests[i]
		for _, d := range pf.Run(p, sc) {
			t.Errorf("%s: %s", p.Name, d.Error())
		}
		checkPathNever(t, sc, p, never)
	}
}

// checkPathNever plays p's path on sc and fails for each text along it, in
// and beyond those the playtest itself checks, that holds one of never: the
// scenes, injects and ending, the choices offered, the discussion prompts,
// the clocks in play and the debrief's reasons.
func checkPathNever(t *testing.T, sc *engine.Scenario, p *engine.Playtest, never []string) {
	t.Helper()
	no := func(where, text string) {
		t.Helper()
		for _, w := range never {
			if strings.Contains(text, w) {
				t.Errorf("%s: %s names %q: %s", p.Name, where, w, text)
			}
		}
	}
	d := engine.NewDrill(sc, p.Seed)
	look := func() {
		for _, cs := range d.Clocks() {
			no("a clock in play", cs.Clock.Label)
		}
		if d.Ended() {
			no("the ending", d.Render(d.Ending().Title)+" "+d.Render(d.Ending().Text))
			return
		}
		s := d.Scene()
		no("scene "+s.ID, d.Render(s.Title)+" "+d.SceneText())
		for _, q := range s.Discuss {
			no("a prompt of scene "+s.ID, q)
		}
		for _, c := range d.Offered() {
			no("a choice offered in scene "+s.ID, d.Render(s.Choices[c].Text))
		}
	}
	look()
	for _, dec := range p.Choose {
		if d.Ended() || d.Choose(strings.Split(dec, "+")...) != nil {
			return // the playtest reports it
		}
		for _, e := range d.Decisions()[len(d.Decisions())-1].Events {
			ev := &sc.Events[e]
			no("inject "+ev.ID, ev.From+" "+d.Render(ev.Text))
		}
		look()
	}
	r, err := d.Result("")
	if err != nil {
		return
	}
	for _, s := range r.Scores {
		for _, m := range append(s.Moves, s.Missed...) {
			no("the debrief's reason", m.Why)
		}
	}
}

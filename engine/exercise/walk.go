package exercise

import (
	"strings"

	"github.com/ttx-dev/ttx/engine"
)

// Texts interpolate the drill's state: a count, the clock, a variant chosen
// by what the team did. On paper each is shown as a drill first meets it:
// along the best path where it goes, else along the shortest way there.

// maxWalk bounds the drills the walk replays.
const maxWalk = 4000

// walk holds, per scene and per event, a drill in the state where it was
// first met.
type walk struct {
	sc     *engine.Scenario
	scenes []*engine.Drill // at entering the scene
	events []*engine.Drill // just after the event fired
}

func newWalk(sc *engine.Scenario, best [][]string) *walk {
	w := &walk{sc: sc, scenes: make([]*engine.Drill, len(sc.Scenes)), events: make([]*engine.Drill, len(sc.Events))}
	if best != nil {
		w.follow(best)
	}
	queue := [][]string{{}}
	for n := 0; len(queue) > 0 && n < maxWalk && !w.done(); n++ {
		path := queue[0]
		queue = queue[1:]
		d := w.replay(path)
		if d == nil || d.Ended() {
			continue
		}
		for _, dec := range w.options(d) {
			next := append(append([]string{}, path...), dec)
			w.note(next)
			queue = append(queue, next)
		}
	}
	return w
}

// follow notes the scenes and events along a path of decisions.
func (w *walk) follow(path [][]string) {
	var decs []string
	w.note(decs)
	for _, ids := range path {
		decs = append(decs, strings.Join(ids, "+"))
		if w.replay(decs) == nil {
			return
		}
		w.note(decs)
	}
}

// note records the scene and events that the drill of decs meets first.
func (w *walk) note(decs []string) {
	d := w.replay(decs)
	if d == nil {
		return
	}
	if !d.Ended() && w.scenes[d.SceneIndex()] == nil {
		w.scenes[d.SceneIndex()] = d
	}
	if n := len(d.Decisions()); n > 0 {
		for _, e := range d.Decisions()[n-1].Events {
			if w.events[e] == nil {
				w.events[e] = d
			}
		}
	}
}

func (w *walk) replay(decs []string) *engine.Drill {
	d, err := engine.Replay(w.sc, engine.Record{Scenario: w.sc.ID, Hash: w.sc.Hash, Seed: 1, Decisions: decs, Params: w.sc.ParamOverrides()})
	if err != nil {
		return nil
	}
	return d
}

// options lists a decision for each offered choice: in a pick scene, the
// choice with the first others offered, as many as the scene takes at least.
func (w *walk) options(d *engine.Drill) []string {
	s := d.Scene()
	offered := d.Offered()
	lo, _ := d.PickRange()
	var out []string
	for _, c := range offered {
		ids := []string{s.Choices[c].ID}
		for _, o := range offered {
			if len(ids) >= max(lo, 1) {
				break
			}
			if o != c {
				ids = append(ids, s.Choices[o].ID)
			}
		}
		out = append(out, strings.Join(ids, "+"))
	}
	return out
}

func (w *walk) done() bool {
	for _, d := range w.scenes {
		if d == nil {
			return false
		}
	}
	return true
}

// at returns the drill to render scene i's texts with: where it was first
// met, or the start.
func (w *walk) at(i int) *engine.Drill {
	if d := w.scenes[i]; d != nil {
		return d
	}
	return engine.NewDrill(w.sc, 1)
}

// eventAt returns the drill to render event i's text with.
func (w *walk) eventAt(i int) *engine.Drill {
	if d := w.events[i]; d != nil {
		return d
	}
	return engine.NewDrill(w.sc, 1)
}

// sceneText renders scene i's text as first met, variant included.
func (w *walk) sceneText(i int) string {
	d := w.at(i)
	return d.Render(w.sc.Scenes[i].TextIn(d.State()))
}

// commonScenes says which scenes every drill reaches, judged from the gotos
// of choices alone: a scene is common when no way from the start to an
// ending avoids it. Injects that redirect the drill, and endings cut short by
// their own condition, are consequences of what the team decides, so they
// do not count. The Situation Manual shows the players only these scenes:
// the others depend on their decisions.
func commonScenes(sc *engine.Scenario) []bool {
	next := func(i int) []engine.Target {
		s := &sc.Scenes[i]
		if s.IsPick() {
			return []engine.Target{s.Goto}
		}
		out := make([]engine.Target, 0, len(s.Choices))
		for _, c := range s.Choices {
			out = append(out, c.Goto)
		}
		return out
	}
	// escapes reports whether an ending can be reached without scene skip.
	escapes := func(skip int) bool {
		seen := make([]bool, len(sc.Scenes))
		queue := []int{sc.Start}
		seen[sc.Start] = true
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			for _, t := range next(i) {
				switch {
				case t.Index < 0:
				case t.Ending:
					return true
				case t.Index != skip && !seen[t.Index]:
					seen[t.Index] = true
					queue = append(queue, t.Index)
				}
			}
		}
		return false
	}
	out := make([]bool, len(sc.Scenes))
	for i := range sc.Scenes {
		out[i] = i == sc.Start || !escapes(i)
	}
	return out
}

package exercise

import (
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/ttx-dev/ttx/engine"
)

// Texts interpolate the drill's state: a count, the clock, a variant chosen
// by what the team did. On paper each is shown as a drill first meets it:
// along the best path where it goes, else along the shortest way there. A
// scene or inject deeper than that way reaches (often one that an inject
// brings in, on a state some decisions make) is shown as met at the earliest
// time among drills played through with decisions drawn at random. A scene
// no drill of the walk meets is shown as written. The walk does not look
// for the scenes no drill reaches, nor for the injects the parameters rule
// out.

// maxWalk bounds the drills the walk replays.
const maxWalk = 4000

// maxPlayouts bounds the drills played through at random, and maxPlayoutLen
// the decisions of each (a drill that can go round stops there).
const (
	maxPlayouts   = 256
	maxPlayoutLen = 200
)

// walk holds, per scene and per event, a drill in the state where it was
// first met.
type walk struct {
	sc     *engine.Scenario
	scenes []*engine.Drill // at entering the scene
	events []*engine.Drill // just after the event fired
	out    []bool          // per scene: no drill reaches it
}

// newWalk walks sc from the best path, if any, and then breadth first; out
// says which scenes no drill reaches, so that the walk does not look for
// them.
func newWalk(sc *engine.Scenario, best [][]string, out []bool) *walk {
	w := &walk{sc: sc, scenes: make([]*engine.Drill, len(sc.Scenes)), events: make([]*engine.Drill, len(sc.Events)), out: out}
	w.note(nil)
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
	if !w.done() || !w.eventsDone() {
		w.playOut()
	}
	return w
}

// playOut plays drills through with decisions drawn at random (the same
// draws every time), and keeps, for each scene and event the walk has not
// met, the drill that meets it earliest on the scenario clock.
func (w *walk) playOut() {
	rng := rand.New(rand.NewPCG(1, 2))
	scenes := make([][]string, len(w.sc.Scenes))
	events := make([][]string, len(w.sc.Events))
	sceneAt := make([]float64, len(w.sc.Scenes))
	eventAt := make([]float64, len(w.sc.Events))
	earlier := func(decs []string, at float64, found *[]string, when *float64) {
		if *found == nil || at < *when {
			*found, *when = slices.Clone(decs), at
		}
	}
	for range maxPlayouts {
		d := engine.NewDrill(w.sc, 1)
		var decs []string
		for len(decs) < maxPlayoutLen && !d.Ended() {
			opts := w.options(d)
			if len(opts) == 0 {
				break
			}
			dec := opts[rng.IntN(len(opts))]
			if d.Choose(strings.Split(dec, "+")...) != nil {
				break
			}
			decs = append(decs, dec)
			for _, e := range d.Decisions()[len(d.Decisions())-1].Events {
				if w.events[e] == nil {
					earlier(decs, d.Hours(), &events[e], &eventAt[e])
				}
			}
			if i := d.SceneIndex(); !d.Ended() && w.scenes[i] == nil {
				earlier(decs, d.Hours(), &scenes[i], &sceneAt[i])
			}
		}
	}
	for i, decs := range scenes {
		if decs != nil {
			w.scenes[i] = w.replay(decs)
		}
	}
	for e, decs := range events {
		if decs != nil {
			w.events[e] = w.replay(decs)
		}
	}
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

// done reports whether the walk has met every scene some drill reaches.
func (w *walk) done() bool {
	for i, d := range w.scenes {
		if d == nil && !w.out[i] {
			return false
		}
	}
	return true
}

// eventsDone reports whether the walk has seen every inject fire that the
// parameters leave in play.
func (w *walk) eventsDone() bool {
	for i, d := range w.events {
		if d == nil && !w.sc.RuledOut(w.sc.Events[i].When) {
			return false
		}
	}
	return true
}

// met reports whether the walk met scene i.
func (w *walk) met(i int) bool { return w.scenes[i] != nil }

// render renders a text of scene i as the drill that met it has it, or as
// written when no drill of the walk met the scene.
func (w *walk) render(i int, t engine.Text) string {
	if d := w.scenes[i]; d != nil {
		return d.Render(t)
	}
	return t.Source(w.sc)
}

// eventAt returns the drill to render event i's text with.
func (w *walk) eventAt(i int) *engine.Drill {
	if d := w.events[i]; d != nil {
		return d
	}
	return engine.NewDrill(w.sc, 1)
}

// sceneText renders scene i's text as first met, variant included; its own
// text as written when no drill of the walk met it.
func (w *walk) sceneText(i int) string {
	d := w.scenes[i]
	if d == nil {
		return w.sc.Scenes[i].Text.Source(w.sc)
	}
	return d.Render(w.sc.Scenes[i].TextIn(d.State()))
}

// commonScenes says which scenes every drill reaches, judged from the gotos
// of the choices in play alone: a scene is common when no way from the start
// to an ending avoids it. Injects that redirect the drill, and endings cut
// short by their own condition, are consequences of what the team decides,
// so they do not count. The Situation Manual shows the players only these
// scenes: the others depend on their decisions.
func commonScenes(sc *engine.Scenario, inPlay func(*engine.Choice) bool) []bool {
	next := func(i int) []engine.Target {
		s := &sc.Scenes[i]
		if s.IsPick() {
			return []engine.Target{s.Goto}
		}
		out := make([]engine.Target, 0, len(s.Choices))
		for j := range s.Choices {
			if inPlay(&s.Choices[j]) {
				out = append(out, s.Choices[j].Goto)
			}
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

// ledTo says, per scene, whether the goto of some choice in play, or of a
// pick scene, leads to it.
func ledTo(sc *engine.Scenario, inPlay func(*engine.Choice) bool) []bool {
	out := make([]bool, len(sc.Scenes))
	mark := func(t engine.Target) {
		if t.Index >= 0 && !t.Ending {
			out[t.Index] = true
		}
	}
	for i := range sc.Scenes {
		s := &sc.Scenes[i]
		if s.IsPick() {
			mark(s.Goto)
			continue
		}
		for j := range s.Choices {
			if inPlay(&s.Choices[j]) {
				mark(s.Choices[j].Goto)
			}
		}
	}
	return out
}

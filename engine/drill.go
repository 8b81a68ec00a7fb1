package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Drill is one play of a scenario: the state machine that every front end
// drives. A drill is fully determined by its scenario, seed and decisions.
type Drill struct {
	sc     *Scenario
	seed   uint64
	rng    rand.PCG // chance: math/rand/v2's Float64 over this source
	st     State
	scene  int
	ended  bool
	ending int // index into Endings, or -1 (also for a dead end)
	fired  []bool
	doneAt []float64 // per clock: the clock when its condition first held, or -1
	inPlay []bool    // per clock: its `when` has held (always, without one)
	record []Decision
	manual []Injection // events fired by hand, in order
	raw    []int       // per principle, from decisions so far (checks are added by Result)

	// What each Decision's Choices and Events slice, back to back: a
	// decision appends to it and never changes what is there.
	indices []int

	// planOffered counts the decisions that offered a choice following the
	// response plan, planFollowed those where the team took one.
	planOffered, planFollowed int

	// scratch space, reused so that a decision does not allocate
	offer []int
	picks []int
	work  scratch
}

// Decision is one recorded decision and what followed it.
type Decision struct {
	Scene    int     // index of the scene decided in
	Choices  []int   // file-wide indices of the choices taken, in file order
	Before   float64 // scenario clock when the decision was made
	After    float64 // scenario clock after it
	TimedOut bool    // the scene's timer ran out and its timeout choice was taken
	Events   []int   // indices of the events that fired after it, in order
}

// NewDrill starts a drill of sc at its start scene. The seed drives every
// chance event.
func NewDrill(sc *Scenario, seed uint64) *Drill {
	// One block of numbers for the per-principle scores and the buffers a
	// decision fills, with room for a drill of some length; they grow past
	// it as needed.
	np := len(sc.Guidance.Principles)
	ints := make([]int, np+drillOffer+drillIndices)
	d := &Drill{
		sc: sc, seed: seed, st: sc.newState(), ending: -1,
		fired: make([]bool, len(sc.Events)), doneAt: make([]float64, len(sc.Clocks)), inPlay: make([]bool, len(sc.Clocks)),
		raw: ints[:np:np], offer: ints[np : np : np+drillOffer], indices: ints[np+drillOffer : np+drillOffer : len(ints)],
		record: make([]Decision, 0, drillDecisions),
	}
	d.rng.Seed(seed, 0x7474785f64726c6c)
	for i := range d.doneAt {
		d.doneAt[i] = -1
	}
	d.enter(sc.Start)
	d.updateClocks(0)
	return d
}

// The room a new drill makes for decisions, the choice and event indices
// they record, and the choices offered in a scene.
const (
	drillDecisions = 32
	drillIndices   = 64
	drillOffer     = 8
)

// Scenario returns the drill's scenario.
func (d *Drill) Scenario() *Scenario { return d.sc }

// Seed returns the drill's seed.
func (d *Drill) Seed() uint64 { return d.seed }

// State returns the current state. It must not be modified.
func (d *Drill) State() *State { return &d.st }

// Hours returns the scenario clock.
func (d *Drill) Hours() float64 { return d.st.Hours }

// Scene returns the current scene, or the last one when the drill has ended.
func (d *Drill) Scene() *Scene { return &d.sc.Scenes[d.scene] }

// SceneIndex returns the index of the current scene.
func (d *Drill) SceneIndex() int { return d.scene }

// Ended reports whether the drill is over.
func (d *Drill) Ended() bool { return d.ended }

// Ending returns the ending reached, or nil while the drill runs or when it
// stopped at a scene with no choice to offer.
func (d *Drill) Ending() *Ending {
	if d.ending < 0 {
		return nil
	}
	return &d.sc.Endings[d.ending]
}

// Decisions returns the decisions made so far. The slice must not be modified.
func (d *Drill) Decisions() []Decision { return d.record }

// Render renders scenario text against the current state.
func (d *Drill) Render(t Text) string { return t.Render(d.sc, &d.st) }

// Offered returns the scene-local indices of the choices offered now. The
// slice is the drill's own, filled again by each call: it must not be kept
// across one, and a drill that several goroutines read at once (a room
// session's snapshot) is read with AppendOffered instead.
func (d *Drill) Offered() []int {
	if d.ended {
		return nil
	}
	s := d.Scene()
	d.offer = d.offer[:0]
	for i := range s.Choices {
		if offered(&s.Choices[i], &d.st) {
			d.offer = append(d.offer, i)
		}
	}
	return d.offer
}

// AppendOffered appends the scene-local indices of the choices offered now
// to dst and returns it. It changes nothing in the drill, so goroutines may
// call it at once on a drill that none changes.
func (d *Drill) AppendOffered(dst []int) []int {
	if d.ended {
		return dst
	}
	s := d.Scene()
	for i := range s.Choices {
		if offered(&s.Choices[i], &d.st) {
			dst = append(dst, i)
		}
	}
	return dst
}

// PickRange returns how many choices the current scene takes: 1 and 1 for an
// ordinary scene; for a pick scene its range, narrowed to what is offered.
// It changes nothing in the drill (see AppendOffered).
func (d *Drill) PickRange() (lo, hi int) {
	s := d.Scene()
	if !s.IsPick() {
		return 1, 1
	}
	n := 0
	if !d.ended {
		for i := range s.Choices {
			if offered(&s.Choices[i], &d.st) {
				n++
			}
		}
	}
	return min(s.PickMin, n), min(s.PickMax, n)
}

// ChoiceError is a decision the drill cannot take.
type ChoiceError struct {
	Scene   string
	Offered []string // ids of the choices offered
	Msg     string
}

func (e *ChoiceError) Error() string {
	return fmt.Sprintf("%s; scene %q offers %s", e.Msg, e.Scene, strings.Join(e.Offered, ", "))
}

// Choose takes a decision by choice ids: one id, or in a pick scene as many as
// the scene allows.
func (d *Drill) Choose(ids ...string) error {
	if d.ended {
		return fmt.Errorf("the drill has ended; no more decisions can be made")
	}
	s := d.Scene()
	idx := d.picks[:0]
	for _, id := range ids {
		j := slices.IndexFunc(s.Choices, func(c Choice) bool { return c.ID == id })
		if j < 0 || !offered(&s.Choices[j], &d.st) {
			return d.choiceErr(fmt.Sprintf("choice %q is not offered here", id))
		}
		idx = append(idx, j)
	}
	return d.choose(idx, false)
}

// ChooseIndex takes a decision by scene-local choice indices.
func (d *Drill) ChooseIndex(idx ...int) error {
	if d.ended {
		return fmt.Errorf("the drill has ended; no more decisions can be made")
	}
	s := d.Scene()
	for _, j := range idx {
		if j < 0 || j >= len(s.Choices) || !offered(&s.Choices[j], &d.st) {
			return d.choiceErr(fmt.Sprintf("choice %d is not offered here", j+1))
		}
	}
	return d.choose(append(d.picks[:0], idx...), false)
}

// Timeout takes the current scene's timeout choice, as when its timer runs out.
func (d *Drill) Timeout() error {
	if d.ended {
		return fmt.Errorf("the drill has ended; no more decisions can be made")
	}
	s := d.Scene()
	if s.Timeout < 0 {
		return fmt.Errorf("scene %q has no timeout choice", s.ID)
	}
	return d.choose(append(d.picks[:0], s.Timeout), true)
}

func (d *Drill) choiceErr(msg string) error {
	s := d.Scene()
	e := &ChoiceError{Scene: s.ID, Msg: msg}
	for _, j := range d.Offered() {
		e.Offered = append(e.Offered, s.Choices[j].ID)
	}
	return e
}

func (d *Drill) choose(idx []int, timedOut bool) error {
	s := d.Scene()
	slices.Sort(idx)
	for k := 1; k < len(idx); k++ {
		if idx[k] == idx[k-1] {
			return d.choiceErr(fmt.Sprintf("choice %q is picked twice", s.Choices[idx[k]].ID))
		}
	}
	if lo, hi := d.PickRange(); !timedOut && (len(idx) < lo || len(idx) > hi) {
		if lo == hi {
			return d.choiceErr(fmt.Sprintf("this scene takes %d choice(s), not %d", lo, len(idx)))
		}
		return d.choiceErr(fmt.Sprintf("this scene takes %d to %d choices, not %d", lo, hi, len(idx)))
	}
	d.picks = idx
	d.countPlan(s, idx)
	before := d.sc.decide(&d.st, s, idx, &d.work)
	rec := Decision{Scene: d.scene, Before: before, After: d.st.Hours, TimedOut: timedOut}
	from := len(d.indices)
	for _, j := range idx {
		d.indices = append(d.indices, s.Choices[j].index)
		for _, p := range s.Choices[j].Score {
			d.raw[p.Principle] += p.By
		}
	}
	rec.Choices = d.indices[from:len(d.indices):len(d.indices)]
	next := s.Goto
	if !s.IsPick() {
		next = s.Choices[idx[0]].Goto
	}
	if e := d.sc.endingNow(&d.st); e >= 0 {
		rec.Events = d.indices[len(d.indices):len(d.indices):len(d.indices)]
		d.record = append(d.record, rec)
		d.updateClocks(before)
		d.ended, d.ending = true, e
		return nil
	}
	redirected := false
	from = len(d.indices)
	for i := range d.sc.Events {
		if !d.sc.eligible(&d.st, d.fired, i) {
			continue
		}
		e := &d.sc.Events[i]
		if e.Chance < 1 && (e.Chance <= 0 || d.float64() >= e.Chance) {
			continue
		}
		d.fired[i] = true
		d.sc.fire(&d.st, e, &d.work)
		d.indices = append(d.indices, i)
		if e.Goto.Index >= 0 && !redirected {
			next, redirected = e.Goto, true
		}
	}
	rec.Events = d.indices[from:len(d.indices):len(d.indices)]
	d.record = append(d.record, rec)
	d.updateClocks(before)
	if next.Ending {
		d.ended, d.ending = true, next.Index
		return nil
	}
	d.enter(next.Index)
	return nil
}

// countPlan counts a decision of picks idx in s towards the use of the
// response plan: whether the scene offers a choice that follows the plan
// (judged before the decision changes anything), and whether one was taken.
func (d *Drill) countPlan(s *Scene, idx []int) {
	planned := false
	for i := range s.Choices {
		if s.Choices[i].Plan && offered(&s.Choices[i], &d.st) {
			planned = true
			break
		}
	}
	if !planned {
		return
	}
	d.planOffered++
	for _, j := range idx {
		if s.Choices[j].Plan {
			d.planFollowed++
			return
		}
	}
}

// float64 draws a number in [0, 1), as math/rand/v2's Rand.Float64 does from
// the same source: drills recorded before keep their chance events.
func (d *Drill) float64() float64 { return float64(d.rng.Uint64()<<11>>11) / (1 << 53) }

// enter moves to scene i; a scene with nothing to offer ends the drill.
func (d *Drill) enter(i int) {
	d.scene = i
	d.sc.visit(&d.st, i)
	if !anyOffered(&d.sc.Scenes[i], &d.st) {
		d.ended, d.ending = true, -1
	}
}

func (d *Drill) updateClocks(before float64) {
	for i := range d.sc.Clocks {
		if w := d.sc.Clocks[i].When; !d.inPlay[i] && (w == nil || w.Eval(&d.st)) {
			d.inPlay[i] = true
		}
		if d.doneAt[i] < 0 && d.sc.Clocks[i].Done != nil && d.sc.Clocks[i].Done.Eval(&d.st) {
			d.doneAt[i] = before
		}
	}
}

// ClockState is what a clock shows.
type ClockState int

// The clock states.
const (
	ClockRunning ClockState = iota // not met, not yet due
	ClockMet                       // met by its due hour
	ClockLate                      // met after its due hour
	ClockMissed                    // due, and not met
)

func (c ClockState) String() string {
	return [...]string{"running", "met", "late", "missed"}[c]
}

// ClockStatus is a clock as the drill stands.
type ClockStatus struct {
	Clock  *Clock
	State  ClockState
	Left   float64 // hours until due (negative once past)
	DoneAt float64 // the clock when it was met, or -1
}

// Clocks returns the status of every clock in play: those without `when`,
// and those whose `when` has held.
func (d *Drill) Clocks() []ClockStatus {
	out := make([]ClockStatus, 0, len(d.sc.Clocks))
	for i := range d.sc.Clocks {
		if !d.inPlay[i] {
			continue
		}
		c := &d.sc.Clocks[i]
		cs := ClockStatus{Clock: c, Left: c.Due - d.st.Hours, DoneAt: d.doneAt[i]}
		switch {
		case cs.DoneAt >= 0 && cs.DoneAt <= c.Due:
			cs.State = ClockMet
		case cs.DoneAt >= 0:
			cs.State = ClockLate
		case d.st.Hours > c.Due:
			cs.State = ClockMissed
		}
		out = append(out, cs)
	}
	return out
}

// Record is what a drill is stored as: enough to replay it exactly.
type Record struct {
	Scenario  string   `json:"scenario"`
	Version   string   `json:"version"`
	Hash      string   `json:"hash"`
	Seed      uint64   `json:"seed"`
	Decisions []string `json:"decisions"` // choice ids per decision, joined with "+"; a timed-out decision is prefixed with "!"
	// Params are the scenario's parameters set away from their defaults
	// (Scenario.ParamOverrides); nil when none was.
	Params map[string]string `json:"params,omitempty"`
	// Manual lists the events a facilitator fired by hand, in order.
	Manual []ManualEvent `json:"manual,omitempty"`
}

// Record returns the drill's record.
func (d *Drill) Record() Record {
	r := Record{Scenario: d.sc.ID, Version: d.sc.Version, Hash: d.sc.Hash, Seed: d.seed, Decisions: make([]string, len(d.record)),
		Params: d.sc.ParamOverrides(), Manual: d.manualRecord()}
	for i, dec := range d.record {
		ids := make([]string, len(dec.Choices))
		for k, c := range dec.Choices {
			ids[k] = d.sc.choiceID(c)
		}
		r.Decisions[i] = strings.Join(ids, "+")
		if dec.TimedOut {
			r.Decisions[i] = "!" + r.Decisions[i]
		}
	}
	return r
}

func (sc *Scenario) choiceID(i int) string {
	_, c := sc.ChoiceByIndex(i)
	return c.ID
}

// Replay restores a drill from its record by playing its decisions again,
// with the record's parameters bound and its hand-fired events fired where
// they were. The record must be of this scenario; when its hash differs (the
// file has changed since), Replay refuses unless the record's Hash is empty.
func Replay(sc *Scenario, r Record) (*Drill, error) {
	if r.Scenario != sc.ID {
		return nil, fmt.Errorf("the record is of scenario %q, not %q", r.Scenario, sc.ID)
	}
	if r.Hash != "" && r.Hash != sc.Hash {
		return nil, fmt.Errorf("scenario %q has changed since this drill was recorded (version %q then, %q now), so it cannot be replayed exactly", sc.ID, r.Version, sc.Version)
	}
	sc, err := sc.WithParams(r.Params)
	if err != nil {
		return nil, err
	}
	d := NewDrill(sc, r.Seed)
	m := 0
	for i, dec := range r.Decisions {
		if m, err = d.replayManual(r.Manual, m, i); err != nil {
			return nil, err
		}
		if timed, ok := strings.CutPrefix(dec, "!"); ok {
			if s := d.Scene(); s.Timeout < 0 || s.Choices[s.Timeout].ID != timed {
				return nil, fmt.Errorf("decision %d: %q is not the timeout choice of scene %q", i+1, timed, s.ID)
			}
			err = d.Timeout()
		} else {
			err = d.Choose(strings.Split(dec, "+")...)
		}
		if err != nil {
			return nil, fmt.Errorf("decision %d: %w", i+1, err)
		}
	}
	if _, err := d.replayManual(r.Manual, m, len(r.Decisions)); err != nil {
		return nil, err
	}
	return d, nil
}

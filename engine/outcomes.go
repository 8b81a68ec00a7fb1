package engine

import "math/bits"

// The outcomes of a decision, enumerated lazily: every offered choice (or
// allowed set of picks, in order), and for each, every combination of the
// chance events that may then fire. Nothing is listed ahead: the iterator
// holds the picks being tried and the fire-or-not decision at each chance
// event met so far, and each call replays one decision from the state, so a
// pick scene of sixteen choices or a decision after forty chance events costs
// no more memory than a plain one, only more calls.

// outIter is where the enumeration of one state's outcomes stands.
type outIter struct {
	started, done bool
	offer         []int // offered scene-local choices
	k, hi         int   // picks taken now, and at most
	idx           []int // the current picks, as indices into offer
	// chance holds, per chance event met after the current picks, whether it
	// fires in the outcome being enumerated; met is how many the last one
	// met.
	chance []bool
	met    int
}

// bytes is the memory the iterator holds.
func (it *outIter) bytes() int64 { return 8 * int64(cap(it.offer)+cap(it.idx)+cap(it.chance)) }

func (it *outIter) reset() {
	it.started, it.done = false, false
	it.chance = it.chance[:0]
}

// outcome is one way a decision turned out: the drill ended (at an ending,
// or with nothing to choose next), or it goes on in scene next.
type outcome struct {
	ending int // ending reached, or -1
	end    bool
	next   int
}

// next computes the next outcome of a decision in scene from the state in
// from into out (state, score delta, events fired); x.picks holds its picks.
// It reports false when there are no more.
func (x *explorer) next(scene int, from, out *branch, it *outIter) (outcome, bool) {
	s := &x.sc.Scenes[scene]
	if !it.started {
		before := it.bytes()
		defer func() { x.bytes += it.bytes() - before }()
		it.started = true
		it.offer = it.offer[:0]
		for i := range s.Choices {
			if offered(&s.Choices[i], &from.st) {
				it.offer = append(it.offer, i)
			}
		}
		n := len(it.offer)
		if n == 0 {
			it.done = true
			return outcome{}, false
		}
		it.k, it.hi = 1, 1
		if s.IsPick() {
			it.k, it.hi = min(s.PickMin, n), min(s.PickMax, n)
		}
		it.idx = it.idx[:0]
		for i := 0; i < it.k; i++ {
			it.idx = append(it.idx, i)
		}
		it.chance = it.chance[:0]
	}
	if it.done {
		return outcome{}, false
	}
	x.picks = x.picks[:0]
	for _, i := range it.idx {
		x.picks = append(x.picks, it.offer[i])
	}
	o := x.decide(scene, from, out, it)
	it.advance()
	return o, true
}

// advance moves the iterator to the next combination of chance events, or
// when they are exhausted to the next set of picks.
func (it *outIter) advance() {
	// The last chance event that did not fire fires next time; those
	// after it are met afresh.
	for j := it.met - 1; j >= 0; j-- {
		if !it.chance[j] {
			it.chance[j] = true
			it.chance = it.chance[:j+1]
			return
		}
	}
	it.chance = it.chance[:0]
	n, k := len(it.offer), it.k
	i := k - 1
	for i >= 0 && it.idx[i] == n-k+i {
		i--
	}
	if i >= 0 {
		it.idx[i]++
		for j := i + 1; j < k; j++ {
			it.idx[j] = it.idx[j-1] + 1
		}
		return
	}
	if it.k++; it.k > it.hi {
		it.done = true
		return
	}
	it.idx = it.idx[:0]
	for j := 0; j < it.k; j++ {
		it.idx = append(it.idx, j)
	}
}

// decide applies the decision of x.picks in scene to a copy of from in b and
// follows it through the endings and the events, taking each chance event's
// fire-or-not from it.chance (a chance event met for the first time does not
// fire).
func (x *explorer) decide(scene int, from, b *branch, it *outIter) outcome {
	sc := x.sc
	s := &sc.Scenes[scene]
	copyBranch(b, from)
	clear(b.delta)
	b.evs = b.evs[:0]
	sc.decide(&b.st, s, x.picks, &x.scratch)
	for _, p := range x.picks {
		for _, pt := range s.Choices[p].Score {
			b.delta[pt.Principle] += int32(pt.By)
		}
	}
	it.met = 0
	if e := sc.endingNow(&b.st); e >= 0 {
		return outcome{ending: e, end: true}
	}
	next := s.Goto
	if !s.IsPick() {
		next = s.Choices[x.picks[0]].Goto
	}
	redirected := false
	// The events that may fire, in order: those before event 64 from the
	// bits of autoLow, less those fired once already; then the others.
	low := x.autoLow &^ (b.firedBits & x.onceLow)
	for j := 0; low != 0 || j < len(x.autoHigh); {
		var i int
		if low != 0 {
			i = bits.TrailingZeros64(low)
			low &= low - 1
		} else {
			i = x.autoHigh[j]
			j++
			if sc.Events[i].Once && b.hasFired(i) {
				continue // not eligible (Scenario.eligible)
			}
		}
		e := &sc.Events[i]
		if w := e.When; w != nil {
			// w.Eval(&b.st), its guard inline: most events are decided by it.
			v, ok := w.g.decides(&b.st)
			if !ok {
				v = w.fn(&b.st)
			}
			if !v {
				continue
			}
		}
		if e.Chance < 1 {
			if it.met == len(it.chance) {
				it.chance = append(it.chance, false)
			}
			fires := it.chance[it.met]
			it.met++
			if !fires {
				continue
			}
		}
		b.setFired(i)
		sc.fire(&b.st, e, &x.scratch)
		b.evs = append(b.evs, i)
		if e.Goto.Index >= 0 && !redirected {
			next, redirected = e.Goto, true
			x.redirect(Redirect{Scene: scene, Event: i, Target: e.Goto})
		}
	}
	o := outcome{ending: -1}
	if next.Ending {
		o.end, o.ending = true, next.Index
		return o
	}
	o.next = next.Index
	sc.visit(&b.st, next.Index)
	if !anyOffered(&sc.Scenes[next.Index], &b.st) {
		x.res.Reachable[next.Index] = true
		x.noteText(next.Index, &b.st)
		x.noteDeadEnd(next.Index)
		o.end = true
	}
	return o
}

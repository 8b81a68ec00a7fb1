package engine

import (
	"fmt"
	"strings"
)

// The authoring checks: what a scenario can do wrong as an exercise while
// being a valid file. Each is a warning of Lint, documented in
// docs/authoring.md (the checklist) and docs/scenario-format.md (section 6).

// minTensions is how many decisions of a scenario must set principles
// against each other: at least two where no choice is best on every
// principle the decision scores.
const minTensions = 2

// lintDesign adds the authoring checks' warnings for the reachable scenes.
func (sc *Scenario) lintDesign(l *loader, reachable []bool) {
	sc.lintLengthTell(l, reachable)
	sc.lintTension(l, reachable)
	sc.lintClocks(l)
}

// lintLengthTell warns when the best-scoring choice of a decision is also
// its longest text in most decisions, or its shortest: a team then learns
// to pick by length. A decision counts when one of its choices scores
// strictly more (summed over the principles) than every other.
func (sc *Scenario) lintLengthTell(l *loader, reachable []bool) {
	var counted int
	var longest, shortest []string
	for i := range sc.Scenes {
		s := &sc.Scenes[i]
		if !reachable[i] || len(s.Choices) < 2 {
			continue
		}
		best := uniqueMax(len(s.Choices), func(j int) int { return netScore(&s.Choices[j]) })
		if best < 0 {
			continue
		}
		counted++
		length := func(j int) int { return s.Choices[j].Text.length() }
		if uniqueMax(len(s.Choices), length) == best {
			longest = append(longest, s.ID)
		}
		if uniqueMax(len(s.Choices), func(j int) int { return -length(j) }) == best {
			shortest = append(shortest, s.ID)
		}
	}
	if counted < 3 {
		return
	}
	for _, tell := range []struct {
		scenes            []string
		extreme, opposite string
	}{{longest, "longest", "give the tempting choices the detail of a real argument, or say the right one more briefly"},
		{shortest, "shortest", "give the right choice its own cost and detail, or say the tempting ones more briefly"}} {
		if 2*len(tell.scenes) <= counted {
			continue
		}
		l.warnAt("scenario", fmt.Sprintf("the best-scoring choice is also the %s text in %d of %d decisions (%s), so a team can find it by its length",
			tell.extreme, len(tell.scenes), counted, quoteSome(tell.scenes, 4)),
			fmt.Sprintf("%s, until the %s is the best in at most half the decisions", tell.opposite, tell.extreme))
	}
}

// netScore is the sum of a choice's points over the principles.
func netScore(c *Choice) int {
	n := 0
	for _, p := range c.Score {
		n += p.By
	}
	return n
}

// uniqueMax returns the index in 0..n-1 whose value is strictly the largest,
// or -1 when the largest is shared.
func uniqueMax(n int, val func(int) int) int {
	at, best, shared := -1, 0, false
	for j := 0; j < n; j++ {
		switch v := val(j); {
		case at < 0 || v > best:
			at, best, shared = j, v, false
		case v == best:
			shared = true
		}
	}
	if shared {
		return -1
	}
	return at
}

// lintTension warns when fewer than minTensions reachable decisions set
// principles against each other. A decision does when no choice (in a pick
// scene, no allowed set of picks) scores the most on every principle that
// its choices score.
func (sc *Scenario) lintTension(l *loader, reachable []bool) {
	var tense []string
	for i := range sc.Scenes {
		if reachable[i] && sc.tension(&sc.Scenes[i]) {
			tense = append(tense, sc.Scenes[i].ID)
		}
	}
	if len(tense) >= minTensions {
		return
	}
	what := "no decision sets principles against each other"
	if len(tense) > 0 {
		what = fmt.Sprintf("only %d decision sets principles against each other (%s)", len(tense), quoteSome(tense, 4))
	}
	l.warnAt("scenario", fmt.Sprintf("%s; a drill needs at least %d where no choice is best on every principle it scores", what, minTensions),
		"give a decision a choice that serves one principle at another's cost, such as a request from law enforcement to hold the customer notice (docs/authoring.md, section 6)")
}

// tension reports whether no choice, or no allowed set of picks, of s scores
// the most on every principle that its choices score.
func (sc *Scenario) tension(s *Scene) bool {
	np := len(sc.Guidance.Principles)
	var options [][]int // per option: points per principle
	if !s.IsPick() {
		for j := range s.Choices {
			options = append(options, pointsOf(np, &s.Choices[j]))
		}
	} else {
		if len(s.Choices) > maxPickChoices { // the loader refuses more
			return false
		}
		for set := 1; set < 1<<len(s.Choices); set++ {
			n := popcount(set)
			if n < s.PickMin || n > s.PickMax {
				continue
			}
			sum := make([]int, np)
			for j := range s.Choices {
				if set&(1<<j) != 0 {
					for p, v := range pointsOf(np, &s.Choices[j]) {
						sum[p] += v
					}
				}
			}
			options = append(options, sum)
		}
	}
	scored := make([]bool, np)
	for j := range s.Choices {
		for _, p := range s.Choices[j].Score {
			scored[p.Principle] = true
		}
	}
	top := make([]int, np)
	for p := range top {
		for k, o := range options {
			if k == 0 || o[p] > top[p] {
				top[p] = o[p]
			}
		}
	}
	for _, o := range options {
		best := true
		for p := range top {
			if scored[p] && o[p] < top[p] {
				best = false
				break
			}
		}
		if best {
			return false
		}
	}
	return len(options) > 1
}

func pointsOf(np int, c *Choice) []int {
	v := make([]int, np)
	for _, p := range c.Score {
		v[p.Principle] += p.By
	}
	return v
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// lintClocks warns about each clock that can pass unmet with no
// consequence: no event, check, ending or choice has a condition that reads
// the time (hours or hours_at) together with something the clock's `done`
// reads, so nothing in the drill reacts to the deadline going by.
func (sc *Scenario) lintClocks(l *loader) {
	for i := range sc.Clocks {
		k := &sc.Clocks[i]
		if k.Done == nil || sc.clockWatched(&k.Done.reads) {
			continue
		}
		l.warnAt(fmt.Sprintf("clocks.%d", i), fmt.Sprintf("clock %q can pass unmet with no consequence: no event, check, ending or choice reacts to the time going by while its `done` is false", k.ID),
			fmt.Sprintf("add an inject or a check for the miss, e.g. an [[events]] entry with when = \"hours >= %s && !(%s)\"", fmtNum(k.Due), k.Done.Src))
	}
}

// clockWatched reports whether some condition of an event, check, ending or
// choice reads the time and something that done reads.
func (sc *Scenario) clockWatched(done *reads) bool {
	watches := func(c *Cond) bool { return c != nil && c.reads.hours && c.reads.shares(done) }
	for i := range sc.Events {
		if watches(sc.Events[i].When) {
			return true
		}
	}
	for i := range sc.Checks {
		if watches(sc.Checks[i].When) {
			return true
		}
	}
	for i := range sc.Endings {
		if watches(sc.Endings[i].When) {
			return true
		}
	}
	for i := range sc.Scenes {
		for j := range sc.Scenes[i].Choices {
			if watches(sc.Scenes[i].Choices[j].When) {
				return true
			}
		}
	}
	return false
}

// shares reports whether r and o read a variable, a choice or a scene in
// common.
func (r *reads) shares(o *reads) bool {
	in := func(a, b []int) bool {
		for _, x := range a {
			for _, y := range b {
				if x == y {
					return true
				}
			}
		}
		return false
	}
	return in(r.vars, o.vars) || in(r.choices, o.choices) || in(r.scenes, o.scenes)
}

// quoteSome quotes up to n ids, and says how many more there are.
func quoteSome(ids []string, n int) string {
	var b strings.Builder
	for k, id := range ids {
		if k == n {
			fmt.Fprintf(&b, " and %d more", len(ids)-n)
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", id)
	}
	return b.String()
}

package engine

// The paths of an exact analysis: found again from the values of the states
// on the way.

// path follows, from the start, outcomes whose value matches the state's
// value in column col (a principle's best or worst, or the total's),
// enumerating each state's outcomes again on the way. For a principle's
// best, the outcome must also match the best total among the ways to it
// (tieCol), so that of the paths that reach the principle's best, the one
// found is one with the best total: a choice that gains on this principle
// and loses on others is taken only when no other gains as much.
func (x *explorer) path(root *branch, col int) Path {
	np := x.np
	tie := -1
	if col < np {
		tie = x.tieCol(col)
	}
	cur := x.newBranch()
	copyBranch(cur, root)
	scene := x.sc.Start
	var out Path
	var it outIter
	checks := make([]int32, np)
	for steps := 0; steps <= x.n; steps++ {
		id, _ := x.node(scene, cur, false)
		if id < 0 {
			break
		}
		want := x.val(id)
		it.reset()
		var pick *outcome
		var o outcome
		for {
			var ok bool
			if o, ok = x.next(scene, cur, x.work, &it); !ok {
				break
			}
			got, total := x.colOf(x.work.delta, col), sum32(x.work.delta)
			if o.end {
				clear(checks)
				x.checkScores(&x.work.st, checks)
				got += x.colOf(checks, col)
				total += sum32(checks)
			} else {
				cid, _ := x.node(o.next, x.work, false)
				if cid < 0 || x.rec(cid).status != statusDone {
					continue
				}
				c := x.val(cid)
				got += c[col]
				if tie >= 0 {
					total += c[tie]
				}
			}
			if got == want[col] && (tie < 0 || total == want[tie]) {
				pick = &o
				break
			}
		}
		if pick == nil {
			break
		}
		out = append(out, x.step(scene, x.picks, x.work.evs))
		if pick.end {
			break
		}
		scene = pick.next
		copyBranch(cur, x.work)
	}
	return out
}

// tieCol is the column of a state's values that holds, for principle p, the
// best total among the ways from it that reach p's best.
func (x *explorer) tieCol(p int) int { return 2*x.np + 2 + p }

// colOf is what a score delta d adds to column col: its principle's points,
// or the total for the total's columns.
func (x *explorer) colOf(d []int32, col int) int32 {
	switch {
	case col < x.np:
		return d[col]
	case col < 2*x.np:
		return d[col-x.np]
	}
	return sum32(d[:x.np])
}

func sum32(d []int32) int32 {
	var s int32
	for _, y := range d {
		s += y
	}
	return s
}

// step describes a decision of scene-local picks and the events that
// followed.
func (x *explorer) step(scene int, picks, evs []int) Step {
	stp := Step{Scene: scene, Events: append([]int{}, evs...)}
	for _, c := range picks {
		stp.Choices = append(stp.Choices, x.sc.Scenes[scene].Choices[c].index)
	}
	return stp
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

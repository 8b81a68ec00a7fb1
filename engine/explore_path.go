package engine

// The paths of an exact analysis: found again from the values of the states
// on the way.

// path follows, from the start, outcomes whose value matches the state's
// value in column col (a principle's best or worst, or the total's),
// enumerating each state's outcomes again on the way.
func (x *explorer) path(root *branch, col int) Path {
	np := x.np
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
		want := x.val(id)[col]
		it.reset()
		var pick *outcome
		var o outcome
		for {
			var ok bool
			if o, ok = x.next(scene, cur, x.work, &it); !ok {
				break
			}
			var got int32
			for p := 0; p < np; p++ {
				if col == p || col == np+p || col >= 2*np {
					got += x.work.delta[p]
				}
			}
			if o.end {
				clear(checks)
				x.sc.checkScoresInto(&x.work.st, checks)
				for p := 0; p < np; p++ {
					if col == p || col == np+p || col >= 2*np {
						got += checks[p]
					}
				}
			} else {
				cid, _ := x.node(o.next, x.work, false)
				if cid < 0 || x.rec(cid).status != statusDone {
					continue
				}
				got += x.val(cid)[col]
			}
			if got == want {
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

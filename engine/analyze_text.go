package engine

// Which texts of a scene a drill can show. A scene with variants shows the
// first whose `when` holds, else its own text; the analyzer notes, for every
// reachable state at a scene, which one that is, so that Lint can say which
// variant no drill shows, and which scene's own text is always replaced.
// Variant conditions count as reads of the drill state, like any condition
// of play, so the exploration tells states apart by what they read.

func newTextShown(sc *Scenario) [][]bool {
	out := make([][]bool, len(sc.Scenes))
	for i := range sc.Scenes {
		out[i] = make([]bool, 1+len(sc.Scenes[i].Variants))
	}
	return out
}

// noteText records which text scene shows in st.
func (x *explorer) noteText(scene int, st *State) {
	x.res.TextShown[scene][1+x.sc.Scenes[scene].variantIn(st)] = true
}

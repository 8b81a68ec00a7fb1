package engine

// Length estimates how many decisions a drill of the scenario takes, from
// the shape of its graph alone (ignoring conditions and events): the fewest
// on any route from the start to an ending, and the most on a route that
// visits no scene twice. Front ends use it to say how long a drill runs.
func (sc *Scenario) Length() (fewest, most int) {
	n := len(sc.Scenes)
	next := func(s *Scene) []Target {
		if s.IsPick() {
			return []Target{s.Goto}
		}
		out := make([]Target, 0, len(s.Choices))
		for i := range s.Choices {
			out = append(out, s.Choices[i].Goto)
		}
		return out
	}
	// Fewest: breadth first from the start.
	dist := make([]int, n)
	for i := range dist {
		dist[i] = -1
	}
	dist[sc.Start] = 0
	queue := []int{sc.Start}
	fewest = -1
	for len(queue) > 0 && fewest < 0 {
		s := queue[0]
		queue = queue[1:]
		for _, t := range next(&sc.Scenes[s]) {
			switch {
			case t.Index < 0:
			case t.Ending:
				fewest = dist[s] + 1
			case dist[t.Index] < 0:
				dist[t.Index] = dist[s] + 1
				queue = append(queue, t.Index)
			}
		}
	}
	// Most: the longest route in the graph, counting a scene seen again on
	// the route as the end of it.
	memo := make([]int, n) // 0 unknown, -1 on the route, else 1 + length
	var longest func(s int) int
	longest = func(s int) int {
		if memo[s] > 0 {
			return memo[s] - 1
		}
		if memo[s] < 0 {
			return 0
		}
		memo[s] = -1
		best := 1
		for _, t := range next(&sc.Scenes[s]) {
			if t.Index >= 0 && !t.Ending {
				best = max(best, 1+longest(t.Index))
			}
		}
		memo[s] = best + 1
		return best
	}
	most = longest(sc.Start)
	if fewest < 0 {
		fewest = most
	}
	return fewest, most
}

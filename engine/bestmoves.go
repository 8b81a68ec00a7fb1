package engine

import (
	"fmt"
	"strings"
)

// BestMove is a choice that a principle's best path took and the team did
// not, and that gains points on that principle: what the debrief and the
// after-action report show under "what the best path did differently".
//
// The best path is, of the paths that reach the principle's best raw score,
// one with the best total over all principles (see Analysis.BestPath); a
// choice on it can still lose points elsewhere when nothing else gains as
// much on the principle, and Costs then says what it loses.
type BestMove struct {
	Scene  int // index into Scenes
	Choice *Choice
	Points int    // on the principle: above zero
	Costs  []Cost // what it loses on the other principles, in the rubric's order; nil when nothing
}

// Cost is what a choice loses on one principle.
type Cost struct {
	Principle string `json:"principle"` // the principle's id
	Title     string `json:"title"`
	Points    int    `json:"points"` // below zero
}

// BestMoves lists, in the order of principle p's best path in res, each
// choice on it that the team did not make and that gains points on p, once
// each, with what it costs on the other principles. It is empty when res
// has no best path for p (the team reached the best, or the bounds are
// estimated and the path found scores no more than the team).
func (sc *Scenario) BestMoves(res *Result, p int) []BestMove {
	if sc.Guidance == nil || p < 0 || p >= len(res.Scores) || p >= len(sc.Guidance.Principles) {
		return nil
	}
	chosen := map[string]bool{}
	for _, dec := range res.Decisions {
		for _, id := range dec.Choices {
			chosen[id] = true
		}
	}
	var out []BestMove
	by := make([]int, len(sc.Guidance.Principles))
	for _, dec := range res.Scores[p].BestPath {
		for _, id := range dec.Choices {
			i, ok := sc.ChoiceIndex(id)
			if chosen[id] || !ok {
				continue
			}
			chosen[id] = true // shown once
			scene, c := sc.ChoiceByIndex(i)
			clear(by)
			for _, pt := range c.Score {
				by[pt.Principle] += pt.By
			}
			if by[p] <= 0 {
				continue
			}
			m := BestMove{Scene: scene, Choice: c, Points: by[p]}
			for q, n := range by {
				if q != p && n < 0 {
					pr := &sc.Guidance.Principles[q]
					m.Costs = append(m.Costs, Cost{Principle: pr.ID, Title: pr.Title, Points: n})
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// CostPhrase says what a choice costs elsewhere, each principle's title
// passed through title (the escaping of the output it goes to):
//
//	costs Fix the cause inside -2; Close the hole first -1
//
// It is "" when cs is empty.
func CostPhrase(cs []Cost, title func(string) string) string {
	if len(cs) == 0 {
		return ""
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s %+d", title(c.Title), c.Points)
	}
	return "costs " + strings.Join(parts, "; ")
}

package engine

import (
	"fmt"
	"strings"
)

// Lint looks for what is legal but likely a mistake: scenes never reached,
// dead ends, endings never reached, variables nothing reads, choices that
// change nothing, principles never scored; and, as an exercise, a best
// choice found by its length, too few decisions that set principles against
// each other, and clocks that can pass with no consequence (lint_design.go).
// It judges reachability from a,
// the scenario's analysis (nil to analyze it with the default budget), and
// returns the warnings with their positions, the loader's own warnings
// included. When the analysis is estimated, it says so in a warning: the
// scenes and endings it reports as never reached surely are not, but dead
// ends may be missed.
func (sc *Scenario) Lint(a *Analysis) Diagnostics {
	l := &loader{file: sc.File, src: sc.src}
	l.diags = append(l.diags, sc.Warnings...)
	if a == nil {
		var an *Analyst // the default budget, through the process's memo
		a = an.Analyze(sc)
	}
	reachable, endings, shown := a.Reachable, a.EndingReachable, a.TextShown
	deadEnds := make([]bool, len(sc.Scenes))
	for _, s := range a.DeadEnds {
		deadEnds[s] = true
	}
	if a.Estimated {
		l.warnAt("scenario", "the scenario could not be explored in full, so dead ends may be missed; "+lowerFirst(a.Note),
			"a counter that grows without bound makes endless states: bound it in [bounds], or raise --max-states, --max-memory or --max-time")
	}
	for i := range sc.Scenes {
		s := &sc.Scenes[i]
		path := fmt.Sprintf("scenes.%d", i)
		switch {
		case !reachable[i]:
			l.warnAt(path, fmt.Sprintf("scene %q is never reached: no path from the start leads to it", s.ID),
				"check the gotos that should lead here, and the `when` of the choices on the way")
		case deadEnds[i] && len(s.Choices) > 0:
			l.warnAt(path, fmt.Sprintf("scene %q can be reached with no choice offered, so the drill stops there without an ending", s.ID),
				"give one choice no `when`, or check the conditions against the states that reach this scene (ttx analyze)")
		}
		if reachable[i] && shown != nil {
			sc.lintVariants(l, s, path, shown[i])
		}
		for j := range s.Choices {
			if sc.changesNothing(s, j) {
				l.warnAt(fmt.Sprintf("%s.choices.%d", path, j), fmt.Sprintf("choice %q changes nothing: no effect, no score, and it leads where the others do", s.Choices[j].ID),
					"a choice that matters sets or adds a variable, scores a principle, leads elsewhere, or is named by chose()")
			}
		}
	}
	for i := range sc.Endings {
		if !endings[i] {
			l.warnAt(fmt.Sprintf("endings.%d", i), fmt.Sprintf("ending %q is never reached", sc.Endings[i].ID),
				"check its `when`, and the gotos that should lead to it")
		}
	}
	for i, v := range sc.Vars {
		if !sc.varUsed[i] {
			l.warnAt("vars."+v.Name, fmt.Sprintf("variable `%s` is never read: no condition, value, text or display uses it", v.Name),
				"remove it, or use it in a `when`, a text as {"+v.Name+"}, or [display]")
		}
	}
	for p, pr := range sc.Guidance.Principles {
		if !sc.scored[p] {
			l.warnAt("scenario", fmt.Sprintf("principle %q is never scored in this scenario", pr.ID),
				"score it in some choice (score = { "+pr.ID+" = 1 }) or a [[checks]] entry, so the debrief can rate it")
		}
	}
	sc.lintDesign(l, reachable)
	return l.warnings()
}

// lowerFirst lowers the first letter of a sentence to go on from a colon.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// lintVariants warns about the texts of a reachable scene that no drill
// shows: a variant whose `when` never holds where the scene is reached (or
// only where an earlier variant holds too), and the scene's own text when
// some variant holds wherever it is reached. A variant the parameters rule
// out (`!('eu' in param.regions)` in a file whose regions hold "eu") is
// written for other parameters, and is not one.
func (sc *Scenario) lintVariants(l *loader, s *Scene, path string, shown []bool) {
	if len(s.Variants) == 0 {
		return
	}
	for k := range s.Variants {
		if !shown[k+1] && !sc.RuledOut(s.Variants[k].When) {
			l.warnAt(fmt.Sprintf("%s.variants.%d", path, k), fmt.Sprintf("text variant %d of scene %q is never shown: wherever a drill reaches the scene, its `when` is false or an earlier variant holds", k+1, s.ID),
				"check its `when` against the states that reach the scene (ttx analyze), and the order of the variants")
		}
	}
	if !shown[0] {
		l.warnAt(path+".text", fmt.Sprintf("the own text of scene %q is never shown: some variant holds wherever a drill reaches it", s.ID),
			"move the text of the variant that always applies into the scene's `text`, or drop the `text` no drill shows")
	}
}

// changesNothing reports whether choice j of s has no effect at all: no
// assignment, no score, nothing names it, and it leads where every other
// choice of the scene leads.
func (sc *Scenario) changesNothing(s *Scene, j int) bool {
	c := &s.Choices[j]
	if len(s.Choices) < 2 || len(c.Set) > 0 || len(c.Add) > 0 || len(c.Score) > 0 || sc.chosen[c.index] {
		return false
	}
	for k := range s.Choices {
		if k != j && (s.Choices[k].Goto != c.Goto || s.Choices[k].Hours != c.Hours) {
			return false
		}
	}
	return true
}

// Package engine loads, checks and plays ttx scenarios: branching data-breach
// drills written in TOML and scored against a body of breach-response guidance.
//
// The pipeline reads top to bottom:
//
//   - [ParseGuidance] reads a rubric: the principles that drills are scored against.
//   - [Parse] and [Load] read a scenario file, reject every problem with a
//     positioned [Diagnostic], compile each expression once, and return an
//     immutable [Scenario].
//   - [NewDrill] starts a drill of a scenario with a seed; [Drill.Choose] takes
//     one decision at a time; [Drill.Result] scores it.
//   - [Analyze] explores every reachable state of a scenario, memoized on
//     distinct states, to find its best and worst achievable scores, its
//     reachable scenes and endings, and its dead ends, within a [Budget] of
//     states, outcomes, memory and time; past it, it estimates bounds that
//     no drill goes beyond ([Analysis].Estimated), so every scenario scores.
//     An [Analyst] adds an [AnalysisCache] keyed by the scenario's content,
//     and [Scenario.Bounds], which every score reads, uses one.
//
// The engine has no user interface: the terminal UI, the command line and the
// analyzer are all clients of this API. Text that comes from scenario files is
// passed through [Sanitize] when it is loaded, so nothing a file contains can
// act on a terminal.
package engine

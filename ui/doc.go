// Package ui is the terminal face of ttx: a bubbletea program in which a
// facilitator and a team run a drill on one screen.
//
// A root [Model] routes between small screens (home, briefing, drill,
// debrief), each a model with its own Update and View. The screens share a
// context of size, [Styles] and [KeyMap], passed down rather than global.
// The UI drives the engine only through its exported API and holds no
// scoring or branching logic: every decision, clock and score comes from
// [engine.Drill].
package ui

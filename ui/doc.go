// Package ui is the terminal face of ttx: a bubbletea program in which a
// facilitator and a team run a drill.
//
// The root [Model] keeps a stack of pages (ui/pages/...: home, briefing,
// drill, debrief, results, hotwash, risk map; for a room over SSH, the
// lobby, console, room view and seat), each a small model behind
// the [common.Page] interface. It sends keys to the top page and every
// other message to all of them, applies the changes of screen a page asks
// for, handles the keys that mean the same everywhere (ctrl+c, ?), and
// draws the top page with its help under it. The pages share a context
// ([common.Common]: renderer, styles, key map, size, store, clock) built
// for one terminal: nothing is global, so several programs (several SSH
// sessions) can run in one process, each with its own terminal.
//
// The UI drives the engine only through its exported API and holds no
// scoring or branching logic: every decision, clock and score comes from
// [engine.Drill]. Nothing slow runs in Update or View: the store, the
// readiness assessment and the analysis run in commands, with a spinner
// while they do.
package ui

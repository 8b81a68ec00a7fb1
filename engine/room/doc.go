// Package room is the model of a facilitated exercise (ttx serve): a
// session of one scenario and seed played by one or more teams, each with
// its own drill and clocks; seats that join it (the facilitator's console,
// a team's room view for the projector, players in the scenario's roles);
// the positions players state on the open decision before their team
// commits; the facilitator's controls; and a live scoreboard across teams.
// It knows nothing of SSH or of the terminal: the SSH server and the pages
// of the UI are its clients.
//
// A [Manager] holds the sessions of one server, finds them by their short
// join code, enforces the limits on sessions and seats, and resumes the
// sessions left open when the server stopped. A [Session] takes every
// change (a position, a commit, a control, a timeout) one at a time: it
// checks it against the drill, writes it to the results store, and only
// once the store holds it publishes a new [Snapshot] and wakes every
// subscriber. So no seat ever shows what the store does not hold, and a
// server killed at any point loses at most the change it was writing.
//
// As the drill on one screen opens each module before its first scene, a
// team reaching a module waits at its opening (Team.Opening), its timer
// stopped and no position or commit taken, until the facilitator begins
// the module (engine.ControlBegin). Whether a team waits is worked out
// from its record and controls, so a resumed session waits where it did.
//
// A Snapshot is immutable: its drills are replayed copies that nothing
// changes, so any number of goroutines (one per connected seat) read it
// without locks. Subscribers ([Sub]) get a signal on a channel when a new
// snapshot is out; a reader that falls behind gets one signal for many
// changes, never a queue.
//
// Text that players type (names, reasons) is untrusted: [CleanName] and
// [CleanReason] sanitise it (engine.Sanitize, one line, a length limit)
// before it is stored or shown to anyone.
package room

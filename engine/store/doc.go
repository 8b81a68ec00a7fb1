// Package store keeps the results of ttx drills, so that nothing a team
// does is lost: the [Store] interface, with an SQLite file and a PostgreSQL
// server behind it, both held to the conformance suite of
// engine/store/storetest.
//
// A drill is written as it goes: [Store.Begin] records an unfinished run
// (scenario id, version, content hash, seed, parameters, team and
// participants) and keeps the scenario's source by its hash, so the run
// replays, resumes and reports from the store alone ([ScenarioOf]).
// [Store.AppendDecision] adds each decision, committed and durable before it
// returns (SQLite synchronous=FULL; a PostgreSQL commit), so a front end that
// waits for it before showing the next screen loses at most the decision
// being made when the process is killed; the same decision stored twice is a
// no-op, so a failed save can be tried again. [Store.Finish] stores the score
// the drill was given when it ended, once: every listing shows it, and
// [Run.Result] scores a replay with it.
//
// [Open] takes a file path or a postgres:// URL. The schema is versioned
// (the same migrations for both engines) and migrated forward on open; a
// database of a newer ttx, of another program, a path that is not a regular
// file and a database locked past the wait are refused with an [*Error]
// whose message is one sentence saying what to do. [ReadOnly] opens for a
// command that only reads: nothing is created, migrated or written.
//
// SQLite runs in WAL mode with IMMEDIATE write transactions; a locked
// database is polled every few milliseconds up to [BusyTimeout], so
// several processes record at once. [Store.Export] and [Store.Import] move
// runs and their scenarios between machines as a JSON document (docs/json.md)
// with a SHA-256 checksum that catches a damaged copy; Import scores every
// run again by replaying it, trusting nothing in the file, and writes in
// batches so that drills recording meanwhile are not kept waiting.
package store

// Package store keeps the results of ttx drills in an SQLite database, so
// that nothing a team does is lost.
//
// A drill is written as it goes: [Store.Begin] records an unfinished run
// (scenario id, version, content hash, seed, team and participants) and
// [Store.AppendDecision] adds each decision, committed and synced to disk
// (synchronous=FULL) before it returns, so a front end that waits for it
// before showing the next screen loses at most the decision being made when
// the process is killed. [Store.Unfinished] lists the runs left open, which
// engine.Replay restores exactly from their records; [Store.Finish] stores the
// scored result, [Store.SaveHotwash] and [Store.AddAction] the after-action
// record.
//
// The database is SQLite through modernc.org/sqlite (no cgo), in WAL mode,
// at [DefaultPath] unless a path is given. Every pooled connection gets the
// pragmas from the DSN, write transactions begin IMMEDIATE, and a busy
// database is waited for (ten seconds by default, see [BusyTimeout]), so
// several ttx processes can finish drills at the same moment. The schema is
// versioned with PRAGMA user_version and migrated forward on [Open]; a
// database from a newer ttx, a file that is not a ttx database, a read-only
// file or directory and a database locked past the wait are refused with an
// [*Error] whose message is one sentence saying what to do, and the file is
// left as it was.
//
// [Store.List] and [Store.Leaderboard] browse the results; [Store.Export]
// and [Store.Import] share them between machines as a JSON document carrying
// a format version and a SHA-256 checksum, runs being identified by a UUID
// given when they begin, so importing the same file twice adds nothing.
package store

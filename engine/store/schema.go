package store

// SchemaVersion is the schema this ttx writes, kept in PRAGMA user_version.
// It is the number of migrations.
const SchemaVersion = 1

// applicationID marks a ttx results database (PRAGMA application_id): "ttxr".
const applicationID = 0x74747872

// migrations[v] takes the schema from version v to v+1. Entries are never
// edited once released: a change is a new entry.
var migrations = []string{
	// 0 -> 1: runs, their decisions, participants, scores and actions.
	// Times are Unix nanoseconds; a seed is the uint64 as an int64.
	// runs.summary repeats the participants and scores (see packSummary).
	`
CREATE TABLE runs (
	id        INTEGER PRIMARY KEY,
	uuid      TEXT    NOT NULL UNIQUE,
	scenario  TEXT    NOT NULL,
	version   TEXT    NOT NULL,
	hash      TEXT    NOT NULL,
	seed      INTEGER NOT NULL,
	team      TEXT    NOT NULL,
	started   INTEGER NOT NULL,
	ended     INTEGER,
	finished  INTEGER NOT NULL DEFAULT 0,
	ending    TEXT    NOT NULL DEFAULT '',
	hours     REAL    NOT NULL DEFAULT 0,
	total     REAL    NOT NULL DEFAULT 0,
	went_well TEXT    NOT NULL DEFAULT '',
	improve   TEXT    NOT NULL DEFAULT '',
	summary   BLOB    NOT NULL -- participants and scores, packed for List
);
CREATE INDEX runs_finished ON runs (finished, started DESC, id DESC);
CREATE INDEX runs_scenario ON runs (scenario, finished, started DESC, id DESC);
CREATE INDEX runs_team ON runs (team, finished, started DESC, id DESC);
CREATE INDEX runs_board ON runs (scenario, team, total DESC) WHERE finished = 1;

CREATE TABLE decisions (
	run      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	n        INTEGER NOT NULL,
	decision TEXT    NOT NULL,
	PRIMARY KEY (run, n)
) WITHOUT ROWID;

CREATE TABLE participants (
	run  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	n    INTEGER NOT NULL,
	name TEXT    NOT NULL,
	role TEXT    NOT NULL,
	PRIMARY KEY (run, n)
) WITHOUT ROWID;

CREATE TABLE scores (
	run       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	n         INTEGER NOT NULL,
	principle TEXT    NOT NULL,
	title     TEXT    NOT NULL,
	scored    INTEGER NOT NULL,
	raw       INTEGER NOT NULL,
	percent   REAL    NOT NULL,
	best      INTEGER NOT NULL,
	worst     INTEGER NOT NULL,
	PRIMARY KEY (run, n)
) WITHOUT ROWID;

CREATE TABLE actions (
	id        INTEGER PRIMARY KEY,
	run       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	what      TEXT    NOT NULL,
	principle TEXT    NOT NULL,
	owner     TEXT    NOT NULL,
	due       INTEGER,
	done      INTEGER NOT NULL DEFAULT 0,
	done_at   INTEGER
);
CREATE INDEX actions_run ON actions (run);
CREATE INDEX actions_open ON actions (done, due);
`,
}

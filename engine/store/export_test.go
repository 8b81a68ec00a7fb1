package store

// For the tests of package store_test: the migrations of each backend, to
// build a database of an earlier schema, and the summary of a run with no
// participants and no scores, as every schema since 1 packs it.
var (
	SQLiteMigrations   = sqliteMigrations
	PostgresMigrations = postgresMigrations
)

// EmptySummary is the packed summary of a run with nothing in it yet.
func EmptySummary() []byte { return runSummary{}.pack() }

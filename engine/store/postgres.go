package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// postgresDialect is the PostgreSQL backend, through jackc/pgx: an
// organisation-wide store that many facilitators and servers share. Its
// tables live in one schema (ttx, unless the URL's search_path names
// another), the schema version in its table ttx_schema, and migrations hold
// an advisory lock so that two ttx starting at once migrate once. A commit
// returns once the server has made it durable (synchronous_commit, on by
// default), so a decision is on the server's disk before the next screen.
type postgresDialect struct{}

// DefaultSchema is the PostgreSQL schema ttx keeps its tables in, unless the
// URL sets a search_path.
const DefaultSchema = "ttx"

// migrationLock is the advisory lock key taken while migrating ("ttxr").
const migrationLock = 0x74747872

// openPostgres opens the store on the PostgreSQL server of a postgres://
// URL. The URL is as libpq reads it (host, port, user, password, dbname,
// sslmode and the other keywords as query parameters).
func openPostgres(rawURL string, o options) (Store, error) {
	d := &db{dialect: postgresDialect{}, loc: redact(rawURL), readOnly: o.readOnly, batch: o.batch}
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, d.errorf(ErrOpen, nil, "%s is not a PostgreSQL URL ttx can read (%s); write it as postgres://USER@HOST:PORT/DATABASE", d.loc, oneLine(err))
	}
	schema := DefaultSchema
	if sp := cfg.RuntimeParams["search_path"]; sp != "" {
		schema = strings.Trim(strings.TrimSpace(strings.Split(sp, ",")[0]), `"`)
	} else {
		cfg.RuntimeParams["search_path"] = quoteIdent(schema)
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "ttx"
	}
	if o.readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	d.sql = stdlib.OpenDB(*cfg)
	if err := d.ensureSchema(schema); err != nil {
		d.sql.Close()
		return nil, err
	}
	if err := d.migrate(); err != nil {
		d.sql.Close()
		return nil, err
	}
	return d, nil
}

// ensureSchema makes the schema the tables live in, when it is missing.
func (d *db) ensureSchema(schema string) error {
	ctx := context.Background()
	var found bool
	if err := d.sql.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema).Scan(&found); err != nil {
		return d.wrapOpen(err)
	}
	if found {
		return nil
	}
	if d.readOnly {
		return d.errorf(ErrNotFound, nil, "the PostgreSQL server %s holds no ttx results yet (there is no schema %s); record a drill with ttx run --team T first", d.loc, schema)
	}
	if _, err := d.sql.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(schema)); err != nil {
		return d.wrapOpen(err)
	}
	return nil
}

// wrapOpen explains an error of the first statements, which are where a
// server that cannot be reached or refuses the user shows.
func (d *db) wrapOpen(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" {
		return d.errorf(ErrReadOnly, err, "the user of %s may not create ttx's tables on that server (%s); ask its administrator to grant CREATE on the database, or to create the schema %s for that user", d.loc, pe.Message, DefaultSchema)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || isNetwork(err) {
		return d.errorf(ErrOpen, err, "cannot connect to the results server %s (%s); check the URL in --db or TTX_DB, and that the server runs and lets this user in", d.loc, oneLine(err))
	}
	return d.wrap(err)
}

func (postgresDialect) version(ctx context.Context, d *db, q querier) (int, error) {
	var ours, tables int
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'ttx_schema'),
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())`).Scan(&ours, &tables)
	if err != nil {
		return 0, d.wrapOpen(err)
	}
	if ours == 0 {
		if tables > 0 {
			return 0, d.errorf(ErrCorrupt, nil, "the schema ttx uses on %s holds tables of another program; give ttx a schema of its own with ?search_path=NAME in the URL", d.loc)
		}
		return 0, nil
	}
	var v int
	if err := q.QueryRowContext(ctx, "SELECT version FROM ttx_schema").Scan(&v); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, d.notDatabase(err)
		}
		return 0, d.wrap(err)
	}
	return v, nil
}

func (postgresDialect) lockSchema(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrationLock))
	return err
}

func (postgresDialect) setVersion(ctx context.Context, tx *sql.Tx, v int) error {
	_, err := tx.ExecContext(ctx, "UPDATE ttx_schema SET version = $1", v)
	return err
}

func (postgresDialect) migrations() []string { return postgresMigrations }

func (postgresDialect) wrap(d *db, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505" || pe.Code == "23503" || pe.Code == "23514":
			return d.errorf(ErrConflict, err, "the change does not fit what the results server %s holds (%s)", d.loc, pe.Message)
		case pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03":
			return d.errorf(ErrLocked, err, "the results server %s could not make this change while others were writing (%s); try again", d.loc, pe.Message)
		case pe.Code == "25006" || pe.Code == "42501":
			return d.errorf(ErrReadOnly, err, "the results server %s refused the write (%s); check that the user may write to it", d.loc, pe.Message)
		case pe.Code == "53100":
			return d.errorf(ErrDiskFull, err, "the disk of the results server %s is full; ask its administrator to free some space", d.loc)
		case strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "53") || strings.HasPrefix(pe.Code, "58"):
			return d.errorf(ErrIO, err, "the results server %s failed (%s); try again, and tell its administrator if it lasts", d.loc, pe.Message)
		}
		return err
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || isNetwork(err) || errors.Is(err, context.DeadlineExceeded) {
		return d.errorf(ErrIO, err, "the connection to the results server %s failed (%s); check the network and try again", d.loc, oneLine(err))
	}
	return err
}

func isNetwork(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || pgconn.Timeout(err)
}

// redact is a URL without its password, to name the server in messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the PostgreSQL URL given"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// oneLine flattens an error of several lines into one.
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(fmt.Sprint(err), "\n", " ")), " ")
}

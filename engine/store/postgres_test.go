package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/engine/store/internal/pgtest"
	"github.com/ttx-dev/ttx/engine/store/storetest"
)

// The PostgreSQL server of this test binary: started on first use, one for
// all its tests, stopped by TestMain.
var (
	pgOnce    sync.Once
	pgCluster *pgtest.Cluster
	pgErr     error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if pgCluster != nil {
		pgCluster.Stop()
	}
	os.Exit(code)
}

// postgres returns the test server, skipping the test when there is no
// PostgreSQL here (failing it when TTX_REQUIRE_POSTGRES=1). Benchmarks get
// a server that syncs its commits to disk, as a production one does.
func postgres(tb testing.TB) *pgtest.Cluster {
	tb.Helper()
	_, bench := tb.(*testing.B)
	pgOnce.Do(func() { pgCluster, pgErr = pgtest.Start(bench) })
	switch {
	case errors.Is(pgErr, pgtest.ErrNoPostgres) && !pgtest.Required():
		tb.Skipf("%v; set %s=1 to make this a failure", pgErr, pgtest.RequireEnv)
	case pgErr != nil:
		tb.Fatalf("cannot start PostgreSQL: %v", pgErr)
	}
	return pgCluster
}

// openPostgres opens a store in a new schema of the test server.
func openPostgres(tb testing.TB, opts ...store.Option) (store.Store, string) {
	tb.Helper()
	url := postgres(tb).NewSchema()
	s, err := store.Open(url, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, url
}

// TestPostgres: the PostgreSQL backend passes the conformance suite.
func TestPostgres(t *testing.T) {
	t.Parallel()
	postgres(t)
	storetest.Run(t, func(t *testing.T, opts ...store.Option) (store.Store, string) {
		return openPostgres(t, opts...)
	})
}

// TestPostgresOpen: the schema is made and migrated once, a newer one is
// refused, a schema of another program is refused, and a server that
// cannot be reached is one sentence that never shows the password.
func TestPostgresOpen(t *testing.T) {
	t.Parallel()
	c := postgres(t)
	s, url := openPostgres(t)
	finished(t, s, "A")
	s.Close()
	again, err := store.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	if runs, err := again.List(store.Filter{}); err != nil || len(runs) != 1 {
		t.Fatalf("List after reopening = %v, %v", runs, err)
	}
	again.Close()

	for _, cse := range []struct {
		name, url string
		want      error
		says      string
	}{
		{"no server", "postgres://ttx:s3cret@127.0.0.1:1/ttx?connect_timeout=2", store.ErrOpen, "cannot connect"},
		{"bad URL", "postgres://ttx:s3cret@host:port:x/", store.ErrOpen, "not a PostgreSQL URL"},
		{"no database", c.URL("") + "&dbname=nosuchdb", store.ErrOpen, "cannot connect"},
	} {
		_, err := store.Open(cse.url)
		if !errors.Is(err, cse.want) || !strings.Contains(err.Error(), cse.says) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: Open = %v, want %v saying %q without the password", cse.name, err, cse.want, cse.says)
		}
		if err != nil {
			oneSentence(t, err)
		}
	}

	// A schema holding another program's tables.
	other := c.NewSchema()
	schema := schemaOf(t, other)
	if err := pgExec(c, fmt.Sprintf("CREATE SCHEMA %s; CREATE TABLE %s.contacts (name text)", schema, schema)); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(other); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("Open of another program's schema = %v", err)
	}
	// A newer schema.
	_, newer := openPostgres(t)
	if err := pgExec(c, fmt.Sprintf("UPDATE %s.ttx_schema SET version = 99", schemaOf(t, newer))); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(newer); !errors.Is(err, store.ErrNewer) {
		t.Errorf("Open of a newer schema = %v", err)
	}
}

// pgExec runs SQL on the test server, outside any store.
func pgExec(c *pgtest.Cluster, q string) error {
	db, err := sql.Open("pgx", c.URL(""))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(q)
	return err
}

// schemaOf is the schema a test URL sets.
func schemaOf(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("search_path")
}

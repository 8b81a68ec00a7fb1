package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc/doccheck"
	"github.com/ttx-dev/ttx/engine/store"
)

// ttx runs the command line in this process and returns what it wrote and
// its exit code.
func ttx(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

const (
	rulesFixture = "../../testdata/valid/rules.toml"
	validDir     = "../../testdata/valid"
)

// recorded is a results store holding two finished runs of the rules
// fixture (one with an open action and a hotwash), one of mini, and an
// unfinished one.
func recorded(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "ttx.db")
	for _, args := range [][]string{
		{"run", rulesFixture, "--team", "Blue", "--participant", "Ana:ceo", "--choose", "notify,a+b"},
		{"run", rulesFixture, "--team", "Red", "--choose", "panic"},
		{"run", validDir + "/mini.toml", "--team", "Blue", "--choose", "act,sorry"},
	} {
		if _, errs, code := ttx(t, append(args, "--db", db)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	if _, errs, code := ttx(t, "run", rulesFixture, "--team", "Green", "--choose", "notify", "--db", db); code != exitIncomplete {
		t.Fatalf("unfinished run: exit %d: %s", code, errs)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	due := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	if _, err := s.AddAction(engine.Action{Run: 1, What: "Name a press owner", Principle: "notify", Owner: "Ana", Due: due}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAction(engine.Action{Run: 1, What: "Drill again"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveHotwash(1, engine.Hotwash{WentWell: "Calm", Improve: "Faster"}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestJSONDocuments: every JSON document ttx writes fits the schema of its
// format in docs/schemas, and every format is written by some command here.
func TestJSONDocuments(t *testing.T) {
	t.Parallel()
	db := recorded(t)
	empty := filepath.Join(t.TempDir(), "ttx.db") // not made: commands that only read make none
	seen := map[string]bool{}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"run", rulesFixture, "--choose", "notify,a+b", "--json"}, 0},
		{[]string{"run", rulesFixture, "--choose", "notify", "--json"}, exitIncomplete},
		{[]string{"run", rulesFixture, "--team", "Gold", "--choose", "panic", "--json", "--db", db}, 0},
		{[]string{"results", "--json", "--db", db}, 0},
		{[]string{"results", "--json", "--db", empty}, 0},
		{[]string{"results", "--json", "--scenario", "rules", "--best", "--db", db}, 0},
		{[]string{"results", "--json", "--team", "nobody", "--db", db}, 0},
		{[]string{"resume", "--json", "--db", db}, 0},
		{[]string{"resume", "--json", "--db", empty}, 0},
		{[]string{"compare", "1", "2", "--json", "--db", db}, 0},
		{[]string{"compare", "1", "1", "--json", "--db", db}, 0},
		{[]string{"actions", "--json", "--db", db}, 0},
		{[]string{"actions", "--json", "--db", empty}, 0},
		{[]string{"list", "--json", "--dir", validDir}, 0},
		{[]string{"analyze", rulesFixture, "--json"}, 0},
		{[]string{"analyze", rulesFixture, "--json", "--samples", "50"}, 0},
		{[]string{"report", "1", "--format", "json", "--db", db}, 0},
		{[]string{"report", "3", "--format", "json", "--db", db}, 0},
		{[]string{"results", "export", "--db", db}, 0},
		{[]string{"results", "export", "--db", empty}, 0},
	} {
		out, errs, code := ttx(t, c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d: %s", c.args, code, c.code, errs)
			continue
		}
		seen[doccheck.Validate(t, strings.Join(c.args, " "), []byte(out))] = true
	}
	// With --json, an error is a document on stderr.
	for _, args := range [][]string{
		{"run", rulesFixture, "--choose", "nope", "--json"},
		{"run", rulesFixture, "--choose", "notify", "--json"},
		{"results", "--json", "--best", "--db", db},
		{"compare", "1", "99", "--json", "--db", db},
		{"resume", "--json", "--bogus"},
		{"analyze", "no-such-scenario", "--json"},
		{"run", "../../testdata/invalid/goto-missing.toml", "--json"},
	} {
		out, errs, code := ttx(t, args...)
		if code == 0 {
			t.Errorf("%v succeeded", args)
			continue
		}
		seen[doccheck.Validate(t, strings.Join(args, " ")+" (stderr)", []byte(errs))] = true
		var e struct {
			ExitCode int `json:"exit_code"`
		}
		json.Unmarshal([]byte(errs), &e)
		if e.ExitCode != code {
			t.Errorf("%v: the error document says exit %d, the process %d", args, e.ExitCode, code)
		}
		if code != exitIncomplete && out != "" {
			t.Errorf("%v: a failed command wrote to stdout: %s", args, out)
		}
	}
	for name := range doccheck.Schemas(t) {
		if name != "ttx-defs" && !seen[name] {
			t.Errorf("no command here wrote a %s document", name)
		}
	}
}

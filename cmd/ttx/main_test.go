package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ttx-dev/ttx/engine"
)

var update = flag.Bool("update", false, "rewrite the expected output in the scripts")

// TestMain makes the test binary the ttx command: in the scripts, and in
// $PATH for the tests that run ttx in a terminal, so that it is built once
// per go test run.
func TestMain(m *testing.M) {
	var tm testscript.TestingM = m
	if filepath.Base(os.Args[0]) != "ttx" {
		// The tests themselves (not ttx run by a script): the cache of
		// analyses goes to a directory of theirs, never the user's. They
		// share it, with the scripts and the ttx in a terminal, as
		// processes of one user share theirs: a scenario is explored once
		// per go test run. What needs a cache of its own says so (the
		// scripts analyze and stored-bounds, TestTmuxAnalyzeProgress).
		dir, err := os.MkdirTemp("", "ttx-cache-")
		if err != nil {
			panic(err)
		}
		os.Setenv("TTX_CACHE", dir)
		// The scores the tests compute themselves read it too.
		engine.SetDefaultAnalyst(&engine.Analyst{Cache: &engine.AnalysisCache{Dir: dir}})
		tm = cleanupM{m, dir}
	}
	testscript.Main(tm, map[string]func(){
		"ttx": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// cleanupM removes a directory once the tests have run.
type cleanupM struct {
	m   *testing.M
	dir string
}

func (c cleanupM) Run() int {
	defer os.RemoveAll(c.dir)
	return c.m.Run()
}

// TestScripts runs the command-line scripts in testdata/script, one per
// behaviour. $FIXTURES is the repository's testdata directory. The scripts
// share the tests' cache of analyses; a script whose checks depend on what
// the cache holds (an estimate stored, an exploration made) starts with
// `env TTX_CACHE=$WORK/cache`, a cache of its own.
func TestScripts(t *testing.T) {
	t.Parallel()
	fixtures, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("FIXTURES", fixtures)
			env.Setenv("TTX_DB", filepath.Join(env.WorkDir, "ttx.db"))
			env.Setenv("TTX_CACHE", os.Getenv("TTX_CACHE")) // TestMain's
			return nil
		},
	})
}

// TestExitCodes pins the exit codes, a contract with scripts.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	fx := "../../testdata/valid/"
	for _, tc := range []struct {
		args []string
		code int
		err  string // a part of stderr
	}{
		{[]string{"list"}, 0, ""},
		{[]string{"run", fx + "mini.toml", "--choose", "act,sorry"}, 0, ""},
		{[]string{"run", fx + "mini.toml", "--choose", "act"}, 3, `scene "second" is waiting for 1 to 2 (joined with +) of: sorry, vendor`},
		{[]string{"run", fx + "mini.toml", "--choose", "act,nope"}, 1, `decision 2: choice "nope" is not offered here; scene "second" offers sorry, vendor`},
		{[]string{"run", fx + "mini.toml", "--choose", "act,sorry,more"}, 1, "the drill ended after decision 2"},
		{[]string{"run", "no-such-scenario", "--choose", "a"}, 1, `no scenario "no-such-scenario"`},
		{[]string{"run", "../../testdata/invalid/goto-missing.toml"}, 1, "goto-missing.toml:24:10: error:"},
		{[]string{"run"}, 1, "run takes SCENARIO"},
		{[]string{"run", fx + "mini.toml", "--bogus"}, 1, "ttx: unknown flag --bogus; see `ttx run --help`"},
		{[]string{"run", fx + "mini.toml", "--chose", "act"}, 1, "ttx: unknown flag --chose (did you mean --choose?); see `ttx run --help`"},
		{[]string{"run", fx + "mini.toml", "-zq"}, 1, "ttx: unknown flag -z in -zq; see `ttx run --help`"},
		{[]string{"run", fx + "mini.toml", "--seed", "-1"}, 1, "ttx: --seed takes a whole number, 0 or more, not \"-1\"; see `ttx run --help`"},
		{[]string{"run", fx + "mini.toml", "--seed"}, 1, "ttx: --seed needs a value: a whole number, 0 or more; see `ttx run --help`"},
		{[]string{"analyze", fx + "mini.toml", "--samples", "many"}, 1, "ttx: --samples takes a whole number, not \"many\"; see `ttx analyze --help`"},
		{[]string{"analyze", fx + "mini.toml", "--samples", "1000000000000"}, 1, "ttx: --samples takes 0 (none) to 1,000,000 random drills, not 1000000000000\n"},
		{[]string{"analyze", fx + "mini.toml", "--samples", "-3"}, 1, "ttx: --samples takes 0 (none) to 1,000,000 random drills, not -3\n"},
		{[]string{"riskmap", "--simulate", "--years", "1000000000000"}, 1, "ttx: --years takes 1 to 10,000,000 simulated years, not 1000000000000\n"},
		{[]string{"riskmap", "--report", "--simulate", "--years", "2000000000"}, 1, "ttx: --years takes 1 to 10,000,000 simulated years, not 2000000000\n"},
		{[]string{"riskmap", "--report", "--simulate", "--years", "0"}, 1, "ttx: --years takes 1 to 10,000,000 simulated years, not 0\n"},
		{[]string{"--dir", fx, "lsit"}, 1, "ttx: unknown command \"lsit\" (did you mean list?); see `ttx --help`"},
		{[]string{"results", "exprot"}, 1, "ttx: unknown command \"exprot\" (did you mean export?); see `ttx results --help`"},
		{[]string{"validate", fx + "mini.toml"}, 0, ""},
		{[]string{"validate", "../../testdata/invalid/many-problems.toml"}, 1, "many-problems.toml:4:9: error: start"},
		{[]string{"validate", "nowhere.toml"}, 1, "nowhere.toml: no such file"},
		{[]string{"analyze", fx + "rules.toml"}, 0, ""},
		{[]string{"analyze", fx + "rules.toml", "--max-states", "3"}, 0, ""},
		{[]string{"analyze", fx + "rules.toml", "--max-memory", "12 parsecs"}, 1, `--max-memory: "12 parsecs" has an unknown unit`},
		{[]string{"analyze", fx + "rules.toml", "--max-states", "0"}, 1, "--max-states must be at least 1"},
		{[]string{"frobnicate"}, 1, `unknown command "frobnicate"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			var out, errb bytes.Buffer
			code := run(tc.args, strings.NewReader(""), &out, &errb)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.err) {
				t.Errorf("stderr %q does not contain %q", errb.String(), tc.err)
			}
			if strings.Contains(errb.String(), "goroutine ") || strings.Contains(errb.String(), "panic:") {
				t.Errorf("a panic trace reached the user: %s", errb.String())
			}
		})
	}
}

package store_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// The helper process: this test binary run again with helperEnv set to a
// role, on the database at dbEnv.
const (
	helperEnv = "TTX_STORE_HELPER"
	dbEnv     = "TTX_STORE_DB"
	teamEnv   = "TTX_STORE_TEAM"
	runsEnv   = "TTX_STORE_RUNS"
	fileEnv   = "TTX_STORE_FILE"
)

// TestHelperProcess is not a test: it is what helper processes run.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(helperEnv)
	if role == "" {
		t.Skip("only run as a helper process")
	}
	s, err := store.Open(os.Getenv(dbEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	switch role {
	case "open":
		// Opening is all: the database is new, and others open it too.
	case "importer":
		f, err := os.Open(os.Getenv(fileEnv))
		if err != nil {
			t.Fatal(err)
		}
		g, err := scenarios.Guides()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("importing")
		n, err := s.Import(f, store.Library{Guides: g})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Printf("imported %d\n", n)
	case "writer":
		n, _ := strconv.Atoi(os.Getenv(runsEnv))
		if err := writeRuns(s, loadRules(t), os.Getenv(teamEnv), n); err != nil {
			t.Fatal(err)
		}
	case "appender":
		// Appends decisions until killed, saying each one once it is stored.
		id := begin(t, s, "killed")
		fmt.Printf("run %d\n", id)
		for n := 0; n < 1_000_000; n++ {
			if err := s.AppendDecision(id, n, decision(n)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			fmt.Println(n)
		}
	}
	s.Close()
}

func decision(n int) string { return fmt.Sprintf("choice-%d", n) }

// writeRuns plays, begins, appends and finishes n runs for team.
func writeRuns(s store.Store, sc *engine.Scenario, team string, n int) error {
	for i := range n {
		d, err := playAny(sc, uint64(i))
		if err != nil {
			return err
		}
		rec := d.Record()
		id, err := s.Begin(&store.Run{Record: engine.Record{Scenario: rec.Scenario, Version: rec.Version, Hash: rec.Hash, Seed: rec.Seed}, Team: team}, sc.Source())
		if err != nil {
			return err
		}
		for n, dec := range rec.Decisions {
			if err := s.AppendDecision(id, n, dec); err != nil {
				return err
			}
		}
		res, err := d.Result(team)
		if err != nil {
			return err
		}
		if err := s.Finish(id, res, time.Now()); err != nil {
			return err
		}
	}
	return nil
}

// playAny plays a drill to its end, taking choices that vary with the seed.
func playAny(sc *engine.Scenario, seed uint64) (*engine.Drill, error) {
	d := engine.NewDrill(sc, seed)
	for k := 0; !d.Ended(); k++ {
		offered := d.Offered()
		lo, _ := d.PickRange()
		pick := []int{offered[(int(seed)+k)%len(offered)]}
		if d.Scene().IsPick() {
			pick = offered[:max(lo, 1)]
		}
		if err := d.ChooseIndex(pick...); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// helper starts this test binary as a helper process.
func helper(t *testing.T, role, db string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), append([]string{helperEnv + "=" + role, dbEnv + "=" + db}, env...)...)
	return cmd
}

// start starts a helper process, returning its output line by line and
// what it writes on stderr.
func start(t *testing.T, cmd *exec.Cmd) (*bufio.Scanner, *strings.Builder) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := new(strings.Builder)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return bufio.NewScanner(out), stderr
}

// TestConcurrentWriters: two processes and several goroutines, through one
// store and through another, finish drills at the same time; every run lands.
func TestConcurrentWriters(t *testing.T) {
	const perWriter = 25
	s, path := openStore(t)
	s2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()

	sc := loadRules(t)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	teams := []string{}
	for i := range 2 {
		team := fmt.Sprintf("process-%d", i)
		teams = append(teams, team)
		cmd := helper(t, "writer", path, teamEnv+"="+team, runsEnv+"="+strconv.Itoa(perWriter))
		wg.Go(func() {
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("%s: %v\n%s", team, err, out)
			}
		})
	}
	for i := range 4 {
		team := fmt.Sprintf("goroutine-%d", i)
		teams = append(teams, team)
		st := s
		if i%2 == 1 {
			st = s2
		}
		wg.Go(func() {
			if err := writeRuns(st, sc, team, perWriter); err != nil {
				errs <- fmt.Errorf("%s: %v", team, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	runs, err := s.List(store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != len(teams)*perWriter {
		t.Fatalf("%d runs stored, want %d", len(runs), len(teams)*perWriter)
	}
	for _, team := range teams {
		runs, err := s.List(store.Filter{Team: team})
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != perWriter {
			t.Errorf("team %s has %d runs, want %d", team, len(runs), perWriter)
		}
		for _, r := range runs {
			full, err := s.Get(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Record.Decisions) == 0 || len(full.Scores) == 0 || !full.Finished {
				t.Errorf("run %d is not whole: %+v", r.ID, full)
			}
		}
	}
	if un, _ := s.Unfinished(); len(un) != 0 {
		t.Errorf("%d runs left unfinished", len(un))
	}
}

// TestConcurrentOpen: processes and goroutines opening a new database at
// the same moment all get it, migrated once.
func TestConcurrentOpen(t *testing.T) {
	for round := range 5 {
		path := filepath.Join(t.TempDir(), fmt.Sprint(round), "ttx.db")
		var wg sync.WaitGroup
		errs := make(chan error, 10)
		for i := range 2 {
			cmd := helper(t, "open", path)
			wg.Go(func() {
				if out, err := cmd.CombinedOutput(); err != nil {
					errs <- fmt.Errorf("process %d: %v\n%s", i, err, out)
				}
			})
		}
		for i := range 4 {
			wg.Go(func() {
				s, err := store.Open(path)
				if err != nil {
					errs <- fmt.Errorf("goroutine %d: %v", i, err)
					return
				}
				sc := loadRules(t)
				if _, err := s.Begin(&store.Run{Record: engine.NewDrill(sc, 0).Record()}, sc.Source()); err != nil {
					errs <- fmt.Errorf("goroutine %d: %v", i, err)
				}
				s.Close()
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		s, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if un, err := s.Unfinished(); err != nil || len(un) != 4 {
			t.Errorf("%d runs, %v; want 4", len(un), err)
		}
		s.Close()
	}
}

// TestKill: a process killed with SIGKILL while appending decisions loses
// none it had been told were stored.
func TestKill(t *testing.T) {
	_, path := openStore(t)
	for round := range 4 {
		cmd := helper(t, "appender", path)
		sc, stderr := start(t, cmd)
		killAt := 5 + rand.IntN(120)
		var id int64
		last, lines := -1, 0
		for sc.Scan() {
			line := sc.Text()
			if rest, ok := strings.CutPrefix(line, "run "); ok {
				id, _ = strconv.ParseInt(rest, 10, 64)
				continue
			}
			n, err := strconv.Atoi(line)
			if err != nil {
				continue // the testing package's own output
			}
			if n != last+1 {
				t.Fatalf("the child reported %d after %d", n, last)
			}
			last = n
			if lines++; lines == killAt {
				time.Sleep(time.Duration(rand.IntN(10000)) * time.Microsecond)
				cmd.Process.Kill()
			}
		}
		cmd.Wait()
		if id == 0 || last < 0 {
			t.Fatalf("round %d: the child stored nothing: %s", round, stderr.String())
		}

		s, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.Get(id)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := len(r.Record.Decisions)
		t.Logf("round %d: killed after %d reported decisions; %d stored", round, last+1, got)
		if got < last+1 || got > last+2 {
			t.Fatalf("round %d: %d decisions stored, want %d reported (or one more in flight)", round, got, last+1)
		}
		for n, d := range r.Record.Decisions {
			if d != decision(n) {
				t.Fatalf("decision %d is %q", n, d)
			}
		}
	}
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if un, err := s.Unfinished(); err != nil || len(un) != 4 {
		t.Fatalf("Unfinished = %d runs, %v; want the 4 killed", len(un), err)
	}
}

// bigExport writes an export of n finished runs of the suite's drill.
func bigExport(t *testing.T, n int) string {
	t.Helper()
	sc := loadRules(t)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	runs := make([]map[string]any, n)
	for i := range runs {
		runs[i] = map[string]any{
			"run_id": i + 1, "uuid": store.NewUUID(), "seed": i, "params": map[string]any{}, "team": fmt.Sprintf("team-%d", i%20),
			"scenario":     map[string]any{"id": sc.ID, "title": sc.Title, "version": sc.Version, "hash": sc.Hash},
			"participants": []any{}, "started": at.Format(time.RFC3339), "ended": at.Add(time.Hour).Format(time.RFC3339),
			"finished": true, "ending": nil, "hours": 0, "total_percent": nil, "principles": []any{}, "decision_count": 2,
			"decisions": []any{map[string]any{"choices": []string{"act"}, "timed_out": false}, map[string]any{"choices": []string{"sorry", "fix"}, "timed_out": false}},
			"hotwash":   map[string]any{"went_well": "", "improve": ""}, "actions": []any{},
		}
	}
	doc := map[string]any{"format": store.ExportFormat, "format_version": store.ExportVersion, "exported": at.Format(time.RFC3339),
		"scenarios": []any{map[string]any{"id": sc.ID, "title": sc.Title, "version": sc.Version, "hash": sc.Hash, "source": string(sc.Source())}},
		"runs":      runs}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if doc["checksum"], err = store.Checksum(b); err != nil {
		t.Fatal(err)
	}
	if b, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportLetsWritersIn: while another process imports a large export,
// a drill goes on recording its decisions, each durable before the next:
// the import writes in batches and leaves the database to other writers in
// between (TestImportBatchesReleaseTheLock proves the release itself).
func TestImportLetsWritersIn(t *testing.T) {
	t.Parallel()
	const runs = 2000
	file := bigExport(t, runs)
	_, path := openStore(t)
	w, err := store.Open(path, store.BusyTimeout(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	id := begin(t, w, "drill")

	cmd := helper(t, "importer", path, fileEnv+"="+file)
	lines, stderr := start(t, cmd)
	for lines.Scan() && lines.Text() != "importing" {
	}
	// Decisions until the import is done, each durable before the next.
	done := make(chan string, 1)
	go func() {
		last := ""
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "imported ") {
				last = lines.Text()
			}
		}
		done <- last
	}()
	n := 0
	var result string
writing:
	for {
		select {
		case result = <-done:
			break writing
		default:
		}
		if err := w.AppendDecision(id, n, decision(n)); err != nil {
			t.Fatalf("decision %d during the import: %v", n+1, err)
		}
		n++
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the import failed: %v\n%s", err, stderr.String())
	}
	if result != fmt.Sprintf("imported %d", runs) {
		t.Fatalf("the importer said %q", result)
	}
	t.Logf("%d decisions recorded during the import of %d runs", n, runs)
	if n < 2 {
		t.Fatalf("only %d decisions were recorded during the import", n)
	}
	list, err := w.List(store.Filter{})
	if err != nil || len(list) != runs {
		t.Fatalf("%d runs after the import, %v", len(list), err)
	}
}

package serve

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// childEnv, set to a folder, makes the test binary a ttx serve of that
// folder (its store, host key and allow-list) instead of running tests:
// the tests that kill the server, and the benchmark that weighs it, run
// it as a process of its own.
const childEnv = "TTX_SERVE_CHILD"

// burstEnv, set, lets the child take many connections at once from one
// address.
const burstEnv = "TTX_SERVE_BURST"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(child(dir))
	}
	os.Exit(m.Run())
}

// child serves the room of dir until SIGTERM, as ttx serve does.
func child(dir string) int {
	st, err := store.Open(filepath.Join(dir, "ttx.db"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer st.Close()
	cat, err := scenarios.NewCatalog()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	// SIGUSR1 asks what memory the server holds: its heap after a
	// collection, and its resident set once the freed pages are returned.
	weigh := make(chan os.Signal, 1)
	signal.Notify(weigh, syscall.SIGUSR1)
	go func() {
		for range weigh {
			debug.FreeOSMemory()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fmt.Printf("memory %d %d\n", ms.HeapInuse+ms.StackInuse, residentSet())
		}
	}()
	o := Options{Addr: "127.0.0.1:0", AuthorizedKeys: filepath.Join(dir, "authorized_keys"), DataDir: dir, Store: st, Catalog: cat,
		Out: os.Stdout, Log: os.Stderr}
	if os.Getenv(burstEnv) != "" {
		// A benchmark's 50 seats all come from 127.0.0.1.
		o.rate, o.burst = 1000, 1000
	}
	// TTX_SERVE_PROF=FILE writes a CPU profile of the child, to see
	// where a benchmark's time goes.
	if prof := os.Getenv("TTX_SERVE_PROF"); prof != "" {
		f, _ := os.Create(prof)
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	err = Run(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// residentSet is the process's resident memory in bytes, from /proc (0
// where there is none).
func residentSet() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// process is a server running as a child process.
type process struct {
	cmd   *exec.Cmd
	dl    dialer
	out   []string    // what it printed up to its instructions' end
	lines chan string // what it prints after
}

// memory asks the server what memory it holds: its heap and stacks in use
// after a collection, and its resident set, in bytes.
func (p *process) memory(t testing.TB) (heap, rss float64) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGUSR1)
	deadline := time.After(30 * time.Second)
	for {
		select {
		case line := <-p.lines:
			if _, err := fmt.Sscanf(line, "memory %f %f", &heap, &rss); err == nil {
				return heap, rss
			}
		case <-deadline:
			t.Fatal("the server did not say what memory it holds")
		}
	}
}

// startProcess starts a server of dir in a child process and waits for
// its instructions, with the address it listens on.
func startProcess(t testing.TB, dir string, env ...string) *process {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv+"="+dir), env...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	p := &process{cmd: cmd, lines: make(chan string, 16)}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(2 * time.Minute) // it analyses the scenarios it resumes
	for ready := false; !ready; {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("the server stopped before it listened: %q", p.out)
			}
			p.out = append(p.out, line)
			if rest, found := strings.CutPrefix(line, "ttx serve: listening on "); found {
				p.dl.addr = strings.Fields(rest)[0]
			}
			ready = strings.HasPrefix(line, "Stop with ctrl+c") // the last line of the instructions
		case <-deadline:
			t.Fatalf("the server did not listen: %q", p.out)
		}
	}
	go func() { // the rest of its output, kept when there is room, so that it never blocks
		for line := range lines {
			select {
			case p.lines <- line:
			default:
			}
		}
	}()
	b, err := os.ReadFile(filepath.Join(dir, "host_ed25519.pub"))
	if err != nil {
		t.Fatal(err)
	}
	if p.dl.host, _, _, _, err = gossh.ParseAuthorizedKey(b); err != nil {
		t.Fatal(err)
	}
	return p
}

// kill kills the server with SIGKILL: nothing of it runs after.
func (p *process) kill(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
}

// kill -9 of the server loses nothing the seats were shown: on restart the
// session is resumed, its timed scene paused, and the facilitator and the
// players come back with their key, code, team and name to their seats.
func TestKillAndResume(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keys := newPeople(t)
	writeAuthorized(t, filepath.Join(dir, "authorized_keys"), keys.allowed()...)
	p := startProcess(t, dir)
	fay := p.dl.dial(t, keys.fay, "console", 120, 40)
	code := openSession(t, fay, "retail-card-breach", "Blue")
	fay.step("Module 1 begins for team Blue.", "enter")
	ana := p.dl.dial(t, keys.ana, "join", 100, 30)
	joinSeat(t, ana, code, 0, 0, "Ana", "Blue")
	fay.step("Mark a lead", "l")
	fay.step("leads the team", "enter")
	ana.await("lead")
	ana.send("3", "enter")
	ana.await("Why?")
	ana.step("Your position is stated", "the plan is rehearsed", "enter")
	ana.markNow()
	ana.send("C")
	ana.await("Commit the team's decision:")
	ana.step("The team's decision is committed.", "y")
	beginIfOpening(ana, fay, "Blue")
	fay.step("is paused", "p")
	ana.send("1", "enter")
	ana.await("Why?")
	ana.step("Your position is stated", "evidence first", "enter")

	p.kill(t)
	for _, c := range []*client{fay, ana} {
		if !c.ended(15 * time.Second) {
			t.Fatalf("%s is still connected to a killed server", c.name)
		}
	}

	p2 := startProcess(t, dir)
	if out := strings.Join(p2.out, "\n"); !strings.Contains(out, "Resumed 1 session left open: "+room.FormatCode(code)) {
		t.Fatalf("the restarted server does not say what it resumed:\n%s", out)
	}
	fay2 := p2.dl.dial(t, keys.fay, "console", 120, 40)
	fay2.awaitWithin("the console", 2*time.Minute, func(s string) bool { return strings.Contains(s, "Console · code "+room.FormatCode(code)) })
	fay2.await("PAUSED")
	ana2 := p2.dl.dial(t, keys.ana, "join", 100, 30)
	joinSeat(t, ana2, code, 0, 0, "Ana", "Blue")
	ana2.await("evidence first") // her position, kept
	fay2.step("goes on", "p")
	ana2.markNow()
	ana2.send("1", "C")
	ana2.await("Commit the team's decision:") // she is still lead
	ana2.step("The team's decision is committed.", "y")

	st, err := store.Open(filepath.Join(dir, "ttx.db"), store.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	open, err := st.OpenSessions()
	if err != nil || len(open) != 1 || len(open[0].Seats) != 2 {
		t.Fatalf("open sessions %+v, %v", open, err)
	}
	run, err := st.Get(open[0].Teams[0].Run)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range run.Controls {
		kinds = append(kinds, string(c.Kind))
	}
	if want := "begin lead commit pause resume commit"; strings.Join(kinds, " ") != want || len(run.Record.Decisions) != 2 || len(run.Positions) != 2 {
		t.Errorf("stored: controls %q (want %q), decisions %q, positions %+v", kinds, want, run.Record.Decisions, run.Positions)
	}
	if _, err := engine.Replay(loadCatalog(t).ByID("retail-card-breach"), run.Record); err != nil {
		t.Errorf("the stored record does not replay: %v", err)
	}
}

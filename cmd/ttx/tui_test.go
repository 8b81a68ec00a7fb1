package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// tmuxSession runs the ttx binary in a detached tmux session of the given
// size, so that tests can type into a real terminal and read its screen.
type tmuxSession struct {
	t      *testing.T
	socket string
}

// ttxBin is the ttx binary for the tests that run it in a terminal: the
// test binary itself, which TestMain (testscript.Main) installs in $PATH
// as ttx, so it is built once per go test run.
func ttxBin(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; .ci/run installs it")
	}
	bin, err := exec.LookPath("ttx")
	if err != nil {
		t.Fatalf("ttx is not in $PATH: TestMain installs it: %v", err)
	}
	return bin
}

func startTmux(t *testing.T, w, h int, env []string, args ...string) *tmuxSession {
	t.Helper()
	s := &tmuxSession{t: t, socket: fmt.Sprintf("ttx-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	// After ttx: its exit status, and whether the terminal echoes again.
	cmdline := strings.Join(args, " ") + "; echo ttx-exited-$?; echo tty-$(stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\{0,1\\}echo'); sleep 30"
	tmuxArgs := []string{"new-session", "-d", "-s", "t", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}
	if !slices.ContainsFunc(env, func(e string) bool { return strings.HasPrefix(e, "TTX_DB=") }) {
		env = append(env, "TTX_DB="+filepath.Join(t.TempDir(), "ttx.db")) // never the user's own store
	}
	if !slices.ContainsFunc(env, func(e string) bool { return strings.HasPrefix(e, "TTX_CACHE=") }) {
		env = append(env, "TTX_CACHE="+os.Getenv("TTX_CACHE")) // nor cache: the tests' own (TestMain)
	}
	for _, e := range env {
		tmuxArgs = append(tmuxArgs, "-e", e)
	}
	s.run(append(tmuxArgs, cmdline)...)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", "t") }

// waitFor polls the screen until it shows every one of wants at once, and
// returns that screen. A terminal's screen sends no notice when it changes:
// polling is the only way to read it, and a frame can be caught half drawn,
// so what a test reads off a screen is what it waits for.
func (s *tmuxSession) waitFor(wants ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := s.screen()
		var missing []string
		for _, w := range wants {
			if !strings.Contains(scr, w) {
				missing = append(missing, w)
			}
		}
		if len(missing) == 0 {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q; it shows:\n%s", missing, scr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// keys types keys, at once: the program queues what it cannot take yet.
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	s.run(append([]string{"send-keys", "-t", "t"}, keys...)...)
}

// leaveAndQuit leaves the drill on the screen (q, then y to the question)
// and quits from the home screen, ttx exiting 0.
func (s *tmuxSession) leaveAndQuit() {
	s.t.Helper()
	s.keys("q")
	s.waitFor("Leave this drill?")
	s.keys("y")
	s.waitFor("breach drills") // the home screen's title
	s.keys("q")
	s.waitFor("ttx-exited-0")
}

// pid is the process id of ttx, the pane shell's child.
func (s *tmuxSession) pid() string {
	s.t.Helper()
	shell := strings.TrimSpace(s.run("display-message", "-p", "-t", "t", "#{pane_pid}"))
	children, err := os.ReadFile(fmt.Sprintf("/proc/%s/task/%s/children", shell, shell))
	if err != nil || len(strings.Fields(string(children))) == 0 {
		s.t.Fatalf("cannot find the ttx process under pane %s: %v", shell, err)
	}
	return strings.Fields(string(children))[0]
}

// pathKeys turns a path of decisions into the keys a person would type: the
// number of each choice as listed, space to pick in a pick scene, enter, and
// enter again for each inject and for the opening of each module: the
// first module's before the first decision, each next one's after the
// decision that leads to it (a resumed drill shows no opening).
func pathKeys(t *testing.T, sc *engine.Scenario, seed uint64, path []string) [][]string {
	d := engine.NewDrill(sc, seed)
	var out [][]string
	module := sc.ModuleOf(d.SceneIndex())
	for i, dec := range path {
		ids := strings.Split(dec, "+")
		var keys []string
		if i == 0 && module >= 0 {
			keys = append(keys, "Enter")
		}
		for _, id := range ids {
			for row, j := range d.Offered() {
				if d.Scene().Choices[j].ID == id {
					keys = append(keys, fmt.Sprint(row+1))
					if d.Scene().IsPick() {
						keys = append(keys, "Space")
					}
				}
			}
		}
		keys = append(keys, "Enter")
		if err := d.Choose(ids...); err != nil {
			t.Fatal(err)
		}
		for range d.Decisions()[len(d.Decisions())-1].Events {
			keys = append(keys, "Enter")
		}
		if k := sc.ModuleOf(d.SceneIndex()); !d.Ended() && k != module {
			keys = append(keys, "Enter")
			module = k
		}
		out = append(out, keys)
	}
	return out
}

// flagshipPath is the guidance-following path of the flagship.
func flagshipPath() []string {
	return strings.Split("open-plan,pull-now,notify-acquirer,notify-customers,offer-monitoring,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,root-cause-program,publish-report", ",")
}

// flagshipAnalyzed loads the flagship once for every test, and analyzes it
// through the tests' cache (TestMain): a ttx that a test starts in a
// terminal afterwards finds the analysis there, as a user's does after a
// first drill, instead of exploring again in each terminal.
var flagshipAnalyzed = sync.OnceValues(func() (*engine.Scenario, error) {
	c, err := scenarios.NewCatalog()
	if err != nil {
		return nil, err
	}
	sc, err := c.Resolve("retail-card-breach")
	if err != nil {
		return nil, err
	}
	_, err = sc.Bounds()
	return sc, err
})

// flagship returns the flagship, its analysis in the tests' cache.
func flagship(t *testing.T) *engine.Scenario {
	t.Helper()
	sc, err := flagshipAnalyzed()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// finalTotal is the total percentage a path scores with seed 7.
func finalTotal(t *testing.T, sc *engine.Scenario, path []string) float64 {
	d := engine.NewDrill(sc, 7)
	for _, dec := range path {
		if err := d.Choose(strings.Split(dec, "+")...); err != nil {
			t.Fatal(err)
		}
	}
	r, err := d.Result("")
	if err != nil {
		t.Fatal(err)
	}
	return r.TotalPercent
}

// clockAfter is the header's clock after the first n decisions of path.
func clockAfter(t *testing.T, sc *engine.Scenario, path []string, n int) string {
	return "T+" + engine.FormatValue(engine.Var{}, hoursAfter(t, sc, path[:n])) + "h"
}

// TestTmuxPlaysFlagship plays the flagship's guidance path in a real
// terminal at 100x30, typing each decision's keys without waiting for the
// screen, and reads the debrief off the screen; q goes back home, and q
// again quits. Its ttx has a cache of its own: as in a first drill, it
// explores the scenario while the team plays.
func TestTmuxPlaysFlagship(t *testing.T) {
	t.Parallel()
	bin := ttxBin(t)
	sc, path := flagship(t), flagshipPath()
	cold := "TTX_CACHE=" + filepath.Join(t.TempDir(), "cache")
	s := startTmux(t, 100, 30, []string{cold}, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
	s.waitFor("seed 7")
	s.keys("Enter")
	for _, keys := range pathKeys(t, sc, 7, path) {
		s.keys(keys...)
	}
	s.waitFor("DEBRIEF", "Trust, rebuilt the hard way", fmt.Sprintf("Total %.0f%%", finalTotal(t, sc, path)),
		fmt.Sprintf("Gold · %d decisions", len(path)), "Map the risks before they happen")
	s.keys("q")
	s.waitFor("breach drills")
	s.keys("q")
	s.waitFor("ttx-exited-0")
	s.waitFor("tty-echo")
}

// hoursAfter is the scenario clock after a path, to wait for each redraw.
func hoursAfter(t *testing.T, sc *engine.Scenario, path []string) float64 {
	d := engine.NewDrill(sc, 7)
	for _, dec := range path {
		if err := d.Choose(strings.Split(dec, "+")...); err != nil {
			t.Fatal(err)
		}
	}
	return d.Hours()
}

// TestTmuxSmallTerminal runs the drill at 40x12, the smallest size it draws
// in, then shrinks the window below it and grows it back.
func TestTmuxSmallTerminal(t *testing.T) {
	t.Parallel()
	bin := ttxBin(t)
	flagship(t) // analyzed
	s := startTmux(t, 40, 12, nil, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
	s.waitFor("Team      Gold")
	s.keys("Enter")
	s.waitFor("MODULE 1 OF")
	s.keys("Enter")
	s.waitFor("T+0h", "The processor calls", "1 ") // the drill is readable at 40x12
	s.run("resize-window", "-t", "t", "-x", "30", "-y", "10")
	s.waitFor("Terminal too small")
	s.run("resize-window", "-t", "t", "-x", "90", "-y", "28")
	scr := s.waitFor("SCENARIO CLOCK")
	if strings.Contains(scr, "panic") || strings.Contains(scr, "goroutine") {
		t.Errorf("a panic reached the screen:\n%s", scr)
	}
	s.leaveAndQuit()
}

// TestTmuxNoColor runs the UI with NO_COLOR set and checks that what it
// writes to the terminal sets no colour, bold or italic.
func TestTmuxNoColor(t *testing.T) {
	t.Parallel()
	bin := ttxBin(t)
	raw := filepath.Join(t.TempDir(), "raw")
	flagship(t) // analyzed
	s := startTmux(t, 100, 30, []string{"NO_COLOR=1"}, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
	s.run("pipe-pane", "-t", "t", "-o", "cat > "+raw)
	s.waitFor("seed")
	s.keys("Enter", "Enter") // the briefing, the module's opening
	s.waitFor("SCENARIO CLOCK")
	s.leaveAndQuit()
	out, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("nothing was captured")
	}
	colour := regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m`)
	if m := colour.Find(out); m != nil {
		t.Errorf("a colour was set with NO_COLOR: %q", m)
	}
	// Bold or italic, also in glamour's form with an empty first parameter.
	if m := regexp.MustCompile(`\x1b\[(?:[0-9]*;)*[13](?:;[0-9]*)*m`).Find(out); m != nil {
		t.Errorf("bold or italic was set with NO_COLOR: %q", m)
	}
}

// TestPlayNeedsTerminal: without a terminal, play says to use run.
func TestPlayNeedsTerminal(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	code := run([]string{"play", "retail-card-breach"}, strings.NewReader(""), &out, &out)
	if code != 1 || !strings.Contains(out.String(), "use `ttx run SCENARIO --choose") {
		t.Errorf("exit %d: %q", code, out.String())
	}
}

// TestTmuxKillAndResume plays three decisions in a real terminal, kills the
// process with SIGKILL, then resumes: the drill continues exactly where it
// stopped, with nothing lost, and finishes as a result.
func TestTmuxKillAndResume(t *testing.T) {
	t.Parallel()
	bin := ttxBin(t)
	db := filepath.Join(t.TempDir(), "ttx.db")
	env := []string{"TTX_DB=" + db}
	sc, path := flagship(t), flagshipPath()
	keys := pathKeys(t, sc, 7, path)

	s := startTmux(t, 100, 30, env, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
	s.waitFor("seed 7")
	s.keys("Enter")
	for i := range 3 {
		s.keys(keys[i]...)
	}
	s.waitFor(clockAfter(t, sc, path, 3))
	if out, err := exec.Command("kill", "-9", s.pid()).CombinedOutput(); err != nil {
		t.Fatalf("kill -9: %v %s", err, out)
	}
	s.waitFor("ttx-exited-137")

	cmd := exec.Command(bin, "resume")
	cmd.Env = append(os.Environ(), env...)
	list, err := cmd.Output()
	if err != nil {
		t.Fatalf("ttx resume: %v", err)
	}
	if !regexp.MustCompile(`(?m)^1 +\S+ \S+ +Gold +retail-card-breach +3$`).Match(list) {
		t.Fatalf("the killed drill is not listed with its 3 decisions:\n%s", list)
	}

	r := startTmux(t, 100, 30, env, bin, "resume", "1")
	d := engine.NewDrill(sc, 7)
	for _, dec := range path[:3] {
		_ = d.Choose(strings.Split(dec, "+")...)
	}
	r.waitFor(clockAfter(t, sc, path, 3), d.Render(d.Scene().Title)) // resumed at the scene it was killed on
	for i := 3; i < len(keys); i++ {
		r.keys(keys[i]...)
	}
	r.waitFor("DEBRIEF", fmt.Sprintf("Total %.0f%%", finalTotal(t, sc, path))) // scored as the uninterrupted drill
	r.keys("C-c")
	r.waitFor("ttx-exited-130")
	cmd = exec.Command(bin, "results")
	cmd.Env = append(os.Environ(), env...)
	res, err := cmd.Output()
	if err != nil || !regexp.MustCompile(fmt.Sprintf(`(?m)^1 +.*Gold +retail-card-breach +2\.1 +trust-rebuilt +%.0f%%`, finalTotal(t, sc, path))).Match(res) {
		t.Fatalf("results after resuming: %v\n%s", err, res)
	}
}

// TestTmuxStopped stops a recorded drill with ctrl+c and with each signal
// that ends a program: the terminal is restored (out of the alternate
// screen, echoing again), the exit status is 128 and the signal's number,
// and a line says the drill is kept and how to continue it.
func TestTmuxStopped(t *testing.T) {
	t.Parallel()
	bin := ttxBin(t)
	sc, path := flagship(t), flagshipPath()
	first := pathKeys(t, sc, 7, path)[0]
	for _, tc := range []struct {
		name string
		stop func(s *tmuxSession)
		code int
		say  string
	}{
		{"ctrl+c", func(s *tmuxSession) { s.keys("C-c") }, 130, "ttx: the drill is saved after 1 decision"},
		{"SIGINT", func(s *tmuxSession) { kill(t, s, "INT") }, 130, "ttx: the drill is saved after 1 decision"},
		{"SIGTERM", func(s *tmuxSession) { kill(t, s, "TERM") }, 143, "ttx: stopped by a signal (terminated); the drill is saved after 1 decision"},
		{"SIGHUP", func(s *tmuxSession) { kill(t, s, "HUP") }, 129, "ttx: stopped by a signal (hangup); the drill is saved after 1 decision"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := startTmux(t, 120, 30, nil, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
			s.waitFor("seed 7")
			s.keys("Enter")
			s.keys(first...)
			s.waitFor(clockAfter(t, sc, path, 1))
			tc.stop(s)
			scr := s.waitFor(fmt.Sprintf("ttx-exited-%d", tc.code))
			if !strings.Contains(scr, tc.say+"; `ttx resume 1` continues it") {
				t.Errorf("the exit does not say the drill is kept:\n%s", scr)
			}
			s.waitFor("tty-echo")
			if strings.Contains(s.screen(), "tty--echo") {
				t.Errorf("the terminal does not echo after ttx:\n%s", s.screen())
			}
			if alt := strings.TrimSpace(s.run("display-message", "-p", "-t", "t", "#{alternate_on}")); alt != "0" {
				t.Errorf("the terminal is left in the alternate screen (%s)", alt)
			}
		})
	}
}

// kill sends ttx a signal by name.
func kill(t *testing.T, s *tmuxSession, name string) {
	t.Helper()
	if out, err := exec.Command("kill", "-"+name, s.pid()).CombinedOutput(); err != nil {
		t.Fatalf("kill -%s: %v %s", name, err, out)
	}
}

// TestTmuxRiskMap opens the starter register's heat map in a real terminal,
// moves the cursor to a cell, adds a risk through the form and checks that
// the file on disk has it, with a backup of the version before.
func TestTmuxRiskMap(t *testing.T) {
	t.Parallel()
	bin := ttxBin(t)
	dir := t.TempDir()
	reg := filepath.Join(dir, "risks.toml")
	if out, err := exec.Command(bin, "riskmap", "--init", reg).CombinedOutput(); err != nil {
		t.Fatalf("--init: %v %s", err, out)
	}
	s := startTmux(t, 120, 40, nil, bin, "riskmap", reg)
	s.waitFor("almost")
	// To the top-left cell (likelihood 5, impact 1; moves stop at the
	// edges), then to likelihood 4, impact 3, where the starter has two risks.
	s.keys("Up", "Up", "Up", "Up", "Left", "Left", "Left", "Left")
	s.keys("Down", "Right", "Right")
	s.waitFor("L4 likely × I3 moderate")
	s.keys("a")
	s.waitFor("Add a risk")
	s.keys("s", "u", "p", "p", "l", "i", "e", "r", "-", "f", "r", "a", "u", "d", "Tab")              // id
	s.keys("A", "Space", "f", "a", "k", "e", "Space", "s", "u", "p", "p", "l", "i", "e", "r", "Tab") // title
	s.keys("C", "F", "O", "Tab")                                                                     // owner
	s.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Right")                                               // to the treatment: accept
	s.keys("C-s")
	s.waitFor("Saved to")
	src, err := os.ReadFile(reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id = "supplier-fraud"`, `title = "A fake supplier"`, `owner = "CFO"`, "likelihood = 4", "impact = 3", `treatment = "accept"`} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the saved register lacks %q", want)
		}
	}
	if bak, err := os.ReadFile(reg + ".bak"); err != nil || strings.Contains(string(bak), "supplier-fraud") {
		t.Errorf("the backup is missing or already new: %v", err)
	}
	// Two escapes typed at once read as alt+esc: one, then the next once
	// the first has shown.
	s.keys("Escape") // out of the list of the cell's risks
	s.waitFor("hjkl move")
	s.keys("Escape") // out of the map
	s.waitFor("breach drills")
	s.keys("q")
	s.waitFor("ttx-exited-0")
}

// TestTmuxBrokenRegister: in a folder whose risks.toml does not load, ttx
// starts, its risk map shows the problem with its position, and a drill
// runs, its briefing saying once that it runs without the plan.
func TestTmuxBrokenRegister(t *testing.T) {
	t.Parallel()
	bin := ttxBin(t)
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "risks", "invalid", "missing-required.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "risks.toml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, 100, 30, nil, "cd", dir, "&&", bin)
	s.waitFor("breach drills")
	s.keys("/", "r", "i", "s", "k", "Enter")
	s.waitFor("risks.toml does not load: open the risk map to see why")
	s.keys("Enter")
	s.waitFor("The risk register does not load", "risks.toml:1:1") // and says where
	s.keys("Escape")
	s.waitFor("breach drills")
	s.keys("q")
	s.waitFor("ttx-exited-0")
	if got, _ := os.ReadFile(filepath.Join(dir, "risks.toml")); string(got) != string(src) {
		t.Error("the register was changed")
	}
	flagship(t) // analyzed
	s = startTmux(t, 100, 30, nil, "cd", dir, "&&", bin, "play", "retail-card-breach", "--team", "Gold")
	s.waitFor("does not load, so this drill runs without its plan")
	s.keys("Enter")
	s.waitFor("MODULE 1 OF")
}

// TestTmuxAnalyzeProgress runs a long exploration in a real terminal: it
// shows its progress on stderr as it goes, and clears it for the report.
// The progress line may live for less time than a look at the screen takes,
// so the test records every byte written to the terminal: the shell waits
// for Enter until the recording has started.
func TestTmuxAnalyzeProgress(t *testing.T) {
	t.Parallel()
	raw := filepath.Join(t.TempDir(), "raw")
	// Generated drift, 24 scenes: a second of exploration on this machine,
	// more than the quarter second before the first progress line.
	scenario := filepath.Join("..", "..", "testdata", "long", "drift-24.toml")
	cache := "TTX_CACHE=" + filepath.Join(t.TempDir(), "cache") // a cache of its own, so that it explores
	s := startTmux(t, 100, 12, []string{cache}, "echo", "ready;", "read", "_;", ttxBin(t), "analyze", scenario)
	s.waitFor("ready")
	s.run("pipe-pane", "-o", "-t", "t", "cat >> "+raw)
	s.keys("Enter")
	scr := s.waitFor("ttx-exited-0")
	if strings.Contains(scr, "exploring: ") || !strings.Contains(scr, "Worst path over all principles") {
		t.Errorf("the progress line was not cleared for the report:\n%s", scr)
	}
	s.run("pipe-pane", "-t", "t") // stops the recording, so the file is whole
	out, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`exploring: [^\r]*`).Find(out)
	if line == nil {
		t.Fatalf("no progress line was written:\n%q", out)
	}
	if !strings.Contains(string(line), "of at most 5,000,000 states (") || !strings.Contains(string(line), "of 512 MiB") {
		t.Errorf("the progress line lacks states or memory: %q", line)
	}
}

// TestTmuxTimedScene: a timed scene shows its countdown and the choice its
// timeout takes; t pauses it; a drill left and resumed counts down from the
// time it had left.
func TestTmuxTimedScene(t *testing.T) {
	t.Parallel()
	bin := ttxBin(t)
	db := "TTX_DB=" + filepath.Join(t.TempDir(), "ttx.db")
	scenario := filepath.Join("..", "..", "testdata", "valid", "bucket-leak.toml")
	s := startTmux(t, 100, 30, []string{db}, bin, "play", scenario, "--team", "Gold", "--seed", "7")
	s.waitFor("Team      Gold")
	s.keys("Enter")
	// The countdown says what it takes; then it runs, so what it has left
	// differs from its limit.
	s.waitFor(" left ", "then choice 3 is taken", "(⏱ taken if time")
	s.waitFor("2:58 left")
	s.keys("t")
	scr := s.waitFor("Paused at ")
	at := regexp.MustCompile(`Paused at (\d+:\d\d)`).FindStringSubmatch(scr)[1]
	s.leaveAndQuit()
	s = startTmux(t, 100, 30, []string{db}, bin, "resume", "1")
	s.waitFor(at + " left")
}

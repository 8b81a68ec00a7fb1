package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
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

// buildTTX builds the binary once per test run.
func buildTTX(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; .ci/run installs it")
	}
	bin := filepath.Join(t.TempDir(), "ttx")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startTmux(t *testing.T, w, h int, env []string, args ...string) *tmuxSession {
	t.Helper()
	s := &tmuxSession{t: t, socket: fmt.Sprintf("ttx-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	cmdline := strings.Join(args, " ") + "; echo ttx-exited-$?; sleep 30"
	tmuxArgs := []string{"new-session", "-d", "-s", "t", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}
	if !slices.ContainsFunc(env, func(e string) bool { return strings.HasPrefix(e, "TTX_DB=") }) {
		env = append(env, "TTX_DB="+filepath.Join(t.TempDir(), "ttx.db")) // never the user's own store
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

// ready waits for the first screen, then a moment more: bubbletea starts
// reading keys just after its first frame.
func (s *tmuxSession) ready(want string) {
	s.t.Helper()
	s.waitFor(want)
	time.Sleep(300 * time.Millisecond)
}

// waitFor polls the screen until it contains want.
func (s *tmuxSession) waitFor(want string) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		scr := s.screen()
		if strings.Contains(scr, want) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q; it shows:\n%s", want, scr)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func (s *tmuxSession) keys(keys ...string) {
	for _, k := range keys {
		s.run("send-keys", "-t", "t", k)
		time.Sleep(40 * time.Millisecond)
	}
}

// pathKeys turns a path of decisions into the keys a person would type: the
// number of each choice as listed, space to pick in a pick scene, enter, and
// enter again for each inject.
func pathKeys(t *testing.T, sc *engine.Scenario, seed uint64, path []string) [][]string {
	d := engine.NewDrill(sc, seed)
	var out [][]string
	for _, dec := range path {
		ids := strings.Split(dec, "+")
		var keys []string
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
		out = append(out, keys)
	}
	return out
}

// TestTmuxPlaysFlagship plays the flagship's guidance path in a real terminal
// at 100x30 and reads the debrief off the screen.
func TestTmuxPlaysFlagship(t *testing.T) {
	bin := buildTTX(t)
	c, err := scenarios.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := c.Resolve("retail-card-breach")
	path := strings.Split("open-plan,pull-now,notify-acquirer,notify-customers,offer-monitoring,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,root-cause-program,publish-report", ",")
	s := startTmux(t, 100, 30, nil, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
	s.ready("Seed      7")
	s.keys("Enter")
	s.waitFor("The processor calls")
	for i, keys := range pathKeys(t, sc, 7, path) {
		s.keys(keys...)
		if i < len(path)-1 {
			s.waitFor(fmt.Sprintf("T+%sh", engine.FormatValue(engine.Var{}, hoursAfter(t, sc, path[:i+1]))))
		}
	}
	scr := s.waitFor("DEBRIEF")
	total := fmt.Sprintf("Total %.0f%%", finalTotal(t, sc, path))
	for _, want := range []string{"Trust, rebuilt the hard way", total, fmt.Sprintf("Gold · %d decisions", len(path)), "Map the risks before they happen"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the debrief lacks %q:\n%s", want, scr)
		}
	}
	s.keys("q")
	s.waitFor("ttx-exited-0")
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
	bin := buildTTX(t)
	s := startTmux(t, 40, 12, nil, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
	s.ready("Team      Gold")
	s.keys("Enter")
	scr := s.waitFor("T+0h")
	if !strings.Contains(scr, "The processor calls") || !strings.Contains(scr, "1 ") {
		t.Errorf("the drill is not readable at 40x12:\n%s", scr)
	}
	s.run("resize-window", "-t", "t", "-x", "30", "-y", "10")
	s.waitFor("Terminal too small")
	s.run("resize-window", "-t", "t", "-x", "90", "-y", "28")
	scr = s.waitFor("SCENARIO CLOCK")
	if strings.Contains(scr, "panic") || strings.Contains(scr, "goroutine") {
		t.Errorf("a panic reached the screen:\n%s", scr)
	}
	s.keys("q")
	s.waitFor("Leave this drill?")
	s.keys("y")
	s.waitFor("breach drills") // the home screen's title
	s.keys("q")
	s.waitFor("ttx-exited-0")
}

// TestTmuxNoColor runs the UI with NO_COLOR set and checks that what it
// writes to the terminal sets no colour.
func TestTmuxNoColor(t *testing.T) {
	bin := buildTTX(t)
	raw := filepath.Join(t.TempDir(), "raw")
	s := startTmux(t, 100, 30, []string{"NO_COLOR=1"}, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
	s.run("pipe-pane", "-t", "t", "-o", "cat > "+raw)
	s.ready("Seed")
	s.keys("Enter")
	s.waitFor("SCENARIO CLOCK")
	s.keys("q")
	s.waitFor("Leave this drill?")
	s.keys("y")
	s.waitFor("breach drills")
	s.keys("q")
	s.waitFor("ttx-exited-0")
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
}

// TestPlayNeedsTerminal: without a terminal, play says to use run.
func TestPlayNeedsTerminal(t *testing.T) {
	bin := buildTTX(t)
	cmd := exec.Command(bin, "play", "retail-card-breach")
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1", err)
	}
	if !strings.Contains(string(out), "use `ttx run SCENARIO --choose") {
		t.Errorf("got %q", out)
	}
}

// TestTmuxKillAndResume plays three decisions in a real terminal, kills the
// process with SIGKILL, then resumes: the drill continues exactly where it
// stopped, with nothing lost, and finishes as a result.
func TestTmuxKillAndResume(t *testing.T) {
	bin := buildTTX(t)
	db := filepath.Join(t.TempDir(), "ttx.db")
	env := []string{"TTX_DB=" + db}
	c, err := scenarios.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := c.Resolve("retail-card-breach")
	path := strings.Split("open-plan,pull-now,notify-acquirer,notify-customers,offer-monitoring,confirm-apologize,st-apology+st-what-to-do+st-report-back,board-own-process,staff-hotline,publish-update,root-cause-program,publish-report", ",")
	keys := pathKeys(t, sc, 7, path)

	s := startTmux(t, 100, 30, env, bin, "play", "retail-card-breach", "--seed", "7", "--team", "Gold")
	s.ready("Seed      7")
	s.keys("Enter")
	s.waitFor("The processor calls")
	for i := 0; i < 3; i++ {
		s.keys(keys[i]...)
		s.waitFor(fmt.Sprintf("T+%sh", engine.FormatValue(engine.Var{}, hoursAfter(t, sc, path[:i+1]))))
	}
	// Kill ttx, the pane shell's child, without warning.
	shell := strings.TrimSpace(s.run("display-message", "-p", "-t", "t", "#{pane_pid}"))
	children, err := os.ReadFile(fmt.Sprintf("/proc/%s/task/%s/children", shell, shell))
	if err != nil || len(strings.Fields(string(children))) == 0 {
		t.Fatalf("cannot find the ttx process under pane %s: %v", shell, err)
	}
	pid := strings.Fields(string(children))[0]
	if out, err := exec.Command("kill", "-9", pid).CombinedOutput(); err != nil {
		t.Fatalf("kill -9 %s: %v %s", pid, err, out)
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
	scr := r.waitFor(fmt.Sprintf("T+%sh", engine.FormatValue(engine.Var{}, hoursAfter(t, sc, path[:3]))))
	d := engine.NewDrill(sc, 7)
	for _, dec := range path[:3] {
		_ = d.Choose(strings.Split(dec, "+")...)
	}
	if !strings.Contains(scr, d.Render(d.Scene().Title)) {
		t.Fatalf("resumed at the wrong scene; want %q:\n%s", d.Render(d.Scene().Title), scr)
	}
	time.Sleep(300 * time.Millisecond)
	for i := 3; i < len(keys); i++ {
		r.keys(keys[i]...)
		if i < len(path)-1 {
			r.waitFor(fmt.Sprintf("T+%sh", engine.FormatValue(engine.Var{}, hoursAfter(t, sc, path[:i+1]))))
		}
	}
	scr = r.waitFor("DEBRIEF")
	if !strings.Contains(scr, fmt.Sprintf("Total %.0f%%", finalTotal(t, sc, path))) {
		t.Errorf("the resumed drill does not score as the uninterrupted one:\n%s", scr)
	}
	r.keys("q")
	r.waitFor("ttx-exited-0")
	cmd = exec.Command(bin, "results")
	cmd.Env = append(os.Environ(), env...)
	res, err := cmd.Output()
	if err != nil || !regexp.MustCompile(fmt.Sprintf(`(?m)^1 +.*Gold +retail-card-breach +2\.0 +trust-rebuilt +%.0f%%`, finalTotal(t, sc, path))).Match(res) {
		t.Fatalf("results after resuming: %v\n%s", err, res)
	}
}

// TestTmuxRiskMap opens the starter register's heat map in a real terminal,
// moves the cursor to a cell, adds a risk through the form and checks that
// the file on disk has it, with a backup of the version before.
func TestTmuxRiskMap(t *testing.T) {
	bin := buildTTX(t)
	dir := t.TempDir()
	reg := filepath.Join(dir, "risks.toml")
	if out, err := exec.Command(bin, "riskmap", "--init", reg).CombinedOutput(); err != nil {
		t.Fatalf("--init: %v %s", err, out)
	}
	s := startTmux(t, 120, 40, nil, bin, "riskmap", reg)
	s.ready("almost")
	// To the top-left cell (likelihood 5, impact 1; moves stop at the
	// edges), then to likelihood 4, impact 3, where the starter has two risks.
	s.keys("Up", "Up", "Up", "Up", "Left", "Left", "Left", "Left")
	s.keys("Down", "Right", "Right")
	s.waitFor("L4 likely × I3 moderate")
	s.keys("a")
	s.waitFor("Treatment")
	for _, field := range [][]string{
		{"s", "u", "p", "p", "l", "i", "e", "r", "-", "f", "r", "a", "u", "d"},              // id
		{"A", "Space", "f", "a", "k", "e", "Space", "s", "u", "p", "p", "l", "i", "e", "r"}, // title
		{"C", "F", "O"}, // owner
	} {
		s.keys(field...)
		s.keys("Tab")
	}
	s.keys("C-s")
	s.waitFor("Saved to")
	src, err := os.ReadFile(reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id = "supplier-fraud"`, `title = "A fake supplier"`, `owner = "CFO"`, "likelihood = 4", "impact = 3"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the saved register lacks %q", want)
		}
	}
	if bak, err := os.ReadFile(reg + ".bak"); err != nil || strings.Contains(string(bak), "supplier-fraud") {
		t.Errorf("the backup is missing or already new: %v", err)
	}
	s.keys("Escape") // out of the list of the cell's risks
	time.Sleep(200 * time.Millisecond)
	s.keys("Escape") // out of the map
	s.waitFor("breach drills")
	s.keys("q")
	s.waitFor("ttx-exited-0")
}

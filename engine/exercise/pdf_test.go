//go:build unix

package exercise_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/exercise"
	"github.com/ttx-dev/ttx/scenarios"
)

// The documents printed to PDF by headless Chromium, where it is installed
// and can run: each page count must be sane for what the document holds.
// One browser prints every document, driven over the DevTools protocol on a
// pipe (--remote-debugging-pipe), so that the test costs one start-up.

// browser is a headless Chromium driven over its DevTools pipe.
type browser struct {
	cmd     *exec.Cmd
	in      *os.File // Chromium reads commands here (its fd 3)
	out     *bufio.Reader
	id      int
	session string
	cancel  context.CancelFunc
}

// startBrowser starts Chromium, or skips the test when there is none or it
// cannot run here.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	var bin string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("Chromium is not installed, so the documents are not printed to PDF")
	}
	// The profile is removed by the test itself, once every process of the
	// browser has ended: its helpers may outlive it for a moment and write
	// there (a t.TempDir would then fail to be removed).
	profile, err := os.MkdirTemp("", "ttx-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--user-data-dir="+profile, "--remote-debugging-pipe", "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the browser and its helpers, in a group of their own
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.ExtraFiles = []*os.File{cmdR, outW}
	if err := cmd.Start(); err != nil {
		cancel()
		os.RemoveAll(profile)
		t.Skipf("Chromium cannot start here (%v), so the documents are not printed to PDF", err)
	}
	cmdR.Close()
	outW.Close()
	b := &browser{cmd: cmd, in: cmdW, out: bufio.NewReader(outR), cancel: cancel}
	t.Cleanup(func() {
		b.send("", "Browser.close", nil)
		cmdW.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done: // closed as asked
		case <-time.After(30 * time.Second):
			cancel()
			<-done
		}
		cancel()
		outR.Close()
		// Helpers left behind are ended; a file one wrote while the profile
		// was being removed is removed on the next try.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		for try := 0; ; try++ {
			err := os.RemoveAll(profile)
			if err == nil {
				break
			}
			if try == 100 {
				t.Errorf("the browser's profile cannot be removed: %v", err)
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	var target struct{ TargetID string }
	if err := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Skipf("Chromium does not run here (%v), so the documents are not printed to PDF", err)
	}
	var att struct{ SessionID string }
	if err := b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		t.Fatal(err)
	}
	b.session = att.SessionID
	if err := b.call(b.session, "Page.enable", nil, nil); err != nil {
		t.Fatal(err)
	}
	return b
}

// send writes one command and returns its id.
func (b *browser) send(session, method string, params any) int {
	b.id++
	msg := map[string]any{"id": b.id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, _ := json.Marshal(msg)
	_, _ = b.in.Write(append(data, 0))
	return b.id
}

// message is a reply or an event on the pipe.
type message struct {
	ID     int             `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

func (b *browser) read() (message, error) {
	line, err := b.out.ReadBytes(0)
	if err != nil {
		return message{}, fmt.Errorf("the browser closed its pipe: %w", err)
	}
	var m message
	err = json.Unmarshal(line[:len(line)-1], &m)
	return m, err
}

// call sends a command and waits for its reply, noting whether the page
// finished loading meanwhile.
func (b *browser) call(session, method string, params, result any) error {
	_, err := b.callSeeing(session, method, params, result, "")
	return err
}

func (b *browser) callSeeing(session, method string, params, result any, event string) (bool, error) {
	id := b.send(session, method, params)
	seen := false
	for {
		m, err := b.read()
		if err != nil {
			return seen, err
		}
		if event != "" && m.Method == event {
			seen = true
		}
		if m.ID != id {
			continue
		}
		if m.Error != nil {
			return seen, fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return seen, json.Unmarshal(m.Result, result)
		}
		return seen, nil
	}
}

// print loads a file and prints it to PDF as the print dialog would, with
// the page's own A4 size and margins.
func (b *browser) print(path string) ([]byte, error) {
	loaded, err := b.callSeeing(b.session, "Page.navigate", map[string]any{"url": "file://" + path}, nil, "Page.loadEventFired")
	if err != nil {
		return nil, err
	}
	for !loaded {
		m, err := b.read()
		if err != nil {
			return nil, err
		}
		loaded = m.Method == "Page.loadEventFired"
	}
	var pdf struct{ Data string }
	if err := b.call(b.session, "Page.printToPDF", map[string]any{"preferCSSPageSize": true, "printBackground": true, "displayHeaderFooter": false}, &pdf); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(pdf.Data)
}

var pageCount = regexp.MustCompile(`/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b`)

// pages reads the page count of a PDF from its page tree's root: the
// largest /Count of a /Pages object.
func pages(pdf []byte) int {
	n := 0
	for _, m := range pageCount.FindAllSubmatch(pdf, -1) {
		for _, g := range m[1:] {
			if v, err := strconv.Atoi(string(g)); err == nil {
				n = max(n, v)
			}
		}
	}
	return n
}

// TestPrintToPDF prints every document of the flagship scenario (of every
// shipped scenario and the exercise fixture with TTX_PDF_ALL=1: a print
// takes about half a second), and checks the page counts: nothing empty,
// cards at most a page each, nothing out of proportion to what the document
// holds. TTX_KEEP_PDF=DIR keeps the PDFs there, to look at.
func TestPrintToPDF(t *testing.T) {
	t.Parallel()
	c, err := scenarios.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var scs []*engine.Scenario
	for _, e := range c.Entries {
		if e.ID == "retail-card-breach" || os.Getenv("TTX_PDF_ALL") != "" {
			scs = append(scs, e.Scenario)
		}
	}
	if os.Getenv("TTX_PDF_ALL") != "" {
		scs = append(scs, load(t, "exercise.toml"))
	}
	b := startBrowser(t)
	dir := t.TempDir()
	for _, sc := range scs {
		docs, err := exercise.Build(sc, exercise.Options{Team: "Board"})
		if err != nil {
			t.Fatal(err)
		}
		bounds := map[string][2]int{
			"index":             {1, 2},
			"exercise-plan":     {2, 8},
			"situation-manual":  {1, 2 + len(sc.Scenes)},
			"role-cards":        {1, max(1, len(sc.RoleInfo))},
			"inject-cards":      {1, max(1, (len(sc.Events)+1)/2+1)},
			"facilitator-guide": {3, 5 + 2*len(sc.Scenes)},
			"feedback-form":     {1, 3},
		}
		for _, d := range docs {
			path := filepath.Join(dir, sc.ID+"-"+d.Name+".html")
			if err := os.WriteFile(path, d.HTML, 0o644); err != nil {
				t.Fatal(err)
			}
			pdf, err := b.print(path)
			if err != nil {
				t.Fatalf("%s %s: %v", sc.ID, d.Name, err)
			}
			n, want := pages(pdf), bounds[d.Name]
			t.Logf("%s %s: %d pages", sc.ID, d.Name, n)
			if n < want[0] || n > want[1] {
				t.Errorf("%s %s: %d pages, want %d to %d", sc.ID, d.Name, n, want[0], want[1])
			}
			if d.Name == "inject-cards" && n > max(1, (len(sc.Events)+3)/4)+len(sc.Events)/8 {
				t.Errorf("%s inject cards: %d pages for %d cards; they print four to a page", sc.ID, n, len(sc.Events))
			}
			if os.Getenv("TTX_KEEP_PDF") != "" {
				_ = os.WriteFile(filepath.Join(os.Getenv("TTX_KEEP_PDF"), sc.ID+"-"+d.Name+".pdf"), pdf, 0o644)
			}
		}
	}
}

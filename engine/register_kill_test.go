package engine_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// saveLoopEnv names the register a child process saves over and over, for
// TestKillDuringSave.
const saveLoopEnv = "TTX_TEST_SAVE_LOOP"

// bigRegister is a register of n risks whose titles carry a version mark.
func bigRegister(n int, version string) *engine.Register {
	reg := &engine.Register{Title: "Kill test " + version, Bands: engine.DefaultBands}
	for i := 0; i < n; i++ {
		reg.Risks = append(reg.Risks, engine.Risk{
			ID: fmt.Sprintf("risk-%04d", i), Title: fmt.Sprintf("Risk %d of version %s: %s", i, version, strings.Repeat("x", 200)),
			Owner: "CISO", Likelihood: 1 + i%5, Impact: 1 + (i/5)%5, Treatment: engine.TreatReduce,
		})
	}
	return reg
}

// TestSaveLoopChild is the child of TestKillDuringSave: it saves two
// versions of a register in turn until it is killed.
func TestSaveLoopChild(t *testing.T) {
	path := os.Getenv(saveLoopEnv)
	if path == "" {
		t.Skip("run by TestKillDuringSave")
	}
	regs := []*engine.Register{bigRegister(2000, "A"), bigRegister(2000, "B")}
	for i := 0; ; i++ {
		if err := engine.SaveRegister(path, regs[i%2]); err != nil {
			t.Fatal(err)
		}
		fmt.Println("saved", i) // the parent waits for the first
	}
}

// TestKillDuringSave kills a process with SIGKILL while it saves the
// register again and again: every time, the file left behind loads and is
// one whole version, never a mix or a truncated file.
func TestKillDuringSave(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	g := guides(t)[engine.DefaultGuidance]
	for round := 0; round < 12; round++ {
		path := filepath.Join(t.TempDir(), "risks.toml")
		if err := engine.SaveRegister(path, bigRegister(2000, "A")); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestSaveLoopChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), saveLoopEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 64)
		if _, err := out.Read(buf); err != nil { // the first save is done
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		reg, err := engine.LoadRegister(path, g)
		if err != nil {
			t.Fatalf("round %d: the register left after the kill does not load: %v", round, err)
		}
		v := strings.TrimPrefix(reg.Title, "Kill test ")
		if (v != "A" && v != "B") || len(reg.Risks) != 2000 {
			t.Fatalf("round %d: a mixed or partial register: %q with %d risks", round, reg.Title, len(reg.Risks))
		}
		for _, r := range reg.Risks {
			if !strings.Contains(r.Title, "of version "+v) {
				t.Fatalf("round %d: risk %s is of another version than the file", round, r.ID)
			}
		}
	}
}

package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/keymap"
	"github.com/ttx-dev/ttx/ui/pages/results"
)

// universe is every key the tests press: each key of the key map, and the
// keys a person might try anyway (letters, digits, the arrows and the
// keys of bubbles' own components).
func universe() []string {
	var keys []string
	km := reflect.ValueOf(*keymap.DefaultKeyMap())
	for i := range km.NumField() {
		sec := km.Field(i)
		for j := range sec.NumField() {
			if b, ok := sec.Field(j).Interface().(key.Binding); ok {
				keys = append(keys, b.Keys()...)
			}
		}
	}
	for c := 'a'; c <= 'z'; c++ {
		keys = append(keys, string(c))
	}
	keys = append(keys, strings.Split("0 1 2 3 4 5 6 7 8 9 G / ? up down left right home end pgup pgdown enter esc tab shift+tab backspace ctrl+s ctrl+u ctrl+d", " ")...)
	keys = append(keys, " ")
	slices.Sort(keys)
	return slices.Compact(keys)
}

// shown is the keys of the enabled bindings a screen's help lists, short
// and full.
func shown(t *testing.T, c *common.Common, p common.Page) map[string]bool {
	t.Helper()
	b := c.Keys(p)
	full := map[string]bool{}
	for _, col := range b.FullHelp() {
		for _, k := range col {
			if k.Enabled() {
				for _, s := range k.Keys() {
					full[s] = true
				}
			}
		}
	}
	for _, k := range b.ShortHelp() {
		if !k.Enabled() {
			continue
		}
		for _, s := range k.Keys() {
			if !full[s] {
				t.Errorf("the short help lists %q, the full help does not", s)
			}
		}
	}
	return full
}

// helpStore is a store with three finished runs of mini.
func helpStore(t *testing.T) store.Store {
	s, err := store.Open(filepath.Join(t.TempDir(), "ttx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for i, team := range []string{"Alpha", "Bravo", "Charlie"} {
		played(t, s, team, []string{"act", "wait", "act"}[i], time.Date(2026, 1, i+1, 9, 0, 0, 0, time.UTC))
	}
	return s
}

// helpRegister has three risks in the middle cell (likelihood 3, impact 3)
// and one, the most severe, in a corner, with a plan long enough to scroll.
func helpRegister(t *testing.T) *engine.Register {
	steps := make([]engine.PlanStep, 12)
	for i := range steps {
		steps[i] = engine.PlanStep{Who: fmt.Sprintf("Role %d", i), What: "does one thing of the plan, in order"}
	}
	reg := &engine.Register{File: filepath.Join(t.TempDir(), "risks.toml"), Title: "Risks", Bands: engine.DefaultBands}
	for _, id := range []string{"first", "second", "third"} {
		reg.Risks = append(reg.Risks, engine.Risk{ID: id, Title: "A risk " + id, Owner: "CISO", Likelihood: 3, Impact: 3,
			Plan: engine.Plan{Text: "Contain, then tell.", Steps: steps}})
	}
	reg.Risks = append(reg.Risks, engine.Risk{ID: "worst", Title: "The worst", Owner: "CEO", Likelihood: 5, Impact: 5})
	return reg
}

// TestHelpIsWhatWorks: on every screen, in each of its states, a key works
// (it changes the screen, or quits) exactly when the help lists it; where
// the screen takes typed text, every key the help lists works.
func TestHelpIsWhatWorks(t *testing.T) {
	t.Chdir(t.TempDir()) // the debrief's r writes its report here
	s := helpStore(t)
	drillAt := func(id string, keys ...string) func(t *testing.T) *Model {
		return func(t *testing.T) *Model {
			o := opts(t)
			o.Start, o.Team = scenario(t, id), "Blue"
			return send(started(o, 100, 30), uitest.Keys(append([]string{"enter"}, keys...)...)...)
		}
	}
	withStore := func(w, h int, keys ...string) func(t *testing.T) *Model {
		return func(t *testing.T) *Model {
			o := opts(t)
			o.Store = s
			return send(started(o, w, h), uitest.Keys(keys...)...)
		}
	}
	resultsAt := func(keys ...string) func(t *testing.T) *Model {
		return func(t *testing.T) *Model {
			o := opts(t)
			o.Store = s
			m := started(o, 120, 30)
			m.c.Push(results.New(m.c))
			m = send(m, uitest.Messages(m.navigate())...)
			return send(m, uitest.Keys(keys...)...)
		}
	}
	riskAt := func(keys ...string) func(t *testing.T) *Model {
		return func(t *testing.T) *Model {
			o := opts(t)
			o.OpenRiskMap, o.Register = true, helpRegister(t)
			return send(started(o, 100, 30), uitest.Keys(keys...)...)
		}
	}
	states := []struct {
		name  string
		build func(t *testing.T) *Model
	}{
		{"home", withStore(100, 30, "down")},
		{"home filtering", withStore(100, 30, "/")},
		{"briefing asking the team", func(t *testing.T) *Model {
			o := opts(t)
			o.Start = scenario(t, "retail-card-breach")
			return started(o, 80, 24)
		}},
		{"briefing scrolled", func(t *testing.T) *Model {
			o := opts(t)
			o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
			return send(started(o, 60, 14), uitest.Keys("pgdown")...)
		}},
		{"drill", drillAt("bucket-leak", "down")},
		{"drill pick scene", drillAt("rules", "4", "enter")},
		{"drill module opening", drillAt("exercise")},
		{"drill notes pane", drillAt("retail-card-breach", "enter", "n")},
		{"drill inject", drillAt("rules", "3", "enter")},
		{"drill leave question", drillAt("rules", "q")},
		{"drill held by a failed save", func(t *testing.T) *Model {
			o := opts(t)
			o.Store, o.Start, o.Team = refusing{openStore(t)}, scenario(t, "rules"), "Blue"
			return send(started(o, 100, 30), uitest.Keys("enter", "1", "enter")...)
		}},
		{"debrief", func(t *testing.T) *Model {
			m := resultsAt("enter")(t)
			return send(m, uitest.Keys("down", "down")...)
		}},
		{"results", resultsAt("down")},
		{"hotwash", func(t *testing.T) *Model { return send(resultsAt("enter")(t), uitest.Keys("h")...) }},
		{"risk map", riskAt("left", "left", "down", "down")},
		{"risk map list", riskAt("left", "left", "down", "down", "tab", "down")},
		{"risk map detail", riskAt("left", "left", "down", "down", "enter", "down", "down")},
		{"risk map delete question", riskAt("left", "left", "down", "down", "x")},
		{"risk map form", riskAt("a")},
	}
	all := universe()
	for _, st := range states {
		t.Run(st.name, func(t *testing.T) {
			var before string
			var listed map[string]bool
			var typing bool
			synctest.Test(t, func(t *testing.T) {
				m := st.build(t)
				before, listed, typing = m.View(), shown(t, m.c, m.Top()), m.Top().Typing()
			})
			// Each key on a screen of its own, on every core at once.
			works := make([]bool, len(all))
			var wg sync.WaitGroup
			next := make(chan int)
			for range runtime.GOMAXPROCS(0) {
				wg.Go(func() {
					for i := range next {
						works[i] = tryKey(t, st.build, all[i], before)
					}
				})
			}
			for i := range all {
				next <- i
			}
			close(next)
			wg.Wait()
			for i, k := range all {
				switch {
				case listed[k] && !works[i]:
					t.Errorf("the help lists %q, which does nothing:\n%s", k, before)
				case works[i] && !listed[k] && !typing:
					t.Errorf("%q works, and the help does not list it:\n%s", k, before)
				}
			}
		})
	}
}

// tryKey reports whether key k changes the screen build makes (from
// before), or quits.
func tryKey(t *testing.T, build func(t *testing.T) *Model, k, before string) (works bool) {
	msg := uitest.Key(k)
	if msg.String() != k {
		t.Errorf("the test presses %q for %q", msg.String(), k)
		return false
	}
	synctest.Test(t, func(t *testing.T) {
		m := build(t)
		nm, cmd := m.Update(msg)
		for _, next := range uitest.Messages(cmd) {
			if _, quit := next.(tea.QuitMsg); quit {
				works = true
			}
			nm = send(nm.(*Model), next)
		}
		works = works || nm.(*Model).View() != before
	})
	return works
}

// refusing is a store that refuses every decision for good.
type refusing struct{ store.Store }

func (refusing) AppendDecision(int64, int, string) error { return errors.New("disk failed") }

// TestHelpKeepsMoreKeys: when a screen's keys do not fit on the help line,
// the line still ends with ? (more keys), in colour as without.
func TestHelpKeepsMoreKeys(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		for _, r := range []*lipgloss.Renderer{uitest.Plain(), uitest.Renderer(termenv.TrueColor)} {
			o := opts(t)
			o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
			m := send(sized(New(r, o), 80, 24), keys("enter", "enter")...)
			lines := strings.Split(m.View(), "\n")
			if last := ansi.Strip(lines[len(lines)-1]); !strings.HasSuffix(last, "? more keys") {
				t.Errorf("the help line does not end with ? more keys: %q", last)
			}
		}
	})
}

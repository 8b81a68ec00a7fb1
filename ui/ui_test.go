package ui

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
	"github.com/ttx-dev/ttx/ui/pages/briefing"
	"github.com/ttx-dev/ttx/ui/pages/debrief"
	"github.com/ttx-dev/ttx/ui/pages/drill"
	"github.com/ttx-dev/ttx/ui/pages/home"
)

var (
	send    = uitest.Send[*Model]
	keys    = uitest.Keys
	golden  = uitest.Golden
	fits    = uitest.CheckFits
	catalog = uitest.Catalog
)

func scenario(t testing.TB, id string) *engine.Scenario { return uitest.Scenario(t, id) }

func opts(t testing.TB) Options {
	return Options{Catalog: func() (*scenarios.Catalog, error) { return catalog(t), nil }, Seed: 7, SeedSet: true}
}

// newModel is a session of o without colour.
func newModel(o Options) *Model { return New(uitest.Plain(), o) }

func sized(m *Model, w, h int) *Model { return send(m, tea.WindowSizeMsg{Width: w, Height: h}) }

// started is a session of o in a w by h terminal, with its Init's work
// done (the scenarios loaded).
func started(o Options, w, h int) *Model {
	m := sized(newModel(o), w, h)
	return send(m, uitest.Messages(m.Init())...)
}

// top is the page on top, as the page type T.
func top[T any](t testing.TB, m *Model) T {
	t.Helper()
	p, ok := m.Top().(T)
	if !ok {
		t.Fatalf("the screen is %T, not %T:\n%s", m.Top(), *new(T), m.View())
	}
	return p
}

func TestHomeTeatest(t *testing.T) {
	t.Parallel()
	tm := teatest.NewTestModel(t, newModel(opts(t)), teatest.WithInitialTermSize(100, 30))
	n := len(catalog(t).Entries) + 1 // and the risk map
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), fmt.Sprintf("%d entries", n)) }, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	top[*home.Model](t, fm)
	golden(t, "home-100x30", fm.View())
}

func TestBriefingAndDrillGoldens(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := opts(t)
		o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
		for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}, {40, 12}} {
			m := sized(newModel(o), size.w, size.h)
			name := func(s string) string { return fmt.Sprintf("%s-%dx%d", s, size.w, size.h) }
			top[*briefing.Model](t, m)
			golden(t, name("briefing"), m.View())
			fits(t, m.View(), size.w, size.h)
			m = send(m, keys("enter")...)
			if top[*drill.Model](t, m).Opening() != 0 {
				t.Fatalf("the drill does not open its first module:\n%s", m.View())
			}
			golden(t, name("module"), m.View())
			fits(t, m.View(), size.w, size.h)
			m = send(m, keys("enter")...)
			golden(t, name("drill"), m.View())
			fits(t, m.View(), size.w, size.h)
		}
	})
}

// TestPlayToDebrief plays the rules fixture through the UI: a choice by
// number, a pick scene with its count enforced, an inject, and the debrief,
// which must show what the engine scores.
func TestPlayToDebrief(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := scenario(t, "rules")
		// A seed for which the chance event stays quiet on this path, so that
		// the only inject is the certain one.
		var want *engine.Result
		o := opts(t)
		for seed := uint64(0); ; seed++ {
			d := engine.NewDrill(sc, seed)
			_ = d.Choose("recompute")
			_ = d.Choose("a", "b")
			if len(d.Decisions()) != 2 {
				continue
			}
			if ev := d.Decisions()[1].Events; len(d.Decisions()[0].Events) == 0 && len(ev) == 1 && sc.Events[ev[0]].ID == "always" {
				o.Seed = seed
				want, _ = d.Result("Blue")
				break
			}
		}
		o.Start, o.Team = sc, "Blue"
		m := started(o, 100, 30)
		m = send(m, keys("enter")...) // briefing -> drill
		m = send(m, keys("4", "enter")...)
		if got := top[*drill.Model](t, m).Drill().Scene().ID; got != "mid" {
			t.Fatalf("at %s after recompute", got)
		}
		m = send(m, keys("enter")...) // no picks yet
		if !strings.Contains(m.View(), "Pick 1 to 2 with space") {
			t.Errorf("an empty pick was not refused:\n%s", m.View())
		}
		m = send(m, keys("1", "space", "2", "space", "3", "space")...)
		if !strings.Contains(m.View(), "Pick at most 2") {
			t.Errorf("a third pick was not refused:\n%s", m.View())
		}
		m = send(m, keys("enter")...)
		if top[*drill.Model](t, m).Injects() != 1 || !strings.Contains(m.View(), "The phones ring.") {
			t.Fatalf("the inject is not shown:\n%s", m.View())
		}
		m = send(m, keys("enter")...)
		top[*debrief.Model](t, m)
		v := m.View()
		golden(t, "debrief-100x30", v)
		v += send(m, keys("pgdown")...).View()
		for _, s := range []string{"Done", fmt.Sprintf("Total %.0f%%", want.TotalPercent), "Blue", "Apologise", "+2 B", "B is better.", "The best path instead:"} {
			if !strings.Contains(v, s) {
				t.Errorf("debrief lacks %q:\n%s", s, v)
			}
		}
		m = send(m, keys("enter")...)
		top[*home.Model](t, m)
	})
}

// TestQuitAsksDuringDrill: q asks before leaving a drill, n stays, y goes
// back to the screen before it; ctrl+c quits from anywhere.
func TestQuitAsksDuringDrill(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := opts(t)
		o.Start, o.Team = scenario(t, "rules"), "Blue"
		m := send(started(o, 80, 24), keys("enter", "q")...)
		if !top[*drill.Model](t, m).Leaving() || !strings.Contains(m.View(), "Leave this drill?") {
			t.Fatal("q did not ask")
		}
		m = send(m, keys("n")...)
		if top[*drill.Model](t, m).Leaving() {
			t.Fatal("n did not stay")
		}
		m = send(m, keys("esc", "y")...)
		top[*home.Model](t, m)
		_, cmd := m.Update(uitest.Key("ctrl+c"))
		if _, ok := cmd().(tea.QuitMsg); !ok || m.Stopped() == nil {
			t.Errorf("ctrl+c on the home screen does not quit: %v", m.Stopped())
		}
	})
}

func TestNotesAndDiscuss(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := opts(t)
		o.Start, o.Team = scenario(t, "bucket-leak"), "Blue"
		m := send(started(o, 100, 30), keys("enter")...)
		if strings.Contains(m.View(), "Facilitator notes") {
			t.Fatal("notes shown before n")
		}
		m = send(m, keys("n")...)
		if !strings.Contains(m.View(), "push the team on who speaks") {
			t.Errorf("n did not show the notes:\n%s", m.View())
		}
		m = send(m, keys("d")...)
		if !strings.Contains(m.View(), "Who must hear this before the public does?") {
			t.Errorf("d did not show the prompts:\n%s", m.View())
		}
	})
}

func TestTooSmallAndResizes(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := opts(t)
		o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
		m := newModel(o)
		if m.View() != "" {
			t.Error("a view before the first size")
		}
		for _, s := range [][2]int{{1, 1}, {0, 5}, {39, 30}, {100, 11}, {30, 10}, {25, 4}} {
			m = sized(m, s[0], s[1])
			v := m.View()
			if s[0] > 0 && s[1] > 0 {
				fits(t, v, s[0], s[1])
			}
			// The whole message, wrapped to the terminal, not cut.
			if flat := strings.Join(strings.Fields(v), " "); s[0] >= 20 && s[1] >= 3 && !strings.Contains(flat, fmt.Sprintf("Terminal too small (%dx%d): ttx needs 40x12.", s[0], s[1])) {
				t.Errorf("%v: %q", s, v)
			}
		}
		m = send(sized(m, 80, 24), keys("enter")...)
		// A burst of resizes on every screen: never a panic, always a fit.
		for i := 0; i < 200; i++ {
			w, h := 40+(i*37)%140, 12+(i*17)%50
			m = sized(m, w, h)
			fits(t, m.View(), w, h)
			if i == 100 {
				m = send(m, keys("2", "enter")...)
			}
		}
		if m.Err() != nil {
			t.Fatal(m.Err())
		}
	})
}

// TestEscapesNeverRendered plays a scenario whose texts hold escape
// sequences: the screen shows their visible text and none of the sequences.
func TestEscapesNeverRendered(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := "[scenario]\nid = \"esc\"\ntitle = \"Evil\\u001b]0;owned-title\\u0007 title\"\nstart = \"s\"\n" +
			"[[scenes]]\nid = \"s\"\ntitle = \"Scene \\u001b[31mred\\u001b[0m\"\ntext = \"Body \\u001b]52;c;b3duZWQ=\\u0007 text \\u001b]8;;https://evil.example\\u0007link\\u001b]8;;\\u0007 \\u202eabc\"\n" +
			"notes = \"Notes \\u009b2J here\"\n" +
			"  [[scenes.choices]]\n  id = \"c\"\n  text = \"Choice \\u001b[2J clear\"\n  goto = \"e\"\n" +
			"[[endings]]\nid = \"e\"\ntitle = \"End \\u001b[5m\"\n"
		g, _ := scenarios.Guides()
		sc, err := engine.Parse("esc.toml", []byte(src), g)
		if err != nil {
			t.Fatal(err)
		}
		o := opts(t)
		o.Start, o.Team = sc, "Blue"
		m := send(started(o, 100, 30), keys("enter", "n")...)
		var views []string
		views = append(views, m.View())
		m = send(m, keys("enter")...)
		views = append(views, m.View())
		for _, v := range views {
			if strings.ContainsAny(v, "\x1b\x07\u009b\u202e") || strings.Contains(v, "owned") || strings.Contains(v, "evil.example") {
				t.Errorf("an escape sequence reached the screen: %q", v)
			}
		}
		if !strings.Contains(views[0], "Body") || !strings.Contains(views[0], "link") || !strings.Contains(views[0], "Choice clear") {
			t.Errorf("the visible text is missing:\n%s", views[0])
		}
	})
}

func BenchmarkDrillView(b *testing.B) {
	o := opts(b)
	o.Start, o.Team = scenario(b, "retail-card-breach"), "Gold"
	m := started(o, 120, 40)
	m = send(m, keys("enter", "enter")...) // the briefing, the module's opening
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkFirstFrame measures what stands between the process start and the
// home screen's first frame: the model, its first size and its first view
// (the scenarios load in a command, after the first frame).
func BenchmarkFirstFrame(b *testing.B) {
	o := opts(b)
	r := uitest.Plain()
	b.ReportAllocs()
	for b.Loop() {
		m := New(r, o)
		nm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = nm.View()
	}
}

// TestWideCharacters draws a scenario in CJK and emoji: every line fits and
// the side panel's right border stays in one column.
func TestWideCharacters(t *testing.T) {
	t.Parallel()
	src := `[scenario]
id = "wide"
title = "漏洩事件 🚨 対応訓練"
summary = "顧客データが漏洩しました。"
start = "s"
[vars]
trust = 50
live = true
[bounds]
trust = [0, 100]
[display]
meters = [{ var = "trust", label = "信頼 🤝 trust" }]
flags = [{ var = "live", label = "漏洩中 🔥" }]
[[clocks]]
id = "reg"
label = "規制当局への通知 📨"
due = 72
done = "chose('a')"
[[scenes]]
id = "s"
title = "記者からの電話 ☎️"
text = "記者が **顧客記録** について尋ねています。👩‍👩‍👧 家族の絵文字と 漢字 が混ざった文章です。"
  [[scenes.choices]]
  id = "a"
  text = "すぐに謝罪する 🙇 そして顧客に直接連絡する"
  goto = "e"
  [[scenes.choices]]
  id = "b"
  text = "コメントを控える 🤐"
  goto = "e"
[[endings]]
id = "e"
title = "終わり 🏁"
`
	g, _ := scenarios.Guides()
	sc, err := engine.Parse("wide.toml", []byte(src), g)
	if err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) {
		o := opts(t)
		o.Start, o.Team = sc, "チーム"
		for _, size := range [][2]int{{100, 30}, {80, 24}, {60, 16}} {
			m := send(sized(newModel(o), size[0], size[1]), keys("enter")...)
			v := m.View()
			fits(t, v, size[0], size[1])
			col := -1
			for _, line := range strings.Split(v, "\n") {
				line = ansi.Strip(line)
				i := strings.LastIndex(line, "│")
				if i < 0 {
					continue
				}
				c := ansi.StringWidth(line[:i])
				if col >= 0 && c != col {
					t.Errorf("%v: the panel border moved from column %d to %d: %q", size, col, c, line)
				}
				col = c
			}
		}
	})
}

// TestPanicInCommand: a panic in a command ends the program with one line.
func TestPanicInCommand(t *testing.T) {
	t.Parallel()
	msg := common.Safe(func() tea.Msg { panic("boom") })()
	m := newModel(opts(t))
	nm, cmd := m.Update(msg)
	if nm.(*Model).Err() == nil || !strings.Contains(nm.(*Model).Err().Error(), "boom") {
		t.Errorf("err %v", nm.(*Model).Err())
	}
	if cmd == nil {
		t.Fatal("no quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("the command is not quit")
	}
}

// TestTeatestDrill drives the briefing, the drill and the debrief through
// teatest, as the program runs them.
func TestTeatestDrill(t *testing.T) {
	t.Parallel()
	o := opts(t)
	o.Start = scenario(t, "mini")
	tm := teatest.NewTestModel(t, newModel(o), teatest.WithInitialTermSize(90, 26))
	wait := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), s) }, teatest.WithDuration(10*time.Second))
	}
	wait("Team name")
	tm.Type("Red")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("The first call")
	tm.Type("1")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Pick 1 to 2")
	tm.Type("1")
	tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("DEBRIEF")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	d := top[*debrief.Model](t, fm)
	if d.Team() != "Red" {
		t.Fatalf("team %q", d.Team())
	}
	r := d.Result()
	if r.Ending != "done" || len(r.Decisions) != 2 || r.Decisions[0].Choices[0] != "act" || r.Decisions[1].Choices[0] != "sorry" {
		t.Errorf("result %+v", r)
	}
	golden(t, "debrief-90x26", fm.View())
}

// TestKeysInOneRead: characters that arrive in one read come as one
// message; each acts as a key of its own until a text field takes the rest.
func TestKeysInOneRead(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := opts(t)
		o.OpenRiskMap = true
		m := send(started(o, 100, 30), uitest.Key("lla-typed-id"))
		v := m.View()
		if !strings.Contains(v, "Add a risk") || !strings.Contains(v, "-typed-id") || !strings.Contains(v, "3    moderate") {
			t.Errorf("l, l, a and the id typed in one read:\n%s", v)
		}
	})
}

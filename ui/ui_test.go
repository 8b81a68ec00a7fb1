package ui

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/timer"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	xgolden "github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// TestMain pins the colour profile and background, so that goldens do not
// depend on the terminal the tests run in.
func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

func catalog(t testing.TB) *scenarios.Catalog {
	t.Helper()
	c, err := scenarios.NewCatalog("../testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func scenario(t testing.TB, id string) *engine.Scenario {
	t.Helper()
	sc, err := catalog(t).Resolve(id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func opts(t testing.TB) Options {
	return Options{Catalog: func() (*scenarios.Catalog, error) { return catalog(t), nil }, NoColor: true, Dark: true, Seed: 7, SeedSet: true}
}

// golden compares got with testdata/TEST/NAME.golden (go test -update
// rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	t.Run(name, func(t *testing.T) { xgolden.RequireEqual(t, []byte(got)) })
}

// send feeds messages to a model directly, running the commands they return
// when they come back at once (not ticks), as the program would.
func send(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		m = step(m, msg)
	}
	return m
}

func step(m Model, msg tea.Msg) Model {
	nm, cmd := m.Update(msg)
	m = nm.(Model)
	for _, next := range immediate(cmd) {
		m = step(m, next)
	}
	return m
}

// immediate runs cmd and returns the messages it gives without waiting:
// batches are unpacked, and commands that would wait (timer and blink ticks)
// are dropped.
func immediate(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch msg := msg.(type) {
		case tea.BatchMsg:
			var out []tea.Msg
			for _, c := range msg {
				out = append(out, immediate(c)...)
			}
			return out
		case nil, spinner.TickMsg, timer.TickMsg, cursor.BlinkMsg:
			return nil // ticks would go on for ever
		}
		return []tea.Msg{msg}
	case <-time.After(time.Second):
		// A command that waits this long is a timer; a store write on a
		// loaded machine answers well within it.
		return nil
	}
}

func keys(s ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range s {
		switch k {
		case "enter":
			out = append(out, tea.KeyMsg{Type: tea.KeyEnter})
		case "space":
			out = append(out, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		case "esc":
			out = append(out, tea.KeyMsg{Type: tea.KeyEsc})
		case "ctrl+c":
			out = append(out, tea.KeyMsg{Type: tea.KeyCtrlC})
		case "down":
			out = append(out, tea.KeyMsg{Type: tea.KeyDown})
		case "tab":
			out = append(out, tea.KeyMsg{Type: tea.KeyTab})
		default:
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
	return out
}

func sized(m Model, w, h int) Model { return send(m, tea.WindowSizeMsg{Width: w, Height: h}) }

// checkFits asserts that a view fits the terminal: no more lines than its
// height and no line wider than its width.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%d lines in a %d-line terminal", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d wide in a %d-column terminal: %q", i+1, lw, w, l)
		}
	}
}

func TestHomeTeatest(t *testing.T) {
	tm := teatest.NewTestModel(t, New(opts(t)), teatest.WithInitialTermSize(100, 30))
	n := len(catalog(t).Entries) + 1 // and the risk map
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), fmt.Sprintf("%d entries", n)) }, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.screen != screenHome || len(fm.home.list.Items()) != n {
		t.Errorf("screen %v with %d scenarios", fm.screen, len(fm.home.list.Items()))
	}
	golden(t, "home-100x30", fm.View())
}

func TestBriefingAndDrillGoldens(t *testing.T) {
	o := opts(t)
	o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}, {40, 12}} {
		m := sized(New(o), size.w, size.h)
		name := func(s string) string { return fmt.Sprintf("%s-%dx%d", s, size.w, size.h) }
		golden(t, name("briefing"), m.View())
		checkFits(t, m.View(), size.w, size.h)
		m = send(m, keys("enter")...)
		if m.screen != screenDrill {
			t.Fatalf("screen %v after enter", m.screen)
		}
		golden(t, name("drill"), m.View())
		checkFits(t, m.View(), size.w, size.h)
	}
}

// TestPlayToDebrief plays the rules fixture through the UI: a choice by
// number, a pick scene with its count enforced, an inject, and the debrief,
// which must show what the engine scores.
func TestPlayToDebrief(t *testing.T) {
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
	m := sized(New(o), 100, 30)
	m = send(m, keys("enter")...) // briefing -> drill
	m = send(m, keys("4", "enter")...)
	if got := m.drill.d.Scene().ID; got != "mid" {
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
	if len(m.drill.injects) != 1 || !strings.Contains(m.View(), "The phones ring.") {
		t.Fatalf("the inject is not shown:\n%s", m.View())
	}
	m = send(m, keys("enter")...)
	if m.screen != screenDebrief {
		t.Fatalf("screen %v after the last decision", m.screen)
	}
	v := m.View()
	for _, s := range []string{"Done", fmt.Sprintf("Total %.0f%%", want.TotalPercent), "Blue", "Apologise", "+2 B", "B is better.", "The best path instead:"} {
		if !strings.Contains(v, s) {
			t.Errorf("debrief lacks %q:\n%s", s, v)
		}
	}
	golden(t, "debrief-100x30", v)
	m = send(m, keys("enter")...)
	if m.screen != screenHome {
		t.Errorf("enter on the debrief goes to %v", m.screen)
	}
}

func TestQuitAsksDuringDrill(t *testing.T) {
	o := opts(t)
	o.Start, o.Team = scenario(t, "rules"), "Blue"
	m := send(sized(New(o), 80, 24), keys("enter", "q")...)
	if !m.drill.confirmQuit || !strings.Contains(m.View(), "Leave this drill?") {
		t.Fatal("q did not ask")
	}
	m = send(m, keys("n")...)
	if m.drill.confirmQuit || m.screen != screenDrill {
		t.Fatal("n did not stay")
	}
	m = send(m, keys("ctrl+c", "y")...)
	if m.screen != screenHome {
		t.Fatal("y did not leave")
	}
}

func TestNotesAndDiscuss(t *testing.T) {
	o := opts(t)
	o.Start, o.Team = scenario(t, "bucket-leak"), "Blue"
	m := send(sized(New(o), 100, 30), keys("enter")...)
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
}

// TestTimeout lets a scene's timer run out: the timeout choice is taken.
func TestTimeout(t *testing.T) {
	o := opts(t)
	o.Start, o.Team = scenario(t, "bucket-leak"), "Blue"
	m := send(sized(New(o), 100, 30), keys("enter")...)
	if !m.drill.timed || !strings.Contains(m.View(), "3:00 left") {
		t.Fatalf("no countdown:\n%s", m.View())
	}
	m = send(m, timerTimeout(m))
	ds := m.drill.d.Decisions()
	if len(ds) != 1 || !ds[0].TimedOut || m.drill.d.Scene().ID != "statement" {
		t.Fatalf("timeout not taken: %+v", ds)
	}
	if m.drill.d.Record().Decisions[0] != "!no-comment" {
		t.Errorf("record %v", m.drill.d.Record().Decisions)
	}
}

func TestTooSmallAndResizes(t *testing.T) {
	o := opts(t)
	o.Start, o.Team = scenario(t, "retail-card-breach"), "Gold"
	m := New(o)
	if m.View() != "" {
		t.Error("a view before the first size")
	}
	for _, s := range [][2]int{{1, 1}, {0, 5}, {39, 30}, {100, 11}} {
		m = sized(m, s[0], s[1])
		v := m.View()
		if s[0] > 0 && s[1] > 0 {
			checkFits(t, v, s[0], s[1])
		}
		if s[0] > 30 && !strings.HasPrefix(v, "Terminal too small") {
			t.Errorf("%v: %q", s, v)
		}
	}
	m = send(sized(m, 80, 24), keys("enter")...)
	// A burst of resizes on every screen: never a panic, always a fit.
	for i := 0; i < 200; i++ {
		w, h := 40+(i*37)%140, 12+(i*17)%50
		m = sized(m, w, h)
		checkFits(t, m.View(), w, h)
		if i == 100 {
			m = send(m, keys("2", "enter")...)
		}
	}
	if m.Err() != nil {
		t.Fatal(m.Err())
	}
}

// TestEscapesNeverRendered plays a scenario whose texts hold escape
// sequences: the screen shows their visible text and none of the sequences.
func TestEscapesNeverRendered(t *testing.T) {
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
	m := send(sized(New(o), 100, 30), keys("enter", "n")...)
	var views []string
	views = append(views, m.View())
	m = send(m, keys("enter")...)
	views = append(views, m.View())
	for _, v := range views {
		v = sgr.ReplaceAllString(v, "") // the UI's own styling
		if strings.ContainsAny(v, "\x1b\x07\u009b\u202e") || strings.Contains(v, "owned") || strings.Contains(v, "evil.example") {
			t.Errorf("an escape sequence reached the screen: %q", v)
		}
	}
	if !strings.Contains(views[0], "Body") || !strings.Contains(views[0], "link") || !strings.Contains(views[0], "Choice  clear") {
		t.Errorf("the visible text is missing:\n%s", views[0])
	}
}

// sgr matches the select-graphic-rendition sequences the UI's own styles emit.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func BenchmarkDrillView(b *testing.B) {
	o := opts(b)
	o.Start, o.Team = scenario(b, "retail-card-breach"), "Gold"
	m := send(sized(New(o), 120, 40), keys("enter")...)
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
	for b.Loop() {
		m := New(o)
		nm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = nm.View()
	}
}

// BenchmarkDecisionRedraw measures a decision and the redraw after it: the
// keys, the confirm message they give, the engine's decision, the next
// scene's layout and its first view (commands such as the next timer's ticks
// are not run).
func BenchmarkDecisionRedraw(b *testing.B) {
	o := opts(b)
	o.Start, o.Team = scenario(b, "retail-card-breach"), "Gold"
	base := send(sized(New(o), 120, 40), keys("enter")...)
	enter := keys("enter")[0]
	for b.Loop() {
		m := base
		m.drill = newDrill(m.c, engine.NewDrill(m.drill.d.Scenario(), 7), "Gold", nil, 0)
		m.drill.layout()
		nm, cmd := m.Update(enter)
		nm, _ = nm.Update(cmd()) // the confirm message
		_ = nm.View()
	}
}

// TestWideCharacters draws a scenario in CJK and emoji: every line fits and
// the side panel's right border stays in one column.
func TestWideCharacters(t *testing.T) {
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
	o := opts(t)
	o.Start, o.Team = sc, "チーム"
	for _, size := range [][2]int{{100, 30}, {80, 24}, {60, 16}} {
		m := send(sized(New(o), size[0], size[1]), keys("enter")...)
		v := m.View()
		checkFits(t, v, size[0], size[1])
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
}

// TestPanicInCommand: a panic in a command ends the program with one line.
func TestPanicInCommand(t *testing.T) {
	msg := safe(func() tea.Msg { panic("boom") })()
	pm, ok := msg.(panicMsg)
	if !ok || pm.err.Error() != "boom" {
		t.Fatalf("got %#v", msg)
	}
	m := New(opts(t))
	nm, cmd := m.Update(pm)
	if nm.(Model).Err() == nil || !strings.Contains(nm.(Model).Err().Error(), "boom") {
		t.Errorf("err %v", nm.(Model).Err())
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
	o := opts(t)
	o.Start = scenario(t, "mini")
	tm := teatest.NewTestModel(t, New(o), teatest.WithInitialTermSize(90, 26))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "Team name") }, teatest.WithDuration(5*time.Second))
	tm.Type("Red")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "The first call") }, teatest.WithDuration(5*time.Second))
	for _, k := range []string{"1"} {
		tm.Type(k)
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "Pick 1 to 2") }, teatest.WithDuration(5*time.Second))
	tm.Type("1")
	tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "DEBRIEF") }, teatest.WithDuration(5*time.Second))
	tm.Type("q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.screen != screenDebrief || fm.debrief.team != "Red" {
		t.Fatalf("screen %v team %q", fm.screen, fm.debrief.team)
	}
	r := fm.debrief.result
	if r.Ending != "done" || len(r.Decisions) != 2 || r.Decisions[0].Choices[0] != "act" || r.Decisions[1].Choices[0] != "sorry" {
		t.Errorf("result %+v", r)
	}
	golden(t, "debrief-90x26", fm.View())
}

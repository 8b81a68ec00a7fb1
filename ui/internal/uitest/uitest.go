// Package uitest is what the UI's tests share: renderers pinned to a colour
// profile, a harness that feeds messages to a model and runs the commands
// they return as the program would, keys, goldens and a fit check.
//
// The harness waits for every command: run it inside a testing/synctest
// bubble, where the ticks of spinners and timers (which it drops) return
// at once in the bubble's time, and a store or an analysis takes the time
// it takes.
package uitest

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/timer"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	xgolden "github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/countdown"
)

// Renderer returns a renderer with a pinned colour profile and a dark
// background, writing nowhere: goldens do not depend on the terminal the
// tests run in.
func Renderer(p termenv.Profile) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(true)
	return r
}

// Plain is a renderer without colour, as under NO_COLOR.
func Plain() *lipgloss.Renderer { return Renderer(termenv.Ascii) }

var catalog = sync.OnceValues(func() (*scenarios.Catalog, error) {
	return scenarios.NewCatalog(filepath.Join(repoDir(), "testdata", "valid"))
})

// Testdata is the path of the repository's testdata directory.
func Testdata() string { return filepath.Join(repoDir(), "testdata") }

// Catalog is the shipped scenarios and the fixtures of testdata/valid,
// loaded once per test binary.
func Catalog(t testing.TB) *scenarios.Catalog {
	t.Helper()
	c, err := catalog()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Scenario is a scenario of Catalog, by id.
func Scenario(t testing.TB, id string) *engine.Scenario {
	t.Helper()
	sc, err := Catalog(t).Resolve(id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// Send feeds msgs to m, each followed by the messages of the commands it
// returns, as the program would; a quit message ends the program, so it is
// not fed.
func Send[M tea.Model](m M, msgs ...tea.Msg) M {
	for _, msg := range msgs {
		if _, quit := msg.(tea.QuitMsg); quit {
			continue
		}
		nm, cmd := m.Update(msg)
		m = nm.(M)
		for _, next := range Messages(cmd) {
			m = Send(m, next)
		}
	}
	return m
}

// Messages runs cmd to its end and returns the messages it gives: batches
// unpacked, ticks of spinners, timers, countdowns and cursors dropped (they would go
// on for ever).
func Messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, Messages(c)...)
		}
		return out
	case nil, spinner.TickMsg, timer.TickMsg, timer.StartStopMsg, cursor.BlinkMsg, countdown.TickMsg:
		return nil
	default:
		return []tea.Msg{msg}
	}
}

// Keys are key messages by name: enter, space, esc, tab, shift+tab, the
// arrows, pgup, pgdown, ctrl+ followed by a letter, or runes.
func Keys(names ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range names {
		out = append(out, Key(k))
	}
	return out
}

// Key is one key message by name (see Keys).
func Key(name string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"ctrl+c": tea.KeyCtrlC, "ctrl+s": tea.KeyCtrlS, "ctrl+u": tea.KeyCtrlU, "ctrl+d": tea.KeyCtrlD,
		"backspace": tea.KeyBackspace,
	}
	if name == "space" || name == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	if k, ok := named[name]; ok {
		return tea.KeyMsg{Type: k}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// Golden compares got with testdata/TEST/NAME.golden; go test -update
// rewrites it.
func Golden(t *testing.T, name, got string) {
	t.Helper()
	xgolden.RequireEqual(named{t, t.Name() + "/" + name}, []byte(got))
}

// named is a test under another name, for the golden file's path.
type named struct {
	*testing.T
	name string
}

func (n named) Name() string { return n.name }

// CheckFits fails t when view does not fit a w by h terminal: more lines
// than its height, or a line wider than its width.
func CheckFits(t testing.TB, view string, w, h int) {
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

// Page runs one page as the root would: sized to the terminal less its
// help, laid out again after each message, drawn over its help. The
// changes of screen it asks for are kept in Navs.
type Page struct {
	C    *common.Common
	P    common.Page
	Navs []common.Nav
}

// NewPage returns page p of session c in a w by h terminal.
func NewPage(c *common.Common, p common.Page, w, h int) *Page {
	pg := &Page{C: c, P: p}
	pg.Resize(w, h)
	return pg
}

// Resize gives the page a w by h terminal.
func (p *Page) Resize(w, h int) {
	p.C.Width, p.C.Height = w, h
	p.P.SetSize(w, p.C.PageHeight(p.P))
}

// Init is the page's Init.
func (p *Page) Init() tea.Cmd { return p.P.Init() }

// Update passes msg to the page, notes the changes of screen it asked
// for, and lays it out again.
func (p *Page) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	np, cmd := p.P.Update(msg)
	p.P = np
	p.Navs = append(p.Navs, p.C.TakeNav()...)
	p.Resize(p.C.Width, p.C.Height)
	return p, cmd
}

// View is the page over its help.
func (p *Page) View() string { return p.C.Screen(p.P) }

// Main runs a package's tests with the process's default lipgloss renderer
// set to true colour on a dark background: a style that escapes its
// session's renderer would draw in colour there, and the tests of screens
// without colour would see it.
func Main(m *testing.M) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

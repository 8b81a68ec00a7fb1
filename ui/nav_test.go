package ui

import (
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

// logPage is a page that logs what it is given: its Init and its keys.
type logPage struct {
	c   *common.Common
	log *[]string
	// next, when set, is the page a key "n" replaces this one with, the
	// keys typed meanwhile given with it.
	next  common.Page
	typed []tea.KeyMsg
}

func (p *logPage) Init() tea.Cmd { *p.log = append(*p.log, "init"); return nil }
func (p *logPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if p.next != nil && k.String() == "n" {
			p.c.Replace(p.next, p.typed...)
			return p, nil
		}
		*p.log = append(*p.log, k.String())
	}
	return p, nil
}
func (p *logPage) View() string              { return "" }
func (p *logPage) SetSize(int, int)          {}
func (p *logPage) ShortHelp() []key.Binding  { return nil }
func (p *logPage) FullHelp() [][]key.Binding { return nil }
func (p *logPage) Typing() bool              { return false }

// TestReplaceGivesTypedKeys: the keys typed for a page before it showed
// (a lobby's join written meanwhile) reach it in order, after its Init, and
// before the keys typed after it showed.
func TestReplaceGivesTypedKeys(t *testing.T) {
	t.Parallel()
	var log []string
	m := newModel(Options{Pages: func(c *common.Common) []common.Page {
		next := &logPage{c: c, log: &log}
		return []common.Page{&logPage{c: c, log: new([]string), next: next, typed: []tea.KeyMsg{uitest.Key("a"), uitest.Key("enter"), uitest.Key("b")}}}
	}})
	m = sized(m, 80, 24)
	send(m, keys("n", "c")...)
	if want := []string{"init", "a", "enter", "b", "c"}; !slices.Equal(log, want) {
		t.Errorf("the new page was given %q, want %q", log, want)
	}
}

package common

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/scenarios"
)

// Page is a screen of the UI. The root model keeps its pages on a stack,
// sends key messages to the top one and every other message to all of
// them, and draws the top one with its help under it.
type Page interface {
	Init() tea.Cmd
	// Update handles a message and returns the page (itself).
	Update(tea.Msg) (Page, tea.Cmd)
	// View draws the page in the size of its last SetSize.
	View() string
	// SetSize gives the page the space it has: the terminal less the
	// help lines.
	SetSize(width, height int)
	// ShortHelp and FullHelp are the keys that work on the page now, from
	// the key map the page matches against.
	help.KeyMap
	// Typing reports whether keys go to a text field, so that the keys
	// every screen shares (q, ?) must be left to it.
	Typing() bool
}

// Noter is a page with something to say when the program ends while it is
// open, such as what became of a drill in progress.
type Noter interface {
	ExitNote() string
}

// Flusher is a page with work to finish when the program has ended, such
// as storing the time left on a timed decision. Flush runs after the last
// frame, outside Update and View, so it may wait for the store.
type Flusher interface {
	Flush()
}

// ShowMsg is sent to a page when it is on top again, after the pages above
// it were closed.
type ShowMsg struct{}

// NavKind is what a [Nav] does.
type NavKind int

// The kinds of navigation.
const (
	NavPush    NavKind = iota // a new page on top
	NavReplace                // a new page instead of the top one
	NavBack                   // close the top page
)

// Nav is a change of screen a page asked for.
type Nav struct {
	Kind NavKind
	Page Page // for NavPush and NavReplace
	// Keys were typed for Page before it showed (while the page before it
	// waited on the work that made it): they are given to it, in order,
	// once it is in place.
	Keys []tea.KeyMsg
}

// Push asks for p on top of the current page: back (esc) returns to it.
func (c *Common) Push(p Page) { c.nav = append(c.nav, Nav{Kind: NavPush, Page: p}) }

// Replace asks for p instead of the current page: back from p returns to
// the page under the current one. Keys typed meanwhile (typed) go to p once
// it is in place.
func (c *Common) Replace(p Page, typed ...tea.KeyMsg) {
	c.nav = append(c.nav, Nav{Kind: NavReplace, Page: p, Keys: typed})
}

// Back asks to close the current page.
func (c *Common) Back() { c.nav = append(c.nav, Nav{Kind: NavBack}) }

// TakeNav returns the changes of screen asked for since the last call, in
// order, and forgets them. The root model applies them.
func (c *Common) TakeNav() []Nav {
	n := c.nav
	c.nav = nil
	return n
}

// Bindings is a help.KeyMap made of plain lists, so that a page can say
// which of its bindings apply now.
type Bindings struct {
	Short []key.Binding
	Full  [][]key.Binding
}

// ShortHelp returns the short help's bindings.
func (b Bindings) ShortHelp() []key.Binding { return b.Short }

// FullHelp returns the full help's columns of bindings.
func (b Bindings) FullHelp() [][]key.Binding { return b.Full }

// CatalogMsg brings the scenarios, loaded in a command; the root keeps
// them in [Common.Catalog] and passes the message on to every page.
type CatalogMsg struct {
	Catalog *scenarios.Catalog
	Err     error
}

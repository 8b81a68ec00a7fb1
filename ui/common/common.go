package common

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui/keymap"
)

// Common is the context of one UI session, shared by all its screens: the
// terminal (its renderer, size and the styles built for it), the key map,
// the results store, the clock, and what the session works on (the
// scenarios once loaded, the risk register, the drill settings).
//
// Screens hold a pointer to it and read it in Update and View; only the
// root model changes the size. Screens ask for another screen with [Push],
// [Replace] and [Back], which the root applies once the screen's Update
// returns, before any other message.
type Common struct {
	Renderer      *lipgloss.Renderer
	Styles        *Styles
	KeyMap        *keymap.KeyMap
	Width, Height int // the terminal's size
	Help          help.Model
	Markdown      *Markdown

	// Store records drills and keeps results; nil when there is none.
	Store Store
	// Now is the clock: dates of runs, overdue reviews.
	Now func() time.Time

	// Catalog is the scenarios, once loaded (nil before).
	Catalog *scenarios.Catalog
	// Register is the risk register, when there is one; the risk map may
	// create it, saved at RegisterPath.
	Register     *engine.Register
	RegisterPath string
	// RegisterErr is why the register at RegisterPath does not load, when
	// it does not: drills run without its plan, and the risk map shows the
	// problems without changing the file.
	RegisterErr error
	// Drill are the settings of the drills this session starts.
	Drill DrillSettings

	nav []Nav
}

// DrillSettings are the settings of the drills a session starts.
type DrillSettings struct {
	Team         string // when set, names the team and skips asking for it
	Seed         uint64 // when SeedSet, the seed of every drill
	SeedSet      bool
	Participants []engine.Participant // recorded with every drill's result
}

// New returns the context of a session whose terminal r renders to, with
// the default styles and key map. s may be nil (nothing is recorded); now
// may be nil (the wall clock).
func New(r *lipgloss.Renderer, s Store, now func() time.Time) *Common {
	if now == nil {
		now = time.Now
	}
	st := DefaultStyles(r)
	h := help.New()
	h.Styles = st.Help
	return &Common{
		Renderer: r, Styles: st, KeyMap: keymap.DefaultKeyMap(), Help: h,
		Markdown: NewMarkdown(r), Store: s, Now: now,
	}
}

// Seed returns the seed of a new drill: the one set, or a new one.
func (c *Common) Seed() uint64 {
	if c.Drill.SeedSet {
		return c.Drill.Seed
	}
	return rand.Uint64() % 1_000_000
}

// RiskOf returns the register's entry for the risk sc drills, or nil.
func (c *Common) RiskOf(sc *engine.Scenario) *engine.Risk {
	if c.Register == nil || sc == nil || sc.Risk == "" {
		return nil
	}
	return c.Register.Risk(sc.Risk)
}

// HelpView renders km's help line (or, with Help.ShowAll, the full help)
// in the terminal's width, less one column of margin.
func (c *Common) HelpView(km help.KeyMap) string {
	c.Help.Width = c.Width - 1
	// help stops adding keys at its width only while its ellipsis still
	// fits, so cut each line to the width as well.
	lines := strings.Split(c.Help.View(km), "\n")
	for i, l := range lines {
		lines[i] = Truncate(l, c.Width-1)
	}
	return strings.Join(lines, "\n")
}

// NoColor reports whether the terminal shows no colour (NO_COLOR, or a
// terminal without colours): whatever colour says must then be said in
// letters or marks too.
func (c *Common) NoColor() bool { return c.Renderer.ColorProfile() == termenv.Ascii }

// Place centres a block on a width by height screen.
func (c *Common) Place(width, height int, block string) string {
	return c.Renderer.Place(width, height, lipgloss.Center, lipgloss.Center, block)
}

// Replay rebuilds a stored run's drill (r must be whole, as Get returns
// it) against the scenario it was played on: the loaded one of its id when
// it is that version, else the version the store keeps. The id comes from
// the store (perhaps from an imported file): it is looked up, never opened
// as a path.
func (c *Common) Replay(r store.Run) (*engine.Drill, error) {
	if c.Catalog == nil {
		return nil, errors.New("the scenarios are not loaded yet")
	}
	known := c.Catalog.ByID(r.Record.Scenario)
	sc := known
	if c.Store != nil {
		var err error
		if sc, _, err = store.ScenarioOf(c.Store, &r, c.Catalog.Guides, known); err != nil {
			return nil, err
		}
	}
	if sc == nil {
		return nil, fmt.Errorf("the scenario %q of run %d is not among the scenarios loaded; add its folder with --dir", Line(r.Record.Scenario), r.ID)
	}
	d, err := engine.Replay(sc, r.Record)
	if err != nil {
		return nil, fmt.Errorf("run %d cannot be replayed: %w", r.ID, err)
	}
	return d, nil
}

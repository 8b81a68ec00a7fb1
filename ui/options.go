package ui

import (
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui/common"
)

// The smallest terminal the UI draws in; below it, it says so.
const (
	MinWidth  = 40
	MinHeight = 12
)

// Options configure the UI.
type Options struct {
	// Catalog loads the scenarios to list; it runs in a command, off the
	// path to the first frame.
	Catalog func() (*scenarios.Catalog, error)
	// Start, when set, opens this scenario's briefing over the home screen
	// (ttx play).
	Start *engine.Scenario
	// Team, when set, names the team and skips asking for it.
	Team string
	// Seed, when SeedSet, is the seed of every drill; otherwise each drill
	// draws one, shown in the briefing.
	Seed    uint64
	SeedSet bool
	// Store, when set, records every drill as it is played (each decision
	// durable before the next screen), lists unfinished drills to resume,
	// and keeps results, hotwash notes and improvement actions. It must be
	// nil, not a nil pointer in an interface, when there is none.
	Store common.Store
	// Resume, when set, continues this unfinished drill at once.
	Resume *Resumed
	// Register, when set, is the risk register: a drill of a scenario whose
	// risk it lists shows the risk and its plan, and scores prepare with it.
	Register *engine.Register
	// RegisterErr, when set, is why the register at RegisterPath does not
	// load: drills run without its plan (the briefing says so), and the
	// risk map shows the problems and changes nothing.
	RegisterErr error
	// RegisterPath is where the risk map saves the register (and where a
	// new one is created when Register is nil).
	RegisterPath string
	// OpenRiskMap opens the risk map at once (ttx riskmap).
	OpenRiskMap bool
	// Participants, when given, are recorded with every drill's result.
	Participants []engine.Participant
	// Now is the clock; nil for the wall clock.
	Now func() time.Time
	// Pages, when set, makes the pages the program starts with, bottom
	// first, instead of the home screen: a room server's lobby (ttx serve).
	Pages func(c *common.Common) []common.Page
}

// Resumed is an unfinished drill to continue: its stored run and the drill
// replayed to where it stopped.
type Resumed struct {
	Run   *store.Run
	Drill *engine.Drill
}

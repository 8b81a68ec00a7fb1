// Package keymap holds every key binding of the terminal UI, as data.
//
// One nested [KeyMap] has a section per screen (and one for the keys that
// mean the same everywhere). Screens match keys with key.Matches against
// these bindings, and the help line is rendered from the same bindings, so
// what the help shows is what the screen matches. Each section has its
// Default constructor; [DefaultKeyMap] gathers them.
package keymap

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key binding of the UI, by screen.
type KeyMap struct {
	Global   Global
	Home     Home
	Briefing Briefing
	Drill    Drill
	Debrief  Debrief
	Results  Results
	Hotwash  Hotwash
	RiskMap  RiskMap
	Form     Form
	Console  Console // the facilitator's console of a room (ttx serve)
	Seat     Seat    // a player's seat and the room view
	Lobby    Lobby   // the entry to a room server
}

// DefaultKeyMap returns the default bindings of every screen.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Global:   DefaultGlobal(),
		Home:     DefaultHome(),
		Briefing: DefaultBriefing(),
		Drill:    DefaultDrill(),
		Debrief:  DefaultDebrief(),
		Results:  DefaultResults(),
		Hotwash:  DefaultHotwash(),
		RiskMap:  DefaultRiskMap(),
		Form:     DefaultForm(),
		Console:  DefaultConsole(),
		Seat:     DefaultSeat(),
		Lobby:    DefaultLobby(),
	}
}

func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// Global are the keys that mean the same on every screen.
type Global struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Select           key.Binding // enter
	Back             key.Binding // esc or q: back one screen
	Quit             key.Binding // q on the home screen: quit
	ForceQuit        key.Binding // ctrl+c: quit from anywhere
	Help             key.Binding // ?: all the keys of the screen
	Yes, No          key.Binding // in a question
}

// DefaultGlobal returns the keys every screen shares.
func DefaultGlobal() Global {
	return Global{
		Up:        bind([]string{"up", "k"}, "↑/k", "up"),
		Down:      bind([]string{"down", "j"}, "↓/j", "down"),
		PageUp:    bind([]string{"pgup", "ctrl+u"}, "pgup", "scroll up"),
		PageDown:  bind([]string{"pgdown", "ctrl+d"}, "pgdn", "scroll down"),
		Select:    bind([]string{"enter"}, "enter", "confirm"),
		Back:      bind([]string{"esc", "q"}, "esc/q", "back"),
		Quit:      bind([]string{"q"}, "q", "quit"),
		ForceQuit: bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help:      bind([]string{"?"}, "?", "more keys"),
		Yes:       bind([]string{"y", "Y"}, "y", "yes"),
		No:        bind([]string{"n", "N", "esc"}, "n/esc", "no"),
	}
}

// Home is the home screen: the scenarios, drills to resume, results and
// the risk map.
type Home struct {
	Open    key.Binding // enter: open the selected entry
	Discard key.Binding // x: discard the selected unfinished drill (it asks first)
	Filter  key.Binding // /: filter the list
	// While filtering.
	Apply, Clear key.Binding
}

// DefaultHome returns the home screen's keys.
func DefaultHome() Home {
	return Home{
		Open:    bind([]string{"enter"}, "enter", "open"),
		Discard: bind([]string{"x"}, "x", "discard the drill"),
		Filter:  bind([]string{"/"}, "/", "filter"),
		Apply:   bind([]string{"enter", "tab", "up", "down"}, "enter", "apply the filter"),
		Clear:   bind([]string{"esc"}, "esc", "clear the filter"),
	}
}

// Briefing is the briefing before a drill.
type Briefing struct {
	Start key.Binding // enter: start the drill
}

// DefaultBriefing returns the briefing's keys.
func DefaultBriefing() Briefing {
	return Briefing{Start: bind([]string{"enter"}, "enter", "start the drill")}
}

// Drill is the drill screen.
type Drill struct {
	Number  key.Binding // 1-9: move to that choice
	Confirm key.Binding // enter: take the choice (or the picks)
	Toggle  key.Binding // space: pick or unpick in a pick scene
	Notes   key.Binding // the facilitator's notes
	Discuss key.Binding // the discussion prompts
	Plan    key.Binding // the risk register's plan
	Pause   key.Binding // the facilitator stops or restarts a timed scene's clock
	Leave   key.Binding // q or esc: asks before leaving
	Next    key.Binding // enter or space: past an inject
}

// DefaultDrill returns the drill's keys.
func DefaultDrill() Drill {
	return Drill{
		Number:  bind([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "go to choice"),
		Confirm: bind([]string{"enter"}, "enter", "confirm"),
		Toggle:  bind([]string{" "}, "space", "pick"),
		Notes:   bind([]string{"n"}, "n", "facilitator notes"),
		Discuss: bind([]string{"d"}, "d", "discussion prompts"),
		Plan:    bind([]string{"p"}, "p", "our plan"),
		Pause:   bind([]string{"t"}, "t", "pause the clock"),
		Leave:   bind([]string{"q", "esc"}, "q/esc", "leave"),
		Next:    bind([]string{"enter", " "}, "enter", "continue"),
	}
}

// Debrief is the debrief after a drill.
type Debrief struct {
	Hotwash key.Binding // the hotwash and improvement actions
	Report  key.Binding // write the after-action report
}

// DefaultDebrief returns the debrief's keys.
func DefaultDebrief() Debrief {
	return Debrief{
		Hotwash: bind([]string{"h"}, "h", "hotwash and actions"),
		Report:  bind([]string{"r"}, "r", "write the report"),
	}
}

// Results is the results screen: recorded drills in a table.
type Results struct {
	Open     key.Binding // enter: the run's debrief
	SortNext key.Binding
	SortPrev key.Binding
	Reverse  key.Binding
	Mark     key.Binding // space: mark a run to compare
	Compare  key.Binding // c: compare the marked runs
}

// DefaultResults returns the results screen's keys.
func DefaultResults() Results {
	return Results{
		Open:     bind([]string{"enter"}, "enter", "open debrief"),
		SortNext: bind([]string{"s", "right", "l"}, "s/→", "sort by next column"),
		SortPrev: bind([]string{"left", "h"}, "←", "sort by previous column"),
		Reverse:  bind([]string{"r"}, "r", "reverse the order"),
		Mark:     bind([]string{" "}, "space", "mark to compare"),
		Compare:  bind([]string{"c"}, "c", "compare the marked runs"),
	}
}

// Hotwash is the hotwash screen (its form keys are in [Form]).
type Hotwash struct {
	Close key.Binding // esc: back to the debrief
}

// DefaultHotwash returns the hotwash's keys.
func DefaultHotwash() Hotwash {
	return Hotwash{Close: bind([]string{"esc"}, "esc", "back to the debrief")}
}

// RiskMap is the risk map: the heat map, a cell's list of risks, the
// detail pane and the delete question.
type RiskMap struct {
	Left, Right  key.Binding // the cursor over the cells
	Move         key.Binding // the four directions, shown as one
	ToList       key.Binding // tab: into the cell's list
	ToMap        key.Binding // tab or esc: back to the map from the list
	Select       key.Binding // up and down in the list, shown as one
	Details      key.Binding // enter: the detail full screen
	CloseDetails key.Binding
	LinesUp      key.Binding // up in the full detail
	LinesDown    key.Binding // down in the full detail
	Add          key.Binding
	Edit         key.Binding
	Delete       key.Binding
	Leave        key.Binding // q: leave the screen from the list
	ConfirmYes   key.Binding // y: delete
	ConfirmNo    key.Binding // n or esc: keep
}

// DefaultRiskMap returns the risk map's keys.
func DefaultRiskMap() RiskMap {
	return RiskMap{
		Left:         bind([]string{"left", "h"}, "←/h", "left"),
		Right:        bind([]string{"right", "l"}, "→/l", "right"),
		Move:         bind([]string{"up", "down", "left", "right", "h", "j", "k", "l"}, "←↓↑→/hjkl", "move"),
		ToList:       bind([]string{"tab"}, "tab", "list"),
		ToMap:        bind([]string{"tab", "shift+tab", "esc"}, "tab/esc", "map"),
		Select:       bind([]string{"up", "down", "k", "j"}, "↑↓/jk", "select"),
		Details:      bind([]string{"enter"}, "enter", "details"),
		CloseDetails: bind([]string{"esc", "enter", "q"}, "esc", "back"),
		LinesUp:      bind([]string{"up", "k"}, "↑/k", "scroll up"),
		LinesDown:    bind([]string{"down", "j"}, "↓/j", "scroll down"),
		Add:          bind([]string{"a"}, "a", "add"),
		Edit:         bind([]string{"e"}, "e", "edit"),
		Delete:       bind([]string{"x"}, "x", "delete"),
		Leave:        bind([]string{"q"}, "q", "back"),
		ConfirmYes:   bind([]string{"y", "Y"}, "y", "delete"),
		ConfirmNo:    bind([]string{"n", "N", "esc"}, "n/esc", "keep"),
	}
}

// Form is a form's keys: the hotwash and the risk form share them.
type Form struct {
	Next, Prev key.Binding // tab, shift+tab: the next or previous field
	// Up and Down move between fields from a one-line field (in a text
	// area they move the cursor); Down is also enter there.
	Up, Down key.Binding
	// Left and Right move over a choice's options; Choose is the two, as
	// the help shows them; Pick picks the option under the cursor of a
	// choice of several.
	Left, Right, Choose key.Binding
	Pick                key.Binding
	Save                key.Binding
	Cancel              key.Binding
}

// DefaultForm returns a form's keys.
func DefaultForm() Form {
	return Form{
		Next:   bind([]string{"tab"}, "tab", "next field"),
		Prev:   bind([]string{"shift+tab"}, "shift+tab", "previous field"),
		Up:     bind([]string{"up"}, "↑", "previous field"),
		Down:   bind([]string{"down", "enter"}, "↓/enter", "next field"),
		Left:   bind([]string{"left"}, "←", "previous option"),
		Right:  bind([]string{"right"}, "→", "next option"),
		Choose: bind([]string{"left", "right"}, "←/→", "choose"),
		Pick:   bind([]string{" "}, "space", "pick"),
		Save:   bind([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
	}
}

package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key binding of the UI. Screens match keys against it with
// key.Matches, and the help view renders the same bindings.
type KeyMap struct {
	Up, Down         key.Binding
	Number           key.Binding // 1-9: move to that choice
	Select           key.Binding // enter: confirm
	Toggle           key.Binding // space: toggle a pick
	Notes, Discuss   key.Binding
	PageUp, PageDown key.Binding
	Help             key.Binding
	Back             key.Binding
	Quit             key.Binding
	ForceQuit        key.Binding
	Yes, No          key.Binding
}

// DefaultKeyMap returns the default key bindings.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Number:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "go to choice")),
		Select:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		Toggle:    key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "pick")),
		Notes:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "facilitator notes")),
		Discuss:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "discussion prompts")),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "scroll up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "scroll down")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Yes:       key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:        key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no")),
	}
}

// bindings is a help.KeyMap made of plain lists, so that each screen can say
// which keys apply to it now.
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindings) ShortHelp() []key.Binding  { return b.short }
func (b bindings) FullHelp() [][]key.Binding { return b.full }

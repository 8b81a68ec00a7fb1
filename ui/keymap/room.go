package keymap

import "github.com/charmbracelet/bubbles/key"

// Console is the facilitator's console of a room session: its controls
// over the selected team's drill, and the session.
type Console struct {
	NextTeam, PrevTeam key.Binding // tab, shift+tab: the team the controls act on
	Commit             key.Binding // enter: commit the choice (or picks) for the team
	Pause              key.Binding // p: pause or resume the team's timer
	Extend, Cut        key.Binding // + and -: a minute more or less on the timer
	Fire               key.Binding // f: fire an event by hand
	Advance            key.Binding // a: move the scenario clock on
	Undo               key.Binding // u: take back the last decision
	Break              key.Binding // b: open a module break, or end it
	Begin              key.Binding // enter: begin the module whose opening the team is at
	End                key.Binding // E: end the team's drill
	Lead               key.Binding // l: mark a player lead, or no longer
	Close              key.Binding // X: end the session
	Debrief            key.Binding // d: the debrief of a drill that is over
	Leave              key.Binding // q: leave the console (the session goes on)
}

// DefaultConsole returns the console's keys.
func DefaultConsole() Console {
	return Console{
		NextTeam: bind([]string{"tab"}, "tab", "next team"),
		PrevTeam: bind([]string{"shift+tab"}, "shift+tab", "previous team"),
		Commit:   bind([]string{"enter"}, "enter", "commit for the team"),
		Pause:    bind([]string{"p"}, "p", "pause/resume"),
		Extend:   bind([]string{"+", "="}, "+", "a minute more"),
		Cut:      bind([]string{"-"}, "-", "a minute less"),
		Fire:     bind([]string{"f"}, "f", "fire an inject"),
		Advance:  bind([]string{"a"}, "a", "advance the clock"),
		Undo:     bind([]string{"u"}, "u", "take back"),
		Break:    bind([]string{"b"}, "b", "module break"),
		Begin:    bind([]string{"enter"}, "enter", "begin the module"),
		End:      bind([]string{"E"}, "E", "end the drill"),
		Lead:     bind([]string{"l"}, "l", "mark a lead"),
		Close:    bind([]string{"X"}, "X", "end the session"),
		Debrief:  bind([]string{"d"}, "d", "debrief"),
		Leave:    bind([]string{"q", "esc"}, "q", "leave"),
	}
}

// Seat is a player's seat in a room session (its choice keys are the
// drill's), and the room view for the projector.
type Seat struct {
	State   key.Binding // enter: state a position on the choice (or picks)
	Commit  key.Binding // C: commit the team's decision (a lead only)
	Brief   key.Binding // r: the role's brief and private information
	Debrief key.Binding // d: the debrief once the drill is over
	Leave   key.Binding // q: leave the seat (it is kept)
}

// DefaultSeat returns a seat's keys.
func DefaultSeat() Seat {
	return Seat{
		State:   bind([]string{"enter"}, "enter", "state my position"),
		Commit:  bind([]string{"C"}, "C", "commit the team's decision"),
		Brief:   bind([]string{"r"}, "r", "my role"),
		Debrief: bind([]string{"d"}, "d", "debrief"),
		Leave:   bind([]string{"q", "esc"}, "q", "leave"),
	}
}

// Lobby is the entry to a room server: its menu and its forms.
type Lobby struct {
	Open   key.Binding // enter: the entry, or the next step of a form
	Back   key.Binding // esc: the step before, or the menu
	Submit key.Binding // enter on a form's last step
	Quit   key.Binding // q: leave the server
}

// DefaultLobby returns the lobby's keys.
func DefaultLobby() Lobby {
	return Lobby{
		Open:   bind([]string{"enter"}, "enter", "choose"),
		Back:   bind([]string{"esc"}, "esc", "back"),
		Submit: bind([]string{"enter"}, "enter", "go"),
		Quit:   bind([]string{"q"}, "q", "leave"),
	}
}

package ui

import "github.com/charmbracelet/bubbles/timer"

// timerTimeout is the message the drill's timer sends when it runs out.
func timerTimeout(m Model) timer.TimeoutMsg { return timer.TimeoutMsg{ID: m.drill.timer.ID()} }

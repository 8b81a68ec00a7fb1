package ui

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
)

// The palette: a few named colours, each with a light- and a dark-background
// form, so that the UI reads on either.
var (
	colorAccent  = lipgloss.AdaptiveColor{Light: "#5A3FD6", Dark: "#A78BFA"}
	colorText    = lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#E6EDF3"}
	colorMuted   = lipgloss.AdaptiveColor{Light: "#6E7781", Dark: "#8B949E"}
	colorSubtle  = lipgloss.AdaptiveColor{Light: "#D0D7DE", Dark: "#30363D"}
	colorGood    = lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#3FB950"}
	colorWarn    = lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#D29922"}
	colorBad     = lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#F85149"}
	colorPress   = lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#F0F6FC"}
	colorSocial  = lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"}
	colorPaper   = lipgloss.AdaptiveColor{Light: "#FFF8E7", Dark: "#2D2A24"}
	colorOnBadge = lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#0D1117"}
)

// Styles holds every style of the UI, nested by area. DefaultStyles builds
// them; screens receive them through the shared context.
type Styles struct {
	App    lipgloss.Style
	Title  lipgloss.Style
	Muted  lipgloss.Style
	Strong lipgloss.Style
	Error  lipgloss.Style
	Help   lipgloss.Style
	Rule   lipgloss.Style

	Header struct {
		Bar, Scenario, Scene, Role, Clock lipgloss.Style
	}
	Choice struct {
		Normal, Selected, Cursor, Number, Checked, Unchecked, Disabled lipgloss.Style
	}
	Panel struct {
		Box, Heading, Label, Value, Met, Late, Missed, Running, FlagOn, FlagOff lipgloss.Style
		MeterFull, MeterEmpty                                                   lipgloss.Style
	}
	Inject struct {
		Box, Kicker, Headline, From, Hint lipgloss.Style
		Channel                           map[engine.Channel]lipgloss.Style
	}
	Notes, Discuss lipgloss.Style
	Modal          lipgloss.Style
	Timer          struct{ Label, Urgent lipgloss.Style }
	Debrief        struct {
		Ending, Total, Principle, Why, Plus, Minus, Best lipgloss.Style
		Rating                                           map[string]lipgloss.Style
	}
	Briefing struct {
		Label, Value lipgloss.Style
	}
}

// DefaultStyles returns the styles of the UI.
func DefaultStyles() *Styles {
	s := &Styles{}
	s.App = lipgloss.NewStyle().Foreground(colorText)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(colorAccent)
	s.Muted = lipgloss.NewStyle().Foreground(colorMuted)
	s.Strong = lipgloss.NewStyle().Bold(true)
	s.Error = lipgloss.NewStyle().Foreground(colorBad).Bold(true)
	s.Help = lipgloss.NewStyle().Foreground(colorMuted)
	s.Rule = lipgloss.NewStyle().Foreground(colorSubtle)

	s.Header.Bar = lipgloss.NewStyle().Padding(0, 1)
	s.Header.Scenario = lipgloss.NewStyle().Foreground(colorMuted)
	s.Header.Scene = lipgloss.NewStyle().Bold(true).Foreground(colorAccent)
	s.Header.Role = lipgloss.NewStyle().Foreground(colorOnBadge).Background(colorAccent).Padding(0, 1)
	s.Header.Clock = lipgloss.NewStyle().Bold(true)

	s.Choice.Normal = lipgloss.NewStyle().Foreground(colorText)
	s.Choice.Selected = lipgloss.NewStyle().Foreground(colorAccent).Bold(true)
	s.Choice.Cursor = lipgloss.NewStyle().Foreground(colorAccent).Bold(true)
	s.Choice.Number = lipgloss.NewStyle().Foreground(colorMuted)
	s.Choice.Checked = lipgloss.NewStyle().Foreground(colorGood).Bold(true)
	s.Choice.Unchecked = lipgloss.NewStyle().Foreground(colorMuted)
	s.Choice.Disabled = lipgloss.NewStyle().Foreground(colorMuted).Faint(true)

	s.Panel.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(colorSubtle).Padding(0, 1)
	s.Panel.Heading = lipgloss.NewStyle().Bold(true).Foreground(colorMuted)
	s.Panel.Label = lipgloss.NewStyle().Foreground(colorText)
	s.Panel.Value = lipgloss.NewStyle().Bold(true)
	s.Panel.Met = lipgloss.NewStyle().Foreground(colorGood)
	s.Panel.Late = lipgloss.NewStyle().Foreground(colorWarn)
	s.Panel.Missed = lipgloss.NewStyle().Foreground(colorBad).Bold(true)
	s.Panel.Running = lipgloss.NewStyle().Foreground(colorText)
	s.Panel.FlagOn = lipgloss.NewStyle().Foreground(colorWarn).Bold(true)
	s.Panel.FlagOff = lipgloss.NewStyle().Foreground(colorMuted)
	s.Panel.MeterFull = lipgloss.NewStyle().Foreground(colorAccent)
	s.Panel.MeterEmpty = lipgloss.NewStyle().Foreground(colorSubtle)

	s.Inject.Box = lipgloss.NewStyle().Border(lipgloss.ThickBorder()).Padding(1, 2)
	s.Inject.Kicker = lipgloss.NewStyle().Bold(true).Foreground(colorOnBadge).Padding(0, 1)
	s.Inject.Headline = lipgloss.NewStyle().Bold(true)
	s.Inject.From = lipgloss.NewStyle().Foreground(colorMuted).Italic(true)
	s.Inject.Hint = lipgloss.NewStyle().Foreground(colorMuted)
	s.Inject.Channel = map[engine.Channel]lipgloss.Style{
		engine.ChannelPress:    lipgloss.NewStyle().Background(colorPress).Foreground(colorPaper),
		engine.ChannelSocial:   lipgloss.NewStyle().Background(colorSocial),
		engine.ChannelEmail:    lipgloss.NewStyle().Background(colorMuted),
		engine.ChannelCall:     lipgloss.NewStyle().Background(colorWarn),
		engine.ChannelInternal: lipgloss.NewStyle().Background(colorAccent),
	}

	s.Notes = lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(colorWarn).PaddingLeft(1)
	s.Discuss = lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(colorSocial).PaddingLeft(1)
	s.Modal = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(colorAccent).Padding(1, 3)
	s.Timer.Label = lipgloss.NewStyle().Foreground(colorText)
	s.Timer.Urgent = lipgloss.NewStyle().Foreground(colorBad).Bold(true)

	s.Debrief.Ending = lipgloss.NewStyle().Bold(true).Foreground(colorAccent)
	s.Debrief.Total = lipgloss.NewStyle().Bold(true)
	s.Debrief.Principle = lipgloss.NewStyle().Bold(true)
	s.Debrief.Why = lipgloss.NewStyle().Foreground(colorMuted)
	s.Debrief.Plus = lipgloss.NewStyle().Foreground(colorGood).Bold(true)
	s.Debrief.Minus = lipgloss.NewStyle().Foreground(colorBad).Bold(true)
	s.Debrief.Best = lipgloss.NewStyle().Foreground(colorSocial)
	s.Debrief.Rating = map[string]lipgloss.Style{
		"P": lipgloss.NewStyle().Foreground(colorOnBadge).Background(colorGood).Bold(true).Padding(0, 1),
		"S": lipgloss.NewStyle().Foreground(colorOnBadge).Background(colorSocial).Bold(true).Padding(0, 1),
		"M": lipgloss.NewStyle().Foreground(colorOnBadge).Background(colorWarn).Bold(true).Padding(0, 1),
		"U": lipgloss.NewStyle().Foreground(colorOnBadge).Background(colorBad).Bold(true).Padding(0, 1),
	}
	s.Briefing.Label = lipgloss.NewStyle().Foreground(colorMuted).Width(10)
	s.Briefing.Value = lipgloss.NewStyle().Foreground(colorText)
	return s
}

package common

import (
	"strconv"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ttx-dev/ttx/engine"
)

// colours is the palette: a few named colours, each with a light- and a
// dark-background form; the renderer a style belongs to picks the form for
// its terminal.
type colours struct {
	accent, text, muted, subtle, good, warn, bad, press, social, paper, onBadge lipgloss.AdaptiveColor
}

func defaultColours() colours {
	return colours{
		accent:  lipgloss.AdaptiveColor{Light: "#5A3FD6", Dark: "#A78BFA"},
		text:    lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#E6EDF3"},
		muted:   lipgloss.AdaptiveColor{Light: "#6E7781", Dark: "#8B949E"},
		subtle:  lipgloss.AdaptiveColor{Light: "#D0D7DE", Dark: "#30363D"},
		good:    lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#3FB950"},
		warn:    lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#D29922"},
		bad:     lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#F85149"},
		press:   lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#F0F6FC"},
		social:  lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"},
		paper:   lipgloss.AdaptiveColor{Light: "#FFF8E7", Dark: "#2D2A24"},
		onBadge: lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#0D1117"},
	}
}

// Band names the colour ranks of the risk map's severity bands, from the
// lowest.
const (
	BandLow = iota
	BandMedium
	BandHigh
	BandCritical
	BandRanks
)

// BandStyle is how one severity band is drawn.
type BandStyle struct {
	Cell  lipgloss.Style // a heat-map cell: the count on the band's colour
	Tag   lipgloss.Style // text in the band's colour
	Badge lipgloss.Style // the band's name on its colour
}

// Styles holds every style of the UI, nested by area. [DefaultStyles]
// builds them for one renderer (one terminal); screens receive them through
// [Common].
type Styles struct {
	App     lipgloss.Style
	Title   lipgloss.Style
	Muted   lipgloss.Style
	Strong  lipgloss.Style
	Error   lipgloss.Style
	Success lipgloss.Style // a status line saying something worked
	Rule    lipgloss.Style
	Spinner lipgloss.Style
	Pad     lipgloss.Style // a screen's margin: one line, two columns

	// Help styles the help line; List, Table, Input and Area style the
	// bubbles components, whose own defaults would draw with the process's
	// terminal rather than this renderer's.
	Help  help.Styles
	List  list.Styles
	Table table.Styles
	Input struct {
		Prompt, Text, Placeholder, Cursor, CursorText, Completion lipgloss.Style
	}
	Area struct{ Focused, Blurred textarea.Style }

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
	Notes, Discuss, Plan lipgloss.Style // the panes under a scene
	Modal                lipgloss.Style
	Timer                struct {
		Label, Urgent lipgloss.Style
		Fill          string // the countdown bar's colour, for this terminal's background
	}
	Debrief struct {
		Ending, Total, Principle, Why, Plus, Minus, Best lipgloss.Style
		Rating                                           map[string]lipgloss.Style
		BarFrom, BarTo                                   string // the score bars' gradient
	}
	Briefing struct {
		Label, Value lipgloss.Style
	}
	Form struct {
		Label, Focused, Bad, Error, Hint lipgloss.Style
		Warn                             lipgloss.Style // a warning under a field: it does not stop a save
		Selected                         lipgloss.Style // a value typing replaces
	}
	RiskMap struct {
		Bands               [BandRanks]BandStyle // low, medium, high, critical
		Cursor, Axis, Label lipgloss.Style
		Warn, Box           lipgloss.Style
	}
}

// DefaultStyles returns the styles of the UI for the terminal r renders to:
// its colour profile (none under NO_COLOR) and its background, light or
// dark.
func DefaultStyles(r *lipgloss.Renderer) *Styles {
	p := defaultColours()
	fill := resolve(r, p.warn)
	p = p.forProfile(r)
	n := r.NewStyle
	s := &Styles{}
	s.App = n().Foreground(p.text)
	s.Title = n().Bold(true).Foreground(p.accent)
	s.Muted = n().Foreground(p.muted)
	s.Strong = n().Bold(true)
	s.Error = n().Foreground(p.bad).Bold(true)
	s.Success = n().Foreground(p.good)
	s.Rule = n().Foreground(p.subtle)
	s.Spinner = n().Foreground(p.accent)
	s.Pad = n().Padding(1, 2)

	s.Help = help.Styles{
		Ellipsis:       n().Foreground(p.muted),
		ShortKey:       n().Foreground(p.muted).Bold(true),
		ShortDesc:      n().Foreground(p.muted),
		ShortSeparator: n().Foreground(p.subtle),
		FullKey:        n().Foreground(p.muted).Bold(true),
		FullDesc:       n().Foreground(p.muted),
		FullSeparator:  n().Foreground(p.subtle),
	}
	s.List = listStyles(r)
	s.Table = table.Styles{
		Header:   n().Bold(true).Padding(0, 1).Foreground(p.accent).BorderBottom(true).BorderForeground(p.subtle).BorderStyle(lipgloss.NormalBorder()),
		Cell:     n().Padding(0, 1),
		Selected: n().Bold(true).Foreground(p.onBadge).Background(p.accent),
	}
	s.Input.Prompt = n()
	s.Input.Text = n()
	s.Input.Placeholder = n().Foreground(p.muted)
	s.Input.Cursor = n()
	s.Input.CursorText = n()
	s.Input.Completion = n().Foreground(p.muted)
	area := textarea.Style{
		Base: n(), CursorLine: n(), CursorLineNumber: n().Foreground(p.muted), EndOfBuffer: n().Foreground(p.subtle),
		LineNumber: n().Foreground(p.muted), Placeholder: n().Foreground(p.muted), Prompt: n().Foreground(p.accent), Text: n(),
	}
	s.Area.Focused = area
	s.Area.Blurred = area
	s.Area.Blurred.Prompt = n().Foreground(p.muted)
	s.Area.Blurred.Text = n().Foreground(p.muted)

	s.Header.Bar = n().Padding(0, 1)
	s.Header.Scenario = n().Foreground(p.muted)
	s.Header.Scene = n().Bold(true).Foreground(p.accent)
	s.Header.Role = n().Foreground(p.onBadge).Background(p.accent).Padding(0, 1)
	s.Header.Clock = n().Bold(true)

	s.Choice.Normal = n().Foreground(p.text)
	s.Choice.Selected = n().Foreground(p.accent).Bold(true)
	s.Choice.Cursor = n().Foreground(p.accent).Bold(true)
	s.Choice.Number = n().Foreground(p.muted)
	s.Choice.Checked = n().Foreground(p.good).Bold(true)
	s.Choice.Unchecked = n().Foreground(p.muted)
	s.Choice.Disabled = n().Foreground(p.muted).Faint(true)

	s.Panel.Box = n().Border(lipgloss.RoundedBorder()).BorderForeground(p.subtle).Padding(0, 1)
	s.Panel.Heading = n().Bold(true).Foreground(p.muted)
	s.Panel.Label = n().Foreground(p.text)
	s.Panel.Value = n().Bold(true)
	s.Panel.Met = n().Foreground(p.good)
	s.Panel.Late = n().Foreground(p.warn)
	s.Panel.Missed = n().Foreground(p.bad).Bold(true)
	s.Panel.Running = n().Foreground(p.text)
	s.Panel.FlagOn = n().Foreground(p.warn).Bold(true)
	s.Panel.FlagOff = n().Foreground(p.muted)
	s.Panel.MeterFull = n().Foreground(p.accent)
	s.Panel.MeterEmpty = n().Foreground(p.subtle)

	s.Inject.Box = n().Border(lipgloss.ThickBorder()).Padding(1, 2)
	s.Inject.Kicker = n().Bold(true).Foreground(p.onBadge).Padding(0, 1)
	s.Inject.Headline = n().Bold(true)
	s.Inject.From = n().Foreground(p.muted).Italic(true)
	s.Inject.Hint = n().Foreground(p.muted)
	s.Inject.Channel = map[engine.Channel]lipgloss.Style{
		engine.ChannelPress:    n().Background(p.press).Foreground(p.paper),
		engine.ChannelSocial:   n().Background(p.social),
		engine.ChannelEmail:    n().Background(p.muted),
		engine.ChannelCall:     n().Background(p.warn),
		engine.ChannelInternal: n().Background(p.accent),
	}

	pane := n().Border(lipgloss.NormalBorder(), false, false, false, true).PaddingLeft(1)
	s.Notes = pane.BorderForeground(p.warn)
	s.Discuss = pane.BorderForeground(p.social)
	s.Plan = pane.BorderForeground(p.accent)
	s.Modal = n().Border(lipgloss.RoundedBorder()).BorderForeground(p.accent).Padding(1, 3)
	s.Timer.Label = n().Foreground(p.text)
	s.Timer.Urgent = n().Foreground(p.bad).Bold(true)
	s.Timer.Fill = fill

	s.Debrief.Ending = n().Bold(true).Foreground(p.accent)
	s.Debrief.Total = n().Bold(true)
	s.Debrief.Principle = n().Bold(true)
	s.Debrief.Why = n().Foreground(p.muted)
	s.Debrief.Plus = n().Foreground(p.good).Bold(true)
	s.Debrief.Minus = n().Foreground(p.bad).Bold(true)
	s.Debrief.Best = n().Foreground(p.social)
	badge := n().Foreground(p.onBadge).Bold(true).Padding(0, 1)
	s.Debrief.Rating = map[string]lipgloss.Style{
		"P": badge.Background(p.good), "S": badge.Background(p.social),
		"M": badge.Background(p.warn), "U": badge.Background(p.bad),
	}
	s.Debrief.BarFrom, s.Debrief.BarTo = "#5A56E0", "#EE6FF8" // bubbles' default gradient

	s.Briefing.Label = n().Foreground(p.muted).Width(10)
	s.Briefing.Value = n().Foreground(p.text)

	s.Form.Label = n().Foreground(p.muted)
	s.Form.Focused = s.Choice.Selected
	s.Form.Bad = s.Error
	s.Form.Error = s.Error
	s.Form.Hint = s.Muted
	s.Form.Warn = n().Foreground(p.warn)
	s.Form.Selected = n().Reverse(true)

	// The bands: low green, medium yellow, high orange, critical red, each
	// an exact colour of the 256-colour palette (28/71, 136/178, 166/208,
	// 124/160 on light/dark backgrounds), so that a 256-colour terminal
	// shows four distinct bands; the letters L, M, H, C say the band where
	// there is no colour.
	bands := [BandRanks]lipgloss.AdaptiveColor{
		{Light: "#008700", Dark: "#5FAF5F"}, {Light: "#AF8700", Dark: "#D7AF00"},
		{Light: "#D75F00", Dark: "#FF8700"}, {Light: "#AF0000", Dark: "#D70000"},
	}
	for i, c := range bands {
		c = forProfile(r, c)
		s.RiskMap.Bands[i] = BandStyle{
			Cell:  n().Background(c).Foreground(p.onBadge),
			Tag:   n().Foreground(c).Bold(true),
			Badge: n().Background(c).Foreground(p.onBadge).Bold(true).Padding(0, 1),
		}
	}
	s.RiskMap.Cursor = n().Bold(true).Underline(true)
	s.RiskMap.Axis = n().Foreground(p.muted)
	s.RiskMap.Label = n().Foreground(p.muted)
	s.RiskMap.Warn = n().Foreground(p.warn).Bold(true)
	s.RiskMap.Box = s.Panel.Box
	return s
}

// listStyles are the home list's styles, on r.
func listStyles(r *lipgloss.Renderer) list.Styles {
	p := defaultColours().forProfile(r)
	n := r.NewStyle
	var s list.Styles
	s.TitleBar = n().Padding(0, 0, 1, 2)
	s.Title = n().Bold(true).Foreground(p.accent).Padding(0, 1)
	s.Spinner = n().Foreground(p.accent)
	s.FilterPrompt = n().Foreground(p.accent)
	s.FilterCursor = n().Foreground(p.accent)
	s.DefaultFilterCharacterMatch = n().Underline(true)
	s.StatusBar = n().Foreground(p.muted).Padding(0, 0, 1, 2)
	s.StatusEmpty = n().Foreground(p.muted)
	s.StatusBarActiveFilter = n().Foreground(p.text)
	s.StatusBarFilterCount = n().Foreground(p.muted)
	s.NoItems = n().Foreground(p.muted)
	s.ArabicPagination = n().Foreground(p.muted)
	s.PaginationStyle = n().PaddingLeft(2)
	s.HelpStyle = n().Padding(1, 0, 0, 2)
	s.ActivePaginationDot = n().Foreground(p.text).SetString("•")
	s.InactivePaginationDot = n().Foreground(p.subtle).SetString("•")
	s.DividerDot = n().Foreground(p.subtle).SetString(" • ")
	return s
}

// forProfile converts every colour of the palette, once, to what r's
// colour profile shows: a style drawn many times a second would otherwise
// convert its hex colours on each draw, and finding the nearest of 256
// colours is most of what drawing costs on a 256-colour terminal.
func (p colours) forProfile(r *lipgloss.Renderer) colours {
	for _, c := range []*lipgloss.AdaptiveColor{&p.accent, &p.text, &p.muted, &p.subtle, &p.good, &p.warn, &p.bad, &p.press, &p.social, &p.paper, &p.onBadge} {
		*c = forProfile(r, *c)
	}
	return p
}

// forProfile is c in r's colour profile: an ANSI colour's number, or the
// hex colour of a true-colour terminal, or none.
func forProfile(r *lipgloss.Renderer, c lipgloss.AdaptiveColor) lipgloss.AdaptiveColor {
	conv := func(hex string) string {
		switch v := r.ColorProfile().Color(hex).(type) {
		case termenv.ANSI256Color:
			return strconv.Itoa(int(v))
		case termenv.ANSIColor:
			return strconv.Itoa(int(v))
		case termenv.RGBColor:
			return string(v)
		}
		return ""
	}
	return lipgloss.AdaptiveColor{Light: conv(c.Light), Dark: conv(c.Dark)}
}

// resolve returns the form of c for r's background, for the components
// that take a colour as a string.
func resolve(r *lipgloss.Renderer, c lipgloss.AdaptiveColor) string {
	if r.HasDarkBackground() {
		return c.Dark
	}
	return c.Light
}

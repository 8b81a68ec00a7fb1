package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/engine"
)

// common is the context every screen shares: the size of the terminal, the
// styles, the key map and the Markdown renderer.
type common struct {
	width, height int
	styles        *Styles
	keys          *KeyMap
	md            *markdown
	help          help.Model
	register      *engine.Register // the risk register, when there is one
}

// riskOf returns the register's entry for the risk sc drills, or nil.
func (c *common) riskOf(sc *engine.Scenario) *engine.Risk {
	if c.register == nil || sc.Risk == "" {
		return nil
	}
	for i := range c.register.Risks {
		if c.register.Risks[i].ID == sc.Risk {
			return &c.register.Risks[i]
		}
	}
	return nil
}

// planText renders a risk's plan for the briefing and the drill.
func (c *common) planText(r *engine.Risk, g *engine.Guidance) string {
	st := c.styles
	var b strings.Builder
	band := c.register.BandOf(r.Severity())
	fmt.Fprintf(&b, "%s\n%s\n", st.Strong.Render(r.Title), st.Muted.Render(fmt.Sprintf("%s risk · owner %s · likelihood %s, impact %s", band.Name, orDash(r.Owner), engine.LikelihoodLabels[max(r.Likelihood, 1)-1], engine.ImpactLabels[max(r.Impact, 1)-1])))
	if !r.Plan.Exists() {
		b.WriteString(st.Error.Render("No response plan is written for this risk.") + "\n")
		return b.String()
	}
	if r.Plan.Text != "" {
		b.WriteString("\n" + r.Plan.Text + "\n")
	}
	if r.Plan.File != "" {
		b.WriteString("\nPlaybook: " + r.Plan.File + "\n")
	}
	for _, s := range r.Plan.Steps {
		fmt.Fprintf(&b, "• %s: %s\n", orDash(s.Who), s.What)
	}
	var missing []string
	for _, p := range g.Principles {
		found := false
		for _, c := range r.Plan.Principles {
			found = found || c == p.ID
		}
		if !found {
			missing = append(missing, p.ID)
		}
	}
	fmt.Fprintf(&b, "\nCovers: %s", orDash(strings.Join(r.Plan.Principles, ", ")))
	if len(missing) > 0 {
		b.WriteString(st.Muted.Render(" · not covered: " + strings.Join(missing, ", ")))
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newCommon(opts Options) *common {
	h := help.New()
	st := DefaultStyles()
	h.Styles.ShortKey = st.Help.Bold(true)
	h.Styles.ShortDesc = st.Help
	h.Styles.FullKey = st.Help.Bold(true)
	h.Styles.FullDesc = st.Help
	return &common{styles: st, keys: DefaultKeyMap(), md: newMarkdown(opts.Dark, opts.NoColor), help: h}
}

// helpView renders the help line (or, with ShowAll, the full help) for km.
func (c *common) helpView(km bindings) string {
	c.help.Width = c.width - 1
	// help stops adding keys at its width only while its ellipsis still
	// fits, so cut each line to the width as well.
	lines := strings.Split(c.help.View(km), "\n")
	for i, l := range lines {
		lines[i] = truncate(l, c.width-1)
	}
	return strings.Join(lines, "\n")
}

// Messages between screens and from commands.
type (
	// goHomeMsg returns to the home screen.
	goHomeMsg struct{}
	// panicMsg carries a panic recovered in a command.
	panicMsg struct{ err error }
)

// safe wraps a command so that a panic in it becomes a panicMsg, which ends
// the program cleanly with one line, instead of a trace.
func safe(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicMsg{fmt.Errorf("%v", r)}
			}
		}()
		return cmd()
	}
}

// truncate cuts s to width cells, with an ellipsis when it had to.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// Package compare is the comparison of recorded drills of one scenario,
// opened from the results: side by side, the ending, the total and each
// principle's score with its rating, as scored when each drill ended; then
// where each run's path first parted from the first run's, and what each
// chose there.
package compare

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/report"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
)

// Model is the comparison of some runs.
type Model struct {
	c       *common.Common
	ids     []int64
	runs    []run
	err     error
	loading bool
	spinner busy.Model
	vp      viewport.Model
}

// run is a recorded drill, replayed, with its stored score.
type run struct {
	r   *store.Run
	d   *engine.Drill
	res *engine.Result
}

// loadedMsg brings the runs, read whole and replayed.
type loadedMsg struct {
	m    *Model
	runs []run
	err  error
}

// New returns the comparison of the runs with these ids, in this order.
func New(c *common.Common, ids []int64) *Model {
	m := &Model{c: c, ids: ids, loading: true, spinner: busy.New(c), vp: viewport.New(0, 0)}
	m.vp.Style = c.Renderer.NewStyle()
	g := c.KeyMap.Global
	m.vp.KeyMap = viewport.KeyMap{Up: g.Up, Down: g.Down, PageUp: g.PageUp, PageDown: g.PageDown}
	return m
}

// Init reads and replays the runs, in a command.
func (m *Model) Init() tea.Cmd {
	c, ids := m.c, m.ids
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		var out []run
		for _, id := range ids {
			r, err := c.Store.Get(id)
			if err != nil {
				return loadedMsg{m: m, err: err}
			}
			d, err := c.Replay(*r)
			if err != nil {
				return loadedMsg{m: m, err: err}
			}
			res, err := r.Result(d)
			if err != nil {
				return loadedMsg{m: m, err: err}
			}
			out = append(out, run{r, d, res})
		}
		return loadedMsg{m: m, runs: out}
	})
}

// SetSize fits the comparison to the page.
func (m *Model) SetSize(w, h int) {
	m.vp.Width, m.vp.Height = w, max(h, 1)
	m.vp.SetContent(m.content())
}

// Typing is false: the comparison takes no text.
func (m *Model) Typing() bool { return false }

// Update handles the runs and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.m == m {
			m.loading, m.runs, m.err = false, msg.runs, msg.err
			m.vp.SetContent(m.content())
		}
		return m, nil
	case tea.KeyMsg:
		if key.Matches(msg, m.c.KeyMap.Global.Back) {
			m.c.Back()
			return m, nil
		}
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	var cmd tea.Cmd
	m.spinner, cmd, _ = m.spinner.Update(msg, m.loading)
	return m, cmd
}

// label is the name of run i in the comparison: its number and team.
func (m *Model) label(i int) string {
	r := m.runs[i].r
	return fmt.Sprintf("#%d %s", r.ID, common.Or(common.Line(r.Team), "no team"))
}

// content is the comparison in the viewport's width.
func (m *Model) content() string {
	st := m.c.Styles
	w := max(m.vp.Width-4, 20)
	switch {
	case m.loading:
		return st.Pad.Render(m.spinner.View() + " Reading the runs…")
	case m.err != nil:
		return st.Pad.Render(st.Error.Render("The runs cannot be compared: ") + common.Line(m.err.Error()))
	case len(m.runs) == 0:
		return ""
	}
	sc := m.runs[0].d.Scenario()
	var b strings.Builder
	b.WriteString(st.Title.Render(fmt.Sprintf("Comparing %d runs", len(m.runs))) + st.Muted.Render(" · "+common.Line(sc.Title)) + "\n\n")
	labelW := min(28, w/3)
	colW := max(min((w-labelW)/len(m.runs), 26), 8)
	cell := func(s string, width int) string {
		s = common.Truncate(s, width-1)
		return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 0))
	}
	row := func(label string, style func(...string) string, f func(run) string) {
		line := st.Muted.Render(cell(label, labelW))
		for _, r := range m.runs {
			line += style(cell(f(r), colW))
		}
		b.WriteString(line + "\n")
	}
	head := cell("", labelW)
	for i := range m.runs {
		head += st.Strong.Render(cell(m.label(i), colW))
	}
	b.WriteString(head + "\n")
	row("Ending", st.App.Render, func(r run) string {
		return common.Line(common.Or(r.res.EndingTitle, common.Or(r.res.Ending, "none")))
	})
	var capped []string
	row("Total", st.Strong.Render, func(r run) string {
		rt, c := engine.OverallRating(r.res.TotalPercent, r.res.Scores)
		if c == nil {
			return fmt.Sprintf("%3.0f%% %s", r.res.TotalPercent, rt.Code)
		}
		capped = append(capped, fmt.Sprintf("#%d %s", r.r.ID, c.Reason(rt, common.Line)))
		return fmt.Sprintf("%3.0f%% %s ^", r.res.TotalPercent, rt.Code)
	})
	planned := false
	for p, pr := range sc.Guidance.Principles {
		scored := false
		for _, r := range m.runs {
			scored = scored || r.res.Scores[p].Scored
		}
		if !scored {
			continue
		}
		row(pr.Title, st.App.Render, func(r run) string {
			s := r.res.Scores[p]
			if !s.Scored {
				return "-"
			}
			mark := ""
			if s.Plan != nil {
				mark, planned = " *", true
			}
			rt := engine.RatingFor(s.Percent)
			return fmt.Sprintf("%3.0f%% %s%s", s.Percent, rt.Code, mark)
		})
	}
	para := func(s string) { b.WriteString(common.Wrap(s, w) + "\n") }
	b.WriteString("\n")
	para(st.Muted.Render("P performed without challenges · S with some challenges · M with major challenges · U unable to perform"))
	for _, c := range capped {
		para(st.Muted.Render("^ " + c + ": the overall rating is never more than one band better than the weakest principle's"))
	}
	if planned {
		para(st.Muted.Render("* counts the response plan of the risk register, as scored when the drill ended"))
	}
	first := report.Input{Result: m.runs[0].res}
	for i := 1; i < len(m.runs); i++ {
		b.WriteString("\n")
		other := report.Input{Result: m.runs[i].res}
		step, ok := report.Divergence(first, other)
		if !ok {
			para(fmt.Sprintf("%s and %s made the same decisions.", m.label(0), m.label(i)))
			continue
		}
		where := fmt.Sprintf("decision %d", step+1)
		if decs := m.runs[0].res.Decisions; step < len(decs) {
			if k, ok := sc.SceneIndex(decs[step].Scene); ok {
				where += ", “" + m.runs[0].d.Render(sc.Scenes[k].Title) + "”"
			}
		}
		para(st.Strong.Render(fmt.Sprintf("%s and %s parted at %s:", m.label(0), m.label(i), where)))
		for _, k := range []int{0, i} {
			para("  " + m.label(k) + " " + m.chose(m.runs[k], step))
		}
	}
	return st.Pad.Render(strings.TrimRight(b.String(), "\n"))
}

// chose says what a run chose at decision step.
func (m *Model) chose(r run, step int) string {
	if step >= len(r.res.Decisions) {
		return "had ended"
	}
	sc := r.d.Scenario()
	var texts []string
	for _, id := range r.res.Decisions[step].Choices {
		text := common.Line(id)
		if k, ok := sc.ChoiceIndex(id); ok {
			_, c := sc.ChoiceByIndex(k)
			text = r.d.Render(c.Text)
		}
		texts = append(texts, "“"+text+"”")
	}
	s := "chose " + strings.Join(texts, " and ")
	if r.res.Decisions[step].TimedOut {
		s = "ran out of time: the clock " + s
	}
	return s
}

// ShortHelp is the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	g := m.c.KeyMap.Global
	pu, pd := g.PageUp, g.PageDown
	pu.SetEnabled(!m.vp.AtTop())
	pd.SetEnabled(!m.vp.AtBottom())
	return []key.Binding{pu, pd, g.Back}
}

// FullHelp is every key that works now.
func (m *Model) FullHelp() [][]key.Binding {
	g := m.c.KeyMap.Global
	up, down := g.Up, g.Down
	up.SetEnabled(!m.vp.AtTop())
	down.SetEnabled(!m.vp.AtBottom())
	return [][]key.Binding{{up, down}, m.ShortHelp()}
}

// View draws the comparison, or the spinner while the runs are read.
func (m *Model) View() string {
	if m.loading {
		return m.content()
	}
	return m.vp.View()
}

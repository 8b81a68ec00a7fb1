package home

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/common"
)

// scenarioItem is a scenario in the home list.
type scenarioItem struct {
	sc     *engine.Scenario
	length string
}

func newScenarioItem(sc *engine.Scenario) scenarioItem {
	short, _ := common.Length(sc)
	return scenarioItem{sc: sc, length: short}
}

func (i scenarioItem) FilterValue() string {
	return i.sc.Title + " " + i.sc.ID + " " + strings.Join(i.sc.Tags, " ")
}

// resumeItem is an unfinished drill to continue. Its texts come from the
// store, which may hold an imported run: they are cleaned when made.
type resumeItem struct {
	run   store.Run
	title string
	team  string
}

func (i resumeItem) FilterValue() string { return "resume " + i.title + " " + i.team }

// resultsItem opens the results screen.
type resultsItem struct{}

func (resultsItem) FilterValue() string { return "results" }

// riskMapItem opens the risk map.
type riskMapItem struct{}

func (riskMapItem) FilterValue() string { return "risk map register heat" }

// action names what enter does on an item, for the help line.
func action(it list.Item) string {
	switch it.(type) {
	case scenarioItem:
		return "open the briefing"
	case resumeItem:
		return "resume the drill"
	case resultsItem:
		return "open the results"
	case riskMapItem:
		return "open the risk map"
	}
	return "open"
}

// delegate draws a list entry as three lines: for a scenario, its title,
// summary, and tags, roles and length.
type delegate struct{ c *common.Common }

func (d delegate) Height() int                         { return 3 }
func (d delegate) Spacing() int                        { return 1 }
func (d delegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d delegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	st := d.c.Styles
	width := max(m.Width()-4, 10)
	bar, title := "  ", st.Strong
	if index == m.Index() {
		bar, title = st.Choice.Cursor.Render("▌ "), st.Choice.Selected
	}
	lines := func(a, b, c string) {
		fmt.Fprint(w, strings.Join([]string{bar + a, bar + b, bar + c}, "\n"))
	}
	cut := common.Truncate
	switch it := item.(type) {
	case resumeItem:
		n := it.run.DecisionCount
		lines(title.Render(cut("↻ Resume: "+it.title, width)),
			st.App.Render(cut(fmt.Sprintf("%s · stopped after %s", common.Or(it.team, "no team"), common.Plural(n, "decision", "decisions")), width)),
			st.Muted.Render(cut("started "+it.run.Started.Local().Format("2006-01-02 15:04")+" · the same seed, decisions and clocks", width)))
	case resultsItem:
		lines(title.Render("☰ Results"), st.App.Render(cut("Recorded drills: compare teams and runs, open a debrief again", width)), "")
	case riskMapItem:
		about := st.App.Render(cut("The PR disasters that could hit you: rate them, plan for each, see what has been drilled", width))
		if d.c.RegisterErr != nil {
			about = st.Error.Render(cut(common.Line(common.Or(d.c.RegisterPath, engine.DefaultRegisterFile))+" does not load: open the risk map to see why", width))
		}
		lines(title.Render("▦ Risk map"), about, "")
	case scenarioItem:
		meta := []string{it.length}
		if n := len(it.sc.RoleInfo); n > 0 {
			meta = append(meta, common.Plural(n, "role", "roles")) // the briefing names them
		}
		if len(it.sc.Tags) > 0 {
			meta = append(meta, "#"+strings.Join(it.sc.Tags, " #"))
		}
		lines(title.Render(cut(it.sc.Title, width)), st.App.Render(cut(it.sc.Summary, width)), st.Muted.Render(cut(strings.Join(meta, " · "), width)))
	}
}

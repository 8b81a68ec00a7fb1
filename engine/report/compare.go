package report

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ttx-dev/ttx/engine"
)

// Divergence returns the index of the first decision where two runs chose
// differently: another scene, other choices, or a decision one run made
// after the other had stopped. ok is false when both took the same path.
// Decisions are compared by scene and choice ids, so runs of different
// versions of a scenario compare as long as the ids are kept.
func Divergence(a, b Input) (step int, ok bool) {
	da, db := decisionsOf(a), decisionsOf(b)
	n := min(len(da), len(db))
	for i := range n {
		if da[i].Scene != db[i].Scene || !slices.Equal(sortedIDs(da[i].Choices), sortedIDs(db[i].Choices)) {
			return i, true
		}
	}
	if len(da) != len(db) {
		return n, true
	}
	return 0, false
}

func decisionsOf(in Input) []engine.DecisionResult {
	if in.Result != nil {
		return in.Result.Decisions
	}
	if in.Drill == nil {
		return nil
	}
	var out []engine.DecisionResult
	sc := in.Drill.Scenario()
	for _, dec := range in.Drill.Decisions() {
		dr := engine.DecisionResult{Scene: sc.Scenes[dec.Scene].ID}
		for _, ci := range dec.Choices {
			_, c := sc.ChoiceByIndex(ci)
			dr.Choices = append(dr.Choices, c.ID)
		}
		out = append(out, dr)
	}
	return out
}

func sortedIDs(ids []string) []string {
	s := slices.Clone(ids)
	slices.Sort(s)
	return s
}

// comparison is the content of a comparison of runs.
type comparison struct {
	Title    string
	Runs     []runInfo
	Warnings []string
	Rows     []compareRow // per principle, then the overall score
	Diverge  []divergence
	Clocks   []clockRow
	Chart    chart
}

type runInfo struct {
	Label, Color                        string
	Team, When, RealTime, Version, Hash string
	Decisions                           int
	Hours, Outcome, Total, TotalCode    string
	Participants                        string
}

type compareRow struct {
	ID, Title string
	Overall   bool
	Cells     []cell
}

type cell struct {
	OK      bool // the run scores this principle
	Percent float64
	Rating  Rating
}

func (c cell) String() string {
	if !c.OK {
		return "not scored"
	}
	return percent(c.Percent) + " " + c.Rating.Code
}

// divergence is where a run's path left the first run's.
type divergence struct {
	A, B      string // run labels
	Same      bool
	Step      int // 1-based
	Sides     []side
	CommonLen int
}

// Common says what the runs shared before they diverged.
func (dv divergence) Common() string {
	switch dv.CommonLen {
	case 0:
		return "chose differently from the start"
	case 1:
		return "made the same first decision"
	}
	return fmt.Sprintf("made the same first %d decisions", dv.CommonLen)
}

type side struct {
	Label, Color string
	Ended        bool   // the run had no decision at this step
	Outcome      string // how it ended, when Ended
	Hours        string
	SceneTitle   string
	Choices      []string
	TimedOut     bool
}

type clockRow struct {
	Label string
	Due   string
	Cells []clockCell
}

type clockCell struct{ Text, State string }

func compare(runs []Input) (*comparison, []*Report, error) {
	if len(runs) == 0 {
		return nil, nil, errors.New("report: no runs to compare")
	}
	rs := make([]*Report, len(runs))
	for i, in := range runs {
		r, err := Build(in)
		if err != nil {
			return nil, nil, fmt.Errorf("run %d: %w", i+1, err)
		}
		rs[i] = r
	}
	c := &comparison{Title: rs[0].Scenario.Title}
	for i, r := range rs {
		names := make([]string, 0, len(r.Participants))
		for _, p := range r.Participants {
			n := p.Name
			if p.Role != "" {
				n += " (" + p.Role + ")"
			}
			names = append(names, n)
		}
		c.Runs = append(c.Runs, runInfo{
			Label: r.label(i), Color: runColor(i), Team: r.Team, When: r.when(), RealTime: r.realTime(),
			Version: r.Scenario.Version, Hash: short(r.Scenario.Hash), Decisions: len(r.Timeline),
			Hours: hoursLong(r.Hours), Outcome: r.outcome(), Total: percent(r.TotalPercent),
			TotalCode: r.TotalRating.Code, Participants: strings.Join(names, "; "),
		})
	}
	c.Warnings = warnings(rs)

	// rows: the principles in order of first appearance, then the total
	var ids []string
	titles := map[string]string{}
	for _, r := range rs {
		for _, p := range r.Principles {
			if !p.Scored {
				continue
			}
			if _, ok := titles[p.ID]; !ok {
				ids = append(ids, p.ID)
				titles[p.ID] = p.Title
			}
		}
	}
	for _, id := range ids {
		row := compareRow{ID: id, Title: titles[id]}
		for _, r := range rs {
			var cl cell
			for _, p := range r.Principles {
				if p.ID == id && p.Scored {
					cl = cell{OK: true, Percent: p.Percent, Rating: p.Rating}
				}
			}
			row.Cells = append(row.Cells, cl)
		}
		c.Rows = append(c.Rows, row)
	}
	total := compareRow{ID: "overall", Title: "Overall", Overall: true}
	for _, r := range rs {
		total.Cells = append(total.Cells, cell{OK: true, Percent: r.TotalPercent, Rating: r.TotalRating})
	}
	c.Rows = append(c.Rows, total)

	for i := 1; i < len(rs); i++ {
		c.Diverge = append(c.Diverge, diverge(runs[0], runs[i], rs[0], rs[i], 0, i))
	}

	// clocks: by id, in order of first appearance
	var clockIDs []string
	clocks := map[string]Clock{}
	for _, r := range rs {
		for _, k := range r.Clocks {
			if _, ok := clocks[k.ID]; !ok {
				clockIDs = append(clockIDs, k.ID)
				clocks[k.ID] = k
			}
		}
	}
	for _, id := range clockIDs {
		row := clockRow{Label: clocks[id].Label, Due: hours(clocks[id].Due)}
		for _, r := range rs {
			cl := clockCell{Text: "—"}
			for _, k := range r.Clocks {
				if k.ID == id {
					cl = clockCell{Text: clockResult(k), State: k.State}
				}
			}
			row.Cells = append(row.Cells, cl)
		}
		c.Clocks = append(c.Clocks, row)
	}
	c.Chart = compareChart(rs, c.Rows)
	return c, rs, nil
}

// warnings are what makes runs hard to compare: other scenarios, other
// versions, or the same version with another file.
func warnings(rs []*Report) []string {
	var out []string
	list := func(f func(r *Report) string) string {
		var parts []string
		for i, r := range rs {
			parts = append(parts, fmt.Sprintf("%s: %s", r.label(i), f(r)))
		}
		return strings.Join(parts, "; ")
	}
	differ := func(f func(r *Report) string) bool {
		return slices.ContainsFunc(rs, func(r *Report) bool { return f(r) != f(rs[0]) })
	}
	id := func(r *Report) string { return r.Scenario.ID }
	version := func(r *Report) string { return r.Scenario.Version }
	hash := func(r *Report) string { return short(r.Scenario.Hash) }
	switch {
	case differ(id):
		out = append(out, "These runs are of different scenarios ("+list(id)+"). Their scores cannot be compared.")
	case differ(version):
		out = append(out, "These runs played different versions of the scenario ("+list(version)+"). Scenes, choices and the best and worst reachable scores may have changed between versions, so compare the percentages with care.")
	case differ(hash):
		out = append(out, "These runs played the same version number of the scenario, but the scenario file was different ("+list(hash)+"). It was edited without a new version number; compare the percentages with care.")
	}
	if slices.ContainsFunc(rs, func(r *Report) bool { return r.BoundsNote != nil }) {
		out = append(out, "Some of these runs were scored against estimated bounds ("+list(func(r *Report) string {
			if r.BoundsNote != nil {
				return "estimated"
			}
			return "exact"
		})+"): percentages measured against different bounds do not compare; compare the raw scores.")
	}
	return out
}

func diverge(a, b Input, ra, rb *Report, ia, ib int) divergence {
	dv := divergence{A: ra.label(ia), B: rb.label(ib)}
	step, ok := Divergence(a, b)
	if !ok {
		dv.Same = true
		dv.CommonLen = len(ra.Timeline)
		return dv
	}
	dv.Step, dv.CommonLen = step+1, step
	for k, r := range []*Report{ra, rb} {
		i := []int{ia, ib}[k]
		s := side{Label: r.label(i), Color: runColor(i)}
		if step >= len(r.Timeline) {
			s.Ended, s.Outcome = true, r.outcome()
		} else {
			st := r.Timeline[step]
			s.Hours, s.SceneTitle, s.TimedOut = hours(st.Hours), st.SceneTitle, st.TimedOut
			for _, ch := range st.Choices {
				s.Choices = append(s.Choices, ch.Text)
			}
		}
		dv.Sides = append(dv.Sides, s)
	}
	return dv
}

// CompareMarkdown writes a comparison of several runs of one scenario as
// Markdown.
func CompareMarkdown(w io.Writer, runs []Input) error {
	c, _, err := compare(runs)
	if err != nil {
		return err
	}
	b := &mdWriter{}
	b.f("# Comparison of runs: %s\n\n", mdInline(c.Title))
	for _, wn := range c.Warnings {
		b.f("> **Warning:** %s\n\n", mdInline(wn))
	}
	b.f("## Runs\n\n")
	head := []string{""}
	sep := []string{"---"}
	for _, r := range c.Runs {
		head = append(head, mdCell(r.Label))
		sep = append(sep, "---")
	}
	b.row(head...)
	b.row(sep...)
	// escaped writes a row of the runs' values, escaped with esc.
	escaped := func(esc func(string) string, name string, f func(r runInfo) string) {
		cells := []string{"**" + name + "**"}
		for _, r := range c.Runs {
			cells = append(cells, esc(f(r)))
		}
		b.row(cells...)
	}
	line := func(name string, f func(r runInfo) string) { escaped(mdCell, name, f) }
	escaped(mdTextCell, "Team", func(r runInfo) string { return r.Team })
	escaped(mdTextCell, "Participants", func(r runInfo) string { return r.Participants })
	line("Date", func(r runInfo) string { return r.When })
	line("Real duration", func(r runInfo) string { return r.RealTime })
	line("Scenario version", func(r runInfo) string { return r.Version })
	line("Scenario file hash", func(r runInfo) string { return r.Hash })
	line("Decisions", func(r runInfo) string { return fmt.Sprint(r.Decisions) })
	line("Scenario time", func(r runInfo) string { return r.Hours })
	line("Outcome", func(r runInfo) string { return r.Outcome })
	line("Overall", func(r runInfo) string { return r.Total + " " + r.TotalCode })
	b.WriteString("\n")

	b.f("## Scores per principle\n\n%s %s\n\n", legendRatings, legendPercent)
	head[0] = "Principle"
	b.row(head...)
	b.row(sep...)
	for _, row := range c.Rows {
		cells := []string{mdCell(row.Title)}
		for _, cl := range row.Cells {
			cells = append(cells, cl.String())
		}
		if row.Overall {
			for i := range cells {
				cells[i] = "**" + cells[i] + "**"
			}
		}
		b.row(cells...)
	}
	b.WriteString("\n")

	b.f("## Where the paths diverged\n\n")
	if len(c.Diverge) == 0 {
		b.f("There is only one run.\n\n")
	}
	for _, dv := range c.Diverge {
		if dv.Same {
			b.f("- %s and %s took the same path through all %d decisions.\n\n", dv.A, dv.B, dv.CommonLen)
			continue
		}
		b.f("%s and %s %s, and diverged at decision %d:\n\n", dv.A, dv.B, dv.Common(), dv.Step)
		for _, s := range dv.Sides {
			if s.Ended {
				b.f("- **%s** had already stopped: %s\n", s.Label, mdInline(s.Outcome))
				continue
			}
			var texts []string
			for _, t := range s.Choices {
				texts = append(texts, mdInline(t))
			}
			to := ""
			if s.TimedOut {
				to = " *(time ran out)*"
			}
			b.f("- **%s** at %s, *%s*: %s%s\n", s.Label, s.Hours, mdInline(s.SceneTitle), strings.Join(texts, "; "), to)
		}
		b.WriteString("\n")
	}

	if len(c.Clocks) > 0 {
		b.f("## Clocks\n\n")
		head[0] = "Clock (due)"
		b.row(head...)
		b.row(sep...)
		for _, k := range c.Clocks {
			cells := []string{mdCell(k.Label) + " (" + k.Due + ")"}
			for _, s := range k.Cells {
				cells = append(cells, mdCell(s.Text))
			}
			b.row(cells...)
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

package exercise

import (
	"fmt"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// Options are what a facilitator says about the session.
type Options struct {
	// Team is who plays; the documents leave a line to write it in when it
	// is empty.
	Team string
}

// Document is one generated document, in both forms.
type Document struct {
	Name     string // the file name without extension: "exercise-plan"
	Title    string
	HTML     []byte
	Markdown []byte
}

// Build makes sc's exercise package: the index first, then the Exercise
// Plan, the Situation Manual, the role cards, the inject cards, the
// facilitator and evaluator guide and the participant feedback form. sc is
// taken with its parameters as bound (engine.Scenario.WithParams).
func Build(sc *engine.Scenario, opt Options) ([]Document, error) {
	k := newKit(sc, opt)
	docs := []document{k.plan(), k.sitman(), k.roleCards(), k.injectCards(), k.guide(), k.feedback()}
	docs = append([]document{k.index(docs)}, docs...)
	out := make([]Document, len(docs))
	for i, d := range docs {
		html, err := renderHTML(d, k.kicker(d), k.footer())
		if err != nil {
			return nil, fmt.Errorf("the %s: %w", d.title, err)
		}
		out[i] = Document{Name: d.name, Title: d.title, HTML: html, Markdown: renderMarkdown(d, k.footer())}
	}
	return out, nil
}

// kit is what every document draws on: the scenario and what is worked out
// from it once.
type kit struct {
	sc       *engine.Scenario
	opt      Options
	org      string            // the organisation's name, from a company or organisation parameter
	orgParam string            // that parameter's name
	a        *engine.Analysis  // nil when the scenario could not be explored
	aErr     error             // why not
	best     map[int]bool      // file-wide choice indices on the best total path
	w        *walk             // the states texts are shown in
	common   []bool            // per scene: every drill reaches it
	out      []bool            // per scene: no drill reaches it with the package's parameters
	ledTo    []bool            // per scene: some decision's goto leads to it
	events   []int             // the events the parameters leave in play, in file order
	injectNo map[int]int       // event index -> its number among them, from 1
	modules  []moduleView      // the modules, and the scenes of none as a last one
	scored   []int             // principles the scenario scores
	scoredIn map[int][]int     // per principle: the scenes whose choices score it
	role     map[string]string // role id -> title
}

// moduleView is a module with its place in the schedule.
type moduleView struct {
	N       int
	ID      string
	Title   string
	Summary string
	Budget  time.Duration
	Start   time.Duration // from the start of the first module
	Scenes  []int         // the scenes some drill reaches
	Out     []int         // the scenes no drill reaches with the package's parameters
}

func newKit(sc *engine.Scenario, opt Options) *kit {
	k := &kit{sc: sc, opt: opt, best: map[int]bool{}, scoredIn: map[int][]int{}, role: map[string]string{}, injectNo: map[int]int{}}
	for _, name := range []string{"company", "organisation", "organization", "org"} {
		if p, ok := sc.Param(name); ok && p.Kind == engine.ParamText {
			k.org, k.orgParam = p.Text(), name
			break
		}
	}
	var bestPath [][]string
	k.out = make([]bool, len(sc.Scenes))
	if k.a, k.aErr = sc.Bounds(); k.aErr == nil {
		for i := range sc.Scenes {
			// An estimate's Reachable says "possibly": false is still sure.
			k.out[i] = !k.a.Reachable[i]
		}
		for _, st := range k.a.BestTotalPath {
			var ids []string
			for _, c := range st.Choices {
				k.best[c] = true
				_, ch := sc.ChoiceByIndex(c)
				ids = append(ids, ch.ID)
			}
			bestPath = append(bestPath, ids)
		}
	}
	k.w = newWalk(sc, bestPath, k.out)
	for i := range sc.Events {
		if !k.sc.RuledOut(sc.Events[i].When) {
			k.events = append(k.events, i)
			k.injectNo[i] = len(k.events)
		}
	}
	inPlay := func(c *engine.Choice) bool { return !k.sc.RuledOut(c.When) }
	k.common = commonScenes(sc, inPlay)
	for i, out := range k.out {
		k.common[i] = k.common[i] && !out
	}
	k.ledTo = ledTo(sc, inPlay)
	for _, r := range sc.RoleInfo {
		k.role[r.ID] = r.Title
	}
	k.layoutModules()
	for p := range sc.Guidance.Principles {
		if sc.Scored(p) {
			k.scored = append(k.scored, p)
		}
	}
	for i := range sc.Scenes {
		if k.out[i] {
			continue
		}
		seen := map[int]bool{}
		for _, j := range k.offered(i) {
			for _, pt := range sc.Scenes[i].Choices[j].Score {
				if !seen[pt.Principle] {
					seen[pt.Principle] = true
					k.scoredIn[pt.Principle] = append(k.scoredIn[pt.Principle], i)
				}
			}
		}
	}
	return k
}

// layoutModules places the modules one after the other; scenes of no module
// make a last one, without a budget. A module keeps apart the scenes no
// drill reaches with the package's parameters: the documents leave them
// out, and the guide names them once.
func (k *kit) layoutModules() {
	var at time.Duration
	for i, m := range k.sc.Modules {
		in, out := k.split(m.Scenes)
		k.modules = append(k.modules, moduleView{N: i + 1, ID: m.ID, Title: m.Title, Summary: m.Summary, Budget: m.Budget, Start: at, Scenes: in, Out: out})
		at += m.Budget
	}
	var rest []int
	for i := range k.sc.Scenes {
		if k.sc.ModuleOf(i) < 0 {
			rest = append(rest, i)
		}
	}
	in, out := k.split(rest)
	switch {
	case len(in) > 0:
		title := "Other scenes"
		if len(k.sc.Modules) == 0 {
			title = "The scenario"
		}
		k.modules = append(k.modules, moduleView{N: len(k.modules) + 1, ID: "other", Title: title, Start: at, Scenes: in, Out: out})
	case len(out) > 0:
		last := &k.modules[len(k.modules)-1]
		last.Out = append(last.Out, out...)
	}
}

// split parts scenes into those some drill reaches and those none does.
func (k *kit) split(scenes []int) (in, out []int) {
	for _, i := range scenes {
		if k.out[i] {
			out = append(out, i)
		} else {
			in = append(in, i)
		}
	}
	return in, out
}

// total is the time the modules are planned to take.
func (k *kit) total() time.Duration {
	var t time.Duration
	for _, m := range k.modules {
		t += m.Budget
	}
	return t
}

func (k *kit) title() string { return k.sc.Title }

// orgName is the organisation's name, or a neutral one.
func (k *kit) orgName() string {
	if k.org != "" {
		return k.org
	}
	return "the organisation"
}

// kicker is the line above each document's title: the package, the
// organisation, and (since the footer does not print, so that it never
// makes a page of its own) the scenario's version.
func (k *kit) kicker(d document) string {
	s := "Exercise package · " + k.sc.Title
	if k.org != "" {
		s += " · " + k.org
	}
	if k.sc.Version != "" {
		s += " · version " + k.sc.Version
	}
	return s
}

func (k *kit) footer() string {
	v := k.sc.Version
	if v == "" {
		v = "no version"
	}
	return fmt.Sprintf("Generated by ttx from scenario %s (version %s, %s). Print on A4, portrait.", k.sc.ID, v, shortHash(k.sc.Hash))
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// team is the team's name, or a line to write it on.
func (k *kit) team() string {
	if k.opt.Team != "" {
		return k.opt.Team
	}
	return "________________"
}

// duration writes a session's span as people read it: 45 min, 2 h, 1 h 15
// min; and a timer to the second: 90 s, 1 min 30 s.
func duration(d time.Duration) string { return engine.FormatDuration(d) }

// timer writes a scene's time limit, in seconds.
func timer(seconds float64) string { return duration(time.Duration(seconds * float64(time.Second))) }

// clock writes an offset in the session as 0:45.
func clock(d time.Duration) string {
	m := int(d.Round(time.Minute).Minutes())
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// hoursAt writes a scenario hour, with its date and time when the scenario
// has a start time.
func (k *kit) hoursAt(h float64) string {
	s := "T+" + engine.FormatValue(engine.Var{}, h) + "h"
	if !k.sc.StartTime.IsZero() {
		s += " (" + k.sc.ClockTime(h).Format("Mon 2 Jan, 15:04") + ")"
	}
	return s
}

// roleTitle is a role's title, or "" for none.
func (k *kit) roleTitle(id string) string {
	if id == "" {
		return ""
	}
	if t, ok := k.role[id]; ok {
		return t
	}
	return id
}

// sceneTitle renders scene i's title as first met.
func (k *kit) sceneTitle(i int) string {
	return k.w.render(i, k.sc.Scenes[i].Title)
}

// choiceText renders a choice's text as its scene is first met.
func (k *kit) choiceText(scene int, c *engine.Choice) string {
	return k.w.render(scene, c.Text)
}

// principle returns principle p of the rubric.
func (k *kit) principle(p int) engine.Principle { return k.sc.Guidance.Principles[p] }

// points writes a choice's score: +2 contain, −1 own.
func (k *kit) points(ps []engine.Points) string {
	var out []string
	for _, pt := range ps {
		out = append(out, fmt.Sprintf("%+d %s", pt.By, k.principle(pt.Principle).ID))
	}
	if len(out) == 0 {
		return "0"
	}
	return strings.Join(out, ", ")
}

// sum is a choice's total score over the principles.
func sum(ps []engine.Points) int {
	n := 0
	for _, pt := range ps {
		n += pt.By
	}
	return n
}

// paramFacts lists the parameters as facts, but the organisation's name,
// which the documents show as such.
func (k *kit) paramFacts() []fact {
	var out []fact
	for _, p := range k.sc.Params {
		if p.Name != k.orgParam {
			out = append(out, fact{Term: paramLabel(p.Name), Def: p.Text()})
		}
	}
	return out
}

// paramLabel turns a parameter's name into a label: regions -> Regions.
func paramLabel(name string) string {
	s := strings.ReplaceAll(name, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// count writes n things: 1 inject, 4 injects.
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// quote sets text in quotation marks, unless it is a quotation already.
func quote(s string) string {
	if strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "“") {
		return s
	}
	return "“" + s + "”"
}

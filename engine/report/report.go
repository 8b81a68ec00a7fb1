// Package report writes the after-action report of a drill, in the manner of
// an HSEEP after-action report and improvement plan (AAR/IP): an overview of
// the exercise, a timeline of the decisions and injects, the clocks, an
// analysis per principle with strengths, areas for improvement and what the
// best path did differently, the hotwash and the improvement plan.
//
// A report is written as Markdown, as one self-contained HTML file (inline
// CSS and SVG, printable on A4) or as JSON. Several runs of one scenario can
// be compared side by side.
package report

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

// Input is what a report is made from.
type Input struct {
	Scenario     *engine.Scenario
	Drill        *engine.Drill // replayed from the record; when nil it is replayed from Result
	Result       *engine.Result
	RunID        int64 // 0 if not stored
	Team         string
	Participants []engine.Participant
	Started      time.Time // real time; zero if unknown
	Ended        time.Time
	Hotwash      engine.Hotwash
	Actions      []engine.Action
	// Positions and Controls are those of a facilitated drill (ttx
	// serve): what each player argued for before the team committed, and
	// the facilitator's controls, in order.
	Positions []engine.Position
	Controls  []engine.Control
}

// Report is the content of an after-action report, as every format shows it.
// Its JSON form is the JSON report.
type Report struct {
	jsondoc.Header
	Scenario        ScenarioInfo  `json:"scenario"`
	RunID           int64         `json:"run_id"`
	Team            string        `json:"team"`
	Participants    []Participant `json:"participants"`
	Started         jsondoc.Time  `json:"started"` // null when unknown
	Ended           jsondoc.Time  `json:"ended"`
	DurationSeconds *int64        `json:"duration_seconds"` // real time; null unless both ends are known
	Seed            uint64        `json:"seed"`
	Hours           float64       `json:"hours"`    // the scenario clock at the end
	Finished        bool          `json:"finished"` // the drill ran to its end
	Ending          *Ending       `json:"ending"`   // null when no ending was reached
	TotalPercent    float64       `json:"total_percent"`
	TotalRating     Rating        `json:"total_rating"`
	// RatingCappedBy says which principle held TotalRating below the band
	// of TotalPercent (null when it did not).
	RatingCappedBy *jsondoc.RatingCap `json:"rating_capped_by"`
	// BoundsNote, when not null, says in a sentence that the best and
	// worst each percentage is measured against are estimated bounds (the
	// scenario was too large to explore in full), and why.
	BoundsNote *string     `json:"bounds_note"`
	Timeline   []Step      `json:"timeline"`
	Clocks     []Clock     `json:"clocks"`
	Principles []Principle `json:"principles"`
	Hotwash    Hotwash     `json:"hotwash"`
	Actions    []Action    `json:"actions"`
	// Undecided are the positions stated on the decision left open when
	// a facilitated drill stopped before its end.
	Undecided []Position `json:"undecided"`
	// Controls are the facilitator's controls of a facilitated drill.
	Controls []Control `json:"controls"`
}

// ScenarioInfo names the scenario played.
type ScenarioInfo struct {
	jsondoc.Scenario
	Summary  string `json:"summary"`
	Guidance string `json:"guidance"` // the title of the rubric scored against
}

// Participant is a person who took part, with the role played.
type Participant struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// Ending is how the drill ended.
type Ending struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Rating is an HSEEP rating: P, S, M or U, and its label.
type Rating = jsondoc.Rating

// Step is one decision of the timeline and the injects that followed it.
type Step struct {
	Step       int      `json:"step"`  // 1-based
	Hours      float64  `json:"hours"` // the scenario clock when it was made
	Scene      string   `json:"scene"`
	SceneTitle string   `json:"scene_title"`
	Role       string   `json:"role"` // the role that owns the decision, or ""
	Choices    []Choice `json:"choices"`
	TimedOut   bool     `json:"timed_out"`
	Events     []Inject `json:"events"`
	// CommittedBy is who committed the decision in a facilitated drill
	// ("" otherwise, and for a timeout); Positions are what the players
	// argued for before it.
	CommittedBy string     `json:"committed_by"`
	Positions   []Position `json:"positions"`
}

// Choice is a choice taken.
type Choice struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Inject is an event that fired after a decision.
type Inject struct {
	ID      string  `json:"id"`
	Hours   float64 `json:"hours"` // the scenario clock when it fired
	Channel string  `json:"channel"`
	From    string  `json:"from"`
	Text    string  `json:"text"`
	Hand    bool    `json:"hand"` // fired by the facilitator
}

// Clock is a deadline of the scenario and whether it was met.
type Clock struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	Due    float64  `json:"due"`
	State  string   `json:"state"` // met, late, missed or running
	Met    bool     `json:"met"`   // met by its due hour
	DoneAt *float64 `json:"done_at"`
}

// Principle is the analysis of one principle.
type Principle struct {
	ID           string        `json:"id"`
	Title        string        `json:"title"`
	Summary      string        `json:"summary"`
	Scored       bool          `json:"scored"` // false when the scenario never scores it
	Percent      float64       `json:"percent"`
	Raw          int           `json:"raw"`
	Best         int           `json:"best"`
	Worst        int           `json:"worst"`
	Rating       Rating        `json:"rating"`
	PlanPercent  *float64      `json:"plan_percent"` // the register plan's credit in Percent, if any
	Strengths    []Observation `json:"strengths"`
	Improvements []Observation `json:"improvements"`
	BestPath     []BestMove    `json:"best_path"`
}

// Observation is a decision, or a check at the end, that moved a principle.
type Observation struct {
	Step   int     `json:"step"` // 1-based; 0 for a check at the end
	Hours  float64 `json:"hours"`
	Choice string  `json:"choice"` // "" for a check
	Check  bool    `json:"check"`
	Text   string  `json:"text"`
	Points int     `json:"points"`
	Why    string  `json:"why"`
}

// BestMove is a choice the best path for a principle took and the team did
// not, which scores on that principle; Costs are what it loses on the other
// principles ([] when nothing).
type BestMove struct {
	Scene      string        `json:"scene"`
	SceneTitle string        `json:"scene_title"`
	Choice     string        `json:"choice"`
	Text       string        `json:"text"`
	Points     int           `json:"points"`
	Why        string        `json:"why"`
	Costs      []engine.Cost `json:"costs"`
}

// Hotwash is what the team said right after the drill.
type Hotwash struct {
	WentWell string `json:"went_well"`
	Improve  string `json:"improve"`
}

// Action is a row of the improvement plan.
type Action struct {
	What           string       `json:"what"`
	Principle      string       `json:"principle"`
	PrincipleTitle string       `json:"principle_title"`
	Owner          string       `json:"owner"`
	Due            jsondoc.Time `json:"due"`    // null when none
	Status         string       `json:"status"` // open or done
	Done           bool         `json:"done"`
	DoneAt         jsondoc.Time `json:"done_at"` // null while open, or when unknown
}

// DueDate is the due date as the report prints it, or "".
func (a Action) DueDate() string { return dateOf(a.Due) }

func dateOf(t jsondoc.Time) string {
	if time.Time(t).IsZero() {
		return ""
	}
	return time.Time(t).Format(dateLayout)
}

const dateLayout = "2006-01-02"

// Build makes the content of a report.
func Build(in Input) (*Report, error) {
	sc, d, res := in.Scenario, in.Drill, in.Result
	if sc == nil && d != nil {
		sc = d.Scenario()
	}
	switch {
	case sc == nil:
		return nil, errors.New("report: the input has no scenario")
	case res == nil:
		return nil, errors.New("report: the input has no result")
	case res.Scenario != sc.ID:
		return nil, fmt.Errorf("report: the result is of scenario %q, not %q", res.Scenario, sc.ID)
	case res.Hash != "" && sc.Hash != "" && res.Hash != sc.Hash:
		return nil, fmt.Errorf("report: scenario %q has changed since the drill was scored (version %q then, %q now)", sc.ID, res.Version, sc.Version)
	}
	if d == nil {
		// The result does not hold the parameters: the drill is replayed
		// with those sc was bound to.
		rec := recordOf(res)
		rec.Params = sc.ParamOverrides()
		var err error
		if d, err = engine.Replay(sc, rec); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	} else if ds := d.Scenario(); ds.ID != sc.ID || ds.Hash != sc.Hash {
		return nil, errors.New("report: the drill is of another scenario than the input's")
	}
	// The drill's scenario has its parameters bound (a replay with
	// parameters loads its own copy): its texts are the ones played.
	sc = d.Scenario()
	if len(d.Decisions()) != len(res.Decisions) {
		return nil, fmt.Errorf("report: the drill has %d decisions but the result %d", len(d.Decisions()), len(res.Decisions))
	}

	team := in.Team
	if team == "" {
		team = res.Team
	}
	r := &Report{
		Header:   jsondoc.HeaderOf(jsondoc.FormatReport),
		Scenario: ScenarioInfo{Scenario: jsondoc.ScenarioOf(sc), Summary: clean(sc.Summary)},
		RunID:    in.RunID, Team: clean(team), Seed: res.Seed, Hours: res.Hours, Finished: res.Ended,
		Started: jsondoc.Time(in.Started), Ended: jsondoc.Time(in.Ended),
		TotalPercent: res.TotalPercent, BoundsNote: boundsNote(res),
		Participants: []Participant{}, Clocks: []Clock{}, Principles: []Principle{}, Actions: []Action{},
		Hotwash: Hotwash{WentWell: clean(in.Hotwash.WentWell), Improve: clean(in.Hotwash.Improve)},
	}
	r.TotalRating, r.RatingCappedBy = jsondoc.OverallOf(res.TotalPercent, res.Scores)
	if sc.Guidance != nil {
		r.Scenario.Guidance = sc.Guidance.Title
	}
	if !in.Started.IsZero() && !in.Ended.IsZero() && !in.Ended.Before(in.Started) {
		sec := int64(in.Ended.Sub(in.Started).Round(time.Second) / time.Second)
		r.DurationSeconds = &sec
	}
	for _, p := range in.Participants {
		r.Participants = append(r.Participants, Participant{Name: clean(p.Name), Role: clean(p.Role)})
	}
	if e := d.Ending(); e != nil {
		r.Ending = &Ending{ID: e.ID, Title: d.Render(e.Title), Text: d.Render(e.Text)}
	}
	r.Timeline = timeline(sc, d, in.Positions)
	for _, cs := range d.Clocks() {
		c := Clock{ID: cs.Clock.ID, Label: cs.Clock.Label, Due: cs.Clock.Due, State: cs.State.String(), Met: cs.State == engine.ClockMet}
		if cs.DoneAt >= 0 {
			at := cs.DoneAt
			c.DoneAt = &at
		}
		r.Clocks = append(r.Clocks, c)
	}
	r.Principles = principles(sc, d, res, r.Timeline)
	roomOf(r, in, sc, d)
	for _, a := range in.Actions {
		row := Action{What: clean(a.What), Principle: clean(a.Principle), Owner: clean(a.Owner), Status: "open", Due: jsondoc.Time(a.Due), Done: a.Done}
		if sc.Guidance != nil {
			if i, ok := sc.Guidance.PrincipleIndex(a.Principle); ok {
				row.PrincipleTitle = sc.Guidance.Principles[i].Title
			}
		}
		if a.Done {
			row.Status, row.DoneAt = "done", jsondoc.Time(a.DoneAt)
		}
		r.Actions = append(r.Actions, row)
	}
	return r, nil
}

// clean strips control characters from text that people typed.
func clean(s string) string { return strings.TrimSpace(engine.Sanitize(s)) }

// recordOf is the record a result was made from.
func recordOf(res *engine.Result) engine.Record {
	rec := engine.Record{Scenario: res.Scenario, Version: res.Version, Hash: res.Hash, Seed: res.Seed}
	for _, dec := range res.Decisions {
		s := strings.Join(dec.Choices, "+")
		if dec.TimedOut {
			s = "!" + s
		}
		rec.Decisions = append(rec.Decisions, s)
	}
	return rec
}

// timeline lists the drill's decisions, the events after each (those fired
// by hand too) and the positions stated before each. Texts are rendered as
// they read at the time: the drill is replayed step by step, with the
// events fired and the clock moved by hand where they were. Should the
// replay fail, the texts are rendered against the final state.
func timeline(sc *engine.Scenario, d *engine.Drill, positions []engine.Position) []Step {
	rec := d.Record()
	rp := engine.NewDrill(sc, d.Seed())
	hand := d.Injections()
	k := 0 // the next hand-made event or move of the clock
	replayHand := func(n int) {
		for ; k < len(hand) && hand[k].After <= n; k++ {
			if rp == nil {
				continue
			}
			var err error
			if h := hand[k]; h.Event < 0 {
				err = rp.Advance(h.Advance)
			} else {
				err = rp.Fire(sc.Events[h.Event].ID)
			}
			if err != nil {
				rp = nil
			}
		}
	}
	render := func(t engine.Text) string {
		if rp != nil {
			return rp.Render(t)
		}
		return d.Render(t)
	}
	inject := func(e *engine.Event, at float64, byHand bool) Inject {
		return Inject{ID: e.ID, Hours: at, Channel: channelOf(e), From: e.From, Text: render(e.Text), Hand: byHand}
	}
	out := []Step{}
	for i, dec := range d.Decisions() {
		replayHand(i)
		scene := &sc.Scenes[dec.Scene]
		st := Step{Step: i + 1, Hours: dec.Before, Scene: scene.ID, SceneTitle: render(scene.Title), Role: scene.Role,
			TimedOut: dec.TimedOut, Choices: []Choice{}, Events: []Inject{}, Positions: []Position{}}
		var ids []string
		for _, ci := range dec.Choices {
			_, c := sc.ChoiceByIndex(ci)
			st.Choices = append(st.Choices, Choice{ID: c.ID, Text: render(c.Text)})
			ids = append(ids, c.ID)
		}
		for _, p := range positions {
			if p.Decision == i {
				st.Positions = append(st.Positions, positionOf(sc, p, render, ids))
			}
		}
		if rp != nil {
			var err error
			if dec.TimedOut {
				err = rp.Timeout()
			} else {
				err = rp.Choose(strings.Split(strings.TrimPrefix(rec.Decisions[i], "!"), "+")...)
			}
			if err != nil || rp.Hours() != dec.After {
				rp = nil
			}
		}
		for _, ei := range dec.Events {
			st.Events = append(st.Events, inject(&sc.Events[ei], dec.After, false))
		}
		for _, h := range hand {
			if h.After == i+1 && h.Event >= 0 {
				st.Events = append(st.Events, inject(&sc.Events[h.Event], h.Hours, true))
			}
		}
		out = append(out, st)
	}
	return out
}

func principles(sc *engine.Scenario, d *engine.Drill, res *engine.Result, tl []Step) []Principle {
	// steps finds the k-th decision that took a choice.
	steps := func(id string, k int) *Step {
		n := 0
		for i := range tl {
			if slices.ContainsFunc(tl[i].Choices, func(c Choice) bool { return c.ID == id }) {
				if n == k {
					return &tl[i]
				}
				n++
			}
		}
		return nil
	}
	out := []Principle{}
	for p, s := range res.Scores {
		pr := Principle{ID: s.Principle, Title: s.Title, Scored: s.Scored, Percent: s.Percent, Raw: s.Raw, Best: s.Best, Worst: s.Worst, PlanPercent: s.Plan,
			Strengths: []Observation{}, Improvements: []Observation{}, BestPath: []BestMove{}}
		if sc.Guidance != nil && p < len(sc.Guidance.Principles) {
			pr.Summary = sc.Guidance.Principles[p].Summary
		}
		if s.Scored {
			pr.Rating = ratingFor(s.Percent)
		}
		seen := map[string]int{}
		for _, mv := range s.Moves {
			o := Observation{Choice: mv.Choice, Check: mv.Check, Points: mv.Points, Why: mv.Why, Hours: res.Hours, Text: "At the end of the drill"}
			if !mv.Check {
				o.Text = mv.Choice
				if st := steps(mv.Choice, seen[mv.Choice]); st != nil {
					o.Step, o.Hours = st.Step, st.Hours
					for _, c := range st.Choices {
						if c.ID == mv.Choice {
							o.Text = c.Text
						}
					}
				}
				seen[mv.Choice]++
			}
			switch {
			case mv.Points > 0:
				pr.Strengths = append(pr.Strengths, o)
			case mv.Points < 0:
				pr.Improvements = append(pr.Improvements, o)
			}
		}
		if s.Scored && s.Raw < s.Best {
			pr.BestPath = bestPath(sc, d, res, p)
		}
		out = append(out, pr)
	}
	return out
}

// bestPath is what the best path for principle p did that the team did not:
// the choices it took that score positively on p, with what each costs on
// the other principles.
func bestPath(sc *engine.Scenario, d *engine.Drill, res *engine.Result, p int) []BestMove {
	out := []BestMove{}
	for _, m := range sc.BestMoves(res, p) {
		scene := &sc.Scenes[m.Scene]
		costs := append([]engine.Cost{}, m.Costs...)
		out = append(out, BestMove{Scene: scene.ID, SceneTitle: d.Render(scene.Title), Choice: m.Choice.ID, Text: d.Render(m.Choice.Text),
			Points: m.Points, Why: m.Choice.Why, Costs: costs})
	}
	return out
}

func ratingFor(p float64) Rating { return jsondoc.RatingOf(p) }

// ratingBands are the lower bounds of P, S and M, for the legends and charts.
var ratingBands = []struct {
	Code string
	Min  float64
}{{"P", 85}, {"S", 65}, {"M", 40}}

// percent formats a percentage as a whole number, unless rounding would carry
// it into a better rating band than it earned (84.6 is not "85%", rated S):
// then it keeps one decimal, rounded down.
func percent(p float64) string {
	r := math.Round(p)
	if engine.RatingFor(r).Code != engine.RatingFor(p).Code {
		return fmt.Sprintf("%.1f%%", math.Floor(p*10)/10)
	}
	return fmt.Sprintf("%.0f%%", r)
}

// hours formats a scenario clock: T+571h.
func hours(h float64) string { return "T+" + engine.FormatValue(engine.Var{}, h) + "h" }

// hoursLong adds days to a long scenario duration: T+571h (23d 19h).
func hoursLong(h float64) string {
	if h < 24 {
		return hours(h)
	}
	days := math.Floor(h / 24)
	return fmt.Sprintf("%s (%gd %sh)", hours(h), days, engine.FormatValue(engine.Var{}, h-24*days))
}

// duration formats real time: 1h 25m.
func duration(sec int64) string {
	d := time.Duration(sec) * time.Second
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Round(time.Minute)/time.Minute))
	}
	m := int(d.Round(time.Minute) / time.Minute)
	return fmt.Sprintf("%dh %02dm", m/60, m%60)
}

// when formats the real date and time of a run, or "" when unknown.
func (r *Report) when() string {
	switch {
	case !time.Time(r.Started).IsZero():
		return time.Time(r.Started).Format("2006-01-02 15:04 MST")
	case !time.Time(r.Ended).IsZero():
		return time.Time(r.Ended).Format("2006-01-02 15:04 MST") + " (end)"
	}
	return ""
}

// realTime describes the real duration: "1h 25m (14:00 to 15:25)".
func (r *Report) realTime() string {
	if r.DurationSeconds == nil {
		return ""
	}
	start, end := time.Time(r.Started), time.Time(r.Ended)
	s := duration(*r.DurationSeconds)
	if start.YearDay() == end.YearDay() && start.Year() == end.Year() {
		return fmt.Sprintf("%s (%s to %s)", s, start.Format("15:04"), end.Format("15:04"))
	}
	return fmt.Sprintf("%s (%s to %s)", s, start.Format("2006-01-02 15:04"), end.Format("2006-01-02 15:04"))
}

// outcome is one line on how the drill ended.
func (r *Report) outcome() string {
	switch {
	case r.Ending != nil:
		return r.Ending.Title
	case r.Finished:
		return "The drill stopped: nothing was left to choose."
	case r.endedByHand():
		return "The facilitator ended the drill before its end."
	}
	return "The drill was not finished."
}

// label names a run in a comparison: "Run #12" or "Run 2".
func (r *Report) label(i int) string {
	if r.RunID != 0 {
		return fmt.Sprintf("Run #%d", r.RunID)
	}
	return fmt.Sprintf("Run %d", i+1)
}

// scored lists the principles the scenario scores, and unscored the titles
// of those it does not.
func (r *Report) scored() []Principle {
	var out []Principle
	for _, p := range r.Principles {
		if p.Scored {
			out = append(out, p)
		}
	}
	return out
}

func (r *Report) unscored() []string {
	var out []string
	for _, p := range r.Principles {
		if !p.Scored {
			out = append(out, p.Title)
		}
	}
	return out
}

func clockResult(c Clock) string {
	switch c.State {
	case "met":
		return "Met at " + hours(*c.DoneAt)
	case "late":
		return "Met late, at " + hours(*c.DoneAt)
	case "missed":
		return "Missed"
	}
	return "Not yet due when the drill ended"
}

func statusText(a Action) string {
	if a.Status == "done" {
		if d := dateOf(a.DoneAt); d != "" {
			return "Done " + d
		}
		return "Done"
	}
	return "Open"
}

func signed(n int) string { return fmt.Sprintf("%+d", n) }

// legend explains the ratings and percentages to a reader new to them.
const (
	legendRatings   = "Each principle is rated as in HSEEP: P, performed without challenges (85% and up); S, performed with some challenges (65% to 85%); M, performed with major challenges (40% to 65%); U, unable to be performed (below 40%)."
	legendEstimated = "The best and worst here are estimated bounds, not scores some path reaches, so a percentage may understate how close the team came to the best."
	legendPercent   = "A percentage is relative to this scenario: 100% is the best score any path through it could reach on that principle, 0% the worst. The overall score is the average over the principles the scenario scores; its rating is the band of that average, but never more than one band better than the weakest principle's rating."
)

// boundsNote says why a result's bounds are estimated, or nil when they are
// exact.
func boundsNote(res *engine.Result) *string {
	if !res.BoundsEstimated {
		return nil
	}
	s := clean(res.BoundsNote) + " " + legendEstimated
	return &s
}

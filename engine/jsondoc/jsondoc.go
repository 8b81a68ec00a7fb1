package jsondoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// The document formats, each with its version. A version changes when a
// field is removed or changes meaning; adding a field does not change it.
const (
	FormatRun        = "ttx-run"        // ttx run --json
	FormatResults    = "ttx-results"    // ttx results --json
	FormatUnfinished = "ttx-unfinished" // ttx resume --json
	FormatCompare    = "ttx-compare"    // ttx compare --json
	FormatActions    = "ttx-actions"    // ttx actions --json
	FormatScenarios  = "ttx-scenarios"  // ttx list --json
	FormatAnalysis   = "ttx-analysis"   // ttx analyze --json
	FormatReport     = "ttx-report"     // ttx report --format json
	FormatRuns       = "ttx-runs"       // ttx results export
	FormatError      = "ttx-error"      // an error, on stderr, with --json
)

// Versions are the format version of each document.
var Versions = map[string]int{
	FormatRun: 1, FormatResults: 1, FormatUnfinished: 1, FormatCompare: 1, FormatActions: 1,
	FormatScenarios: 1, FormatAnalysis: 1, FormatReport: 1, FormatRuns: 3, FormatError: 1,
}

// Header names a document: its format and that format's version.
type Header struct {
	Format        string `json:"format"`
	FormatVersion int    `json:"format_version"`
}

// HeaderOf is the header of a format.
func HeaderOf(format string) Header {
	return Header{Format: format, FormatVersion: Versions[format]}
}

// Write writes a document as indented JSON and a newline.
func Write(w io.Writer, doc any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Error is the document written on stderr, with --json, when a command
// fails.
type Error struct {
	Header
	Message  string `json:"message"`
	ExitCode int    `json:"exit_code"`
}

// NewError is the error document of a message and exit code.
func NewError(msg string, code int) Error {
	return Error{Header: HeaderOf(FormatError), Message: msg, ExitCode: code}
}

// TimeLayout is how times are written: RFC 3339, UTC, to the millisecond.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Time is a time written as [TimeLayout] in UTC, or null when zero.
type Time time.Time

// MarshalJSON writes t as a string in TimeLayout, or null.
func (t Time) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + tt.UTC().Format(TimeLayout) + `"`), nil
}

// UnmarshalJSON reads an RFC 3339 time or null.
func (t *Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a time must be a string in RFC 3339 or null, not %s", b)
	}
	tt, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("%q is not a time in RFC 3339", s)
	}
	*t = Time(tt.UTC())
	return nil
}

// Scenario names the scenario a document is about.
type Scenario struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	Hash    string `json:"hash"` // hex SHA-256 of the scenario file
}

// ScenarioOf names a loaded scenario.
func ScenarioOf(sc *engine.Scenario) Scenario {
	return Scenario{ID: sc.ID, Title: sc.Title, Version: sc.Version, Hash: sc.Hash}
}

// Rating is an HSEEP rating: its code (P, S, M or U) and label.
type Rating struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// RatingOf is the rating of a percentage.
func RatingOf(percent float64) Rating {
	r := engine.RatingFor(percent)
	return Rating{Code: r.Code, Label: r.Label}
}

// RatingCap says why a drill's overall rating is lower than the band of its
// total percentage: the weakest scored principle, its rating, and the reason
// in a sentence ("rated S, not P: Tell the people affected was rated M").
type RatingCap struct {
	Principle string `json:"principle"`
	Rating    Rating `json:"rating"` // the principle's rating
	Reason    string `json:"reason"`
}

// OverallOf is a drill's overall rating (engine.OverallRating) and, when its
// weakest principle lowered it, why (nil otherwise), the title sanitised.
func OverallOf(total float64, scores []engine.Score) (Rating, *RatingCap) {
	r, c := engine.OverallRating(total, scores)
	out := Rating{Code: r.Code, Label: r.Label}
	if c == nil {
		return out, nil
	}
	return out, &RatingCap{Principle: c.Principle, Rating: Rating{Code: c.Rating.Code, Label: c.Rating.Label}, Reason: c.Reason(r, engine.Sanitize)}
}

// RatingCode is the rating of a stored code, its label looked up.
func RatingCode(code string) Rating {
	for _, p := range []float64{100, 65, 40, 0} {
		if r := engine.RatingFor(p); r.Code == code {
			return Rating{Code: r.Code, Label: r.Label}
		}
	}
	return Rating{Code: code}
}

// Principle is a principle's score. Only the principles a scenario scores
// are listed; total_percent is their mean.
type Principle struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Raw     int     `json:"raw"`
	Best    int     `json:"best"`
	Worst   int     `json:"worst"`
	Percent float64 `json:"percent"`
	Rating  Rating  `json:"rating"`
	// PlanPercent is the risk register plan's score (prepare, for a drill
	// of a scenario that drills a risk of the register); PlanUse says where
	// the team followed the plan and how many points it added to Percent.
	PlanPercent *float64        `json:"plan_percent"`
	PlanUse     *engine.PlanUse `json:"plan_use"`
}

// Principles are the scored principles of a result.
func Principles(scores []engine.Score) []Principle {
	out := []Principle{}
	for _, s := range scores {
		if s.Scored {
			out = append(out, Principle{ID: s.Principle, Title: engine.Sanitize(s.Title), Raw: s.Raw, Best: s.Best, Worst: s.Worst,
				Percent: s.Percent, Rating: RatingOf(s.Percent), PlanPercent: s.Plan, PlanUse: s.PlanUse})
		}
	}
	return out
}

// Ending is how a drill ended.
type Ending struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// EndingOf is the ending of an id and title, or nil when id is "".
func EndingOf(id, title string) *Ending {
	if id == "" {
		return nil
	}
	return &Ending{ID: id, Title: title}
}

// Participant is a person who took part, with the role played.
type Participant struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// ParticipantsOf lists people as documents write them.
func ParticipantsOf(ps []engine.Participant) []Participant {
	out := make([]Participant, len(ps))
	for i, p := range ps {
		out[i] = Participant(p)
	}
	return out
}

// Decision is a decision of a drill's record: the choice ids taken (the
// picks of a multi-select scene, or one choice), and whether the scene's
// time ran out, which took its default choice.
type Decision struct {
	Choices  []string `json:"choices"`
	TimedOut bool     `json:"timed_out"`
}

// DecisionsOf turns the decisions of an engine.Record ("a+b", "!a") into
// documents' decisions.
func DecisionsOf(rec []string) []Decision {
	out := make([]Decision, len(rec))
	for i, s := range rec {
		body, timed := strings.CutPrefix(s, "!")
		out[i] = Decision{Choices: strings.Split(body, "+"), TimedOut: timed}
	}
	return out
}

// RecordOf turns documents' decisions back into those of an engine.Record.
// A decision without a choice, or with a choice id holding + or
// starting with !, is refused.
func RecordOf(ds []Decision) ([]string, error) {
	out := make([]string, len(ds))
	for i, d := range ds {
		if len(d.Choices) == 0 {
			return nil, fmt.Errorf("decision %d takes no choice", i+1)
		}
		for _, c := range d.Choices {
			if c == "" || strings.Contains(c, "+") || strings.HasPrefix(c, "!") {
				return nil, fmt.Errorf("decision %d has a choice id %q that no scenario can have", i+1, c)
			}
		}
		out[i] = strings.Join(d.Choices, "+")
		if d.TimedOut {
			out[i] = "!" + out[i]
		}
	}
	return out, nil
}

// Choose is a decision path as ttx run --choose takes it: decisions joined
// with commas, the picks of one decision with +.
func Choose(ds []Decision) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strings.Join(d.Choices, "+")
	}
	return strings.Join(parts, ",")
}

// Step is a decision as a drill's timeline shows it: the scene, the choices
// taken, whether time ran out, the scenario clock when it was made, and
// the events that fired after it.
type Step struct {
	Scene    string   `json:"scene"`
	Choices  []string `json:"choices"`
	TimedOut bool     `json:"timed_out"`
	Hours    float64  `json:"hours"`
	Events   []string `json:"events"`
}

// StepsOf are the steps of a result's decisions.
func StepsOf(ds []engine.DecisionResult) []Step {
	out := make([]Step, len(ds))
	for i, d := range ds {
		out[i] = Step{Scene: d.Scene, Choices: nonNil(d.Choices), TimedOut: d.TimedOut, Hours: d.Hours, Events: nonNil(d.Events)}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Action is an improvement action agreed after a drill.
type Action struct {
	ActionID   int64  `json:"action_id"`
	RunID      int64  `json:"run_id"`
	ScenarioID string `json:"scenario_id"`
	What       string `json:"what"`
	Principle  string `json:"principle"` // a principle id, or ""
	Owner      string `json:"owner"`
	Due        Time   `json:"due"`
	Done       bool   `json:"done"`
	DoneAt     Time   `json:"done_at"`
}

// ActionOf is an action as documents write it.
func ActionOf(a engine.Action) Action {
	return Action{ActionID: a.ID, RunID: a.Run, ScenarioID: a.Scenario, What: a.What, Principle: a.Principle, Owner: a.Owner,
		Due: Time(a.Due), Done: a.Done, DoneAt: Time(a.DoneAt)}
}

// Hotwash is what the team said right after the drill.
type Hotwash struct {
	WentWell string `json:"went_well"`
	Improve  string `json:"improve"`
}

// Run is a recorded drill as listings show it: who played which scenario
// when, how it ended and its score, as stored when the drill ended.
type Run struct {
	RunID        int64             `json:"run_id"`
	UUID         string            `json:"uuid"` // the run's identity across machines
	Scenario     Scenario          `json:"scenario"`
	Seed         uint64            `json:"seed"`
	Params       map[string]string `json:"params"` // the scenario parameters played with; {} for none
	Team         string            `json:"team"`
	Participants []Participant     `json:"participants"`
	Started      Time              `json:"started"`
	Ended        Time              `json:"ended"` // null while unfinished
	Finished     bool              `json:"finished"`
	Ending       *Ending           `json:"ending"` // null while unfinished, or when no ending was reached
	Hours        float64           `json:"hours"`  // the scenario clock at the end; 0 while unfinished
	TotalPercent *float64          `json:"total_percent"`
	// TotalRating is the overall rating (engine.OverallRating) of the
	// stored scores, and RatingCappedBy the weakest principle when it held
	// the rating below the total's band: null while unfinished.
	TotalRating    *Rating     `json:"total_rating"`
	RatingCappedBy *RatingCap  `json:"rating_capped_by"`
	Principles     []Principle `json:"principles"` // [] while unfinished
	DecisionCount  int         `json:"decision_count"`

	// BoundsEstimated says that the best and worst of Principles were
	// estimated bounds when the drill was scored (the scenario did not fit
	// the analysis budget), and BoundsNote why, in a sentence: null when
	// they were exact, and while unfinished.
	BoundsEstimated bool    `json:"bounds_estimated"`
	BoundsNote      *string `json:"bounds_note"`
}

// Position is what a player argued for on a decision of a facilitated
// drill (ttx serve) before the team committed.
type Position struct {
	Decision int      `json:"decision"` // the decision it was on, from 1
	Seat     string   `json:"seat"`
	Name     string   `json:"name"`
	Role     string   `json:"role"` // the scenario role's id, or ""
	Key      string   `json:"key"`  // the fingerprint of the player's SSH key
	Choices  []string `json:"choices"`
	Reason   string   `json:"reason"`
	At       Time     `json:"at"`
}

// PositionOf is a position as documents write it; text passes through
// clean (engine.Sanitize where the document is shown, the identity where
// it moves data between machines).
func PositionOf(p engine.Position, clean func(string) string) Position {
	return Position{Decision: p.Decision + 1, Seat: clean(p.Seat), Name: clean(p.Name), Role: clean(p.Role), Key: clean(p.Key),
		Choices: nonNil(p.Choices), Reason: clean(p.Reason), At: Time(p.At)}
}

// EnginePosition reverses PositionOf.
func (p Position) EnginePosition() engine.Position {
	return engine.Position{Decision: p.Decision - 1, Seat: p.Seat, Name: p.Name, Role: p.Role, Key: p.Key, Choices: p.Choices, Reason: p.Reason, At: time.Time(p.At)}
}

// Control is a facilitator's control of a facilitated drill (ttx serve):
// its number, the decisions made before it, its kind and argument, who
// used it and when, and whether it was undone with the decision before it.
type Control struct {
	N      int    `json:"n"` // from 1
	After  int    `json:"after"`
	Kind   string `json:"kind"`
	Arg    string `json:"arg"`
	By     string `json:"by"`
	At     Time   `json:"at"`
	Undone bool   `json:"undone"`
}

// ControlOf is a control as documents write it, its text through clean.
func ControlOf(c engine.Control, clean func(string) string) Control {
	return Control{N: c.N + 1, After: c.After, Kind: string(c.Kind), Arg: clean(c.Arg), By: clean(c.By), At: Time(c.At), Undone: c.Undone}
}

// EngineControl reverses ControlOf.
func (c Control) EngineControl() engine.Control {
	return engine.Control{N: c.N - 1, After: c.After, Kind: engine.ControlKind(c.Kind), Arg: c.Arg, By: c.By, At: time.Time(c.At), Undone: c.Undone}
}

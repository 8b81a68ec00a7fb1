package engine

import "time"

// Scenario is a loaded, validated scenario. It is immutable once loaded and
// safe to share between drills and goroutines.
type Scenario struct {
	ID      string
	Title   string
	Summary string
	Version string
	Authors []string
	Tags    []string
	Risk    string   // the risk-register entry this scenario drills, if any
	Roles   []string // the ids of the roles the scenario names, if any, in order
	// RoleInfo is each role of Roles in full: its title, brief and private
	// information (only the id and a title equal to it for a role listed in
	// [scenario] roles).
	RoleInfo []Role
	Guidance *Guidance

	// StartTime is the scenario clock's 0 as a local date and time, for
	// {time} and {date} in text; zero when [scenario] gives no start_time.
	StartTime time.Time
	// Params are the scenario's parameters in file order, with the values
	// bound in this Scenario (see WithParams).
	Params []Param
	// Modules group the scenes of the exercise, each with a time budget, in
	// file order.
	Modules []Module

	// File is the name the scenario was loaded from; Hash is the hex SHA-256
	// of its bytes, so that a stored drill can tell whether it changed.
	File string
	Hash string

	Vars    []Var
	Clocks  []Clock
	Scenes  []Scene
	Events  []Event
	Checks  []Check
	Endings []Ending
	Display Display

	// Start is the index of the first scene in Scenes.
	Start int

	// Warnings are the problems that do not stop the scenario from loading
	// (dead ends, for example).
	Warnings Diagnostics

	choices   []choiceRef // every choice, by its file-wide index
	choiceIdx map[string]int
	sceneIdx  map[string]int
	endingIdx map[string]int
	varIdx    map[string]int
	scored    []bool // per principle: scored by some choice or check
	reads     readSet
	bounds    bounds

	// Only the choices and scenes that expressions name are tracked in a
	// State, each by a slot.
	choseSlots, visitSlots slots
	bounded                []int // variables with bounds

	src     []byte // the file, for positions in Lint
	varUsed []bool // per variable: read by some expression, text or display
	chosen  []bool // per choice: named by chose() or hours_at() anywhere

	guides    Guides            // the rubrics it was loaded with, to bind other parameters
	overrides map[string]string // the parameters set away from their defaults, normalized
	moduleOf  []int             // per scene: its module, or -1
}

// slots gives some of n items (choices, scenes) a compact index in a State,
// on demand: only what expressions name is tracked.
type slots struct {
	of    []int // per item: its slot, or -1
	items []int // per slot: the item
}

// slot gives item i of n a slot, once, and returns it.
func (s *slots) slot(i, n int) int {
	if s.of == nil {
		s.of = make([]int, n)
		for k := range s.of {
			s.of[k] = -1
		}
	}
	if s.of[i] < 0 {
		s.of[i] = len(s.items)
		s.items = append(s.items, i)
	}
	return s.of[i]
}

// get returns item i's slot, or -1.
func (s *slots) get(i int) int {
	if s.of == nil {
		return -1
	}
	return s.of[i]
}

// trackScene gives scene i a slot for visited(), once.
func (sc *Scenario) trackScene(i int) int { return sc.visitSlots.slot(i, len(sc.Scenes)) }

// track gives choice i a slot for chose() and hours_at(), once.
func (sc *Scenario) track(i int) int { return sc.choseSlots.slot(i, len(sc.choices)) }

// visit marks scene i as visited in st, if some expression asks.
func (sc *Scenario) visit(st *State, i int) {
	if k := sc.visitSlots.get(i); k >= 0 {
		st.markSeen(k)
	}
}

// Var is a declared variable: a number or a boolean, with its start value and
// optional bounds.
type Var struct {
	Name     string
	Bool     bool
	Start    float64 // booleans are 0 or 1
	HasBound bool
	Min, Max float64
}

// Clock is a countdown shown beside the drill: due so many scenario hours after
// the start, met once its Done condition holds. A clock with a When is in
// play only from the first check at which When holds.
type Clock struct {
	ID    string
	Label string
	Due   float64
	Done  *Cond
	When  *Cond // nil when the clock is always in play
}

// Role is a part players take in the drill.
type Role struct {
	ID      string
	Title   string // the role's name, e.g. "Chief Executive"; the id when none is given
	Brief   string // Markdown: what the role is responsible for in the exercise
	Private string // Markdown: what only this role knows at the start
}

// Module groups scenes of the exercise under a time budget: the real time
// the facilitator plans for its discussion.
type Module struct {
	ID      string
	Title   string
	Summary string // Markdown: the situation as the module opens
	Budget  time.Duration
	Scenes  []int // indices into Scenes, in the order the module lists them
}

// Scene is one decision point.
type Scene struct {
	ID       string
	Title    Text
	Role     string
	Text     Text
	Variants []Variant // shown instead of Text: the first whose When holds
	Notes    string
	Discuss  []string // discussion prompts
	// Answers holds, per prompt of Discuss, the answer a facilitator looks
	// for; "" when the file gives none.
	Answers   []string
	Choices   []Choice
	TimeLimit float64 // seconds of real time; 0 when the scene has no limit
	Timeout   int     // index into Choices of the choice taken on timeout; -1 if none

	// PickMin and PickMax bound how many choices a multi-select scene takes;
	// both are 0 for an ordinary scene.
	PickMin, PickMax int
	// Goto is where a pick scene goes after the picks.
	Goto Target
}

// Variant is a text a scene shows instead of its own while When holds.
type Variant struct {
	When *Cond
	Text Text
}

// IsPick reports whether the scene is a multi-select scene.
func (s *Scene) IsPick() bool { return s.PickMax > 0 }

// Choice is one option of a scene.
type Choice struct {
	ID    string
	Text  Text
	Hours float64
	When  *Cond // nil when always offered
	Set   []Assign
	Add   []Delta
	Score []Points
	Why   string
	Goto  Target // unused in a pick scene
	// Plan marks a choice that follows the organisation's response plan
	// (opening the playbook, calling the team it names, using its
	// templates): where the team takes it, the risk register's plan is
	// credited to prepare (Drill.ResultWithPlan).
	Plan bool

	index int // file-wide choice index
}

// Index is the choice's position among all choices of the scenario, in file
// order. It is stable for a given file and used in drill records.
func (c *Choice) Index() int { return c.index }

// Assign sets a variable to a value computed from the state before the decision.
type Assign struct {
	Var  int
	Expr *Num // a literal compiles to a constant
}

// Delta adds a number to a numeric variable.
type Delta struct {
	Var int
	By  float64
}

// Points is a score delta for one principle.
type Points struct {
	Principle int // index into Guidance.Principles
	By        int
}

// Target is where a choice or event leads: a scene or an ending.
type Target struct {
	Ending bool
	Index  int // into Scenes or Endings; -1 when unset
}

// Display says which variables a front end shows beside the drill.
type Display struct {
	Meters []Shown // number variables with bounds, shown as bars
	Flags  []Shown // boolean variables, shown as on or off
}

// Shown is one displayed variable.
type Shown struct {
	Var   int // index into Vars
	Label string
}

// Channel is how an inject reaches the players.
type Channel string

// The channels an event may come through. An event without one is internal.
const (
	ChannelPress    Channel = "press"
	ChannelSocial   Channel = "social"
	ChannelEmail    Channel = "email"
	ChannelCall     Channel = "call"
	ChannelInternal Channel = "internal"
)

var channels = []Channel{ChannelPress, ChannelSocial, ChannelEmail, ChannelCall, ChannelInternal}

// Event is an inject that fires by itself between decisions, or, when
// Manual, only when a facilitator fires it (Drill.Fire).
type Event struct {
	ID      string
	Channel Channel
	From    string // who it comes from: a paper, an account, a caller; optional
	When    *Cond
	Chance  float64
	Once    bool
	Manual  bool // never fires by itself
	Text    Text
	Set     []Assign
	Add     []Delta
	Goto    Target // Index -1 when the event does not redirect
}

// Check is a score awarded once, at the end of a drill, when its condition holds.
type Check struct {
	Principle int
	When      *Cond
	Score     int
	Why       string
}

// Ending closes a drill.
type Ending struct {
	ID    string
	Title Text
	Text  Text
	When  *Cond // nil for endings reached only by goto
}

type choiceRef struct{ scene, choice int }

// ChoiceByIndex returns the choice with the given file-wide index and the
// index of its scene.
func (sc *Scenario) ChoiceByIndex(i int) (scene int, c *Choice) {
	r := sc.choices[i]
	return r.scene, &sc.Scenes[r.scene].Choices[r.choice]
}

// NumChoices is the number of choices in the whole file.
func (sc *Scenario) NumChoices() int { return len(sc.choices) }

// ChoiceIndex returns the file-wide index of the choice with the given id.
func (sc *Scenario) ChoiceIndex(id string) (int, bool) {
	i, ok := sc.choiceIdx[id]
	return i, ok
}

// SceneIndex returns the index of the scene with the given id.
func (sc *Scenario) SceneIndex(id string) (int, bool) {
	i, ok := sc.sceneIdx[id]
	return i, ok
}

// Scored reports whether principle p (an index into Guidance.Principles) is
// scored anywhere in the scenario.
func (sc *Scenario) Scored(p int) bool { return sc.scored[p] }

// ModuleOf returns the index in Modules of the module that scene i belongs
// to, or -1 when it belongs to none.
func (sc *Scenario) ModuleOf(i int) int {
	if i < 0 || i >= len(sc.moduleOf) {
		return -1
	}
	return sc.moduleOf[i]
}

// RoleTitle returns the title of the role with the given id, or the id when
// the scenario declares no such role.
func (sc *Scenario) RoleTitle(id string) string {
	for _, r := range sc.RoleInfo {
		if r.ID == id {
			return r.Title
		}
	}
	return id
}

// EventIndex returns the index of the event with the given id.
func (sc *Scenario) EventIndex(id string) (int, bool) {
	for i := range sc.Events {
		if sc.Events[i].ID == id {
			return i, true
		}
	}
	return -1, false
}

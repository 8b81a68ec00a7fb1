package engine

// The raw* types mirror the TOML format one to one; the loader decodes into
// them, then checks and compiles them into the model. Keys the decoder finds
// no field for are reported as unknown.

type rawScenarioFile struct {
	Scenario rawHeader             `toml:"scenario"`
	Vars     map[string]any        `toml:"vars"`
	Bounds   map[string][2]float64 `toml:"bounds"`
	Clocks   []rawClock            `toml:"clocks"`
	Scenes   []rawScene            `toml:"scenes"`
	Events   []rawEvent            `toml:"events"`
	Checks   []rawCheck            `toml:"checks"`
	Endings  []rawEnding           `toml:"endings"`
	Display  rawDisplay            `toml:"display"`
}

type rawDisplay struct {
	Meters []rawShown `toml:"meters"`
	Flags  []rawShown `toml:"flags"`
}

type rawShown struct {
	Var   string `toml:"var"`
	Label string `toml:"label"`
}

type rawHeader struct {
	ID       string   `toml:"id"`
	Title    string   `toml:"title"`
	Summary  string   `toml:"summary"`
	Version  string   `toml:"version"`
	Authors  []string `toml:"authors"`
	Tags     []string `toml:"tags"`
	Risk     string   `toml:"risk"`
	Start    string   `toml:"start"`
	Guidance string   `toml:"guidance"`
	Roles    []string `toml:"roles"`
}

type rawClock struct {
	ID    string  `toml:"id"`
	Label string  `toml:"label"`
	Due   float64 `toml:"due"`
	Done  string  `toml:"done"`
}

type rawScene struct {
	ID        string      `toml:"id"`
	Title     string      `toml:"title"`
	Role      string      `toml:"role"`
	Text      string      `toml:"text"`
	Notes     string      `toml:"notes"`
	Discuss   []string    `toml:"discuss"`
	TimeLimit string      `toml:"time_limit"`
	Timeout   string      `toml:"timeout"`
	Pick      any         `toml:"pick"`
	Goto      string      `toml:"goto"`
	Choices   []rawChoice `toml:"choices"`
}

type rawChoice struct {
	ID    string             `toml:"id"`
	Text  string             `toml:"text"`
	Hours *float64           `toml:"hours"`
	When  string             `toml:"when"`
	Set   map[string]any     `toml:"set"`
	Add   map[string]float64 `toml:"add"`
	Score map[string]int     `toml:"score"`
	Why   string             `toml:"why"`
	Goto  string             `toml:"goto"`
}

type rawEvent struct {
	ID      string             `toml:"id"`
	When    string             `toml:"when"`
	Chance  *float64           `toml:"chance"`
	Once    *bool              `toml:"once"`
	Text    string             `toml:"text"`
	Set     map[string]any     `toml:"set"`
	Add     map[string]float64 `toml:"add"`
	Goto    string             `toml:"goto"`
	Channel string             `toml:"channel"`
	From    string             `toml:"from"`
}

type rawCheck struct {
	Principle string `toml:"principle"`
	When      string `toml:"when"`
	Score     int    `toml:"score"`
	Why       string `toml:"why"`
}

type rawEnding struct {
	ID    string `toml:"id"`
	Title string `toml:"title"`
	When  string `toml:"when"`
	Text  string `toml:"text"`
}

// knownKeys lists the keys of each table of the format, keyed by the table's
// path with array indices removed, for suggestions on unknown keys.
var knownKeys = map[string][]string{
	"":               {"scenario", "vars", "bounds", "clocks", "scenes", "events", "checks", "endings"},
	"scenario":       {"id", "title", "summary", "version", "authors", "tags", "risk", "start", "guidance", "roles"},
	"clocks":         {"id", "label", "due", "done"},
	"scenes":         {"id", "title", "role", "text", "notes", "discuss", "time_limit", "timeout", "pick", "goto", "choices"},
	"scenes.choices": {"id", "text", "hours", "when", "set", "add", "score", "why", "goto"},
	"events":         {"id", "when", "chance", "once", "text", "set", "add", "goto"},
	"checks":         {"principle", "when", "score", "why"},
	"endings":        {"id", "title", "when", "text"},
	"guidance":       {"id", "title", "summary"},
	"principles":     {"id", "title", "summary", "good", "bad"},
}

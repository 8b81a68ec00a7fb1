package engine

import (
	"reflect"
	"slices"
)

// The raw* types mirror the TOML format one to one; the loader decodes into
// them, then checks and compiles them into the model. Keys the decoder finds
// no field for are reported as unknown.

type rawScenarioFile struct {
	Scenario rawHeader             `toml:"scenario"`
	Params   map[string]any        `toml:"params"`
	Vars     map[string]any        `toml:"vars"`
	Bounds   map[string][2]float64 `toml:"bounds"`
	Roles    []rawRole             `toml:"roles"`
	Modules  []rawModule           `toml:"modules"`
	Clocks   []rawClock            `toml:"clocks"`
	Scenes   []rawScene            `toml:"scenes"`
	Events   []rawEvent            `toml:"events"`
	Checks   []rawCheck            `toml:"checks"`
	Endings  []rawEnding           `toml:"endings"`
	Display  rawDisplay            `toml:"display"`
}

type rawRole struct {
	ID      string `toml:"id"`
	Title   string `toml:"title"`
	Brief   string `toml:"brief"`
	Private string `toml:"private"`
}

type rawModule struct {
	ID      string   `toml:"id"`
	Title   string   `toml:"title"`
	Summary string   `toml:"summary"`
	Budget  string   `toml:"budget"`
	Scenes  []string `toml:"scenes"`
}

// rawPrompt is a discussion prompt given as a table, with its answer.
type rawPrompt struct {
	Prompt string `toml:"prompt"`
	Answer string `toml:"answer"`
}

type rawVariant struct {
	When string `toml:"when"`
	Text string `toml:"text"`
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
	// StartTime is a TOML date-time (or date): the scenario clock's 0 as a
	// local time, for {time} and {date} in text. Decoded as any, so that a
	// value of another type gets the loader's own message.
	StartTime any `toml:"start_time"`
}

type rawClock struct {
	ID    string  `toml:"id"`
	Label string  `toml:"label"`
	Due   float64 `toml:"due"`
	Done  string  `toml:"done"`
	When  string  `toml:"when"`
}

type rawScene struct {
	ID        string       `toml:"id"`
	Title     string       `toml:"title"`
	Role      string       `toml:"role"`
	Text      string       `toml:"text"`
	Notes     string       `toml:"notes"`
	Discuss   rawDiscuss   `toml:"discuss"`
	Variants  []rawVariant `toml:"variants"`
	TimeLimit string       `toml:"time_limit"`
	Timeout   string       `toml:"timeout"`
	Pick      any          `toml:"pick"`
	Goto      string       `toml:"goto"`
	Choices   []rawChoice  `toml:"choices"`
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
	Plan  bool               `toml:"plan"`
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
	Manual  bool               `toml:"manual"`
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

// rawDiscuss holds a scene's `discuss` as the decoder found it: an array
// whose entries are strings, or tables with `prompt` and `answer` (given
// inline or as [[scenes.discuss]]). The loader checks it, with positions.
type rawDiscuss struct{ v any }

// UnmarshalTOML keeps the value for the loader to check; it never fails, so
// that a wrong type is reported where it is rather than at the last key of
// that name.
func (d *rawDiscuss) UnmarshalTOML(v any) error {
	d.v = v
	return nil
}

// knownKeys lists the keys of each table of the scenario, rubric and
// playtest formats, keyed by the table's path with array indices removed,
// for suggestions on unknown keys. It is derived from the types the loader
// decodes into, so it cannot fall behind them.
var knownKeys = tableKeys(rawScenarioFile{}, rawGuidanceFile{}, rawPlaytestFile{})

// tableKeys walks the structs decoded from TOML and lists, per table path,
// the keys of their fields (by toml tag), merged over the roots.
func tableKeys(roots ...any) map[string][]string {
	out := map[string][]string{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t == reflect.TypeOf(rawDiscuss{}) {
			t = reflect.TypeOf(rawPrompt{})
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name := f.Tag.Get("toml")
			if name == "" {
				continue
			}
			if !slices.Contains(out[path], name) {
				out[path] = append(out[path], name)
			}
			sub := name
			if path != "" {
				sub = path + "." + name
			}
			walk(f.Type, sub)
		}
	}
	for _, r := range roots {
		walk(reflect.TypeOf(r), "")
	}
	return out
}

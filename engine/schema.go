package engine

import (
	"encoding/json"
	"reflect"
	"strings"
)

// schemaDocs describes the keys of the format, by path without indices; the
// schema carries them so that editors show them on hover.
var schemaDocs = map[string]string{
	"scenario":             "The scenario's identity and where it starts.",
	"scenario.id":          "Unique id: lowercase letters, digits and hyphens.",
	"scenario.title":       "Shown in lists, the briefing and the debrief.",
	"scenario.summary":     "One or two sentences for the briefing.",
	"scenario.version":     "Recorded with every result, to compare like with like.",
	"scenario.risk":        "The risk-register entry this scenario drills.",
	"scenario.start":       "Id of the first scene.",
	"scenario.guidance":    "Rubric id; the built-in one is breach-pr.",
	"scenario.roles":       "Role ids the drill involves, e.g. ceo, ciso, comms, legal (or give [[roles]] tables instead).",
	"scenario.start_time":  "The scenario clock's start as a local date and time, written bare: 2026-03-10T08:40:00. Text can then show {time}, {day} and {date}.",
	"params":               "Parameters with their defaults (text, a number, true/false or an array of text), set with --param KEY=VALUE; {param.name} in text, param.name in expressions.",
	"roles":                "The roles players take, for role cards and the exercise plan.",
	"roles.title":          "The role as players know it, e.g. \"Chief Executive\".",
	"roles.brief":          "Markdown: what the role is responsible for in the exercise.",
	"roles.private":        "Markdown: what only this role knows at the start; printed on its role card.",
	"modules":              "Groups of scenes with a time budget: the exercise's schedule.",
	"modules.summary":      "Markdown: the situation as the module opens, for the Situation Manual.",
	"modules.budget":       "Real time planned for the module's discussion, e.g. \"30m\".",
	"modules.scenes":       "Ids of the scenes of the module, in order.",
	"vars":                 "Every variable, with its start value: a number or true/false.",
	"bounds":               "Number variables kept within [min, max] after every change.",
	"display":              "Which variables the terminal UI shows beside the drill.",
	"display.meters":       "Number variables with bounds, drawn as bars.",
	"display.flags":        "Boolean variables, drawn as on or off.",
	"clocks":               "Countdowns shown beside the drill.",
	"clocks.due":           "Scenario hours after the start.",
	"clocks.done":          "Expression: once true, the clock is met.",
	"clocks.when":          "Expression: the clock is in play only once this has held, e.g. param.listed.",
	"scenes":               "The decision points.",
	"scenes.text":          "Markdown; {var} shows a variable's value.",
	"scenes.role":          "Which role owns this decision.",
	"scenes.notes":         "Facilitator notes, hidden from players until shown with n.",
	"scenes.discuss":       "Discussion prompts, shown with d: strings, or tables with `prompt` and `answer`.",
	"scenes.variants":      "Texts shown instead of the scene's text: the first whose `when` holds.",
	"scenes.variants.when": "Expression: the variant is shown while it is true.",
	"scenes.time_limit":    "Real-time limit in the terminal UI, e.g. \"3m\".",
	"scenes.timeout":       "Id of the choice taken when time runs out (it must have no `when`).",
	"scenes.pick":          "Multi-select: [min, max] choices, or one number for exactly that many.",
	"scenes.goto":          "In a pick scene: where the drill goes after the picks.",
	"scenes.choices":       "The options of the scene.",
	"scenes.choices.hours": "Scenario hours the decision takes; default 1.",
	"scenes.choices.when":  "Expression: the choice is offered only while it is true.",
	"scenes.choices.set":   "Variables to assign: a literal, or an expression in quotes.",
	"scenes.choices.add":   "Numbers to add to number variables.",
	"scenes.choices.score": "Points per principle of the guidance; may be negative.",
	"scenes.choices.why":   "One line the debrief shows for the score.",
	"scenes.choices.goto":  "Id of the scene or ending the choice leads to.",
	"scenes.choices.plan":  "The choice follows the response plan: where the team takes it, the risk register's plan counts towards prepare.",
	"events":               "Injects that fire by themselves between decisions.",
	"events.when":          "Expression: the event may fire while it is true.",
	"events.chance":        "Probability of firing each time it may; default 1.",
	"events.once":          "Fire at most once per drill; default true.",
	"events.goto":          "Scene or ending the drill goes to instead.",
	"events.channel":       "How it reaches the players: press, social, email, call or internal.",
	"events.from":          "Who it comes from: a paper, an account, a caller.",
	"events.manual":        "Never fires by itself: only when a facilitator fires it by hand.",
	"checks":               "Scores awarded once at the end of the drill, when their condition holds.",
	"endings":              "How a drill can end.",
	"endings.when":         "Expression: ends the drill as soon as it is true.",
}

// schemaRequired lists the required keys of each table.
var schemaRequired = map[string][]string{
	"":                {"scenario", "scenes", "endings"},
	"scenario":        {"id", "title", "start"},
	"clocks":          {"id", "done"},
	"roles":           {"id", "title"},
	"modules":         {"id", "title", "budget", "scenes"},
	"scenes.variants": {"when", "text"},
	"scenes":          {"id", "title"},
	"scenes.choices":  {"id", "text"},
	"events":          {"id", "text"},
	"checks":          {"principle", "when"},
	"endings":         {"id", "title"},
	"display.meters":  {"var"},
	"display.flags":   {"var"},
}

// Schema returns the JSON Schema of the scenario format, generated from the
// types the loader decodes into, so that TOML editors (taplo, Even Better
// TOML) can complete and check keys. Score keys are limited to the principles
// of g when it is not nil.
func Schema(g *Guidance) []byte {
	s := schemaOf(reflect.TypeOf(rawScenarioFile{}), "", g)
	return schemaDocument(s, "ttx scenario", "A branching data-breach drill for ttx. See docs/scenario-format.md.")
}

// schemaDocument makes s a draft-07 JSON Schema document with a title and a
// description, indented.
func schemaDocument(s map[string]any, title, description string) []byte {
	s["$schema"] = "http://json-schema.org/draft-07/schema#"
	s["title"] = title
	s["description"] = description
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // the schema is built from maps of plain values
	}
	return append(out, '\n')
}

var idKeys = map[string]bool{"id": true, "start": true, "goto": true, "timeout": true}

func schemaOf(t reflect.Type, path string, g *Guidance) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := map[string]any{}
	if d, ok := schemaDocs[path]; ok {
		s["description"] = d
	}
	last := path[strings.LastIndexByte(path, '.')+1:]
	switch {
	case path == "scenes.pick":
		s["oneOf"] = []any{
			map[string]any{"type": "integer", "minimum": 1},
			map[string]any{"type": "array", "items": map[string]any{"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2},
		}
		return s
	case path == "vars":
		s["type"] = "object"
		s["additionalProperties"] = map[string]any{"type": []string{"number", "boolean"}}
		s["propertyNames"] = map[string]any{"pattern": varPattern.String()}
		return s
	case path == "params":
		s["type"] = "object"
		s["additionalProperties"] = map[string]any{"oneOf": []any{
			map[string]any{"type": []string{"string", "number", "boolean"}},
			map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		}}
		s["propertyNames"] = map[string]any{"pattern": varPattern.String()}
		return s
	case path == "scenario.start_time":
		// Editors give TOML dates to a schema as strings.
		s["type"] = "string"
		return s
	case path == "scenes.discuss":
		prompt := map[string]any{}
		objectSchema(prompt, reflect.TypeOf(rawPrompt{}), path, schemaRequired, func(ft reflect.Type, sub string) map[string]any { return schemaOf(ft, sub, g) })
		prompt["required"] = []string{"prompt"}
		s["type"] = "array"
		s["items"] = map[string]any{"oneOf": []any{map[string]any{"type": "string"}, prompt}}
		return s
	case strings.HasSuffix(path, ".set"):
		s["type"] = "object"
		s["additionalProperties"] = map[string]any{"type": []string{"number", "boolean", "string"}}
		return s
	case path == "scenes.choices.score" && g != nil:
		ids := make([]string, len(g.Principles))
		for i, p := range g.Principles {
			ids[i] = p.ID
		}
		s["type"] = "object"
		s["additionalProperties"] = map[string]any{"type": "integer"}
		s["propertyNames"] = map[string]any{"enum": ids}
		return s
	case path == "events.channel":
		names := make([]string, len(channels))
		for i, c := range channels {
			names[i] = string(c)
		}
		s["type"] = "string"
		s["enum"] = names
		return s
	case path == "checks.principle" && g != nil:
		ids := make([]string, len(g.Principles))
		for i, p := range g.Principles {
			ids[i] = p.ID
		}
		s["type"] = "string"
		s["enum"] = ids
		return s
	}
	switch t.Kind() {
	case reflect.String:
		s["type"] = "string"
		if idKeys[last] {
			s["pattern"] = idPattern.String()
		}
	case reflect.Bool:
		s["type"] = "boolean"
	case reflect.Int, reflect.Int64:
		s["type"] = "integer"
	case reflect.Float64:
		s["type"] = "number"
	case reflect.Slice:
		s["type"] = "array"
		s["items"] = schemaOf(t.Elem(), path, g)
		delete(s["items"].(map[string]any), "description")
	case reflect.Array:
		s["type"] = "array"
		s["items"] = schemaOf(t.Elem(), path, g)
		s["minItems"], s["maxItems"] = t.Len(), t.Len()
	case reflect.Map:
		s["type"] = "object"
		s["additionalProperties"] = schemaOf(t.Elem(), path+".*", g)
	case reflect.Struct:
		objectSchema(s, t, path, schemaRequired, func(ft reflect.Type, sub string) map[string]any { return schemaOf(ft, sub, g) })
	case reflect.Interface:
	}
	return s
}

// objectSchema fills s with the schema of a struct decoded from a TOML
// table: one property per field, by its toml tag, no other keys, and the
// table's required keys. field gives each field's own schema.
func objectSchema(s map[string]any, t reflect.Type, path string, required map[string][]string, field func(reflect.Type, string) map[string]any) {
	props := map[string]any{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("toml")
		sub := name
		if path != "" {
			sub = path + "." + name
		}
		props[name] = field(f.Type, sub)
	}
	s["type"] = "object"
	s["properties"] = props
	s["additionalProperties"] = false
	if req := required[path]; len(req) > 0 {
		s["required"] = req
	}
}

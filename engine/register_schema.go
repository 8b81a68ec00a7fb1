package engine

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unicode"
)

// registerSchemaDocs describes the keys of the register format, by path
// without indices; the schema carries them so that editors show them on
// hover.
var registerSchemaDocs = map[string]string{
	"register":                  "The register as a whole.",
	"register.title":            "Shown at the top of reports.",
	"register.currency":         "Unit of the loss estimates in reports, e.g. EUR or $.",
	"bands":                     "The least likelihood x impact of each severity band; defaults 1, 5, 10, 17.",
	"bands.low":                 "Always 1.",
	"risks":                     "The risks, one [[risks]] table each.",
	"risks.id":                  "Unique id: lowercase letters, digits and hyphens. Scenarios name it in `risk`.",
	"risks.title":               "One sentence: the cause, the event and the consequence.",
	"risks.description":         "Markdown: what could happen and why it matters.",
	"risks.category":            "A grouping of your choice, e.g. cyber, people, third party.",
	"risks.owner":               "The one role or person who answers for the risk.",
	"risks.likelihood":          "1-5, or rare, unlikely, possible, likely, almost certain.",
	"risks.impact":              "1-5, or insignificant, minor, moderate, major, catastrophic.",
	"risks.residual_likelihood": "Likelihood after treatment; give residual_impact too.",
	"risks.residual_impact":     "Impact after treatment; give residual_likelihood too.",
	"risks.treatment":           "What the company does about it: accept, reduce, transfer or avoid.",
	"risks.scenarios":           "Ids of the scenarios that drill the risk.",
	"risks.review":              "Date of the next review, e.g. 2027-03-31.",
	"risks.annual_probability":  "Chance of at least one occurrence in a year, 0 to 1 (below 1).",
	"risks.loss_low":            "Loss of one occurrence: 5% of occurrences cost less.",
	"risks.loss_high":           "Loss of one occurrence: 5% of occurrences cost more.",
	"risks.plan":                "The response plan.",
	"risks.plan.text":           "The plan inline, Markdown.",
	"risks.plan.file":           "A Markdown playbook, relative to the register's folder.",
	"risks.plan.principles":     "The principles of the guidance the plan covers.",
	"risks.plan.steps":          "Who does what: { who = \"role\", what = \"action\" }.",
}

// registerSchemaRequired lists the required keys of each table.
// A register without risks is valid.
var registerSchemaRequired = map[string][]string{
	"risks":            {"id", "title", "owner", "likelihood", "impact", "treatment"},
	"risks.plan.steps": {"who", "what"},
}

// RegisterSchema returns the JSON Schema of the risk register format,
// generated from the types the loader decodes into, so that TOML editors
// (taplo, Even Better TOML) can complete and check keys. Plan principles are
// limited to those of g when it is not nil.
func RegisterSchema(g *Guidance) []byte {
	s := registerSchemaOf(reflect.TypeOf(rawRegisterFile{}), "", g)
	return schemaDocument(s, "ttx risk register", "The PR disasters a company could face, rated, owned and drilled with ttx. See docs/risk-register.md.")
}

// scaleSchema accepts a point of a scale as the loader does: a number 1-5,
// or a label in any case, with spaces, hyphens or underscores between its
// words; the enum of the labels as written gives editors their completion.
func scaleSchema(labels [5]string) []any {
	var alts []string
	for _, lb := range labels {
		var b strings.Builder
		for _, r := range lb {
			switch {
			case r == ' ':
				b.WriteString("[ _-]+")
			case unicode.IsLetter(r):
				fmt.Fprintf(&b, "[%c%c]", unicode.ToLower(r), unicode.ToUpper(r))
			default:
				b.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		alts = append(alts, b.String())
	}
	return []any{
		map[string]any{"type": "integer", "minimum": 1, "maximum": 5},
		map[string]any{"type": "string", "enum": labels[:]},
		map[string]any{"type": "string", "pattern": "^[ ]*(" + strings.Join(alts, "|") + "|[1-5])[ ]*$"},
	}
}

func registerSchemaOf(t reflect.Type, path string, g *Guidance) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := map[string]any{}
	if d, ok := registerSchemaDocs[path]; ok {
		s["description"] = d
	}
	switch path {
	case "risks.likelihood", "risks.residual_likelihood":
		s["anyOf"] = scaleSchema(LikelihoodLabels)
		return s
	case "risks.impact", "risks.residual_impact":
		s["anyOf"] = scaleSchema(ImpactLabels)
		return s
	case "risks.review":
		// A TOML date; editors and converters give it as a string.
		s["type"] = "string"
		s["pattern"] = `^[0-9]{4}-[0-9]{2}-[0-9]{2}`
		return s
	case "risks.treatment":
		names := make([]string, len(Treatments))
		for i, tr := range Treatments {
			names[i] = string(tr)
		}
		s["type"] = "string"
		s["enum"] = names
		return s
	case "risks.annual_probability":
		s["type"] = "number"
		s["minimum"] = 0
		s["exclusiveMaximum"] = 1
		return s
	case "risks.loss_low", "risks.loss_high":
		s["type"] = "number"
		s["exclusiveMinimum"] = 0
		return s
	case "bands.low":
		s["type"] = "integer"
		s["const"] = 1
		return s
	case "bands.medium", "bands.high", "bands.critical":
		s["type"] = "integer"
		s["minimum"], s["maximum"] = 1, 25
		return s
	case "risks.id":
		s["type"] = "string"
		s["pattern"] = idPattern.String()
		return s
	case "risks.scenarios":
		s["type"] = "array"
		s["items"] = map[string]any{"type": "string", "pattern": idPattern.String()}
		return s
	case "risks.plan.principles":
		item := map[string]any{"type": "string"}
		if g != nil {
			ids := make([]string, len(g.Principles))
			for i, p := range g.Principles {
				ids[i] = p.ID
			}
			item["enum"] = ids
		} else {
			item["pattern"] = idPattern.String()
		}
		s["type"] = "array"
		s["items"] = item
		return s
	}
	switch t.Kind() {
	case reflect.String:
		s["type"] = "string"
	case reflect.Slice:
		s["type"] = "array"
		items := registerSchemaOf(t.Elem(), path, g)
		delete(items, "description")
		s["items"] = items
	case reflect.Struct:
		objectSchema(s, t, path, registerSchemaRequired, func(ft reflect.Type, sub string) map[string]any { return registerSchemaOf(ft, sub, g) })
	}
	return s
}

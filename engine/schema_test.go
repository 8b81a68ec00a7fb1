package engine_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ttx-dev/ttx/engine"
)

const schemaDoc = "../docs/ttx-scenario.schema.json"

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(engine.Schema(guides(t)[engine.DefaultGuidance])))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("scenario.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tomlAsJSON decodes TOML into the plain values a JSON Schema checks
// (dates become strings, as editors give them).
func tomlAsJSON(t *testing.T, src []byte) any {
	t.Helper()
	var m map[string]any
	if _, err := toml.Decode(string(src), &m); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSchemaAcceptsValidFiles: every valid fixture and shipped scenario
// passes the schema that editors use.
func TestSchemaAcceptsValidFiles(t *testing.T) {
	s := compiledSchema(t)
	files, _ := filepath.Glob("../testdata/valid/*.toml")
	shipped, _ := filepath.Glob("../scenarios/*.toml")
	for _, f := range append(files, shipped...) {
		if strings.HasSuffix(f, "guidance.toml") {
			continue
		}
		if err := s.Validate(tomlAsJSON(t, readFile(t, f))); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestSchemaRejects: the schema catches what editors should flag.
func TestSchemaRejects(t *testing.T) {
	s := compiledSchema(t)
	for _, f := range []string{"unknown-key", "score-unknown-principle", "wrong-value-type", "event-bad-channel"} {
		if err := s.Validate(tomlAsJSON(t, readFile(t, "../testdata/invalid/"+f+".toml"))); err == nil {
			t.Errorf("%s passes the schema", f)
		}
	}
}

// TestSchemaInSync: the committed schemas are what ttx schema and ttx
// riskmap --schema print (go test -update rewrites them).
func TestSchemaInSync(t *testing.T) {
	g := guides(t)[engine.DefaultGuidance]
	checkGolden(t, schemaDoc, engine.Schema(g))
	checkGolden(t, "../docs/ttx-risks.schema.json", engine.RegisterSchema(g))
}

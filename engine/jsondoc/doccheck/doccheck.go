// Package doccheck validates the JSON documents ttx writes against their
// contract: the JSON Schemas in docs/schemas, one per document format, as
// docs/json.md describes them.
package doccheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Base is the URL the schemas are published under, their $id's prefix.
const Base = "https://github.com/ttx-dev/ttx/docs/schemas/"

// Dir returns the docs/schemas directory of the module, found from the
// working directory up.
func Dir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "docs", "schemas"), nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = up
	}
}

var compiled = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.schema.json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no schemas in %s (%v)", dir, err)
	}
	c := jsonschema.NewCompiler()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		if err := c.AddResource(Base+filepath.Base(f), doc); err != nil {
			return nil, err
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".schema.json")
		s, err := c.Compile(Base + filepath.Base(f))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		out[name] = s
	}
	return out, nil
})

// Schemas returns the compiled schemas by document format (the file name
// without .schema.json).
func Schemas(tb testing.TB) map[string]*jsonschema.Schema {
	tb.Helper()
	s, err := compiled()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Validate fails tb unless out is one JSON document valid against the
// schema of the format it names, and returns that format.
func Validate(tb testing.TB, where string, out []byte) string {
	tb.Helper()
	var hdr struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(out, &hdr); err != nil {
		tb.Fatalf("%s: not one JSON document: %v\n%s", where, err, out)
	}
	s, ok := Schemas(tb)[hdr.Format]
	if !ok || hdr.Format == "ttx-defs" {
		tb.Fatalf("%s: no schema for format %q", where, hdr.Format)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.Validate(v); err != nil {
		tb.Errorf("%s: the %s document does not fit its schema: %v\n%s", where, hdr.Format, err, out)
	}
	return hdr.Format
}

package jsondoc_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ttx-dev/ttx/engine/jsondoc"
	"github.com/ttx-dev/ttx/engine/jsondoc/doccheck"
)

// TestSchemasNameTheirFormat: each format has a schema whose format and
// format_version are the ones the code writes, and each schema a format.
func TestSchemasNameTheirFormat(t *testing.T) {
	dir, err := doccheck.Dir()
	if err != nil {
		t.Fatal(err)
	}
	schemas := doccheck.Schemas(t)
	for format, version := range jsondoc.Versions {
		b, err := os.ReadFile(filepath.Join(dir, format+".schema.json"))
		if err != nil {
			t.Errorf("format %s has no schema: %v", format, err)
			continue
		}
		var s struct {
			ID         string `json:"$id"`
			Properties struct {
				Format struct {
					Const string `json:"const"`
				} `json:"format"`
				Version struct {
					Const int `json:"const"`
				} `json:"format_version"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		if s.Properties.Format.Const != format || s.Properties.Version.Const != version || s.ID != doccheck.Base+format+".schema.json" {
			t.Errorf("%s.schema.json: format %q version %d id %q; the code writes %q version %d", format, s.Properties.Format.Const, s.Properties.Version.Const, s.ID, format, version)
		}
	}
	for name := range schemas {
		if _, ok := jsondoc.Versions[name]; !ok && name != "ttx-defs" {
			t.Errorf("schema %s names no format the code writes", name)
		}
	}
}

// TestSchemasRefuse: the schemas hold the contract's rules: snake_case
// names only, [] never null, a fixed time precision, every field present.
func TestSchemasRefuse(t *testing.T) {
	s := doccheck.Schemas(t)["ttx-results"]
	good := `{"format": "ttx-results", "format_version": 1, "runs": [{"run_id": 1, "uuid": "0f8fad5b-d9cb-469f-a165-70867728950e",
		"scenario": {"id": "x", "title": "X", "version": "1", "hash": "` + strings.Repeat("0", 64) + `"}, "seed": 1, "params": {}, "team": "A",
		"participants": [], "started": "2026-01-02T03:04:05.000Z", "ended": null, "finished": false, "ending": null, "hours": 0,
		"total_percent": null, "total_rating": null, "rating_capped_by": null, "principles": [], "decision_count": 0, "bounds_estimated": false, "bounds_note": null}]}`
	validate := func(doc string) error {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		return s.Validate(v)
	}
	if err := validate(good); err != nil {
		t.Fatalf("the good document is refused: %v", err)
	}
	for name, bad := range map[string]string{
		"PascalCase":        strings.Replace(good, `"team"`, `"Team"`, 1),
		"null list":         strings.Replace(good, `"participants": []`, `"participants": null`, 1),
		"zero time":         strings.Replace(good, `"ended": null`, `"ended": "0001-01-01T00:00:00Z"`, 1),
		"nanoseconds":       strings.Replace(good, `05.000Z`, `05.123456789Z`, 1),
		"missing field":     strings.Replace(good, `"hours": 0,`, ``, 1),
		"unknown field":     strings.Replace(good, `"hours": 0,`, `"hours": 0, "Total": 1,`, 1),
		"total out of band": strings.Replace(good, `"total_percent": null`, `"total_percent": 1e308`, 1),
		"other version":     strings.Replace(good, `"format_version": 1`, `"format_version": 2`, 1),
	} {
		if bad == good {
			t.Fatalf("%s: the document was not changed", name)
		}
		if validate(bad) == nil {
			t.Errorf("%s: the schema accepts %s", name, bad)
		}
	}
}

func TestTime(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 678901234, time.FixedZone("X", 3600))
	b, _ := json.Marshal(struct {
		A, B jsondoc.Time
	}{jsondoc.Time(at), jsondoc.Time{}})
	if string(b) != `{"A":"2026-01-02T02:04:05.678Z","B":null}` {
		t.Fatalf("times = %s", b)
	}
	var back struct{ A, B jsondoc.Time }
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !time.Time(back.A).Equal(at.Truncate(time.Millisecond)) || !time.Time(back.B).IsZero() {
		t.Fatalf("read back %v %v", time.Time(back.A), time.Time(back.B))
	}
	for _, bad := range []string{`"yesterday"`, `12`} {
		var x jsondoc.Time
		if err := json.Unmarshal([]byte(bad), &x); err == nil {
			t.Errorf("%s read as a time", bad)
		}
	}
}

func TestDecisions(t *testing.T) {
	rec := []string{"a", "b+c", "!d"}
	ds := jsondoc.DecisionsOf(rec)
	want := []jsondoc.Decision{{Choices: []string{"a"}}, {Choices: []string{"b", "c"}}, {Choices: []string{"d"}, TimedOut: true}}
	if !reflect.DeepEqual(ds, want) {
		t.Fatalf("DecisionsOf = %+v", ds)
	}
	back, err := jsondoc.RecordOf(ds)
	if err != nil || !reflect.DeepEqual(back, rec) {
		t.Fatalf("RecordOf = %q, %v", back, err)
	}
	if got := jsondoc.Choose(ds); got != "a,b+c,d" {
		t.Errorf("Choose = %q", got)
	}
	for _, bad := range [][]jsondoc.Decision{{{}}, {{Choices: []string{"a+b"}}}, {{Choices: []string{"!a"}}}, {{Choices: []string{""}}}} {
		if _, err := jsondoc.RecordOf(bad); err == nil {
			t.Errorf("RecordOf(%+v) succeeded", bad)
		}
	}
	var buf bytes.Buffer
	if err := jsondoc.Write(&buf, jsondoc.NewError("boom", 1)); err != nil || !strings.HasSuffix(buf.String(), "}\n") {
		t.Fatalf("Write = %q, %v", buf.String(), err)
	}
}

package engine_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
)

// The exercise format: parameters, the clock's date, roles, modules,
// answered prompts, text variants, clocks in play, events fired by hand.

func clockIDs(d *engine.Drill) []string {
	out := []string{}
	for _, c := range d.Clocks() {
		out = append(out, c.Clock.ID)
	}
	return out
}

func TestParams(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "exercise.toml")
	var names []string
	for _, p := range sc.Params {
		names = append(names, p.Name+"="+p.Value)
	}
	if want := []string{"company=Northwind Retail", "sector=retail", "regions=us,eu", "listed=true"}; !reflect.DeepEqual(names, want) {
		t.Errorf("params %v, want %v (file order)", names, want)
	}
	if sc.Title != "A breach at Northwind Retail" || sc.ParamOverrides() != nil {
		t.Errorf("title %q, overrides %v", sc.Title, sc.ParamOverrides())
	}
	for _, tc := range []struct {
		name   string
		set    map[string]string
		title  string
		clocks []string
	}{
		{"defaults", nil, "A breach at Northwind Retail", []string{"sec-8k", "gdpr"}},
		{"private company", map[string]string{"listed": "no"}, "A breach at Northwind Retail", []string{"gdpr"}},
		{"US only", map[string]string{"regions": "us", "company": "Acme <Corp>"}, "A breach at Acme <Corp>", []string{"sec-8k"}},
		{"charity in the EU", map[string]string{"sector": "charity", "listed": "false"}, "A breach at Northwind Retail", []string{}},
		{"defaults given", map[string]string{"listed": "true", "regions": " us , eu "}, "A breach at Northwind Retail", []string{"sec-8k", "gdpr"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bound, err := sc.WithParams(tc.set)
			if err != nil {
				t.Fatal(err)
			}
			d := engine.NewDrill(bound, 1)
			if bound.Title != tc.title || !reflect.DeepEqual(clockIDs(d), tc.clocks) {
				t.Errorf("title %q clocks %v, want %q %v", bound.Title, clockIDs(d), tc.title, tc.clocks)
			}
			if ev := d.Render(bound.Events[0].Text); !strings.Contains(ev, tc.title[len("A breach at "):]) {
				t.Errorf("event text %q does not name the company", ev)
			}
			// The record carries the parameters, and Replay binds them again
			// from the scenario as loaded.
			if err := d.Choose("lock"); err != nil {
				t.Fatal(err)
			}
			rec := d.Record()
			b, _ := json.Marshal(rec)
			var back engine.Record
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			rd, err := engine.Replay(sc, back)
			if err != nil {
				t.Fatal(err)
			}
			if rd.Scenario().Title != tc.title || !reflect.DeepEqual(clockIDs(rd), tc.clocks) || !reflect.DeepEqual(rd.Record(), rec) {
				t.Errorf("replay: title %q clocks %v record %+v, want %+v", rd.Scenario().Title, clockIDs(rd), rd.Record(), rec)
			}
		})
	}
}

func TestParamErrors(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "exercise.toml")
	for _, tc := range []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{"lsted": "true"}, `scenario "exercise" has no parameter "lsted" (did you mean "listed"?); its parameters are company, sector, regions, listed`},
		{map[string]string{"listed": "maybe"}, `parameter "listed" is true or false, not "maybe"`},
		{map[string]string{"company": strings.Repeat("x", 201)}, `parameter "company" is longer than 200 characters; shorten it`},
	} {
		if _, err := sc.WithParams(tc.set); err == nil || err.Error() != tc.want {
			t.Errorf("WithParams(%v): %v, want %s", tc.set, err, tc.want)
		}
	}
	mini := loadValid(t, "mini.toml")
	if _, err := mini.WithParams(map[string]string{"company": "x"}); err == nil || !strings.Contains(err.Error(), "has no parameters") {
		t.Errorf("mini: %v", err)
	}
	// A value from the command line is sanitized like scenario text.
	for _, h := range hostile.Strings {
		bound, err := sc.WithParams(map[string]string{"company": h})
		if err != nil {
			t.Fatal(err)
		}
		hostile.Terminal(t, "title", bound.Title)
		hostile.Terminal(t, "event", engine.NewDrill(bound, 1).Render(bound.Events[0].Text))
	}
}

func TestClockText(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "exercise.toml")
	if want := time.Date(2026, 3, 10, 8, 40, 0, 0, time.UTC); !sc.StartTime.Equal(want) {
		t.Errorf("start time %v", sc.StartTime)
	}
	d := engine.NewDrill(sc, 1)
	if got, want := d.SceneText(), "It is Tuesday, Tuesday 10 March 2026, 08:40, T+0h at Northwind Retail. Records are exposed."; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := d.Render(d.Scene().Title); got != "A call at 08:40" {
		t.Errorf("title %q", got)
	}
	if err := d.Choose("wait"); err != nil {
		t.Fatal(err)
	}
	// The variant holds while the records are exposed, and shows the clock.
	if got, want := d.SceneText(), "The records are still exposed at 11:40. What do you say?"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	d = engine.NewDrill(sc, 1)
	if err := d.Choose("lock"); err != nil {
		t.Fatal(err)
	}
	if got, want := d.SceneText(), "The exposure is closed. What do you say?"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := sc.ClockTime(40.5).Format("Mon 15:04"); got != "Thu 01:10" {
		t.Errorf("ClockTime(40.5) = %s", got)
	}
}

func TestFireByHand(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "exercise.toml")
	// A manual event never fires by itself, in a drill or in the analysis.
	d := engine.NewDrill(sc, 1)
	for _, c := range []string{"wait", "say-nothing"} {
		if err := d.Choose(c); err != nil {
			t.Fatal(err)
		}
	}
	for _, dec := range d.Decisions() {
		if len(dec.Events) > 0 {
			t.Errorf("events fired by themselves: %v", dec.Events)
		}
	}
	a := engine.Analyze(sc, engine.Budget{})
	if a.Worst[3] != -2 { // own
		t.Errorf("worst own %d", a.Worst[3])
	}

	d = engine.NewDrill(sc, 7)
	if err := d.Fire("reporter"); err != nil {
		t.Fatal(err)
	}
	if got := val(t, d, "trust"); got != 55 {
		t.Errorf("trust %v after the event, want 55", got)
	}
	for _, tc := range []struct{ id, want string }{
		{"reporter", `event "reporter" has already fired, and it fires once`},
		{"reportr", `event "reportr" is not in scenario "exercise" (did you mean "reporter"?); its events are reporter`},
	} {
		if err := d.Fire(tc.id); err == nil || err.Error() != tc.want {
			t.Errorf("Fire(%q): %v, want %s", tc.id, err, tc.want)
		}
	}
	if err := d.Choose("wait"); err != nil {
		t.Fatal(err)
	}
	rec := d.Record()
	if want := []engine.ManualEvent{{After: 0, Event: "reporter"}}; !reflect.DeepEqual(rec.Manual, want) {
		t.Errorf("record manual %v, want %v", rec.Manual, want)
	}
	rd, err := engine.Replay(sc, rec)
	if err != nil {
		t.Fatal(err)
	}
	if val(t, rd, "trust") != val(t, d, "trust") || !reflect.DeepEqual(rd.Injections(), d.Injections()) {
		t.Errorf("replay: trust %v injections %v, want %v %v", val(t, rd, "trust"), rd.Injections(), val(t, d, "trust"), d.Injections())
	}
	// A record with hand-fired events out of order is refused.
	bad := rec
	bad.Manual = []engine.ManualEvent{{After: 1, Event: "reporter"}, {After: 0, Event: "reporter"}}
	if _, err := engine.Replay(sc, bad); err == nil || !strings.Contains(err.Error(), "out of order") {
		t.Errorf("out of order: %v", err)
	}
	if err := rd.Choose("say-sorry"); err != nil {
		t.Fatal(err)
	}
	if err := rd.Fire("reporter"); err == nil || !strings.Contains(err.Error(), "has ended") {
		t.Errorf("fire after the end: %v", err)
	}
}

func TestRolesModulesPrompts(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "exercise.toml")
	if !reflect.DeepEqual(sc.Roles, []string{"ceo", "comms"}) || sc.RoleTitle("comms") != "Head of Communications" || sc.RoleTitle("cfo") != "cfo" {
		t.Errorf("roles %v", sc.RoleInfo)
	}
	if len(sc.Modules) != 2 || sc.Modules[1].Budget != 25*time.Minute || sc.ModuleOf(1) != 1 || sc.ModuleOf(0) != 0 {
		t.Errorf("modules %+v", sc.Modules)
	}
	d := engine.NewDrill(sc, 1)
	if m := d.Module(); m == nil || m.ID != "first-hours" {
		t.Errorf("module %v", m)
	}
	s0, s1 := sc.Scenes[0], sc.Scenes[1]
	if !reflect.DeepEqual(s0.Answers, []string{"The people whose records are exposed, in parallel with the fix.", ""}) ||
		!reflect.DeepEqual(s1.Discuss, []string{"What do customers need to know?", "What will you promise?"}) ||
		!reflect.DeepEqual(s1.Answers, []string{"", "Only what you can keep."}) {
		t.Errorf("prompts %q %q / %q %q", s0.Discuss, s0.Answers, s1.Discuss, s1.Answers)
	}
	// The older list of role ids keeps loading, titled by id.
	old := loadValid(t, "bucket-leak.toml")
	if len(old.RoleInfo) != 4 || old.RoleInfo[0] != (engine.Role{ID: "ceo", Title: "ceo"}) {
		t.Errorf("legacy roles %v", old.RoleInfo)
	}
}

func TestCondConstant(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "exercise.toml")
	for _, c := range sc.Clocks {
		if v, ok := c.When.Constant(); !ok || !v {
			t.Errorf("clock %s: when %q constant %v %v", c.ID, c.When.Src, v, ok)
		}
		if _, ok := c.Done.Constant(); ok {
			t.Errorf("clock %s: done %q is not constant", c.ID, c.Done.Src)
		}
	}
}

// TestLintVariants: the text variants and own texts no drill shows are
// warned about, at their positions; a variant the parameters rule out is
// written for other parameters and is not, though one that reads a
// parameter and is never shown for another reason still is.
func TestLintVariants(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"variants.toml", []string{
			`variants.toml:16:1: the own text of scene "first" is never shown: some variant holds wherever a drill reaches it`,
			`variants.toml:22:3: text variant 2 of scene "first" is never shown: wherever a drill reaches the scene, its ` + "`when`" + ` is false or an earlier variant holds`,
			`variants.toml:42:1: the own text of scene "second" is never shown: some variant holds wherever a drill reaches it`,
		}},
		{"variants-params.toml", []string{
			`variants-params.toml:26:3: text variant 2 of scene "first" is never shown: wherever a drill reaches the scene, its ` + "`when`" + ` is false or an earlier variant holds`,
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			sc, err := engine.Load("../testdata/lint/"+tc.file, guides(t))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range sc.Lint(nil) {
				if strings.Contains(d.Message, "variant") || strings.Contains(d.Message, "own text") {
					got = append(got, strings.TrimPrefix(d.Error(), "../testdata/lint/"))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestDecodeErrorAtValue: a value of the wrong type is reported at the value
// itself, whichever element of an array of tables holds it, once.
func TestDecodeErrorAtValue(t *testing.T) {
	t.Parallel()
	const head = "[scenario]\nid = \"x\"\ntitle = \"X\"\nstart = \"a\"\n"
	scene := func(id, extra string) string {
		return "[[scenes]]\nid = \"" + id + "\"\ntitle = \"T\"\n  [[scenes.choices]]\n  id = \"c" + id + "\"\n  text = \"C\"\n  goto = \"end\"\n" + extra
	}
	const end = "[[endings]]\nid = \"end\"\ntitle = \"E\"\n"
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"integer where a whole number is a float", head + scene("a", "  score = { own = 1 }\n") + scene("b", "  score = { own = 1.5 }\n") + end,
			[]string{"x.toml:20:19: `own` must be a whole number, not a number"}},
		{"number in an array of text", head + "authors = [\"a\", 3]\n" + scene("a", "") + end,
			[]string{"x.toml:5:17: `authors` must be text in quotes, not a whole number"}},
		{"two wrong values of one key", head + scene("a", "  hours = \"1\"\n") + scene("b", "  hours = 2\n") + scene("c", "  hours = \"3\"\n") + end,
			[]string{"x.toml:12:11: `hours` must be a number, not text in quotes", "x.toml:28:11: `hours` must be a number, not text in quotes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine.Parse("x.toml", []byte(tc.src), guides(t))
			var ds engine.Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("want diagnostics, got %v", err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"), tc.src)
			}
		})
	}
}

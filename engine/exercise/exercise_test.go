package exercise_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/exercise"
	"github.com/ttx-dev/ttx/engine/exercise/exercisetest"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/internal/htmlcheck"
	"github.com/ttx-dev/ttx/scenarios"
)

func guides(t testing.TB) engine.Guides {
	t.Helper()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// load loads a fixture of testdata/valid.
func load(t testing.TB, name string) *engine.Scenario {
	t.Helper()
	sc, err := engine.Load(filepath.Join("../../testdata/valid", name), guides(t))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// pack builds sc's package and checks every document (exercisetest.Check).
func pack(t *testing.T, sc *engine.Scenario, opt exercise.Options) ([]exercise.Document, map[string]*html.Node) {
	t.Helper()
	docs, err := exercise.Build(sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	return docs, exercisetest.Check(t, docs)
}

// TestPackageParams: parameters set for the package show in every document
// that names the organisation, and the clocks left out by them are said to
// be.
func TestPackageParams(t *testing.T) {
	t.Parallel()
	bound, err := load(t, "exercise.toml").WithParams(map[string]string{"company": "Acme Ltd", "listed": "false"})
	if err != nil {
		t.Fatal(err)
	}
	_, pages := pack(t, bound, exercise.Options{})
	for _, name := range exercisetest.DocNames {
		if !strings.Contains(exercisetest.Text(pages[name]), "Acme Ltd") {
			t.Errorf("%s does not name the organisation", name)
		}
	}
	for name, wants := range map[string][]string{
		"exercise-plan": {
			"GDPR regulator notice (72 hours) T+72h (Fri 13 Mar, 08:40) Always",
			"Not in play for this organisation (by its parameters): SEC 8-K (listed companies: 4 business days).",
			"Module 1: The first hours 20 min",
		},
		"inject-cards": {"Fires By hand only", "A reporter asks Acme Ltd why records were exposed."},
		"facilitator-guide": {
			"Shown instead when “exposed” is on: The records are still exposed at 09:40. What do you say?",
			"★ Close the exposure now",
			"Only what you can keep.",
			"Module 2: Going public",
		},
	} {
		got := exercisetest.Text(pages[name])
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s lacks %q:\n%s", name, want, got)
			}
		}
	}
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r == 0x7f || r == 0xfffd:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String() + `"`
}

// TestHostile: hostile text in every field of a scenario, in the team's
// name and in a parameter, reaches no document as markup, a link or a
// terminal control, and breaks no table.
func TestHostile(t *testing.T) {
	t.Parallel()
	for i, bad := range hostile.Strings {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			q := tomlString(bad)
			src := strings.NewReplacer("HOSTILE", q[1:len(q)-1]).Replace(hostileScenario)
			sc, err := engine.Parse("hostile.toml", []byte(src), guides(t))
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			sc, err = sc.WithParams(map[string]string{"company": bad})
			if err != nil {
				t.Fatal(err)
			}
			docs, _ := pack(t, sc, exercise.Options{Team: engine.Sanitize(bad)})
			for _, d := range docs {
				hostile.HTML(t, d.Name+".html", string(d.HTML))
				hostile.Markdown(t, d.Name+".md", string(d.Markdown))
			}
		})
	}
}

// hostileScenario has HOSTILE in every text a document shows.
const hostileScenario = `
[scenario]
id = "hostile"
title = "T HOSTILE {param.company}"
summary = "S HOSTILE"
version = "V HOSTILE"
start = "first"
start_time = 2026-03-10T08:40:00

[params]
company = "C"
sector = "HOSTILE"

[vars]
exposed = true
trust = 50

[bounds]
trust = [0, 100]

[display]
flags = [{ var = "exposed", label = "L HOSTILE" }]

[[roles]]
id = "ceo"
title = "R HOSTILE"
brief = "B HOSTILE"
private = "P HOSTILE"

[[modules]]
id = "m"
title = "M HOSTILE"
summary = "MS HOSTILE"
budget = "30m"
scenes = ["first", "second"]

[[clocks]]
id = "c"
label = "CL HOSTILE"
due = 72
done = "chose('act')"

[[scenes]]
id = "first"
title = "ST HOSTILE"
role = "ceo"
text = "TX HOSTILE {trust}"
notes = "N HOSTILE"
time_limit = "2m"
timeout = "wait"

  [[scenes.discuss]]
  prompt = "Q HOSTILE"
  answer = "A HOSTILE"

  [[scenes.variants]]
  when = "!exposed"
  text = "VX HOSTILE"

  [[scenes.choices]]
  id = "act"
  text = "CT HOSTILE"
  set = { exposed = false }
  score = { contain = 2 }
  why = "W HOSTILE"
  goto = "second"

  [[scenes.choices]]
  id = "wait"
  text = "CW HOSTILE"
  score = { contain = -2 }
  why = "WW HOSTILE"
  goto = "second"

[[scenes]]
id = "second"
title = "S2 HOSTILE"
text = "X2 HOSTILE"
pick = [1, 2]
goto = "done"

  [[scenes.choices]]
  id = "sorry"
  text = "P1 HOSTILE"
  score = { own = 2 }
  why = "PW HOSTILE"

  [[scenes.choices]]
  id = "blame"
  text = "P2 HOSTILE"
  score = { own = -2 }
  why = "PB HOSTILE"

[[events]]
id = "press"
channel = "press"
from = "F HOSTILE"
when = "exposed && hours >= 1"
text = "E HOSTILE"
add = { trust = -5 }

[[checks]]
principle = "own"
when = "chose('sorry')"
score = 1
why = "K HOSTILE"

[[endings]]
id = "done"
title = "D HOSTILE"
text = "DX HOSTILE"
`

// TestPackageOfLegacyFile: a scenario without the exercise keys still
// makes a whole package.
func TestPackageOfLegacyFile(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"mini.toml", "bucket-leak.toml", "rules.toml"} {
		sc := load(t, f)
		_, pages := pack(t, sc, exercise.Options{})
		if got := len(htmlcheck.Find(pages["role-cards"], "section", "role")); got != len(sc.RoleInfo) {
			t.Errorf("%s: %d role cards for %d roles", f, got, len(sc.RoleInfo))
		}
	}
}

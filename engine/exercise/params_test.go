package exercise_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/exercise"
	"github.com/ttx-dev/ttx/engine/exercise/exercisetest"
)

// listedScenario has a clock, a choice, two injects and a check for a listed
// company only, and a choice and an inject for one that is not; each of the
// first kind also reads the drill, so that only the parameter rules it out.
const listedScenario = `
[scenario]
id = "listed"
title = "Listed or not"
start = "call"
start_time = 2026-03-09T06:00:00

[params]
company = "Acme"
listed = true

[vars]
told = false

[[clocks]]
id = "sec"
label = "SEC 8-K clock"
due = 96
when = "param.listed && told"
done = "chose('file-8k')"

[[clocks]]
id = "gdpr"
label = "GDPR clock"
due = 72
done = "told"

[[scenes]]
id = "call"
title = "The call"
text = "**{day}, {time}.** Who hears first?"

  [[scenes.choices]]
  id = "tell"
  text = "Tell the people affected"
  set = { told = true }
  score = { notify = 2 }
  why = "They hear it first."
  goto = "investors"

  [[scenes.choices]]
  id = "wait"
  text = "Wait"
  score = { notify = -2 }
  why = "Nobody hears."
  goto = "investors"

[[scenes]]
id = "investors"
title = "The investors"
text = "What do the investors hear?"

  [[scenes.choices]]
  id = "file-8k"
  text = "File the 8-K"
  when = "param.listed"
  score = { notify = 1 }
  why = "The SEC's rule is met."
  goto = "done"

  [[scenes.choices]]
  id = "tell-banks"
  text = "Give the banks their notice"
  when = "!param.listed && told"
  score = { notify = 1 }
  why = "The banks hear from you."
  goto = "done"

  [[scenes.choices]]
  id = "say-nothing"
  text = "Say nothing"
  score = { notify = -1 }
  why = "Investors read the news."
  goto = "done"

[[events]]
id = "sec-rule"
when = "param.listed && visited('call')"
text = "Counsel sets out the SEC's rule."

[[events]]
id = "bank-asks"
channel = "email"
when = "!param.listed && visited('call')"
text = "The bank asks where things stand."

[[checks]]
principle = "notify"
when = "param.listed && !chose('file-8k')"
score = -2
why = "No 8-K was filed."

[[endings]]
id = "done"
title = "Done"
`

// packListed builds sc's package with listed bound to the value given, and
// checks every document (exercisetest.Check).
func packListed(t *testing.T, sc *engine.Scenario, listed string) map[string]*html.Node {
	t.Helper()
	bound, err := sc.WithParams(map[string]string{"listed": listed})
	if err != nil {
		t.Fatal(err)
	}
	_, pages := pack(t, bound, exercise.Options{})
	return pages
}

// TestPackageLeavesOutWhatParamsRuleOut: a choice, inject, check or clock
// whose condition the package's parameters make false in every drill is
// left out of every document (a clock is said to be out of play), even
// when the condition also reads the drill; the injects left are numbered
// from 1.
func TestPackageLeavesOutWhatParamsRuleOut(t *testing.T) {
	t.Parallel()
	sc, err := engine.Parse("listed.toml", []byte(listedScenario), guides(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		listed     string
		want, gone []string
	}{
		{"true",
			[]string{"SEC 8-K clock T+96h", "File the 8-K", "Counsel sets out the SEC's rule.", "No 8-K was filed."},
			[]string{"Give the banks their notice", "The bank asks", "Not in play"}},
		{"false",
			[]string{"Not in play for this organisation (by its parameters): SEC 8-K clock.", "Give the banks their notice", "Inject 1 · Email", "The bank asks where things stand."},
			[]string{"SEC 8-K clock T+96h", "File the 8-K", "Counsel sets out", "No 8-K was filed.", "Inject 2"}},
	} {
		t.Run("listed="+tc.listed, func(t *testing.T) {
			t.Parallel()
			pages := packListed(t, sc, tc.listed)
			var all strings.Builder
			for _, name := range exercisetest.DocNames {
				all.WriteString(exercisetest.Text(pages[name]) + "\n")
			}
			for _, want := range tc.want {
				if !strings.Contains(all.String(), want) {
					t.Errorf("no document has %q", want)
				}
			}
			for _, gone := range tc.gone {
				if strings.Contains(all.String(), gone) {
					t.Errorf("a document has %q, which the parameters rule out", gone)
				}
			}
		})
	}
}

// TestPackageLeavesOutScenesNoDrillReaches: a scene that no drill reaches
// with the package's parameters (testdata/param-gated-scene.toml: the SEC's
// question, for a company not listed) is not set out as a scene to run. The
// guide names it once, in its module, as left out; the timing plan, the
// schedule, the scope, the roles, the objectives and the Situation Manual
// count and show only the scenes some drill reaches, and the guide lists
// only the text variants the parameters leave a drill able to show (and
// does not say that a choice the parameters always offer is offered on a
// condition). For a
// listed company the same scene is set out as one that comes up on some
// paths.
func TestPackageLeavesOutScenesNoDrillReaches(t *testing.T) {
	t.Parallel()
	sc, err := engine.Load("testdata/param-gated-scene.toml", guides(t))
	if err != nil {
		t.Fatal(err)
	}
	const leftOut = "Left out of this module: “Why no 8-K?”, which no drill reaches with the parameters of this package."
	for _, tc := range []struct {
		listed string
		want   map[string][]string // document -> texts it must hold
		gone   map[string][]string // document -> texts it must not hold
		once   string              // a text the guide holds exactly once
	}{
		{"true",
			map[string][]string{
				"facilitator-guide": {"Why no 8-K? Scene sec-question Led by Chief Financial Officer Comes up Only on some paths",
					"Module 2: The week after 30 min 1 (+1 on some paths) about 30 min Why no 8-K?: 2 min",
					"The SEC's rule runs from the materiality call.", "Wait for the forensic report",
					"Shown instead when “material” is on: Monday, 08:00. The filing is public."},
				"exercise-plan":    {"3 decision points in all, of which 2 come up in every run; the others depend on what the team decides. Timed decisions: 1. 0 injects", "Chief Financial Officer You own what investors hear. 1"},
				"situation-manual": {"Further developments in this module depend on your decisions"},
			},
			map[string][]string{"facilitator-guide": {"Left out", "In no run", "The banks have asked twice", "offered the organisation is listed"}, "exercise-plan": {"Left out"}},
			"Scene sec-question"},
		{"false",
			map[string][]string{
				"facilitator-guide": {leftOut, "Module 2: The week after 30 min 1 (+0 on some paths) about 30 min —",
					"Shown instead when the organisation is not listed: Monday, 07:00. The banks have asked twice."},
				"exercise-plan": {"2 decision points in all, of which 2 come up in every run; the others depend on what the team decides. Timed decisions: 0. Left out: 1 decision point no drill reaches with the parameters of this package.",
					"Chief Financial Officer You own what investors hear. 0"},
			},
			map[string][]string{
				"facilitator-guide": {"Scene sec-question", "In no run", "The SEC's rule runs from the materiality call.", "The Item 1.05 filing is due",
					"Wait for the forensic report", "Why no 8-K?: 2 min", "Why no 8-K?;", "The filing is public"},
				"situation-manual": {"Why no 8-K?", "Further developments in this module depend on your decisions"},
				"exercise-plan":    {"Why no 8-K?"},
			},
			"Why no 8-K?"},
	} {
		t.Run("listed="+tc.listed, func(t *testing.T) {
			t.Parallel()
			pages := packListed(t, sc, tc.listed)
			for doc, wants := range tc.want {
				text := exercisetest.Text(pages[doc])
				for _, want := range wants {
					if !strings.Contains(text, want) {
						t.Errorf("the %s lacks %q:\n%s", doc, want, text)
					}
				}
			}
			for doc, gones := range tc.gone {
				text := exercisetest.Text(pages[doc])
				for _, gone := range gones {
					if strings.Contains(text, gone) {
						t.Errorf("the %s has %q", doc, gone)
					}
				}
			}
			if n := strings.Count(exercisetest.Text(pages["facilitator-guide"]), tc.once); n != 1 {
				t.Errorf("the guide has %q %d times, want once", tc.once, n)
			}
		})
	}
}

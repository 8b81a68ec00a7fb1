package exercise_test

import (
	"strings"
	"testing"

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
			bound, err := sc.WithParams(map[string]string{"listed": tc.listed})
			if err != nil {
				t.Fatal(err)
			}
			_, pages := pack(t, bound, exercise.Options{})
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

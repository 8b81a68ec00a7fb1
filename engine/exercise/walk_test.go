package exercise_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/exercise"
	"github.com/ttx-dev/ttx/engine/exercise/exercisetest"
)

// deepInject is a drill of chainLen decisions, three ways each, too many for
// the guide's walk to follow every way to the end. A letter comes in by an
// inject after the last of them, when trust has fallen (so never on the best
// path), and a second only for an organisation that is not strict. The
// first decision can take four hours instead of one.
func deepInject() string {
	var b strings.Builder
	b.WriteString(`
[scenario]
id = "deep-inject"
title = "A letter at the end"
start = "s1"
start_time = 2026-03-09T06:00:00

[params]
strict = true

[vars]
trust = 50

[bounds]
trust = [0, 100]
`)
	for i := 1; i <= chainLen; i++ {
		next := fmt.Sprintf("s%d", i+1)
		if i == chainLen {
			next = "done"
		}
		fmt.Fprintf(&b, "\n[[scenes]]\nid = \"s%d\"\ntitle = \"Step %d\"\ntext = \"**{day}, {time}.** Step %d.\"\n", i, i, i)
		for j, c := range []string{"a", "b", "c"} {
			hours := 1
			if i == 1 && j == 2 {
				hours = 4
			}
			fmt.Fprintf(&b, "\n  [[scenes.choices]]\n  id = \"%s%d\"\n  text = \"Way %s\"\n  hours = %d\n  add = { trust = %d }\n  score = { own = %d }\n  goto = %q\n", c, i, c, hours, j-1, j-1, next)
		}
	}
	fmt.Fprintf(&b, `
[[scenes]]
id = "letter"
title = "The letter"
text = "**{day}, {time}.** The letter arrives. Trust stands at {trust}."

  [[scenes.choices]]
  id = "answer"
  text = "Answer it"
  score = { notify = 1 }
  goto = "done"

[[scenes]]
id = "lenient-letter"
title = "The other letter"
text = "**{day}, {time}.** A letter only a lenient organisation gets."

  [[scenes.choices]]
  id = "file-it"
  text = "File it"
  goto = "done"

[[events]]
id = "letter-comes"
when = "trust <= 44 && visited('s%d')"
text = "A letter."
goto = "letter"

[[events]]
id = "lenient-comes"
when = "!param.strict && visited('s3')"
text = "Another letter."
goto = "lenient-letter"

[[endings]]
id = "done"
title = "Done"
`, chainLen)
	return b.String()
}

// chainLen is how many decisions lead to the letter: more than the walk's
// 4,000 drills reach going one decision deeper at a time (3^8 ways).
const chainLen = 12

// TestGuideTimesInjectScenes: a scene only an inject brings in shows in the
// guide at the earliest time a drill meets it (not at the start of the
// scenario), says which inject brings it in and when; a scene the
// parameters put out of reach is named once as left out, and not set out.
func TestGuideTimesInjectScenes(t *testing.T) {
	t.Parallel()
	sc, err := engine.Parse("deep-inject.toml", []byte(deepInject()), guides(t))
	if err != nil {
		t.Fatal(err)
	}
	_, pages := pack(t, sc, exercise.Options{})
	guide := exercisetest.Text(pages["facilitator-guide"])
	_, scenes, ok := strings.Cut(guide, "The letter Scene letter")
	if !ok {
		t.Fatalf("the guide has no scene “The letter”:\n%s", guide)
	}
	for _, want := range []string{
		// 12 decisions of an hour each, from Monday 06:00.
		"Monday, 18:00. The letter arrives.",
		"Brought in by Inject 1 (letter-comes), after a decision, “trust” is at most 44 and the team has reached “Step 12”",
		"Left out of this module: “The other letter”, which no drill reaches with the parameters of this package.",
	} {
		if !strings.Contains(scenes, want) {
			t.Errorf("the guide lacks %q:\n%s", want, scenes)
		}
	}
	for _, gone := range []string{"Monday, 06:00. The letter arrives.", "A letter only a lenient organisation gets.", "Scene lenient-letter", "In no run"} {
		if strings.Contains(guide, gone) {
			t.Errorf("the guide has %q", gone)
		}
	}
}

// TestGuideShowsUnmetSceneAsWritten: a scene some drill reaches but none
// that the package plays (testdata/rare-scene.toml) is set out with its
// texts as written, and says so.
func TestGuideShowsUnmetSceneAsWritten(t *testing.T) {
	t.Parallel()
	sc, err := engine.Load("testdata/rare-scene.toml", guides(t))
	if err != nil {
		t.Fatal(err)
	}
	_, pages := pack(t, sc, exercise.Options{})
	guide := exercisetest.Text(pages["facilitator-guide"])
	for _, want := range []string{
		"The rare letter Scene rare-letter Comes up Only on some paths",
		"No drill the package played reached this scene, so its texts are shown as written",
		"{day}, {time}. A letter almost nobody gets.",
	} {
		if !strings.Contains(guide, want) {
			t.Errorf("the guide lacks %q:\n%s", want, guide)
		}
	}
}

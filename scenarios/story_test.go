package scenarios

import (
	"strings"
	"sync"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// storyCase plays a path through a shipped scenario and checks what the
// playtest files cannot: the text each scene shows for the state the team
// created, and how each regulator clock stands at the end.
type storyCase struct {
	scenario string
	name     string
	params   map[string]string // set away from their defaults
	seed     uint64
	path     []string
	// shows: scene id -> texts the scene must show when the path reaches it
	shows map[string][]string
	// never: texts no scene on the path may show
	never []string
	// clocks: clock id -> met, late, missed or running at the end; "absent"
	// for a clock the parameters keep out of play
	clocks map[string]string
	// fired and quiet: injects that must, and must not, fire on the path
	fired, quiet []string
}

// TestStoryFollowsState plays the paths that pin the fixes of issue 15 that
// live in scene text and clocks.
func TestStoryFollowsState(t *testing.T) {
	t.Parallel()
	for _, tc := range storyCases {
		t.Run(tc.scenario+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			sc := shipped(t, tc.scenario)
			var err error
			if tc.params != nil {
				if sc, err = sc.WithParams(tc.params); err != nil {
					t.Fatal(err)
				}
			}
			d := engine.NewDrill(sc, tc.seed)
			seen := map[string]bool{}
			check := func() {
				if d.Ended() {
					return
				}
				id, text := d.Scene().ID, d.SceneText()
				for _, want := range tc.shows[id] {
					if !strings.Contains(text, want) {
						t.Errorf("scene %s shows %q, want it to contain %q", id, text, want)
					}
				}
				for _, bad := range tc.never {
					if strings.Contains(text, bad) {
						t.Errorf("scene %s shows %q, which must not appear on this path: %q", id, bad, text)
					}
				}
				seen[id] = true
			}
			check()
			for i, dec := range tc.path {
				if err := d.Choose(strings.Split(dec, "+")...); err != nil {
					t.Fatalf("decision %d: %v", i+1, err)
				}
				check()
			}
			for id := range tc.shows {
				if !seen[id] {
					t.Errorf("the path never reaches scene %s", id)
				}
			}
			got := map[string]bool{}
			for _, dec := range d.Decisions() {
				for _, e := range dec.Events {
					got[sc.Events[e].ID] = true
				}
			}
			for _, id := range tc.fired {
				if !got[id] {
					t.Errorf("inject %s did not fire", id)
				}
			}
			for _, id := range tc.quiet {
				if got[id] {
					t.Errorf("inject %s fired", id)
				}
			}
			states := map[string]string{}
			for _, cs := range d.Clocks() {
				states[cs.Clock.ID] = cs.State.String()
			}
			for id, want := range tc.clocks {
				got, ok := states[id]
				if !ok {
					got = "absent"
				}
				if got != want {
					t.Errorf("clock %s is %s, want %s", id, got, want)
				}
			}
		})
	}
}

// catalog loads the shipped scenarios once for all the story tests; nothing
// changes them after.
var catalog = sync.OnceValues(func() (*Catalog, error) { return NewCatalog() })

// shipped resolves a shipped scenario by id, failing the test if it does not
// load.
func shipped(t *testing.T, id string) *engine.Scenario {
	t.Helper()
	c, err := catalog()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := c.Resolve(id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// split turns a comma-separated path into decisions.
func split(path string) []string { return strings.Split(path, ",") }

// TestDeadlinesAreTimed: the scenes whose story has a deadline run a timer,
// and running out of time takes the choice that waits.
func TestDeadlinesAreTimed(t *testing.T) {
	t.Parallel()
	for _, tc := range timedScenes {
		sc := shipped(t, tc.scenario)
		found := false
		for _, s := range sc.Scenes {
			if s.ID != tc.scene {
				continue
			}
			found = true
			if s.TimeLimit <= 0 || s.Timeout < 0 || s.Choices[s.Timeout].ID != tc.timeout {
				t.Errorf("%s: scene %s is not timed with timeout %s", tc.scenario, tc.scene, tc.timeout)
			}
		}
		if !found {
			t.Errorf("%s has no scene %s", tc.scenario, tc.scene)
		}
	}
}

var timedScenes = []struct{ scenario, scene, timeout string }{
	{"misdirected-phi-email", "recall", "wait-it-out"},
	{"misdirected-phi-email", "reporter", "rep-no-comment"},
	{"misdirected-phi-email", "the-limit", "let-it-pass"},
	{"misdirected-phi-email", "cdph-letter", "cdph-wait"},
	{"credential-stuffing", "login-flood", "wait-for-vendor"},
	{"credential-stuffing", "hashtag", "no-comment-hashtag"},
	{"credential-stuffing", "week-two", "quiet-number"},
	{"tutoring-app-leak", "the-endpoint", "await-confirmation"},
	{"tutoring-app-leak", "safeguarding", "parent-to-police"},
	{"tutoring-app-leak", "reporter-calls", "decline-comment"},
	{"insider-press-leak", "safety-response", "no-comment-safety"},
	{"insider-press-leak", "tell-people", "wait-for-article"},
	{"insider-press-leak", "the-source", "suspend-pending"},
	{"insider-press-leak", "ap-letter", "argue-ap"},
	{"tutoring-app-leak", "approached-again", "keep-with-parent"},
	{"tutoring-app-leak", "dpc-writes", "argue-dpc"},
	{"leak-site-claim", "first-words", "verify-first"},
	{"leak-site-claim", "the-ransom", "let-it-lapse"},
}

// TestSafeguardingRoles: the tutoring scenario's grooming reports have the
// roles that act on them at the table, and the safeguarding lead owns the
// decision.
func TestSafeguardingRoles(t *testing.T) {
	t.Parallel()
	sc := shipped(t, "tutoring-app-leak")
	roles := map[string]bool{}
	for _, r := range sc.RoleInfo {
		roles[r.ID] = r.Brief != "" && r.Private != ""
	}
	for _, id := range []string{"dsl", "police"} {
		if !roles[id] {
			t.Errorf("no role %q with a brief and private information", id)
		}
	}
	for _, s := range sc.Scenes {
		if s.ID == "safeguarding" && s.Role != "dsl" {
			t.Errorf("the safeguarding decision is owned by %q, want dsl", s.Role)
		}
	}
}

package debrief

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

// debriefOf plays the choices of sc and shows their debrief, scored, in a
// terminal of 100 columns (picks of one decision joined with "+") tall enough for all of it, its lines joined and
// its spaces collapsed so that wrapped text reads as one line.
func debriefOf(t *testing.T, sc *engine.Scenario, choices ...string) string {
	t.Helper()
	d := engine.NewDrill(sc, 1)
	for _, c := range choices {
		if err := d.Choose(strings.Split(c, "+")...); err != nil {
			t.Fatal(err)
		}
	}
	res, err := d.Result("Blue")
	if err != nil {
		t.Fatal(err)
	}
	c := common.New(uitest.Plain(), nil, nil)
	return uitest.NewPage(c, New(c, d, "Blue", 0).Scored(res), 100, 400).View()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestBestPathShownWithCosts: a team of the best-tie fixture that held the
// report and checked the addresses is shown, for notify, the wide report
// (it ties the narrow one on notify, which costs improve) and the letters
// mailed at once, which lead on notify, with what they cost on own.
func TestBestPathShownWithCosts(t *testing.T) {
	t.Parallel()
	g, err := scenarios.Guides()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(filepath.Join(uitest.Testdata(), "bestpath", "best-tie.toml"), g)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := sc.Guidance.PrincipleIndex("own")
	own := sc.Guidance.Principles[p].Title
	v := oneLine(debriefOf(t, sc, "hold", "check-first"))
	for _, s := range []string{
		"The best path instead: → Report today, and scope the investigation to every system The brands hear in time",
		"→ Mail every letter now, from the spreadsheet's addresses (costs " + own + " -1) Everyone hears today",
	} {
		if !strings.Contains(v, s) {
			t.Errorf("the debrief lacks %q:\n%s", s, v)
		}
	}
	if strings.Contains(v, "checkout page alone") {
		t.Errorf("the debrief shows the narrow report, which ties on notify and costs improve:\n%s", v)
	}
}

// sgr matches the select-graphic-rendition sequences of the UI's styles.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// TestBestPathHostile: the cost of a best move names a principle whose
// title, like every text of the scenario, is each hostile string: it
// reaches the screen cleaned.
func TestBestPathHostile(t *testing.T) {
	t.Parallel()
	for i, h := range hostile.Strings {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			v := debriefOf(t, hostileScenario(t, h), "wait")
			// Glamour sets bold and italic even without colour: the UI's
			// own SGR sequences go (none of the hostile strings is one).
			hostile.Terminal(t, "debrief", sgr.ReplaceAllString(v, ""))
			if !strings.Contains(oneLine(v), "(costs "+oneLine(common.Line(h))) {
				t.Errorf("the debrief does not say what the best move costs:\n%s", v)
			}
		})
	}
}

// hostileScenario is the hostile scenario and rubric with h in every text.
func hostileScenario(t *testing.T, h string) *engine.Scenario {
	t.Helper()
	g, err := engine.ParseGuidance("guidance.toml", hostile.Guidance(h))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Parse("hostile.toml", hostile.Scenario(h), engine.Guides{g.ID: g})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

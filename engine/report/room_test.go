package report_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ttx-dev/ttx/engine"
	bad "github.com/ttx-dev/ttx/engine/hostile"
	"github.com/ttx-dev/ttx/engine/jsondoc/doccheck"
	"github.com/ttx-dev/ttx/engine/report"
)

// roomInput is a facilitated drill of testdata/valid/exercise.toml: two decisions, the
// positions of two players before each, a commit by the lead, an event
// fired by hand, a move of the clock, a taken-back decision and the
// facilitator's end, with name typed in each name and reason.
func roomInput(t *testing.T, name, reason string) report.Input {
	t.Helper()
	sc := load(t, "../../testdata/valid/exercise.toml")
	d := engine.NewDrill(sc, 1)
	at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	var ctl []engine.Control
	add := func(kind engine.ControlKind, arg, by string) {
		ctl = append(ctl, engine.Control{N: len(ctl), After: len(d.Decisions()), Kind: kind, Arg: arg, By: by, At: at.Add(time.Duration(len(ctl)) * time.Minute)})
	}
	add(engine.ControlBegin, "first-hours", "Fay")
	add(engine.ControlLead, "s2 "+name, "Fay")
	add(engine.ControlPause, "200", "Fay")
	add(engine.ControlResume, "200", "Fay")
	add(engine.ControlCommit, "lock", name)
	must(t, d.Choose("lock"))
	must(t, d.Fire("reporter"))
	add(engine.ControlFire, "reporter", "Fay")
	must(t, d.Advance(6))
	add(engine.ControlAdvance, "6", "Fay")
	add(engine.ControlUndo, "say-nothing", "Fay") // a decision made and taken back, as the log keeps it
	ctl[len(ctl)-1].After = 2
	add(engine.ControlBreak, "going-public", "Fay")
	add(engine.ControlResume, "", "Fay")
	add(engine.ControlEnd, "", "Fay")
	pos := func(dec int, seat, who, role, why string, choices ...string) engine.Position {
		return engine.Position{Decision: dec, Seat: seat, Name: who, Role: role, Key: "SHA256:k", Choices: choices, Reason: why, At: at}
	}
	res, err := d.Result("Blue")
	must(t, err)
	return report.Input{Scenario: sc, Drill: d, Result: res, Team: "Blue",
		Positions: []engine.Position{
			pos(0, "s2", name, "ceo", reason, "lock"),
			pos(0, "s3", "Bo", "comms", "too slow", "wait"),
			pos(1, "s2", name, "ceo", reason, "say-sorry"),
		},
		Controls: ctl}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The report of a facilitated drill says who argued for what before each
// decision, who committed it, what was left open, and every control, in
// all three formats.
func TestRoomReport(t *testing.T) {
	t.Parallel()
	in := roomInput(t, "Ana", "the plan is rehearsed")
	b := render(t, jsonOf, in)
	doccheck.Validate(t, "report of a facilitated drill", b)
	var r report.Report
	must(t, json.Unmarshal(b, &r))
	st := r.Timeline[0]
	if st.CommittedBy != "Ana" || len(st.Positions) != 2 || !st.Positions[0].Agreed || st.Positions[1].Agreed ||
		st.Positions[0].Role != "Chief Executive" || st.Positions[0].Reason != "the plan is rehearsed" {
		t.Errorf("step 1: committed by %q, positions %+v", st.CommittedBy, st.Positions)
	}
	if ev := st.Events[len(st.Events)-1]; ev.ID != "reporter" || !ev.Hand {
		t.Errorf("the hand-fired inject: %+v", st.Events)
	}
	if len(r.Undecided) != 1 || r.Undecided[0].Name != "Ana" || r.Undecided[0].Agreed {
		t.Errorf("left open: %+v", r.Undecided)
	}
	var texts []string
	for _, c := range r.Controls {
		texts = append(texts, c.Text)
	}
	want := []string{"Began module 1: The first hours", "Made Ana the team's lead", "Paused the timer, 3 min 20 s left", "Resumed the timer, 3 min 20 s left", "Committed decision 1: lock",
		`Fired the press inject "reporter" by hand`, "Moved the scenario clock on by 6h", "Took back decision 2 (say-nothing)", "Opened a break: Going public", "Ended the break", "Ended the drill"}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("controls:\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}

	md := string(render(t, mdOf, in))
	for _, w := range []string{
		"- Who argued for what:\n  - **Ana** (Chief Executive): ",
		"because the plan is rehearsed *(as decided)*",
		"- Committed by Ana\n",
		"fired by the facilitator): ",
		"**Left open when the drill stopped**",
		"- **Outcome:** The facilitator ended the drill before its end.",
		"### The facilitator's controls",
		"| 8 | 2 | Took back decision 2 (say-nothing) | Fay | 14:07:00 |",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("the Markdown lacks %q", w)
		}
	}
	mdTables(t, md)

	doc := render(t, htmlOf, in)
	root := checkHTML(t, doc)
	checkSelfContained(t, root, doc)
	if n := len(find(root, "ul", "positions")); n != 2 {
		t.Errorf("%d lists of positions in the HTML, want 2 (the first decision, what was left open)", n)
	}
	all := text(root)
	for _, w := range []string{"Committed by Ana", "Ana Chief Executive : Close the exposure now", "because too slow", "Ended the drill", "fired by the facilitator"} {
		if !strings.Contains(all, w) {
			t.Errorf("the HTML lacks %q", w)
		}
	}
}

// Names and reasons that players typed, and the names in the controls,
// are text from other people: no hostile string gets through any format.
func TestRoomReportHostile(t *testing.T) {
	t.Parallel()
	for i, h := range bad.Strings {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			in := roomInput(t, h, h)
			for k := range in.Controls {
				in.Controls[k].By = h
			}
			bad.Markdown(t, "report", string(render(t, mdOf, in)))
			doc := render(t, htmlOf, in)
			bad.HTML(t, "report", string(doc))
			root := checkHTML(t, doc)
			if got := len(find(root, "script", "")) + len(find(root, "img", "")); got != 0 {
				t.Errorf("%d live elements from a player's text", got)
			}
			b := render(t, jsonOf, in)
			doccheck.Validate(t, "report", b)
			var r report.Report
			must(t, json.Unmarshal(b, &r))
			for _, s := range []string{r.Timeline[0].CommittedBy, r.Timeline[0].Positions[0].Name, r.Timeline[0].Positions[0].Reason, r.Controls[0].By, r.Controls[0].Text} {
				bad.Terminal(t, "report JSON", s)
			}
		})
	}
}

// Every kind of control says what it did in words of its own, never the
// kind and argument the store keeps.
func TestEveryControlInWords(t *testing.T) {
	t.Parallel()
	sc := load(t, "../../testdata/valid/exercise.toml")
	args := map[engine.ControlKind]string{engine.ControlPause: "90", engine.ControlResume: "90", engine.ControlExtend: "60", engine.ControlCut: "60",
		engine.ControlFire: "reporter", engine.ControlAdvance: "2", engine.ControlUndo: "lock", engine.ControlBreak: "first-hours",
		engine.ControlBegin: "going-public", engine.ControlLead: "s2 Ana", engine.ControlCommit: "lock"}
	var cs []engine.Control
	for _, k := range engine.ControlKinds {
		cs = append(cs, engine.Control{N: len(cs), Kind: k, Arg: args[k], By: "Fay"})
	}
	texts := report.ControlTexts(sc, cs)
	seen := map[string]bool{}
	for i, c := range cs {
		if raw := strings.TrimSpace(string(c.Kind) + " " + c.Arg); texts[i] == raw || texts[i] == "" || seen[texts[i]] {
			t.Errorf("control %s %q reads %q", c.Kind, c.Arg, texts[i])
		}
		seen[texts[i]] = true
	}
}

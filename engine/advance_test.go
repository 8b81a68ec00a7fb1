package engine_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// A facilitator moves the scenario clock on: the clocks see the new hour,
// the record keeps the move among the hand-made ones, and a replay makes it
// again at the same point.
func TestAdvance(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "exercise.toml")
	d := engine.NewDrill(sc, 1)
	if err := d.Choose("wait"); err != nil { // T+3h
		t.Fatal(err)
	}
	if err := d.Advance(70); err != nil {
		t.Fatal(err)
	}
	if err := d.Fire("reporter"); err != nil {
		t.Fatal(err)
	}
	if d.Hours() != 73 {
		t.Fatalf("clock %v after moving on 70 hours from 3, want 73", d.Hours())
	}
	for _, cs := range d.Clocks() {
		if cs.Clock.ID == "gdpr" && (cs.State != engine.ClockMissed || cs.Left != -1) {
			t.Errorf("gdpr clock %v with %v left, want missed by an hour", cs.State, cs.Left)
		}
	}
	rec := d.Record()
	want := []engine.ManualEvent{{After: 1, Advance: 70}, {After: 1, Event: "reporter"}}
	if !reflect.DeepEqual(rec.Manual, want) {
		t.Fatalf("record manual %+v, want %+v", rec.Manual, want)
	}
	if inj := d.Injections(); len(inj) != 2 || inj[0].Event != -1 || inj[0].Hours != 3 || inj[0].Advance != 70 || inj[1].Hours != 73 {
		t.Errorf("injections %+v", inj)
	}
	rd, err := engine.Replay(sc, rec)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Hours() != d.Hours() || !reflect.DeepEqual(rd.Injections(), d.Injections()) || val(t, rd, "trust") != val(t, d, "trust") {
		t.Errorf("replay: clock %v injections %+v, want %v %+v", rd.Hours(), rd.Injections(), d.Hours(), d.Injections())
	}

	for _, tc := range []struct {
		hours float64
		want  string
	}{
		{0, "the clock moves on by more than 0 and at most 8760 hours, not 0"},
		{-2, "the clock moves on by more than 0 and at most 8760 hours, not -2"},
		{9000, "the clock moves on by more than 0 and at most 8760 hours, not 9000"},
	} {
		if err := d.Advance(tc.hours); err == nil || err.Error() != tc.want {
			t.Errorf("Advance(%v): %v, want %s", tc.hours, err, tc.want)
		}
	}
	// A record whose move of the clock is not a number of hours is refused.
	bad := rec
	bad.Manual = []engine.ManualEvent{{After: 0}}
	if _, err := engine.Replay(sc, bad); err == nil || !strings.Contains(err.Error(), "hand-made move 1 of the clock") {
		t.Errorf("empty move: %v", err)
	}
	if err := rd.Choose("say-sorry"); err != nil {
		t.Fatal(err)
	}
	if err := rd.Advance(1); err == nil || !strings.Contains(err.Error(), "has ended") {
		t.Errorf("advance after the end: %v", err)
	}
}

// The events to expect after the next decision: a manual event never is,
// and a once event no longer is once it fired.
func TestEligible(t *testing.T) {
	t.Parallel()
	sc := loadValid(t, "exercise.toml")
	d := engine.NewDrill(sc, 1)
	if got := d.Eligible(); len(got) != 0 {
		t.Errorf("eligible %v: the only event is manual", got)
	}
	if d.Fired(0) {
		t.Error("fired before it fired")
	}
	if err := d.Fire("reporter"); err != nil {
		t.Fatal(err)
	}
	if !d.Fired(0) || d.Fired(-1) || d.Fired(5) {
		t.Error("Fired does not tell the fired event")
	}
	// A chance event becomes eligible once its condition holds.
	r := engine.NewDrill(loadValid(t, "rules.toml"), 1)
	if got := r.Eligible(); len(got) != 0 {
		t.Errorf("eligible at the start: %v", got)
	}
	if err := r.Choose("hide"); err != nil {
		t.Fatal(err)
	}
	if got := r.Eligible(); len(got) != 1 || r.Scenario().Events[got[0]].ID != "leak" {
		t.Errorf("eligible after an hour with the records exposed: %v", got)
	}
}

// A drill that nothing changes may be read by several goroutines at once,
// as the seats of a room read its snapshot: the choices offered, the pick
// range, the clocks, the texts. Run with -race.
func TestReadTogether(t *testing.T) {
	t.Parallel()
	d := engine.NewDrill(loadValid(t, "rules.toml"), 1)
	if err := d.Choose("hide"); err != nil {
		t.Fatal(err)
	}
	want := d.AppendOffered(nil)
	if got := d.Offered(); !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Fatalf("AppendOffered %v, Offered %v", want, got)
	}
	done := make(chan []int)
	for range 4 {
		go func() {
			var last []int
			for range 100 {
				last = d.AppendOffered(last[:0])
				d.PickRange()
				d.Clocks()
				d.SceneText()
			}
			done <- last
		}()
	}
	for range 4 {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Errorf("read together: %v, want %v", got, want)
		}
	}
}

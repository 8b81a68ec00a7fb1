package engine

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestAppendNum checks that numbers append the same bytes exactly when they
// have the same bits, and that no number's bytes begin another's, so that a
// key of several numbers tells them apart too.
func TestAppendNum(t *testing.T) {
	t.Parallel()
	vals := []float64{
		0, math.Copysign(0, -1), 1, -1, 31, -32, 32, -33, 63, 64, 127, 128, -128, 1e6, 0.5, -0.5,
		1 << 52, 1<<52 + 2, -(1 << 52), 1 << 53, -(1 << 53), 1 << 62, 1 << 63, -(1 << 63), 1e300,
		Never, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1),
		math.NaN(), math.Float64frombits(0x7ff8000000000002),
	}
	for i, a := range vals {
		ea := appendNum(nil, a)
		if !bytes.Equal(ea, appendNum(nil, math.Float64frombits(math.Float64bits(a)))) {
			t.Errorf("%v appends differently twice", a)
		}
		for j, b := range vals {
			if i == j {
				continue
			}
			if eb := appendNum(nil, b); bytes.HasPrefix(eb, ea) {
				t.Errorf("%v appends %x, which begins %v's %x", a, ea, b, eb)
			}
		}
	}
}

// TestStateKey checks that the exploration's key of a state changes with
// each part of it that expressions read, past the bits the state keeps too,
// and with nothing else.
func TestStateKey(t *testing.T) {
	t.Parallel()
	sc := wideScenario(t)
	// Every variable, choice, scene and the clock are read; when choices
	// 2 and 65 were made too; choice 10 and scene 10 are not read.
	r := &sc.reads
	for i := range r.vars {
		r.vars[i] = true
	}
	for i := range r.choices {
		r.choices[i] = i != 10
	}
	r.hoursAt[2], r.hoursAt[65] = true, true
	for i := range r.scenes {
		r.scenes[i] = i != 10
	}
	r.hours = true
	x := newExplorer(sc, Budget{}.withDefaults(), time.Now())
	flag, num := func(name string) int { return sc.varIdx[name] }, sc.varIdx["n"]
	other := func(v float64) float64 { // a number of other bits than v
		if v == 3 {
			return 2
		}
		return 3
	}
	fire := func(b *branch, i int) { b.setFired(i) }
	changes := []struct {
		what   string
		change func(b *branch)
		same   bool // the key stays the same
	}{
		{"a flag", func(b *branch) { b.st.setVal(flag("f03"), 1-b.st.Vals[flag("f03")], true) }, false},
		{"a flag past the bits", func(b *branch) { b.st.setVal(flag("f66"), 1-b.st.Vals[flag("f66")], true) }, false},
		{"a flag neither 0 nor 1", func(b *branch) { b.st.setVal(flag("f04"), 0.5, true) }, false},
		{"a number", func(b *branch) { b.st.setVal(num, other(b.st.Vals[num]), false) }, false},
		{"the clock", func(b *branch) { b.st.Hours++ }, false},
		{"a choice", func(b *branch) { b.st.markMade(5, b.st.Hours) }, false},
		{"a choice past the bits", func(b *branch) { b.st.markMade(66, b.st.Hours) }, false},
		{"a choice that is not read", func(b *branch) { b.st.markMade(10, 1) }, true},
		{"a scene", func(b *branch) { b.st.markSeen(7) }, false},
		{"a scene past the bits", func(b *branch) { b.st.markSeen(67) }, false},
		{"a scene that is not read", func(b *branch) { b.st.markSeen(10) }, true},
		{"an event fired", func(b *branch) { fire(b, 5) }, false},
		{"an event fired past the bits", func(b *branch) { fire(b, 66) }, false},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50 {
		// Choices 5, 7, 66 and 67, scenes 5, 7, 66 and 67 and events 5
		// and 66 are left for the changes.
		base := x.newBranch()
		base.st = randomState(sc, rng, 5, 7, 66, 67)
		for i := range sc.Events {
			if i != 5 && i != 66 && rng.IntN(2) == 0 {
				fire(base, i)
			}
		}
		scene := rng.IntN(len(sc.Scenes) - 1)
		key := string(x.stateKey(scene, base))
		same := x.newBranch()
		copyBranch(same, base)
		if got := string(x.stateKey(scene, same)); got != key {
			t.Fatal("a copy of a state has another key")
		}
		if string(x.stateKey(scene+1, base)) == key {
			t.Fatal("a state in another scene has the same key")
		}
		for _, c := range changes {
			b := x.newBranch()
			copyBranch(b, base)
			c.change(b)
			if got := string(x.stateKey(scene, b)) == key; got != c.same {
				t.Errorf("%s: same key %v, want %v", c.what, got, c.same)
			}
		}
	}
	// When a choice was made matters only where hours_at reads it.
	key := func(b *branch) string { return string(x.stateKey(0, b)) }
	a, b := x.newBranch(), x.newBranch()
	a.st.markMade(2, 1)
	b.st.markMade(2, 3)
	if key(a) == key(b) {
		t.Error("choices made at other times, read by hours_at, have the same key")
	}
	a.st.markMade(3, 1)
	b.st.markMade(3, 3)
	b.st.markMade(2, 1) // already made: stays at 3
	ka := key(a)
	b.st = sc.newState()
	b.st.markMade(2, 1)
	b.st.markMade(3, 3)
	if key(b) != ka {
		t.Error("choices made at other times, read only by chose, have other keys")
	}
	// A flag that was neither 0 nor 1 and is 1 again has the key of one
	// that was always 1.
	a, b = x.newBranch(), x.newBranch()
	a.st.setVal(flag("f04"), 0.5, true)
	a.st.setVal(flag("f04"), 1, true)
	b.st.setVal(flag("f04"), 1, true)
	if key(a) != key(b) {
		t.Error("a flag back to 1 has another key")
	}
	// Zero and minus zero are two numbers.
	b.st.setVal(num, math.Copysign(0, -1), false)
	if key(a) == key(b) {
		t.Error("0 and -0 have the same key")
	}
}

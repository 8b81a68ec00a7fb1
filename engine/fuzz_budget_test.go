package engine

import (
	"flag"
	"fmt"
	"time"
)

// quickBudget is how long an input of a fuzz target whose work is linear in
// its input (indexing positions, sanitizing) may take.
const quickBudget = 500 * time.Millisecond

// fuzzing reports whether go test runs with -fuzz. Only then does a fuzz
// target time its inputs: the seed corpus runs in every go test, where the
// time a test takes is the machine's business, and each slow input found so
// far has a test of its own that bounds its work instead.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// within runs f and, while fuzzing, stops the fuzzing process when f takes
// longer than d: a slow input is a finding, as a crash is, and one that never
// ends must not stall the fuzzer either. The fuzzer reports the input and
// saves it under testdata/fuzz, where it joins the seed corpus.
func within(d time.Duration, f func()) {
	if !fuzzing() {
		f()
		return
	}
	timer := time.AfterFunc(d, func() {
		panic(fmt.Sprintf("the input took more than the target's budget of %v: keep it in the seed corpus with a test, and bound what makes it slow", d))
	})
	defer timer.Stop()
	f()
}

package exercise

import "github.com/ttx-dev/ttx/engine"

// InPlay reports whether the parameters bound in sc leave the condition c in
// play (see ruledOut), for the tests of the package.
func InPlay(sc *engine.Scenario, c *engine.Cond) bool { return !(&kit{sc: sc}).ruledOut(c) }

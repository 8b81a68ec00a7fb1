package engine

// Source returns the bytes the scenario was parsed from, whose SHA-256 is its
// Hash: what a results store keeps so that a drill can be replayed, resumed
// and reported without the file. The caller must not change them.
func (sc *Scenario) Source() []byte { return sc.src }

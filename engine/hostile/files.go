package hostile

import (
	"fmt"
	"strings"
)

// TOML writes s as a TOML basic string, to put a hostile string in a file
// the loader reads; invalid UTF-8, which no TOML file can hold, becomes
// U+FFFD.
func TOML(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Scenario is a scenario file whose every text is h: one scene whose
// choice "act" scores contain +2 and own -1 (so that a debrief of "wait"
// shows it on contain's best path, with what it costs), an inject after it
// and an ending. It is scored against the default rubric, which Guidance
// can make hostile too.
func Scenario(h string) []byte {
	q := TOML(h)
	return fmt.Appendf(nil, `[scenario]
id = "hostile"
title = %[2]s
summary = %[1]s
version = %[1]s
start = "first"

[[scenes]]
id = "first"
title = %[1]s
text = %[1]s

  [[scenes.choices]]
  id = "act"
  text = %[1]s
  hours = 1
  score = { contain = 2, own = -1 }
  why = %[1]s
  goto = "done"

  [[scenes.choices]]
  id = "wait"
  text = "Wait"
  score = { contain = -2 }
  why = %[1]s
  goto = "done"

[[events]]
id = "press"
channel = "press"
from = %[1]s
when = "hours >= 1"
text = %[1]s

[[endings]]
id = "done"
title = %[1]s
text = %[1]s
`, q, TOML("Drill "+h))
}

// Guidance is a rubric file under the default rubric's id ("breach-pr")
// with the two principles Scenario scores, contain and own, whose title and
// summary are h.
func Guidance(h string) []byte {
	q := TOML(h)
	return fmt.Appendf(nil, `[guidance]
id = "breach-pr"
title = %[2]s

[[principles]]
id = "contain"
title = %[1]s
summary = %[1]s

[[principles]]
id = "own"
title = %[1]s
summary = %[1]s
`, q, TOML("Rubric "+h))
}

package room

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ttx-dev/ttx/engine"
)

// The longest name and reason a player may type, in characters.
const (
	MaxName   = 40
	MaxReason = 200
)

// oneLine sanitises text a player typed and keeps it on one line: newlines
// and tabs become spaces, runs of spaces one, and it is cut to max
// characters.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(engine.Sanitize(s)), " ")
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:max]))
	}
	return s
}

// CleanName is a name a player typed, safe to store and to show on every
// other seat: sanitised, on one line, at most MaxName characters. A name
// with nothing left is refused.
func CleanName(s string) (string, error) {
	if n := oneLine(s, MaxName); n != "" {
		return n, nil
	}
	return "", errors.New("give a name of at least one letter, as the others will see it")
}

// CleanReason is a reason a player typed for a position, made safe as
// CleanName makes a name, at most MaxReason characters; it may be empty.
func CleanReason(s string) string { return oneLine(s, MaxReason) }

// codeAlphabet is what join codes are made of: capital letters and digits
// that cannot be read as one another (no 0, O, 1, I, L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLength is the number of characters in a join code.
const CodeLength = 6

// newCode returns a random join code.
func newCode() string {
	var b [CodeLength]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b[:])
}

// NormalizeCode reads a join code as a person types it: any case, with
// spaces or dashes between its characters.
func NormalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// FormatCode writes a join code for people to read: "K7Q XM3".
func FormatCode(code string) string {
	if len(code) != CodeLength {
		return code
	}
	return code[:3] + " " + code[3:]
}

// Identity is who a person is on a server: the fingerprint of their SSH key
// and the name they gave. The SSH user name is never part of it.
type Identity struct {
	Key  string // e.g. "SHA256:..."
	Name string
}

func (id Identity) String() string { return fmt.Sprintf("%s (%s)", id.Name, id.Key) }

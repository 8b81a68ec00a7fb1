package engine

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize returns s with everything removed that could act on a terminal
// instead of being displayed by it. Scenario files are untrusted, and their
// text is written to the user's terminal, so it must be passed through
// Sanitize first.
//
// Sanitize removes:
//
//   - escape sequences of every kind, together with their parameters and
//     payload: CSI (ESC [ … final byte), OSC (ESC ] … up to BEL or ST, which
//     covers window titles, OSC 52 clipboard writes and OSC 8 hyperlinks;
//     the visible text of a hyperlink is kept), DCS, SOS, PM and APC strings
//     (ESC P, ESC X, ESC ^, ESC _ … up to ST), and the short ESC sequences
//     such as ESC c, ESC 7 or ESC ( B;
//   - the 8-bit C1 forms of those introducers (U+009B CSI, U+009D OSC,
//     U+0090 DCS, U+0098 SOS, U+009E PM, U+009F APC), with their payload;
//   - a sequence that is not terminated, from its introducer up to the end
//     of s (the text before it is kept); a CSI or short ESC sequence ends
//     early at a byte that cannot belong to it (a control or non-ASCII),
//     which is then handled on its own, and CAN or SUB cancel a string;
//   - every other C0 control except newline and tab, DEL, and every other
//     C1 control (U+0080–U+009F);
//   - Unicode format characters (category Cf), which include the bidi
//     controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), zero
//     width spaces, U+FEFF, the soft hyphen U+00AD and tag characters.
//
// Two kinds of format characters are kept because emoji need them: U+200D
// ZERO WIDTH JOINER, and tag characters inside a well-formed subdivision
// flag (U+1F3F4 followed by 3 to 7 tag digits or lowercase tag letters and
// U+E007F CANCEL TAG, such as the flag of England). Any other tag character
// is removed.
//
// A carriage return is removed, so CR LF becomes LF. Each byte that is not
// part of valid UTF-8 is replaced by U+FFFD. Everything else, including CJK,
// emoji sequences, variation selectors and combining marks, is kept as is.
//
// The result is valid UTF-8 and Sanitize(Sanitize(s)) == Sanitize(s). When s
// contains nothing to remove, Sanitize returns s itself without allocating.
func Sanitize(s string) string {
	i := sanNextUnsafe(s, 0)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for i < len(s) {
		b.WriteString(s[last:i])
		next, repl := sanSkipUnsafe(s, i)
		b.WriteString(repl)
		last = next
		i = sanNextUnsafe(s, next)
	}
	b.WriteString(s[last:])
	return b.String()
}

// HasControl reports whether Sanitize would change s, that is whether s holds
// an escape sequence, a control or format character, or invalid UTF-8. It
// does not allocate.
func HasControl(s string) bool {
	return sanNextUnsafe(s, 0) < len(s)
}

const (
	sanESC = 0x1b
	sanBEL = 0x07
	sanCAN = 0x18 // CAN cancels a sequence in progress.
	sanSUB = 0x1a // SUB cancels a sequence in progress.
	sanDEL = 0x7f

	sanZWJ       = '\u200d'     // ZERO WIDTH JOINER
	sanTagBase   = '\U0001F3F4' // WAVING BLACK FLAG, base of subdivision flags
	sanCancelTag = '\U000E007F' // CANCEL TAG, ends a tag sequence

	// Length limits of a subdivision code (CLDR unicode_subdivision_id).
	sanMinTagSpec = 3
	sanMaxTagSpec = 7

	// Masks with 0x01 and 0x80 in every byte, for testing 8 bytes at once.
	sanLo = 0x0101010101010101
	sanHi = 0x8080808080808080
)

// sanNextUnsafe returns the index of the first thing at or after i that
// Sanitize removes or replaces, or len(s) if there is none.
func sanNextUnsafe(s string, i int) int {
	for i < len(s) {
		// Skip 8 bytes at a time while they are all printable ASCII. The
		// mask has a high bit set if a byte of v is >= 0x80 (v), is 0x7F
		// (v+lo, which cannot carry when no byte is >= 0x80), or is < 0x20
		// (v-0x20*lo &^ v, the classic "has a byte less than n" test).
		if i+8 <= len(s) {
			w := s[i : i+8]
			v := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 |
				uint64(w[3])<<24 | uint64(w[4])<<32 | uint64(w[5])<<40 |
				uint64(w[6])<<48 | uint64(w[7])<<56
			if (v|(v+sanLo)|(v-0x20*sanLo)&^v)&sanHi == 0 {
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == sanDEL {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if n == 1 || sanIsUnsafeRune(r) { // n == 1: invalid UTF-8
			return i
		}
		i += n
		if r == sanTagBase {
			i += sanTagSpecLen(s[i:])
		}
	}
	return i
}

// sanIsUnsafeRune reports whether the non-ASCII rune r is a C1 control or a
// format character other than the zero width joiner.
func sanIsUnsafeRune(r rune) bool {
	if r <= 0x9f {
		return true // C1 control
	}
	if r < 0xad { // U+00AD SOFT HYPHEN is the first format character.
		return false
	}
	return r != sanZWJ && unicode.Is(unicode.Cf, r)
}

// sanTagSpecLen returns the length in bytes of the tag characters, including
// the final CANCEL TAG, at the start of s when they complete a subdivision
// flag, and 0 otherwise.
func sanTagSpecLen(s string) int {
	i, count := 0, 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == sanCancelTag:
			if count < sanMinTagSpec {
				return 0
			}
			return i + n
		case (r >= '\U000E0030' && r <= '\U000E0039') || // tag digits
			(r >= '\U000E0061' && r <= '\U000E007A'): // tag lowercase letters
			count++
			if count > sanMaxTagSpec {
				return 0
			}
			i += n
		default:
			return 0
		}
	}
	return 0
}

// sanSkipUnsafe is called with s[i] at something sanNextUnsafe reported. It
// returns the index just past it (past the whole sequence for an escape
// sequence) and the text to write in its place.
func sanSkipUnsafe(s string, i int) (next int, repl string) {
	c := s[i]
	if c == sanESC {
		return sanSkipEscape(s, i+1), ""
	}
	if c < utf8.RuneSelf {
		return i + 1, "" // C0 control, CR or DEL
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if n == 1 {
		return i + 1, string(utf8.RuneError) // one invalid byte
	}
	switch r {
	case '\u009b': // CSI
		return sanSkipCSI(s, i+n), ""
	case '\u009d': // OSC
		return sanSkipString(s, i+n, true), ""
	case '\u0090', '\u0098', '\u009e', '\u009f': // DCS, SOS, PM, APC
		return sanSkipString(s, i+n, false), ""
	}
	return i + n, "" // other C1 control or format character
}

// sanSkipEscape returns the index just past the escape sequence whose ESC
// precedes s[i].
func sanSkipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[': // CSI
		return sanSkipCSI(s, i+1)
	case ']': // OSC
		return sanSkipString(s, i+1, true)
	case 'P', 'X', '^', '_': // DCS, SOS, PM, APC
		return sanSkipString(s, i+1, false)
	}
	// ESC, intermediate bytes 0x20–0x2F, final byte 0x30–0x7E.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		return i + 1
	}
	// A lone ESC, an unterminated sequence, or one broken off by a byte that
	// cannot belong to it: drop what was read and resume at that byte.
	return i
}

// sanSkipCSI returns the index just past the control sequence whose parameters
// start at s[i]. Parameter and intermediate bytes are 0x20–0x3F and the final
// byte is 0x40–0x7E. Any other byte (a control, DEL, non-ASCII) breaks the
// sequence off; it is not consumed, so it is handled on its own.
func sanSkipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c >= 0x40 && c <= 0x7e {
			return i + 1
		}
		if c < 0x20 || c > 0x3f {
			return i
		}
		i++
	}
	return i
}

// sanSkipString returns the index just past the control string (OSC, DCS, SOS,
// PM or APC) whose payload starts at s[i]. The string ends with ST (ESC \ or
// U+009C), with BEL if belEnds (OSC), or is cancelled by CAN or SUB. Any other
// ESC ends the string and starts a new sequence, so it is not consumed.
func sanSkipString(s string, i int, belEnds bool) int {
	for i < len(s) {
		switch s[i] {
		case sanBEL:
			if belEnds {
				return i + 1
			}
		case sanCAN, sanSUB:
			return i + 1
		case sanESC:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case 0xc2: // U+009C ST is encoded as C2 9C.
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
		i++
	}
	return i
}

package engine

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

type sanitizeCase struct {
	name, in, want string
}

// sanBidiControls are the explicit bidirectional formatting characters.
var sanBidiControls = []rune{
	'\u061c', '\u200e', '\u200f',
	'\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
	'\u2066', '\u2067', '\u2068', '\u2069',
}

// Subdivision flag of England: U+1F3F4, tags "gbeng", CANCEL TAG.
const sanFlagEngland = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"

// sanKeep is a case whose input must pass through unchanged.
func sanKeep(name, s string) sanitizeCase { return sanitizeCase{name, s, s} }

func sanitizeCases() []sanitizeCase {
	cases := []sanitizeCase{
		// CSI.
		{"csi colour", "\x1b[31mred\x1b[0m plain", "red plain"},
		{"csi truecolour", "\x1b[38;2;255;0;0mX\x1b[m", "X"},
		{"csi cursor movement", "a\x1b[2Jb\x1b[10;5Hc\x1b[1Ad\x1b[K", "abcd"},
		{"csi private mode", "\x1b[?1049h\x1b[?25lx", "x"},
		{"csi intermediate byte", "\x1b[2 qx", "x"},
		{"csi broken off by non-ASCII", "\x1b[31漢", "漢"},
		{"csi broken off by newline", "\x1b[31\nx", "\nx"},

		// OSC.
		{"osc 0 title BEL", "\x1b]0;pwned\x07after", "after"},
		{"osc 0 title ST", "\x1b]0;pwned\x1b\\after", "after"},
		{"osc 2 title ST", "before\x1b]2;pwned\x1b\\after", "beforeafter"},
		{"osc 52 clipboard", "x\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07y", "xy"},
		{"osc 8 hyperlink", "see \x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\ now", "see click here now"},
		{"osc 8-bit ST", "\x1b]0;t\u009cafter", "after"},
		{"osc cancelled by CAN", "\x1b]0;t\x18after", "after"},
		{"osc cancelled by SUB", "\x1b]0;t\x1aafter", "after"},
		{"osc ended by other ESC", "\x1b]0;t\x1b[31mafter", "after"},
		{"osc payload with invalid UTF-8", "\x1b]0;\xff\xfe\x07ok", "ok"},

		// DCS, SOS, PM, APC.
		{"dcs", "\x1bP1$r0m\x1b\\ok", "ok"},
		{"dcs sixel", "\x1bPq#0;2;0;0;0#0~~@@vv\x1b\\ok", "ok"},
		{"dcs BEL does not end it", "\x1bPq\x07still\x1b\\ok", "ok"},
		{"sos", "\x1bXsos\x1b\\ok", "ok"},
		{"pm", "\x1b^pm\x1b\\ok", "ok"},
		{"apc kitty graphics", "\x1b_Gf=100;AAAA\x1b\\ok", "ok"},

		// Short ESC sequences.
		{"esc c reset", "a\x1bcb", "ab"},
		{"esc 7 8 save restore", "\x1b7x\x1b8", "x"},
		{"esc charset select", "\x1b(Bx\x1b)0y", "xy"},
		{"esc # 8", "\x1b#8x", "x"},
		{"esc keypad", "\x1b=x\x1b>", "x"},
		{"stray ST", "a\x1b\\b", "ab"},

		// 8-bit C1 introducers.
		{"c1 csi", "\u009b31mred\u009b0m", "red"},
		{"c1 osc BEL", "\u009d0;title\x07ok", "ok"},
		{"c1 osc ST", "\u009d52;c;AAAA\u009cok", "ok"},
		{"c1 dcs", "\u0090q#0;2\u009cok", "ok"},
		{"c1 sos", "\u0098x\u009cok", "ok"},
		{"c1 pm", "\u009ex\u009cok", "ok"},
		{"c1 apc", "\u009fx\x1b\\ok", "ok"},

		// Lone ESC.
		{"lone esc at end", "end\x1b", "end"},
		{"lone esc before non-ASCII", "a\x1b漢", "a漢"},
		{"lone esc before newline", "a\x1b\nb", "a\nb"},
		{"esc esc", "\x1b\x1b[31mx", "x"},

		// Unterminated sequences.
		{"unterminated csi", "keep\x1b[31;4", "keep"},
		{"unterminated csi introducer", "keep\x1b[", "keep"},
		{"unterminated osc", "keep\x1b]0;title never ends\nmore", "keep"},
		{"unterminated osc before ST", "keep\x1b]0;t\x1b", "keep"},
		{"unterminated dcs", "keep\x1bPq#0", "keep"},
		{"unterminated esc intermediate", "keep\x1b(", "keep"},
		{"unterminated c1 csi", "keep\u009b1;2", "keep"},
		{"unterminated c1 osc", "keep\u009d8;;http://x", "keep"},

		// C0, DEL, CR.
		{"nul", "a\x00b", "ab"},
		{"bel", "a\x07b", "ab"},
		{"backspace", "abc\b\b\bxyz", "abcxyz"},
		{"del", "a\x7fb", "ab"},
		{"crlf", "a\r\nb\r\n", "a\nb\n"},
		{"lone cr", "abc\rxyz", "abcxyz"},
		{"cr cr lf", "a\r\r\nb", "a\nb"},

		// Format characters.
		{"trojan source", "access\u202e\u2066 level\u2069\u2066", "access level"},
		{"zwsp", "pass\u200bword", "password"},
		{"bom", "\ufefftext", "text"},
		{"soft hyphen", "hy\u00adphen", "hyphen"},
		{"word joiner and invisible operators", "a\u2060\u2061\u2062\u2063\u2064b", "ab"},
		{"mongolian vowel separator", "a\u180eb", "ab"},
		{"stray tags", "a\U000E0041\U000E0042\U000E007Fb", "ab"},
		{"tag sequence too long", "\U0001F3F4" + strings.Repeat("\U000E0061", 8) + "\U000E007F", "\U0001F3F4"},
		{"tag sequence too short", "\U0001F3F4\U000E0061\U000E0062\U000E007F", "\U0001F3F4"},
		{"tag sequence uppercase", "\U0001F3F4\U000E0047\U000E0042\U000E0045\U000E007F", "\U0001F3F4"},
		{"tag sequence no cancel tag", "\U0001F3F4\U000E0067\U000E0062\U000E0065x", "\U0001F3F4x"},
		{"tag sequence interrupted", "\U0001F3F4\U000E0067\u200b\U000E0062\U000E0065\U000E007F", "\U0001F3F4"},

		// Invalid UTF-8.
		{"invalid byte", "a\xffb", "a\ufffdb"},
		{"truncated rune", "a\xe6\xbc", "a\ufffd\ufffd"},
		{"overlong", "\xc0\xaf", "\ufffd\ufffd"},
		{"surrogate", "\xed\xa0\x80", "\ufffd\ufffd\ufffd"},
		{"raw 8-bit csi byte", "\x9b31m", "\ufffd31m"},

		// Pass-through.
		sanKeep("empty", ""),
		sanKeep("ascii", "The quick brown fox jumps over the lazy dog. 0123456789 ~!@#$%^&*()"),
		sanKeep("markdown", "# Title\n\n- **bold** _it_ `code`\n\t> quote\n[link](https://example.com)\n| a | b |\n|---|---|\n"),
		sanKeep("cjk", "漢字"),
		sanKeep("arabic without bidi controls", "مرحبا بالعالم"),
		sanKeep("emoji zwj family", "👩\u200d👩\u200d👧"),
		sanKeep("emoji zwj profession", "👩🏽\u200d🚒"),
		sanKeep("flags", "🇫🇷🇯🇵🇺🇦"),
		sanKeep("subdivision flag", sanFlagEngland+" "+sanFlagEngland),
		sanKeep("heart vs16", "❤\ufe0f"),
		sanKeep("keycap", "1\ufe0f\u20e3"),
		sanKeep("skin tone", "👍🏽"),
		sanKeep("combining mark", "e\u0301"),
		sanKeep("replacement char", "\ufffd"),
		sanKeep("tab and newline", "a\tb\nc"),
		sanKeep("latin-1 after C1 range", "\u00a0café ÿ"),
	}

	// Every C0 control but tab, newline and ESC (ESC would start a
	// sequence and consume the "b").
	for c := rune(0); c < 0x20; c++ {
		if c == '\t' || c == '\n' || c == 0x1b {
			continue
		}
		cases = append(cases, sanitizeCase{fmt.Sprintf("c0 %#02x", c), "a" + string(c) + "b", "ab"})
	}
	// Every C1 control that does not introduce a sequence.
	for c := rune(0x80); c <= 0x9f; c++ {
		switch c {
		case 0x90, 0x98, 0x9b, 0x9d, 0x9e, 0x9f:
			continue
		}
		cases = append(cases, sanitizeCase{fmt.Sprintf("c1 %U", c), "a" + string(c) + "b", "ab"})
	}
	for _, c := range sanBidiControls {
		cases = append(cases, sanitizeCase{fmt.Sprintf("bidi %U", c), "a" + string(c) + "b", "ab"})
	}

	return cases
}

func TestSanitize(t *testing.T) {
	for _, tc := range sanitizeCases() {
		t.Run(tc.name, func(t *testing.T) {
			got := Sanitize(tc.in)
			if got != tc.want {
				t.Errorf("Sanitize(%+q) = %+q, want %+q", tc.in, got, tc.want)
			}
			if changed := tc.in != tc.want; HasControl(tc.in) != changed {
				t.Errorf("HasControl(%+q) = %v, want %v", tc.in, !changed, changed)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("Sanitize not idempotent on %+q: %+q", got, again)
			}
		})
	}
}

// TestHasControlEveryByte puts every byte value at every offset of a text
// long enough for the 8-bytes-at-a-time scan.
func TestHasControlEveryByte(t *testing.T) {
	const text = "abcdefghijklmnopqrstuvwxyz"
	for b := 0; b < 256; b++ {
		want := (b < 0x20 && b != '\n' && b != '\t') || b >= 0x7f
		for i := range len(text) {
			s := text[:i] + string([]byte{byte(b)}) + text[i+1:]
			if got := HasControl(s); got != want {
				t.Errorf("HasControl(%+q) = %v, want %v", s, got, want)
			}
		}
	}
}

var sanSink string

func TestSanitizeCleanDoesNotAllocate(t *testing.T) {
	for _, s := range []string{sanCleanParagraph, "漢字 👩\u200d👩\u200d👧 ❤\ufe0f " + sanFlagEngland} {
		if HasControl(s) {
			t.Fatalf("HasControl(%+q) = true, want false", s)
		}
		if got := Sanitize(s); got != s {
			t.Fatalf("Sanitize changed clean text: %+q", got)
		}
		if n := testing.AllocsPerRun(100, func() { sanSink = Sanitize(s) }); n != 0 {
			t.Errorf("Sanitize on clean text: %v allocs, want 0", n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = HasControl(s) }); n != 0 {
			t.Errorf("HasControl: %v allocs, want 0", n)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, tc := range sanitizeCases() {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		within(quickBudget, func() {
			out := Sanitize(in)
			if !utf8.ValidString(out) {
				t.Fatalf("Sanitize(%+q) = %+q: invalid UTF-8", in, out)
			}
			for i := 0; i < len(out); i++ {
				if c := out[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
					t.Fatalf("Sanitize(%+q) = %+q: control byte %#02x", in, out, c)
				}
			}
			for _, r := range out {
				if r >= 0x80 && r <= 0x9f {
					t.Fatalf("Sanitize(%+q) = %+q: C1 control %U", in, out, r)
				}
				for _, b := range sanBidiControls {
					if r == b {
						t.Fatalf("Sanitize(%+q) = %+q: bidi control %U", in, out, r)
					}
				}
			}
			if again := Sanitize(out); again != out {
				t.Fatalf("Sanitize not idempotent: %+q -> %+q -> %+q", in, out, again)
			}
			if HasControl(out) {
				t.Fatalf("HasControl(Sanitize(%+q)) = true", in)
			}
			if got, want := HasControl(in), out != in; got != want {
				t.Fatalf("HasControl(%+q) = %v, but Sanitize changed it: %v", in, got, want)
			}
		})
	})
}

// sanCleanParagraph is about 2 KB of text with nothing to remove.
var sanCleanParagraph = strings.Repeat("At 09:14 the SOC receives an alert: unusual outbound traffic from the **finance** file server to 203.0.113.7 — 漢字 and emoji 👩\u200d💻 included.\n", 15)

// sanDirtyParagraph is similar text with escape sequences and controls.
var sanDirtyParagraph = strings.Repeat("At 09:14 the \x1b[1;31mSOC\x1b[0m receives an alert:\r\n unusual outbound \x1b]8;;https://x.example/\x1b\\traffic\x1b]8;;\x1b\\ from the \u202efinance\u202c file server\x07 to 203.0.113.7 — 漢字 👩\u200d💻.\x1b]0;title\x07\n", 12)

func BenchmarkSanitize(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"clean", sanCleanParagraph},
		{"escapes", sanDirtyParagraph},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			for b.Loop() {
				sanSink = Sanitize(bc.in)
			}
		})
	}
}

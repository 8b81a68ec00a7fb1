package mdtext

import "testing"

func TestEscape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in                   string
		inline, block, text, table string
	}{
		{"plain", "Call the team.", "Call the team.", "Call the team.", "Call the team.", "Call the team."},
		{"emphasis", "a **b** _c_", "a **b** _c_", "a **b** _c_", `a \*\*b\*\* \_c\_`, "a **b** _c_"},
		{"tag", "<img src=x>", `\<img src=x>`, `\<img src=x>`, `\<img src=x>`, `\<img src=x>`},
		{"backtick bypass", "``<img src=x>``", "\\`\\`\\<img src=x>\\`\\`", "\\`\\`\\<img src=x>\\`\\`", "\\`\\`\\<img src=x>\\`\\`", "\\`\\`\\<img src=x>\\`\\`"},
		{"escaped backslash", `\\<b>`, `\\\\\<b>`, `\\\\\<b>`, `\\\\\<b>`, `\\\\\<b>`},
		{"link", "[a](javascript:x)", `\[a\](javascript:x)`, `\[a\](javascript:x)`, `\[a\](javascript:x)`, `\[a\](javascript:x)`},
		{"entity", "&lt;b&gt; & co", `\&lt;b\&gt; & co`, `\&lt;b\&gt; & co`, `\&lt;b\&gt; & co`, `\&lt;b\&gt; & co`},
		{"pipes", "a | b", "a | b", "a | b", "a | b", `a \| b`},
		{"lines", "one\n# two\n   ~~~ three\n    four", "one # two ~~~ three four", "one\n\\# two\n   \\~~~ three\n    four", `one # two \~\~\~ three four`, "one # two ~~~ three four"},
		{"control", "a\x1b]0;PWNED\x07b\u202ec", "abc", "abc", "abc", "abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct{ what, got, want string }{
				{"Inline", Inline(tc.in), tc.inline},
				{"Block", Block(tc.in), tc.block},
				{"Text", Text(tc.in), tc.text},
				{"Cell", Cell(Inline(tc.in)), tc.table},
			} {
				if c.got != c.want {
					t.Errorf("%s(%q) = %q, want %q", c.what, tc.in, c.got, c.want)
				}
			}
		})
	}
}

func TestCode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"vendor-breach": "`vendor-breach`", "v1.2+b": "`v1.2+b`", "a`b": "a\\`b", "<b>": `\<b>`, "": ""} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
}

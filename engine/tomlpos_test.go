package engine

import (
	"fmt"
	"strings"
	"testing"
)

// posWant is one expected entry: positions written "LINE:COL".
type posWant struct {
	path string
	key  string
	val  string
	end  string // optional: position of the End offset
}

// posCase is a snippet with the entries it must and must not produce.
type posCase struct {
	name   string
	src    string
	want   []posWant
	absent []string
}

// posLC formats p as LINE:COL.
func posLC(p Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func posCases() []posCase {
	return []posCase{
		{
			name: "top-level keys",
			src:  "a = 1\nb   =   \"x\"  # c\n c=\"y\"\n",
			want: []posWant{
				{"a", "1:1", "1:5", "1:6"},
				{"b", "2:1", "2:9", "2:12"},
				{"c", "3:2", "3:4", "3:7"},
			},
		},
		{
			name: "headers",
			src:  "[scenario]\nid = \"x\"\n\n[ vars ]   # comment\ntrust = 60\n",
			want: []posWant{
				{"scenario", "1:1", "1:1", "1:11"},
				{"scenario.id", "2:1", "2:6", ""},
				{"vars", "4:1", "4:1", "4:9"},
				{"vars.trust", "5:1", "5:9", "5:11"},
			},
			absent: []string{"id", "trust", "comment"},
		},
		{
			name: "arrays of tables",
			src: `[[scenes]]
id = "a"
  [[scenes.choices]]
  id = "c0"
  [[scenes.choices]]
  id = "c1"
[[scenes]]
id = "b"
  [[scenes.choices]]
  goto = "x"
    [[scenes.choices.deep]]
    k = 1
    [[scenes.choices.deep]]
    k = 2
[other]
z = 1
`,
			want: []posWant{
				{"scenes", "1:1", "1:1", ""},
				{"scenes.0", "1:1", "1:1", "1:11"},
				{"scenes.0.id", "2:1", "2:6", ""},
				{"scenes.0.choices", "3:3", "3:3", ""},
				{"scenes.0.choices.0", "3:3", "3:3", "3:21"},
				{"scenes.0.choices.0.id", "4:3", "4:8", ""},
				{"scenes.0.choices.1", "5:3", "5:3", ""},
				{"scenes.0.choices.1.id", "6:3", "6:8", ""},
				{"scenes.1", "7:1", "7:1", ""},
				{"scenes.1.id", "8:1", "8:6", ""},
				{"scenes.1.choices", "9:3", "9:3", ""},
				{"scenes.1.choices.0", "9:3", "9:3", ""},
				{"scenes.1.choices.0.goto", "10:3", "10:10", "10:13"},
				{"scenes.1.choices.0.deep", "11:5", "11:5", ""},
				{"scenes.1.choices.0.deep.0", "11:5", "11:5", ""},
				{"scenes.1.choices.0.deep.0.k", "12:5", "12:9", ""},
				{"scenes.1.choices.0.deep.1", "13:5", "13:5", ""},
				{"scenes.1.choices.0.deep.1.k", "14:5", "14:9", ""},
				{"other", "15:1", "15:1", ""},
				{"other.z", "16:1", "16:5", ""},
			},
			absent: []string{"scenes.2", "scenes.1.choices.1", "scenes.0.choices.2", "scenes.0.choices.0.deep", "other.k"},
		},
		{
			name: "inline tables",
			src: `set = { exposed = false, "a b" = 'x', n.m = 2 }
add = {}
nested = { a = { b = [1, {c = 3}] } }
multi = {
  x = 1, # comment {
  y = "}",
}
after = 1
`,
			want: []posWant{
				{"set", "1:1", "1:7", "1:48"},
				{"set.exposed", "1:9", "1:19", "1:24"},
				{"set.a b", "1:26", "1:34", "1:37"},
				{"set.n", "1:39", "1:45", "1:46"},
				{"set.n.m", "1:41", "1:45", "1:46"},
				{"add", "2:1", "2:7", "2:9"},
				{"nested", "3:1", "3:10", "3:38"},
				{"nested.a", "3:12", "3:16", "3:36"},
				{"nested.a.b", "3:18", "3:22", "3:34"},
				{"nested.a.b.0", "3:23", "3:23", "3:24"},
				{"nested.a.b.1", "3:26", "3:26", "3:33"},
				{"nested.a.b.1.c", "3:27", "3:31", "3:32"},
				{"multi", "4:1", "4:9", "7:2"},
				{"multi.x", "5:3", "5:7", ""},
				{"multi.y", "6:3", "6:7", "6:10"},
				{"after", "8:1", "8:9", ""},
			},
			absent: []string{"exposed", "n.m", "set.m", "nested.b", "a b"},
		},
		{
			name: "arrays",
			src: `[bounds]
trust = [0, 100]
list = [ # first
  "a", # one
  'b',

  # comment ]
  """c""",   # three
]
x = [{k = 1}, {k = 2},]
nest = [[1, 2], [3]]
empty = [ ]
`,
			want: []posWant{
				{"bounds.trust", "2:1", "2:9", "2:17"},
				{"bounds.trust.0", "2:10", "2:10", "2:11"},
				{"bounds.trust.1", "2:13", "2:13", "2:16"},
				{"bounds.list", "3:1", "3:8", "9:2"},
				{"bounds.list.0", "4:3", "4:3", "4:6"},
				{"bounds.list.1", "5:3", "5:3", "5:6"},
				{"bounds.list.2", "8:3", "8:3", "8:10"},
				{"bounds.x", "10:1", "10:5", "10:24"},
				{"bounds.x.0", "10:6", "10:6", "10:13"},
				{"bounds.x.0.k", "10:7", "10:11", ""},
				{"bounds.x.1", "10:15", "10:15", ""},
				{"bounds.x.1.k", "10:16", "10:20", ""},
				{"bounds.nest.0", "11:9", "11:9", "11:15"},
				{"bounds.nest.0.1", "11:13", "11:13", ""},
				{"bounds.nest.1.0", "11:18", "11:18", ""},
				{"bounds.empty", "12:1", "12:9", "12:12"},
			},
			absent: []string{"bounds.list.3", "bounds.x.2", "bounds.trust.2", "bounds.empty.0", "bounds.nest.2"},
		},
		{
			name: "dotted and quoted keys",
			src: `a.b = 1
"q.r".'s' . t = 2
[t1]
x . y . z = "v"
[t2.sub]
k = 1
[t2]
m = 1
["quoted \"h\" \u00e9".'lit']
v = 1
[""]
e = 1
`,
			want: []posWant{
				{"a", "1:1", "1:7", "1:8"},
				{"a.b", "1:3", "1:7", "1:8"},
				{"q.r", "2:1", "2:17", ""},
				{"q.r.s", "2:7", "2:17", ""},
				{"q.r.s.t", "2:13", "2:17", ""},
				{"t1", "3:1", "3:1", ""},
				{"t1.x", "4:1", "4:13", ""},
				{"t1.x.y", "4:5", "4:13", ""},
				{"t1.x.y.z", "4:9", "4:13", "4:16"},
				{"t2.sub", "5:1", "5:1", ""},
				{"t2.sub.k", "6:1", "6:5", ""},
				{"t2", "7:1", "7:1", ""}, // the explicit header replaces the implicit parent
				{"t2.m", "8:1", "8:5", ""},
				{`quoted "h" é`, "9:1", "9:1", ""},
				{`quoted "h" é.lit`, "9:1", "9:1", ""},
				{`quoted "h" é.lit.v`, "10:1", "10:5", ""},
				{"", "11:1", "11:1", ""}, // an empty quoted key
				{".e", "12:1", "12:5", ""},
			},
			absent: []string{"b", "t", "y", "sub.k"},
		},
		{
			name: "strings do not confuse the scanner",
			src: `a = "x # y = [z] \" # w"  # real comment
b = 'c:\path # [not] = '
c = """
line1 # not a comment
[not.a.header]
not = "a key" \""" ""
"""
d = '''
[nor.this]
'''
e = """quotes "" inside """""
f = 1
g = ['[', "]", '#', "{"]
`,
			want: []posWant{
				{"a", "1:1", "1:5", "1:25"},
				{"b", "2:1", "2:5", "2:25"},
				{"c", "3:1", "3:5", "7:4"},
				{"d", "8:1", "8:5", "10:4"},
				{"e", "11:1", "11:5", "11:30"},
				{"f", "12:1", "12:5", ""},
				{"g.3", "13:21", "13:21", "13:24"},
			},
			absent: []string{"not", "not.a.header", "nor.this", "not.a.header.not", "line1", "g.4"},
		},
		{
			name: "CRLF and tabs",
			src:  "[s]\r\n\tk\t=\t\"v\"\r\n# c\r\nm = [\r\n  1,\r\n  2\r\n]\r\nt = \"\"\"\r\nab\r\n\"\"\"\r\nz = 1\r\n",
			want: []posWant{
				{"s", "1:1", "1:1", "1:4"},
				{"s.k", "2:2", "2:6", "2:9"},
				{"s.m", "4:1", "4:5", "7:2"},
				{"s.m.0", "5:3", "5:3", ""},
				{"s.m.1", "6:3", "6:3", ""},
				{"s.t", "8:1", "8:5", "10:4"},
				{"s.z", "11:1", "11:5", "11:6"},
			},
		},
		{
			name: "unicode columns count runes",
			src:  "\"é\" = \"ü\"\nk = \"ééé\" # x\nt = { \"ä\" = 1, b = 2 }\n",
			want: []posWant{
				{"é", "1:1", "1:7", "1:10"},
				{"k", "2:1", "2:5", "2:10"},
				{"t.ä", "3:7", "3:13", ""},
				{"t.b", "3:16", "3:20", ""},
			},
		},
		{
			name: "byte order mark",
			src:  "\xef\xbb\xbfa = 1\n[t]\n",
			want: []posWant{
				{"a", "1:1", "1:5", ""},
				{"t", "2:1", "2:1", ""},
			},
		},
		{
			name: "comments everywhere and values of every kind",
			src: `# leading
   # indented
[tbl] # after header
# between
i = -1_000 # c
fl = +6.5e-3
bo = true
dt = 1979-05-27 07:32:00Z
d2 = 1979-05-27
tm = 07:32:00
hex = 0xdead_beef
inf = -inf
last = "x"#tight
`,
			want: []posWant{
				{"tbl", "3:1", "3:1", ""},
				{"tbl.i", "5:1", "5:5", "5:11"},
				{"tbl.fl", "6:1", "6:6", "6:13"},
				{"tbl.bo", "7:1", "7:6", "7:10"},
				{"tbl.dt", "8:1", "8:6", "8:26"},
				{"tbl.d2", "9:1", "9:6", "9:16"},
				{"tbl.tm", "10:1", "10:6", "10:14"},
				{"tbl.hex", "11:1", "11:7", ""},
				{"tbl.inf", "12:1", "12:7", "12:11"},
				{"tbl.last", "13:1", "13:8", "13:11"},
			},
			absent: []string{"leading", "between", "c", "tight"},
		},
	}
}

func TestPosIndex(t *testing.T) {
	for _, tc := range posCases() {
		t.Run(tc.name, func(t *testing.T) {
			ix := buildPosIndex([]byte(tc.src))
			for _, w := range tc.want {
				kp, ok := ix.lookup(w.path)
				if !ok {
					t.Errorf("%q: not found", w.path)
					continue
				}
				if got := posLC(kp.Key); got != w.key {
					t.Errorf("%q: key at %s, want %s", w.path, got, w.key)
				}
				if got := posLC(kp.Val); got != w.val {
					t.Errorf("%q: value at %s, want %s", w.path, got, w.val)
				}
				if w.end != "" {
					if got := posLC(ix.posAt(kp.End)); got != w.end {
						t.Errorf("%q: end at %s, want %s", w.path, got, w.end)
					}
				}
				if ix.posAt(kp.Key.Off) != kp.Key || ix.posAt(kp.Val.Off) != kp.Val {
					t.Errorf("%q: positions %+v %+v disagree with posAt", w.path, kp.Key, kp.Val)
				}
			}
			for _, p := range tc.absent {
				if kp, ok := ix.lookup(p); ok {
					t.Errorf("%q: unexpected entry at %s", p, posLC(kp.Key))
				}
			}
		})
	}
}

func TestPosIndexStripped(t *testing.T) {
	src := `[[scenes]]
id = "a"
discuss = ["x", "y"]
[[scenes.choices]]
gotoo = "x"
[[scenes.choices]]
goto = "y"
[[scenes]]
[[scenes.choices]]
gotoo = "z"
[t]
1 = 2
`
	ix := buildPosIndex([]byte(src))
	for _, tc := range []struct {
		path string
		want []string // key positions
	}{
		{"scenes.choices.gotoo", []string{"5:1", "10:1"}},
		{"scenes.choices.goto", []string{"7:1"}},
		{"scenes.choices", []string{"4:1", "4:1", "6:1", "9:1", "9:1"}},
		{"scenes", []string{"1:1", "1:1", "8:1"}},
		{"scenes.id", []string{"2:1"}},
		{"scenes.discuss", []string{"3:1", "3:12", "3:17"}}, // the array and its elements
		{"t", []string{"11:1"}},
		{"t.1", []string{"12:1"}}, // a key made of digits is not an index
		{"scenes.0.choices.gotoo", nil},
		{"nope", nil},
	} {
		var got []string
		for _, kp := range ix.stripped(tc.path) {
			got = append(got, posLC(kp.Key))
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("stripped(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestPosIndexStringPos(t *testing.T) {
	src := `a = "h\u00e9\"\\\nx"
b = 'lit\n'
c = """
ab\
   cd \
  e"""
d = '''
x'''
f = "x"
g = """""q"""""
h = '''a''''
p = """a\\
b"""
u = "\U0001F600z\x41"
n = 5
e = ""
`
	src += "m = \"\"\"\r\nab\r\ncd\"\"\"\r\n"
	ix := buildPosIndex([]byte(src))
	for _, tc := range []struct {
		path string
		n    int
		want string
	}{
		{"a", 0, "1:6"}, {"a", 1, "1:7"}, {"a", 2, "1:13"}, {"a", 3, "1:15"},
		{"a", 4, "1:17"}, {"a", 5, "1:19"}, {"a", 6, "1:20"}, {"a", 100, "1:20"},
		{"b", 0, "2:6"}, {"b", 3, "2:9"}, {"b", 4, "2:10"}, {"b", 5, "2:11"},
		// Multi-line basic: the first newline is trimmed, line-ending
		// backslashes swallow the newline and the indentation after it.
		{"c", 0, "4:1"}, {"c", 1, "4:2"}, {"c", 2, "5:4"}, {"c", 3, "5:5"},
		{"c", 4, "5:6"}, {"c", 5, "6:3"}, {"c", 6, "6:4"},
		{"d", 0, "8:1"}, {"d", 1, "8:2"},
		{"f", 0, "9:6"}, {"f", 1, "9:7"},
		// Quotes just inside the delimiters belong to the string.
		{"g", 0, "10:8"}, {"g", 1, "10:9"}, {"g", 2, "10:10"}, {"g", 3, "10:11"},
		{"g", 4, "10:12"}, {"g", 5, "10:13"},
		{"h", 0, "11:8"}, {"h", 1, "11:9"}, {"h", 2, "11:10"},
		// An escaped backslash at the end of a line is not a line-ending one.
		{"p", 0, "12:8"}, {"p", 1, "12:9"}, {"p", 2, "12:11"}, {"p", 3, "13:1"}, {"p", 4, "13:2"},
		{"u", 0, "14:6"}, {"u", 1, "14:16"}, {"u", 2, "14:17"}, {"u", 3, "14:21"},
		{"n", 0, "15:5"}, // not a string: the value
		{"e", 0, "16:6"},
		// CRLF inside a multi-line string stays in the decoded value.
		{"m", 0, "18:1"}, {"m", 1, "18:2"}, {"m", 2, "18:3"}, {"m", 3, "18:4"},
		{"m", 4, "19:1"}, {"m", 5, "19:2"}, {"m", 6, "19:3"},
		{"missing", 0, "0:0"},
	} {
		if got := posLC(ix.stringPos(tc.path, tc.n)); got != tc.want {
			t.Errorf("stringPos(%q, %d) = %s, want %s", tc.path, tc.n, got, tc.want)
		}
	}
}

func TestPosIndexLine(t *testing.T) {
	ix := buildPosIndex([]byte("a = 1\r\n\tb = 2\n\nlast"))
	for n, want := range map[int]string{0: "", 1: "a = 1", 2: "\tb = 2", 3: "", 4: "last", 5: ""} {
		if got := ix.line(n); got != want {
			t.Errorf("line(%d) = %q, want %q", n, got, want)
		}
	}
	if p := ix.posAt(9); p != (Pos{Line: 2, Col: 3, Off: 9}) {
		t.Errorf("posAt(9) = %+v", p)
	}
	if p := ix.posAt(-4); p != (Pos{Line: 1, Col: 1, Off: 0}) {
		t.Errorf("posAt(-4) = %+v", p)
	}
	if p := ix.posAt(1000); p != (Pos{Line: 4, Col: 5, Off: 19}) {
		t.Errorf("posAt(1000) = %+v", p)
	}
}

// TestPosIndexJunk checks that input the scanner does not understand is
// skipped a line at a time, keeping what follows.
func TestPosIndexJunk(t *testing.T) {
	src := "= 1\n[unclosed\n]]]\nk = \"open\nz = 1\nv = [1, @]\nw = 2\nq = {a = 1 b = 2}\ny = 3 junk\nlast = 4\nbad = \"\"\"never closed\n"
	ix := buildPosIndex([]byte(src))
	for _, p := range []string{"z", "w", "y", "last", "v.0", "q.a"} {
		if _, ok := ix.lookup(p); !ok {
			t.Errorf("%q lost after junk", p)
		}
	}
	var nilIx *posIndex
	if _, ok := nilIx.lookup("a"); ok || nilIx.stripped("a") != nil || nilIx.line(1) != "" {
		t.Error("nil index answers")
	}
	_ = nilIx.stringPos("a", 0)
	_ = nilIx.posAt(3)
}

// posHostile are inputs built to make a careless scanner quadratic or
// deeply recursive.
var posHostile = []struct {
	name string
	src  string
}{
	{"long header then many keys", "[" + strings.Repeat("a.", 100_000) + "a]\n" + strings.Repeat("k=1\n", 100_000)},
	{"long dotted key", strings.Repeat("a.", 200_000) + "a = 1\n"},
	{"long dotted keys in a deep table", "[t]\n" + strings.Repeat(strings.Repeat("b.", 500)+"c = 1\n", 300)},
	{"deep arrays", "x = " + strings.Repeat("[", 300_000)},
	{"deep inline tables", "x = " + strings.Repeat("{a=", 100_000)},
	{"one long line", "x = [" + strings.Repeat(`"é",`, 200_000) + "]"},
	{"unterminated multi-line string", `x = """` + strings.Repeat("a\\\n ", 200_000)},
	{"many arrays of tables", strings.Repeat("[[a.b]]\nk=1\n", 100_000)},
	{"garbage", strings.Repeat("@[{\"'#=\r", 100_000)},
}

// posScan indexes src and looks up what the loader would.
func posScan(src string) {
	ix := buildPosIndex([]byte(src))
	for _, e := range ix.entries[:min(len(ix.entries), 100)] {
		ix.stringPos(e.path, 1<<30)
	}
	ix.stripped("a.b.k")
}

// TestPosIndexHostile runs the hostile inputs to the end without a crash or
// a stack overflow; BenchmarkPosIndexHostile measures that each is linear.
func TestPosIndexHostile(t *testing.T) {
	t.Parallel()
	for _, tc := range posHostile {
		posScan(tc.src)
	}
}

// BenchmarkPosIndexHostile: each hostile input, scanned whole (a few
// hundred kilobytes each; a quadratic scanner takes minutes).
func BenchmarkPosIndexHostile(b *testing.B) {
	for _, tc := range posHostile {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.src)))
			for b.Loop() {
				posScan(tc.src)
			}
		})
	}
}

// posGenScenario returns a scenario file of the given number of scenes, in
// the shape of the format reference (about 1 KB per scene).
func posGenScenario(scenes int) []byte {
	var b strings.Builder
	b.WriteString("[scenario]\nid = \"bench\"\ntitle = \"Benchmark\"\nstart = \"s0\"\nroles = [\"ceo\", \"ciso\"]\n\n")
	b.WriteString("[vars]\ntrust = 60\nexposed = true\n\n[bounds]\ntrust = [0, 100]\n\n")
	for i := range scenes {
		fmt.Fprintf(&b, "[[scenes]]\nid = \"s%d\"\ntitle = \"Scene number %d\"\n", i, i)
		b.WriteString("text = \"\"\"\nA reporter says **{trust}** customer records are readable.\r\nShe publishes in two hours, \\\n    with or without your comment. # not a comment\n\"\"\"\n")
		b.WriteString("discuss = [\"Who must hear this first?\", 'And then?'] # prompts\n\n")
		for c := range 3 {
			fmt.Fprintf(&b, "  [[scenes.choices]]\n  id = \"s%d-c%d\"\n  text = \"Choice %d, with \\\"quotes\\\" and \\u00e9\"\n", i, c, c)
			b.WriteString("  hours = 1\n  set = { exposed = false }\n  add = { trust = -2 }\n  score = { contain = 3, notify = -1 }\n")
			fmt.Fprintf(&b, "  why = 'Because.'\n  goto = \"s%d\"\n\n", i+1)
		}
	}
	return []byte(b.String())
}

func TestPosIndexGenerated(t *testing.T) {
	src := posGenScenario(50)
	ix := buildPosIndex(src)
	kp, ok := ix.lookup("scenes.49.choices.2.goto")
	if !ok || ix.line(kp.Key.Line) != `  goto = "s50"` || kp.Key.Col != 3 || kp.Val.Col != 10 {
		t.Fatalf("scenes.49.choices.2.goto: %+v %v %q", kp, ok, ix.line(kp.Key.Line))
	}
	if got := len(ix.stripped("scenes.choices.set.exposed")); got != 150 {
		t.Errorf("stripped set.exposed: %d entries, want 150", got)
	}
	if _, ok := ix.lookup("scenes.0.not"); ok {
		t.Error("a key found inside a multi-line string")
	}
}

func FuzzPosIndex(f *testing.F) {
	for _, tc := range posCases() {
		f.Add([]byte(tc.src))
	}
	f.Add(posGenScenario(2))
	f.Fuzz(func(t *testing.T, src []byte) {
		within(quickBudget, func() {
			ix := buildPosIndex(src)
			for j, e := range ix.entries {
				kp := e.kp
				if kp.Key.Off < 0 || kp.Key.Off >= len(src) || kp.Val.Off < kp.Key.Off || kp.Val.Off >= len(src) ||
					kp.End < kp.Val.Off || kp.End > len(src) {
					t.Fatalf("%q: offsets out of range: %+v (len %d)", e.path, kp, len(src))
				}
				if ix.posAt(kp.Key.Off) != kp.Key || ix.posAt(kp.Val.Off) != kp.Val {
					t.Fatalf("%q: %+v / %+v disagree with posAt", e.path, kp.Key, kp.Val)
				}
				if got, ok := ix.lookup(e.path); !ok || (ix.byPath[e.path] == int32(j) && got != kp) {
					t.Fatalf("%q: lookup gives %+v, %v", e.path, got, ok)
				}
				for _, n := range []int{0, 1, 7, 1 << 30} {
					if p := ix.stringPos(e.path, n); p.Off < 0 || p.Off > len(src) {
						t.Fatalf("stringPos(%q, %d) = %+v", e.path, n, p)
					}
				}
			}
			if len(ix.entries) > 0 {
				_ = ix.stripped(ix.entries[len(ix.entries)-1].path)
			}
			total := 0
			for n := 1; n <= len(ix.lines); n++ {
				total += len(ix.line(n))
			}
			if total > len(src) {
				t.Fatalf("lines hold %d bytes of %d", total, len(src))
			}
		})
	})
}

func BenchmarkPosIndex(b *testing.B) {
	src := posGenScenario(1000) // about 1 MB
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		buildPosIndex(src)
	}
}

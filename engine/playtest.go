package engine

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// PlaytestFile is a file of playtests that a trainer keeps beside a
// scenario: paths of decisions with the ending, clock and scores expected.
type PlaytestFile struct {
	File      string
	Scenario  string // a shipped scenario id, or a path relative to the file
	Playtests []Playtest
	l         *loader
}

// Playtest is one path through a scenario and what it must lead to.
type Playtest struct {
	Name   string
	Seed   uint64
	Choose []string // decisions, picks joined with +
	// Ending is the ending id expected; "none" for a drill that stops with
	// nothing to choose; "" not to check. Unfinished means the choices are
	// expected to run out before the drill ends.
	Ending     string
	Unfinished bool
	Hours      *float64
	Total      Range
	Scores     map[string]Range // per principle id
	Raw        map[string]int   // per principle id: exact raw score
	// Shows and NeverShows are phrases that some text the players see along
	// the path must contain, and that none may: the scenes' texts (their
	// variants as the state has them), the injects and the ending.
	Shows, NeverShows []string

	path string // for positions
}

// Range bounds a percentage; a nil end is open.
type Range struct {
	Min, Max *float64
}

type rawPlaytestFile struct {
	Scenario string        `toml:"scenario"`
	Playtest []rawPlaytest `toml:"playtest"`
}

type rawPlaytest struct {
	Name       string              `toml:"name"`
	Seed       *uint64             `toml:"seed"`
	Choose     []string            `toml:"choose"`
	Ending     string              `toml:"ending"`
	Unfinished bool                `toml:"unfinished"`
	Hours      *float64            `toml:"hours"`
	Total      rawRange            `toml:"total"`
	Scores     map[string]rawRange `toml:"scores"`
	Raw        map[string]int      `toml:"raw"`
	Shows      []string            `toml:"shows"`
	NeverShows []string            `toml:"never_shows"`
}

type rawRange struct {
	Min *float64 `toml:"min"`
	Max *float64 `toml:"max"`
}

// ParsePlaytests checks and loads a playtest file. Errors are Diagnostics,
// positioned like a scenario's.
func ParsePlaytests(name string, src []byte) (*PlaytestFile, error) {
	l := &loader{file: name, src: src}
	if d := precheck(name, src); d != nil {
		return nil, Diagnostics{*d}
	}
	var raw rawPlaytestFile
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		l.decodeError(err)
		return nil, l.errors()
	}
	l.unknownKeys(md)
	f := &PlaytestFile{File: name, Scenario: raw.Scenario, l: l}
	if raw.Scenario == "" {
		l.keyErr("", "a playtest file needs `scenario`: the id of a shipped scenario or a path to one, relative to this file")
	}
	if len(raw.Playtest) == 0 {
		l.keyErr("", "a playtest file needs at least one [[playtest]]")
	}
	seen := map[string]bool{}
	for i, r := range raw.Playtest {
		path := fmt.Sprintf("playtest.%d", i)
		p := Playtest{Name: Sanitize(r.Name), Seed: 1, Choose: r.Choose, Ending: r.Ending, Unfinished: r.Unfinished,
			Hours: r.Hours, Total: Range(r.Total), Scores: map[string]Range{}, Raw: r.Raw,
			Shows: r.Shows, NeverShows: r.NeverShows, path: path}
		if r.Seed != nil {
			p.Seed = *r.Seed
		}
		switch {
		case p.Name == "":
			l.keyErr(path, "each [[playtest]] needs a `name`")
		case seen[p.Name]:
			l.valErr(path+".name", "the playtest name %q is used twice", p.Name)
		}
		seen[p.Name] = true
		if len(p.Choose) == 0 {
			l.keyErr(path, "playtest %q needs `choose`: the decisions, in order, as choice ids (picks joined with +)", p.Name)
		}
		if p.Unfinished && p.Ending != "" {
			l.valErr(path+".unfinished", "playtest %q expects both an ending and an unfinished drill; keep one", p.Name)
		}
		for id, rg := range r.Scores {
			p.Scores[id] = Range(rg)
		}
		f.Playtests = append(f.Playtests, p)
	}
	if errs := l.errors(); len(errs) > 0 {
		return nil, errs
	}
	return f, nil
}

// ReadPlaytests reads and checks the playtest file at path (see
// ParsePlaytests); a file that cannot be read is an error that says so.
func ReadPlaytests(path string) (*PlaytestFile, error) {
	src, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParsePlaytests(path, src)
}

// Run plays the playtest on sc and returns its failures, each one sentence
// positioned at the playtest; none means it passed.
func (f *PlaytestFile) Run(p *Playtest, sc *Scenario) Diagnostics {
	l := &loader{file: f.File, src: f.l.src}
	fail := func(format string, args ...any) { l.keyErr(p.path, format, args...) }
	d := NewDrill(sc, p.Seed)
	seen := []string{d.SceneText()}
	for i, dec := range p.Choose {
		if d.Ended() {
			fail("the drill ended after decision %d, but the playtest goes on with %q", i, dec)
			return l.errors()
		}
		if err := d.Choose(strings.Split(dec, "+")...); err != nil {
			var ce *ChoiceError
			if errors.As(err, &ce) {
				fail("decision %d: %s; scene %q offers %s", i+1, ce.Msg, ce.Scene, strings.Join(ce.Offered, ", "))
			} else {
				fail("decision %d: %v", i+1, err)
			}
			return l.errors()
		}
		seen = append(seen, d.shownAfter()...)
	}
	checkText(p, seen, fail)
	ending := "none"
	if e := d.Ending(); e != nil {
		ending = e.ID
	}
	switch {
	case p.Unfinished && d.Ended():
		fail("the drill ended (%s), but the playtest expects it unfinished", ending)
	case !p.Unfinished && !d.Ended():
		fail("the choices ran out at scene %q before the drill ended; add decisions or set unfinished = true", d.Scene().ID)
	case p.Ending != "" && p.Ending != ending:
		fail("the drill ended at %q, want %q", ending, p.Ending)
	}
	if p.Hours != nil && d.Hours() != *p.Hours {
		fail("the clock is at %sh, want %sh", fmtNum(d.Hours()), fmtNum(*p.Hours))
	}
	r, err := d.Result("")
	if err != nil {
		fail("the drill cannot be scored: %v", err)
		return l.errors()
	}
	checkRange := func(what string, got float64, rg Range) {
		if rg.Min != nil && got < *rg.Min-1e-9 {
			fail("%s is %s%%, want at least %s%%", what, fmtPct(got), fmtNum(*rg.Min))
		}
		if rg.Max != nil && got > *rg.Max+1e-9 {
			fail("%s is %s%%, want at most %s%%", what, fmtPct(got), fmtNum(*rg.Max))
		}
	}
	checkRange("the total", r.TotalPercent, p.Total)
	for _, id := range sortedKeys(p.Scores) {
		s, ok := scoreOf(r, id)
		if !ok {
			fail("%q is not a principle the scenario scores", id)
			continue
		}
		checkRange(id, s.Percent, p.Scores[id])
	}
	for _, id := range sortedKeys(p.Raw) {
		s, ok := scoreOf(r, id)
		if !ok {
			fail("%q is not a principle the scenario scores", id)
			continue
		}
		if s.Raw != p.Raw[id] {
			fail("%s scores %d raw, want %d", id, s.Raw, p.Raw[id])
		}
	}
	return l.errors()
}

// shownAfter returns the texts the players see after the last decision: the
// injects that fired, then the next scene's text or the ending's.
func (d *Drill) shownAfter() []string {
	var out []string
	if n := len(d.record); n > 0 {
		for _, e := range d.record[n-1].Events {
			out = append(out, d.Render(d.sc.Events[e].Text))
		}
	}
	switch e := d.Ending(); {
	case e != nil:
		out = append(out, d.Render(e.Title), d.Render(e.Text))
	case !d.ended:
		out = append(out, d.Render(d.Scene().Title), d.SceneText())
	}
	return out
}

// checkText fails for each phrase of Shows that no text seen contains, and
// for each of NeverShows that one does.
func checkText(p *Playtest, seen []string, fail func(string, ...any)) {
	for _, want := range p.Shows {
		if !slices.ContainsFunc(seen, func(t string) bool { return strings.Contains(t, want) }) {
			fail("no text along the path shows %q", want)
		}
	}
	for _, bad := range p.NeverShows {
		for _, t := range seen {
			if strings.Contains(t, bad) {
				fail("a text along the path shows %q: %s", bad, firstLine(t, bad))
				break
			}
		}
	}
}

// firstLine returns the line of t that holds phrase, for a failure message.
func firstLine(t, phrase string) string {
	for _, ln := range strings.Split(t, "\n") {
		if strings.Contains(ln, phrase) {
			return strings.TrimSpace(ln)
		}
	}
	return ""
}

func scoreOf(r *Result, id string) (Score, bool) {
	for _, s := range r.Scores {
		if s.Principle == id && s.Scored {
			return s, true
		}
	}
	return Score{}, false
}

func fmtPct(x float64) string { return fmtNum(math.Round(x*10) / 10) }

package engine

import (
	"fmt"
	"regexp"

	"github.com/BurntSushi/toml"
)

// Guidance is a rubric: the principles that drills are scored against.
type Guidance struct {
	ID         string
	Title      string
	Summary    string
	Principles []Principle
	idx        map[string]int
}

// Principle is one principle of a rubric.
type Principle struct {
	ID      string // stable id used in scenario files, e.g. "contain"
	Title   string
	Summary string
	Good    string // what good looks like
	Bad     string // what bad looks like
}

// PrincipleIndex returns the index of the principle with the given id.
func (g *Guidance) PrincipleIndex(id string) (int, bool) {
	i, ok := g.idx[id]
	return i, ok
}

type rawGuidanceFile struct {
	Guidance struct {
		ID      string `toml:"id"`
		Title   string `toml:"title"`
		Summary string `toml:"summary"`
	} `toml:"guidance"`
	Principles []struct {
		ID      string `toml:"id"`
		Title   string `toml:"title"`
		Summary string `toml:"summary"`
		Good    string `toml:"good"`
		Bad     string `toml:"bad"`
	} `toml:"principles"`
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ParseGuidance checks and loads a rubric file. Errors are Diagnostics, like
// a scenario's.
func ParseGuidance(name string, src []byte) (*Guidance, error) {
	l := &loader{file: name, src: src}
	if d := precheck(name, src); d != nil {
		return nil, Diagnostics{*d}
	}
	var raw rawGuidanceFile
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		l.decodeError(err)
		return nil, l.errors()
	}
	l.unknownKeys(md)
	g := &Guidance{
		ID:      raw.Guidance.ID,
		Title:   Sanitize(raw.Guidance.Title),
		Summary: Sanitize(raw.Guidance.Summary),
		idx:     map[string]int{},
	}
	if !idPattern.MatchString(g.ID) {
		l.valErr("guidance.id", "the rubric needs an `id` of lowercase letters, digits and hyphens")
	}
	if g.Title == "" {
		l.keyErr("guidance", "the rubric needs a `title`")
	}
	if len(raw.Principles) == 0 {
		l.keyErr("guidance", "the rubric needs at least one [[principles]] entry")
	}
	for i, p := range raw.Principles {
		path := fmt.Sprintf("principles.%d", i)
		if !idPattern.MatchString(p.ID) {
			l.valErr(path+".id", "each principle needs an `id` of lowercase letters, digits and hyphens")
			continue
		}
		if _, dup := g.idx[p.ID]; dup {
			l.valErr(path+".id", "the principle id %q is used twice; ids must be unique", p.ID)
			continue
		}
		if p.Title == "" {
			l.keyErr(path, "principle %q needs a `title`", p.ID)
		}
		g.idx[p.ID] = len(g.Principles)
		g.Principles = append(g.Principles, Principle{
			ID: p.ID, Title: Sanitize(p.Title), Summary: Sanitize(p.Summary),
			Good: Sanitize(p.Good), Bad: Sanitize(p.Bad),
		})
	}
	if errs := l.errors(); len(errs) > 0 {
		return nil, errs
	}
	return g, nil
}

// Package scenarios holds the scenarios and the guidance rubric that ship
// with ttx, embedded in the binary, and finds scenarios by id or path.
package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ttx-dev/ttx/engine"
)

//go:embed *.toml
var files embed.FS

//go:embed starter/starter.toml.tmpl
var starter string

// Starter returns a commented starter scenario with the given id and title:
// it validates with no warnings and plays to an ending. The id must be a
// valid scenario id; the title may be any text.
func Starter(id, title string) []byte {
	return []byte(strings.NewReplacer("NEW-ID", id, "NEW-TITLE", tomlQuote(title)).Replace(starter))
}

// tomlQuote writes s as a TOML basic string.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// GuidanceFile is the name of the shipped rubric among the embedded files.
const GuidanceFile = "guidance.toml"

// FS returns the embedded files: the rubric and the shipped scenarios.
func FS() fs.FS { return files }

// Guides loads the shipped rubric.
func Guides() (engine.Guides, error) {
	src, err := files.ReadFile(GuidanceFile)
	if err != nil {
		return nil, err
	}
	g, err := engine.ParseGuidance(GuidanceFile, src)
	if err != nil {
		return nil, err
	}
	return engine.Guides{g.ID: g}, nil
}

// Entry is a scenario that can be played: shipped, or found in a directory.
type Entry struct {
	ID       string
	Title    string
	Path     string // the file; for a shipped scenario, its name in FS
	Shipped  bool
	Scenario *engine.Scenario
}

// Catalog lists the scenarios available and loads them.
type Catalog struct {
	Guides  engine.Guides
	Entries []Entry
	// Broken lists shipped scenarios that do not load: a defect of the
	// build, reported by the tests.
	Broken []error
	// Shadowed lists scenarios of --dir left out because another scenario
	// already has their id.
	Shadowed []error
	dirs     []string
}

// entry returns the entry with the given id, or nil.
func (c *Catalog) entry(id string) *Entry {
	for i := range c.Entries {
		if c.Entries[i].ID == id {
			return &c.Entries[i]
		}
	}
	return nil
}

// ByID returns the scenario of an id, or nil. Unlike Resolve it never reads
// a path: it is how a stored reference to a scenario is looked up.
func (c *Catalog) ByID(id string) *engine.Scenario {
	if e := c.entry(id); e != nil {
		return e.Scenario
	}
	return nil
}

// ByHash returns the scenario whose file has a content hash, or nil.
func (c *Catalog) ByHash(hash string) *engine.Scenario {
	for _, e := range c.Entries {
		if e.Scenario.Hash == hash {
			return e.Scenario
		}
	}
	return nil
}

// NewCatalog loads the shipped scenarios and the .toml files of dirs; files
// that do not load are left out (ttx validate reports them).
func NewCatalog(dirs ...string) (*Catalog, error) {
	g, err := Guides()
	if err != nil {
		return nil, fmt.Errorf("the built-in guidance does not load: %w", err)
	}
	c := &Catalog{Guides: g, dirs: dirs}
	names, _ := fs.Glob(files, "*.toml")
	for _, n := range names {
		if n == GuidanceFile {
			continue
		}
		sc, err := engine.LoadFS(files, n, g)
		if err != nil {
			// A defect of the build, which the tests catch; the other
			// scenarios stay usable.
			c.Broken = append(c.Broken, fmt.Errorf("the shipped scenario %s does not load: %w", n, err))
			continue
		}
		c.Entries = append(c.Entries, Entry{ID: sc.ID, Title: sc.Title, Path: n, Shipped: true, Scenario: sc})
	}
	for _, d := range dirs {
		paths, err := filepath.Glob(filepath.Join(d, "*.toml"))
		if err != nil {
			return nil, err
		}
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("%s: not a directory; --dir takes a directory of .toml scenarios", d)
		}
		for _, p := range paths {
			sc, err := engine.Load(p, g)
			if err != nil {
				continue // listed by `ttx validate`, not here
			}
			if prev := c.entry(sc.ID); prev != nil {
				c.Shadowed = append(c.Shadowed, fmt.Errorf("%s: scenario id %q is already taken by %s, which is the one used; rename one of them", p, sc.ID, prev.Path))
				continue
			}
			c.Entries = append(c.Entries, Entry{ID: sc.ID, Title: sc.Title, Path: p, Scenario: sc})
		}
	}
	sort.SliceStable(c.Entries, func(i, j int) bool { return c.Entries[i].ID < c.Entries[j].ID })
	return c, nil
}

// IsShipped reports whether sc is one of the shipped scenarios, whose File
// is a name among the embedded files rather than a path.
func (c *Catalog) IsShipped(sc *engine.Scenario) bool {
	for _, e := range c.Entries {
		if e.Scenario == sc {
			return e.Shipped
		}
	}
	return false
}

// Resolve loads a scenario named by a shipped or listed id, or by a path to
// a .toml file.
func (c *Catalog) Resolve(arg string) (*engine.Scenario, error) {
	if strings.HasSuffix(arg, ".toml") || strings.ContainsRune(arg, os.PathSeparator) {
		return engine.Load(arg, c.Guides)
	}
	if e := c.entry(arg); e != nil {
		return e.Scenario, nil
	}
	ids := make([]string, len(c.Entries))
	for i, e := range c.Entries {
		ids[i] = e.ID
	}
	return nil, fmt.Errorf("no scenario %q; `ttx list` shows the ids (%s), or give a path to a .toml file (or --dir DIR for a directory of scenarios)", arg, strings.Join(ids, ", "))
}

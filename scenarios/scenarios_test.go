package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// referencePaths reads the "guidance path" and "stonewall path" playtests
// that every shipped scenario keeps in playtests/ID.toml.
func referencePaths(t *testing.T, id string) (guidance, stonewall []string) {
	file := filepath.Join("playtests", id+".toml")
	pf, err := engine.ReadPlaytests(file)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	for _, p := range pf.Playtests {
		switch p.Name {
		case "guidance path":
			guidance = p.Choose
		case "stonewall path":
			stonewall = p.Choose
		}
	}
	if guidance == nil || stonewall == nil {
		t.Fatalf("%s needs playtests named \"guidance path\" and \"stonewall path\"", file)
	}
	return guidance, stonewall
}

func play(t *testing.T, sc *engine.Scenario, seed uint64, path []string) *engine.Result {
	t.Helper()
	d := engine.NewDrill(sc, seed)
	for i, dec := range path {
		if err := d.Choose(strings.Split(dec, "+")...); err != nil {
			t.Fatalf("seed %d, decision %d: %v", seed, i+1, err)
		}
	}
	if !d.Ended() || d.Ending() == nil {
		t.Fatalf("seed %d: the path does not reach an ending", seed)
	}
	r, err := d.Result("")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestShipped checks every shipped scenario: it loads with no warnings (the
// authoring checks included), every scene and ending is reachable, no dead
// end, all seven principles scored, trust bounded at its start, a
// guidance-following path scores at least 85% and a stonewalling one under
// 30%, whatever the chance events do.
func TestShipped(t *testing.T) {
	c, err := NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) == 0 {
		t.Fatal("no shipped scenarios")
	}
	for _, err := range c.Broken {
		t.Error(err)
	}
	for _, e := range c.Entries {
		t.Run(e.ID, func(t *testing.T) {
			t.Parallel()
			sc, err := c.Resolve(e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ws := sc.Lint(nil); len(ws) > 0 {
				t.Errorf("warnings:\n%s", ws.Pretty())
			}
			checkTrustCeiling(t, sc)
			a, err := sc.Bounds()
			if err != nil {
				t.Fatal(err)
			}
			for i, ok := range a.Reachable {
				if !ok {
					t.Errorf("scene %s is unreachable", sc.Scenes[i].ID)
				}
			}
			for i, ok := range a.EndingReachable {
				if !ok {
					t.Errorf("ending %s is never reached", sc.Endings[i].ID)
				}
			}
			if len(a.DeadEnds) > 0 {
				t.Errorf("dead ends: %v", a.DeadEnds)
			}
			for p, pr := range sc.Guidance.Principles {
				if !sc.Scored(p) {
					t.Errorf("principle %s is never scored", pr.ID)
				}
			}
			checkShape(t, sc)
			good, bad := referencePaths(t, e.ID)
			for seed := uint64(0); seed < 20; seed++ {
				if r := play(t, sc, seed, good); r.TotalPercent < 85 {
					t.Errorf("seed %d: the guidance path scores %.1f%%, want at least 85%%", seed, r.TotalPercent)
				}
				if r := play(t, sc, seed, bad); r.TotalPercent >= 30 {
					t.Errorf("seed %d: the stonewall path scores %.1f%%, want under 30%%", seed, r.TotalPercent)
				}
			}
		})
	}
}

// checkTrustCeiling: the trust meter never climbs above where it stood
// before the incident while the crisis runs, so its upper bound is its start.
func checkTrustCeiling(t *testing.T, sc *engine.Scenario) {
	t.Helper()
	for _, m := range sc.Display.Meters {
		if v := sc.Vars[m.Var]; v.Name == "trust" && (!v.HasBound || v.Max != v.Start) {
			t.Errorf("trust starts at %v but may climb to %v: bound it at its start", v.Start, v.Max)
		}
	}
}

// TestPlaytests runs every shipped playtest file: the reference paths and
// the playtests that pin each fixed defect.
func TestPlaytests(t *testing.T) {
	t.Parallel()
	c, err := NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("playtests", "*.toml"))
	if len(files) == 0 {
		t.Fatal("no playtest files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			pf, err := engine.ReadPlaytests(file)
			if err != nil {
				t.Fatal(err)
			}
			// A path to a shipped file is the embedded copy of the same bytes:
			// take that one, whose analysis the other tests share.
			id := pf.Scenario
			if strings.HasSuffix(id, ".toml") && filepath.Dir(filepath.Join(filepath.Dir(file), id)) == "." {
				id = strings.TrimSuffix(filepath.Base(id), ".toml")
			}
			sc, err := c.Resolve(id)
			if err != nil {
				t.Fatal(err)
			}
			for i := range pf.Playtests {
				for _, d := range pf.Run(&pf.Playtests[i], sc) {
					t.Errorf("%s: %s", pf.Playtests[i].Name, d.Error())
				}
			}
		})
	}
}

func TestGuides(t *testing.T) {
	g, err := Guides()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"}
	gd := g[engine.DefaultGuidance]
	if gd == nil || len(gd.Principles) != len(want) {
		t.Fatalf("rubric %+v", gd)
	}
	for i, p := range gd.Principles {
		if p.ID != want[i] || p.Title == "" || p.Summary == "" || p.Good == "" || p.Bad == "" {
			t.Errorf("principle %d: %+v", i, p)
		}
	}
}

func TestResolve(t *testing.T) {
	c, err := NewCatalog("../testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{"retail-card-breach", "mini", "../testdata/valid/rules.toml"} {
		if _, err := c.Resolve(arg); err != nil {
			t.Errorf("%s: %v", arg, err)
		}
	}
	if _, err := c.Resolve("nope"); err == nil || !strings.Contains(err.Error(), "ttx list") {
		t.Errorf("got %v", err)
	}
	if _, err := NewCatalog("../testdata/valid/mini.toml"); err == nil {
		t.Error("a file was accepted as a --dir")
	}
}

// TestStarter: the starter that ttx new writes validates with no warnings and
// plays to an ending.
func TestStarter(t *testing.T) {
	g, err := Guides()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Parse("my-drill.toml", Starter("my-drill", "My \"drill\"\t\\ test"), g)
	if err != nil {
		t.Fatal(err)
	}
	if sc.ID != "my-drill" || sc.Title != "My \"drill\"\t\\ test" {
		t.Errorf("id %q title %q", sc.ID, sc.Title)
	}
	if ws := sc.Lint(nil); len(ws) > 0 {
		t.Errorf("warnings:\n%s", ws.Pretty())
	}
	r := play(t, sc, 1, strings.Split("call-the-team,say-sorry+explain-risk+email-customers,offer-monitoring,fix-the-cause", ","))
	if r.Ending != "recovered" || r.TotalPercent < 85 {
		t.Errorf("ending %q total %v", r.Ending, r.TotalPercent)
	}
}

// checkShape holds a shipped scenario to what a drill worth running needs:
// enough scenes and endings, a multi-select statement, injects, a clock,
// checks, roles, and notes and prompts for the facilitator.
func checkShape(t *testing.T, sc *engine.Scenario) {
	t.Helper()
	picks, notes, discuss, timed := 0, 0, 0, 0
	for _, s := range sc.Scenes {
		if s.IsPick() {
			picks++
		}
		if s.Notes != "" {
			notes++
		}
		if len(s.Discuss) > 0 {
			discuss++
		}
		if s.TimeLimit > 0 {
			timed++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"scenes", len(sc.Scenes), 10}, {"endings", len(sc.Endings), 3}, {"pick scenes", picks, 1},
		{"events", len(sc.Events), 2}, {"clocks", len(sc.Clocks), 1}, {"checks", len(sc.Checks), 1},
		{"roles", len(sc.Roles), 2}, {"scenes with notes", notes, len(sc.Scenes) / 2},
		{"scenes with discussion prompts", discuss, len(sc.Scenes) / 2}, {"timed scenes", timed, 1},
	} {
		if c.got < c.want {
			t.Errorf("%d %s, want at least %d", c.got, c.what, c.want)
		}
	}
}

// TestShadowedIDs: a scenario of --dir with the id of another is left out,
// with a warning naming both files.
func TestShadowedIDs(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "retail-card-breach.toml", filepath.Join(dir, "copy.toml"))
	c, err := NewCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Shadowed) != 1 || !strings.Contains(c.Shadowed[0].Error(), `scenario id "retail-card-breach" is already taken by retail-card-breach.toml`) {
		t.Errorf("shadowed %v", c.Shadowed)
	}
	n := 0
	for _, e := range c.Entries {
		if e.ID == "retail-card-breach" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d entries with the id", n)
	}
}

// copyFile copies the file at src to dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

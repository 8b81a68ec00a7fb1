package engine_test

import (
	"os"
	"strings"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

func runPlaytests(t *testing.T, file string) []string {
	t.Helper()
	pf, err := engine.ReadPlaytests(file)
	if err != nil {
		t.Fatal(err)
	}
	sc := loadValid(t, "rules.toml")
	var out []string
	for i := range pf.Playtests {
		for _, d := range pf.Run(&pf.Playtests[i], sc) {
			out = append(out, strings.TrimPrefix(d.Error(), "../testdata/playtests/"))
		}
	}
	return out
}

func TestPlaytestsPass(t *testing.T) {
	if fails := runPlaytests(t, "../testdata/playtests/rules.toml"); len(fails) > 0 {
		t.Errorf("failures: %v", fails)
	}
}

func TestPlaytestsFail(t *testing.T) {
	got := runPlaytests(t, "../testdata/playtests/failing.toml")
	want := []string{
		`failing.toml:5:1: the drill ended at "end-ok", want "collapse"`,
		`failing.toml:10:1: decision 2: choice "c" is not offered here; scene "mid" offers a, b`,
		`failing.toml:14:1: the clock is at 3h, want 4h`,
		`failing.toml:14:1: the total is 68.8%, want at most 50%`,
		`failing.toml:14:1: own scores 1 raw, want 2`,
		`failing.toml:21:1: the choices ran out at scene "mid" before the drill ended; add decisions or set unfinished = true`,
		`failing.toml:25:1: the drill ended after decision 1, but the playtest goes on with "a"`,
		`failing.toml:29:1: no text along the path shows "The story leaks."`,
		`failing.toml:29:1: a text along the path shows "Trust is": Trust is 50; {braces} stay.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlaytestsBroken(t *testing.T) {
	src, _ := os.ReadFile("../testdata/playtests/broken.toml")
	_, err := engine.ParsePlaytests("broken.toml", src)
	want := "broken.toml:3:1: each [[playtest]] needs a `name`\n" +
		"broken.toml:4:1: unknown key `nmae` in [playtest] (did you mean \"name\"?)\n" +
		"broken.toml:7:1: each [[playtest]] needs a `name`\n" +
		"broken.toml:7:1: playtest \"\" needs `choose`: the decisions, in order, as choice ids (picks joined with +)"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionText(t *testing.T) {
	t.Parallel()
	setting := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"},
			Settings: setting("vcs.revision", "3f2c1a9b7e41d0c2a1b2c3d4e5f60718293a4b5c", "vcs.time", "2026-11-29T10:04:00Z", "vcs.modified", "false")},
			"ttx v1.2.0 (revision 3f2c1a9b7e41, 2026-11-29T10:04:00Z), built with go1.26.8"},
		{"checkout with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: setting("vcs.modified", "true", "vcs.revision", "3f2c1a9b", "vcs.time", "2026-11-29T10:04:00Z")},
			"ttx development build (revision 3f2c1a9b, 2026-11-29T10:04:00Z, with uncommitted changes), built with go1.26.8"},
		{"no vcs", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"ttx development build, built with go1.26.8"},
		{"no build info", nil, "ttx, version unknown (built without module information)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionText(tc.info, tc.info != nil); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

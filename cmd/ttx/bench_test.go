package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkStart measures a command from its arguments to its exit, in
// this process, its analysis cached: commands that read only the file they
// are given, and commands that need the catalog of every shipped scenario.
func BenchmarkStart(b *testing.B) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"validate a file", []string{"validate", validDir + "/mini.toml"}},
		{"run a file", []string{"run", validDir + "/mini.toml", "--choose", "act,sorry"}},
		{"run a shipped scenario", []string{"run", "retail-card-breach", "--choose", "open-plan"}},
		{"list", []string{"list"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			args := append(c.args, "--db", filepath.Join(b.TempDir(), "ttx.db"))
			start := func() {
				if code := run(args, strings.NewReader(""), io.Discard, io.Discard); code != exitOK && code != exitIncomplete {
					b.Fatalf("%v: exit %d", args, code)
				}
			}
			start() // fills the cache of analyses
			for b.Loop() {
				start()
			}
		})
	}
}

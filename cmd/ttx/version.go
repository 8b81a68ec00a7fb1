package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// versionText is what ttx --version and ttx version print: the module
// version and the revision of the source the binary was built from, as the
// Go toolchain recorded them, e.g.
//
//	ttx v1.2.0 (revision 3f2c1a9b7e41, 2026-11-29T10:04:00Z), built with go1.26.8
//
// A binary built from a checkout with uncommitted changes says so.
func versionText(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "ttx, version unknown (built without module information)"
	}
	version := info.Main.Version
	if version == "" || version == "(devel)" {
		version = "development build"
	}
	var rev []string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			r := s.Value
			if len(r) > 12 {
				r = r[:12]
			}
			rev = append([]string{"revision " + r}, rev...)
		case "vcs.time":
			rev = append(rev, s.Value)
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified && len(rev) > 0 {
		rev = append(rev, "with uncommitted changes")
	}
	out := "ttx " + version
	if len(rev) > 0 {
		out += " (" + strings.Join(rev, ", ") + ")"
	}
	if info.GoVersion != "" {
		out += ", built with " + info.GoVersion
	}
	return out
}

// buildVersion is versionText of the running binary.
func buildVersion() string { return versionText(debug.ReadBuildInfo()) }

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of ttx and the revision it was built from",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(a.stdout, buildVersion())
			return err
		},
	}
}

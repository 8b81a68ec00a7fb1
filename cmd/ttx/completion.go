package main

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// Shell completion (ttx completion bash|zsh|fish|powershell writes the
// script). SCENARIO completes to the ids of the scenarios, with their
// titles, or to .toml files when no id starts with what was typed; RUN to
// the recorded runs; --format to its values; paths to .toml files, folders
// or exports. Completion never creates a results database.

// completions attaches the completion functions to the commands of root.
func (a *app) completions(root *cobra.Command) {
	toml := cobra.FixedCompletions([]string{"toml"}, cobra.ShellCompDirectiveFilterFileExt)
	for path, f := range map[string]cobra.CompletionFunc{
		"play":           a.completeScenario,
		"run":            a.completeScenario,
		"analyze":        a.completeScenario,
		"graph":          a.completeScenario,
		"package":        a.completeScenario,
		"validate":       toml,
		"test":           toml,
		"riskmap":        toml,
		"results import": cobra.FixedCompletions([]string{"json"}, cobra.ShellCompDirectiveFilterFileExt),
		"report":         a.completeRuns(1, false),
		"compare":        a.completeRuns(-1, false),
		"resume":         a.completeRuns(1, true),
		"actions done":   a.completeActions,
	} {
		if c, _, err := root.Find(strings.Fields(path)); err == nil && c != root {
			c.ValidArgsFunction = f
		}
	}
	root.RegisterFlagCompletionFunc("dir", cobra.FixedCompletions(nil, cobra.ShellCompDirectiveFilterDirs))
	root.RegisterFlagCompletionFunc("risks", toml)
	if c, _, err := root.Find([]string{"package"}); err == nil {
		c.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(nil, cobra.ShellCompDirectiveFilterDirs))
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("scenario") != nil {
			c.RegisterFlagCompletionFunc("scenario", a.completeScenarioID)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// formatFlag defines --format with its values, the first the default: the
// help lists them, the shell completes them, and any other value is refused
// before the command runs.
func formatFlag(cmd *cobra.Command, p *string, values ...string) {
	list := "`" + values[0] + "`"
	if len(values) > 1 {
		list = strings.Join(append([]string{list}, values[1:len(values)-1]...), ", ") + " or " + values[len(values)-1]
	}
	cmd.Flags().StringVar(p, "format", values[0], list)
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	next := cmd.PreRunE
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if !slices.Contains(values, *p) {
			return userErr("--format is %s, not %q", strings.ReplaceAll(list, "`", ""), *p)
		}
		if next != nil {
			return next(cmd, args)
		}
		return nil
	}
}

// completeScenario completes a SCENARIO argument.
func (a *app) completeScenario(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	ids, _ := a.completeScenarioID(cmd, args, toComplete)
	if len(ids) == 0 || strings.ContainsAny(toComplete, `/\.`) {
		return []cobra.Completion{"toml"}, cobra.ShellCompDirectiveFilterFileExt
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}

// completeScenarioID completes a scenario id, shipped or of --dir.
func (a *app) completeScenarioID(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	c, err := scenarios.NewCatalog(a.dirs...)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, e := range c.Entries {
		if strings.HasPrefix(e.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(e.ID, oneLine(e.Title)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeRuns completes up to n run ids (n < 0: any number), newest
// first: the unfinished ones, and unless unfinished is set the 200 latest
// finished ones.
func (a *app) completeRuns(n int, unfinished bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if n >= 0 && len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		s := a.existingStore()
		if s == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer s.Close()
		runs, err := s.Unfinished()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if !unfinished {
			done, err := s.List(store.Filter{Limit: 200})
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			runs = append(runs, done...)
			slices.SortFunc(runs, func(x, y store.Run) int { return cmp.Compare(y.ID, x.ID) })
		}
		var out []cobra.Completion
		for _, r := range runs {
			id := strconv.FormatInt(r.ID, 10)
			if !strings.HasPrefix(id, toComplete) || slices.Contains(args, id) {
				continue
			}
			how := "unfinished"
			if r.Finished {
				how = strconv.FormatFloat(r.Total, 'f', 0, 64) + "%"
			}
			out = append(out, cobra.CompletionWithDesc(id, oneLine(fmt.Sprintf("%s, %s, %s, %s",
				orDash(r.Team), r.Record.Scenario, r.Started.Local().Format("2006-01-02"), how))))
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}

// completeActions completes the id of an open improvement action.
func (a *app) completeActions(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	s := a.existingStore()
	if s == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer s.Close()
	acts, err := s.OpenActions("")
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, x := range acts {
		if id := strconv.FormatInt(x.ID, 10); strings.HasPrefix(id, toComplete) {
			out = append(out, cobra.CompletionWithDesc(id, oneLine(x.What)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// existingStore opens the results database when it exists, or returns nil:
// completing a word never creates one.
func (a *app) existingStore() store.Store {
	path, err := a.dbPath()
	if err != nil {
		return nil
	}
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return nil
	}
	s, err := a.openReader()
	if err != nil {
		return nil
	}
	return s
}

// oneLine makes text from a file or the store fit a completion's
// description: printable, on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(engine.Sanitize(s)), " ")
}

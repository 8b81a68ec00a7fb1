package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
)

// paramFlag registers --param on cmd.
func paramFlag(cmd *cobra.Command, p *[]string) {
	cmd.Flags().StringArrayVar(p, "param", nil, "set a parameter of the scenario's [params], as `KEY=VALUE` (repeatable), e.g. --param company=\"Northwind Retail\"")
}

// withParams binds the values of --param flags to sc.
func withParams(sc *engine.Scenario, flags []string) (*engine.Scenario, error) {
	if len(flags) == 0 {
		return sc, nil
	}
	set := map[string]string{}
	for _, f := range flags {
		k, v, ok := strings.Cut(f, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, userErr("--param %q: write it as KEY=VALUE, such as --param company=\"Northwind Retail\"", f)
		}
		if _, dup := set[k]; dup {
			return nil, userErr("--param %q is given twice; give each parameter once", k)
		}
		set[k] = v
	}
	out, err := sc.WithParams(set)
	if err != nil {
		return nil, userErr("--param: %v", err)
	}
	return out, nil
}

// scenarioWith loads the scenario named by a command's SCENARIO argument and
// binds the values of its --param flags.
func (a *app) scenarioWith(arg string, params []string) (*engine.Scenario, error) {
	sc, err := a.scenario(arg)
	if err != nil {
		return nil, err
	}
	return withParams(sc, params)
}

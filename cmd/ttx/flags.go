package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ttx-dev/ttx/engine"
)

// flagError turns pflag's errors into one plain sentence: an unknown flag
// with the likely one it was a typo of, a value of the wrong kind with what
// the flag takes. run adds where to read more.
func flagError(cmd *cobra.Command, err error) error {
	var (
		unknown *pflag.NotExistError
		invalid *pflag.InvalidValueError
		missing *pflag.ValueRequiredError
	)
	switch {
	case errors.As(err, &unknown):
		name := unknown.GetSpecifiedName()
		switch short := unknown.GetSpecifiedShortnames(); {
		case short == name:
			return fmt.Errorf("unknown flag -%s", name)
		case short != "":
			return fmt.Errorf("unknown flag -%s in -%s", name, short)
		}
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, f.Name)
			}
		})
		if best := engine.Closest(name, names); best != "" {
			return fmt.Errorf("unknown flag --%s (did you mean --%s?)", name, best)
		}
		return fmt.Errorf("unknown flag --%s", name)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		return fmt.Errorf("--%s takes %s, not %q", f.Name, valueKind(f.Value.Type()), invalid.GetValue())
	case errors.As(err, &missing):
		f := missing.GetFlag()
		return fmt.Errorf("--%s needs a value: %s", f.Name, valueKind(f.Value.Type()))
	}
	return err
}

// valueKind says what a flag of a pflag type takes.
func valueKind(typ string) string {
	switch typ {
	case "uint64", "uint", "uint32":
		return "a whole number, 0 or more"
	case "int", "int64", "int32":
		return "a whole number"
	case "bool":
		return "true or false"
	case "float64", "float32":
		return "a number"
	case "duration":
		return "a duration such as 90s or 5m"
	}
	return "a " + strings.TrimSuffix(typ, "Slice") + " value"
}

// noArgs is the Args of a command whose words are subcommands: a word that
// is none of them is an unknown command, with the likely one it was a typo
// of.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return unknownCommand(cmd, args[0])
}

// unknownCommand says that word is no subcommand of cmd, and names the one
// it was likely a typo of.
func unknownCommand(cmd *cobra.Command, word string) error {
	if s := suggestCommand(cmd, word); s != "" {
		return fmt.Errorf("unknown command %q (did you mean %s?)", word, s)
	}
	return fmt.Errorf("unknown command %q", word)
}

// suggestCommand returns the subcommand of cmd that word is likely a typo
// of, or "".
func suggestCommand(cmd *cobra.Command, word string) string {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(word); len(s) > 0 {
		return s[0]
	}
	return ""
}

// thousands writes n with commas between groups of three digits: 1,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

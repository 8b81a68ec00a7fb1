// Command ttx runs tabletop drills of data-breach crises in the terminal and
// scores a team's decisions against breach-response guidance.
//
// Run `ttx --help` for the commands.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

// Exit codes, a contract with scripts.
const (
	exitOK         = 0
	exitUser       = 1 // a bad file, flag or choice
	exitInternal   = 2
	exitIncomplete = 3 // the choices ran out before the drill ended
)

// exitError carries an exit code with the message printed for it.
type exitError struct {
	code int
	msg  string
	raw  bool // print msg as it is, without the "ttx: " prefix
}

func (e *exitError) Error() string { return e.msg }

func userErr(format string, args ...any) error {
	return &exitError{code: exitUser, msg: fmt.Sprintf(format, args...)}
}

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// run executes the command line and returns the exit code. A panic anywhere
// below becomes one line on stderr and exit code 2, never a trace.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "ttx: internal error: %v; please report this with the command you ran\n", r)
			code = exitInternal
		}
	}()
	// Every score of every scenario this process loads or replays reads
	// and fills the cache of analyses.
	engine.SetDefaultAnalyst(&engine.Analyst{Cache: analysisCache()})
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	ran, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	code, msg := exitUser, ""
	var ee *exitError
	if errors.As(err, &ee) {
		code, msg = ee.code, strings.TrimRight(ee.msg, "\n")
		if ee.raw && !jsonOutput(ran, args) {
			fmt.Fprint(stderr, ee.msg)
			return code
		}
	} else {
		// Errors from cobra itself (unknown flag, wrong arguments) are the
		// user's; the help to read is that of the command they were given to.
		msg = fmt.Sprintf("%v; see `%s --help`", err, ran.CommandPath())
	}
	switch {
	case jsonOutput(ran, args):
		jsondoc.Write(stderr, jsondoc.NewError(engine.Sanitize(msg), code))
	case msg != "":
		fmt.Fprintln(stderr, "ttx: "+msg)
	}
	return code
}

// jsonOutput reports whether the command run was asked for JSON (--json):
// then its errors are a JSON document on stderr too. When cobra could not
// parse the flags, the arguments are looked at instead.
func jsonOutput(ran *cobra.Command, args []string) bool {
	if ran != nil {
		if f := ran.Flags().Lookup("json"); f != nil && f.Changed {
			return f.Value.String() == "true"
		}
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--json" || a == "--json=true" {
			return true
		}
	}
	return false
}

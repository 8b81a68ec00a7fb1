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

	"github.com/ttx-dev/ttx/engine"
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
	cmd := newRootCmd(stdin, stdout, stderr)
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		switch {
		case ee.raw:
			fmt.Fprint(stderr, ee.msg)
		case ee.msg != "":
			fmt.Fprintln(stderr, "ttx: "+strings.TrimRight(ee.msg, "\n"))
		}
		return ee.code
	}
	// Errors from cobra itself (unknown flag, wrong arguments) are the user's.
	fmt.Fprintf(stderr, "ttx: %v; see `ttx %s --help`\n", err, commandName(args))
	return exitUser
}

func commandName(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

//go:build unix

package engine

import "syscall"

// openFlags keep an open from blocking on a named pipe and from making a
// terminal the process's controlling terminal. They change nothing for the
// regular file that is then read.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY

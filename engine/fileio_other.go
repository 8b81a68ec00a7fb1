//go:build !unix

package engine

// openFlags: elsewhere, opening a file never blocks on its kind.
const openFlags = 0

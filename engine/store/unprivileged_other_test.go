//go:build !unix

package store_test

import "testing"

// unprivileged reports whether the calling test should go on: on this
// system, always.
func unprivileged(t *testing.T) bool { return true }

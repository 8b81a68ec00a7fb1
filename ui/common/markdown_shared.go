package common

import (
	"sync"

	"github.com/muesli/termenv"
)

// MarkdownCache is Markdown rendered once for every session of a process
// that shares it (a room server's seats): the terminals of one kind (colour
// profile, background) showing the same scene at the same width render it
// once, not once each. It is safe for concurrent use.
type MarkdownCache struct {
	mu sync.Mutex
	m  map[sharedKey]string
}

type sharedKey struct {
	style   string
	profile termenv.Profile
	text    string
	width   int
}

// maxShared is how many renderings a MarkdownCache keeps; past it, it
// starts again empty.
const maxShared = 4096

// NewMarkdownCache returns an empty cache.
func NewMarkdownCache() *MarkdownCache { return &MarkdownCache{m: map[sharedKey]string{}} }

func (c *MarkdownCache) get(k sharedKey) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out, ok := c.m[k]
	return out, ok
}

func (c *MarkdownCache) put(k sharedKey, out string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxShared {
		clear(c.m)
	}
	c.m[k] = out
}

// Share makes m look up, and keep, its renderings in c as well.
func (m *Markdown) Share(c *MarkdownCache) { m.shared = c }

package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// The SSH clients of the tests: golang.org/x/crypto/ssh on loopback, each
// with a PTY, answering the terminal queries a real terminal answers, and
// keeping what they received so that a test waits for a screen to show
// something (with a deadline), never for a time.

// newSigner makes a fresh Ed25519 key.
func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// writeAuthorized writes an authorized_keys file of signers.
func writeAuthorized(t testing.TB, path string, signers ...gossh.Signer) {
	t.Helper()
	var b bytes.Buffer
	for _, s := range signers {
		b.Write(gossh.MarshalAuthorizedKey(s.PublicKey()))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// client is one person's ssh to the room.
type client struct {
	t     testing.TB
	name  string
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.WriteCloser

	mu      sync.Mutex
	out     []byte // everything received
	mark    int    // where the screen being waited for starts
	changed chan struct{}
	done    chan struct{} // closed when the session ends
	err     error         // why it ended
}

// dialer is how clients connect to a server.
type dialer struct {
	addr string
	host gossh.PublicKey
}

// dial connects as user with key, asks for a PTY of w by h and a shell.
func (dl dialer) dial(t testing.TB, key gossh.Signer, user string, w, h int) *client {
	t.Helper()
	c, err := dl.try(key, user, w, h)
	if err != nil {
		t.Fatalf("%s: %v", user, err)
	}
	c.t = t
	t.Cleanup(c.close)
	return c
}

// try connects as dial does, returning the error.
func (dl dialer) try(key gossh.Signer, user string, w, h int) (*client, error) {
	conn, err := gossh.Dial("tcp", dl.addr, &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.FixedHostKey(dl.host), Timeout: 10 * time.Second})
	if err != nil {
		return nil, err
	}
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := &client{name: user, conn: conn, sess: sess, changed: make(chan struct{}, 1), done: make(chan struct{})}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		conn.Close()
		return nil, err
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		conn.Close()
		return nil, err
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		conn.Close()
		return nil, err
	}
	go c.read(stdout)
	return c, nil
}

// read keeps what the server sends, answering the terminal's queries (the
// background colour, the device attributes) as a terminal does.
func (c *client) read(r io.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if bytes.Contains(chunk, []byte("\x1b]11;?")) {
				c.stdin.Write([]byte("\x1b]11;rgb:1111/1111/1111\x07"))
			}
			if bytes.Contains(chunk, []byte("\x1b[c")) {
				c.stdin.Write([]byte("\x1b[?62;c"))
			}
			c.mu.Lock()
			c.out = append(c.out, chunk...)
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			c.mu.Lock()
			c.err = err
			c.mu.Unlock()
			close(c.done)
			return
		}
	}
}

// screen is the text received since the mark, without escape sequences.
func (c *client) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ansi.Strip(string(c.out[c.mark:]))
}

// raw is everything received, escape sequences and all.
func (c *client) raw() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.out)
}

// markNow makes the screen start from what comes next.
func (c *client) markNow() {
	c.mu.Lock()
	c.mark = len(c.out)
	c.mu.Unlock()
}

// await waits until the text received since the mark shows want.
func (c *client) await(want string) {
	c.t.Helper()
	c.awaitFunc(want, func(s string) bool { return strings.Contains(s, want) })
}

// awaitFunc waits until cond holds of the text received since the mark.
func (c *client) awaitFunc(what string, cond func(string) bool) {
	c.t.Helper()
	c.awaitWithin(what, 15*time.Second, cond)
}

// awaitWithin is awaitFunc with a deadline of its own, for what waits on
// the scenario's analysis (opening a session), slow under the race
// detector.
func (c *client) awaitWithin(what string, within time.Duration, cond func(string) bool) {
	c.t.Helper()
	deadline := time.After(within)
	for {
		if cond(c.screen()) {
			return
		}
		select {
		case <-c.changed:
		case <-c.done:
			if cond(c.screen()) {
				return
			}
			c.t.Fatalf("%s: the session ended (%v) before the screen showed %q; it showed:\n%s", c.name, c.err, what, tail(c.screen()))
		case <-deadline:
			c.t.Fatalf("%s: waited in vain for %q; the screen showed:\n%s", c.name, what, tail(c.screen()))
		}
	}
}

func tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}

// keys names the keys a test types.
var keys = map[string]string{"enter": "\r", "up": "\x1b[A", "down": "\x1b[B", "tab": "\t", "space": " ", "backspace": "\x7f", "ctrl+u": "\x15"}

// send types keys, one write each: named keys or text.
func (c *client) send(ks ...string) {
	c.t.Helper()
	for _, k := range ks {
		b, ok := keys[k]
		if !ok {
			b = k
		}
		if _, err := io.WriteString(c.stdin, b); err != nil {
			c.t.Fatalf("%s: typing %q: %v", c.name, k, err)
		}
	}
}

// ended waits for the server to end the session, and says whether it did
// within the deadline.
func (c *client) ended(within time.Duration) bool {
	select {
	case <-c.done:
		return true
	case <-time.After(within):
		return false
	}
}

func (c *client) close() {
	c.sess.Close()
	c.conn.Close()
}

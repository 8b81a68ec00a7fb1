package serve

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// guard is one connection as the server watches it: a deadline for the
// handshake (until a session starts), then an idle timeout that only the
// client's input resets (keys, keep-alives), never the server's output: a
// room view left running on a ticking clock is not busy, a projector whose
// ssh sends keep-alives is.
//
// The SSH library sets deadlines on the connection around every read and
// write; guard takes them over: its own are the only ones set.
type guard struct {
	net.Conn
	idle    time.Duration
	last    atomic.Int64 // Unix nanoseconds of the client's last input
	started atomic.Bool
	closed  atomic.Bool
	timer   *time.Timer
	mu      sync.Mutex
	release func() // gives the connection's place back, once
	onIdle  func() // tells the server a connection was dropped for idleness
}

// newGuard watches c: it must finish its handshake and start a session
// within handshake.
func newGuard(c net.Conn, handshake, idle time.Duration, release, onIdle func()) *guard {
	g := &guard{Conn: c, idle: idle, release: release, onIdle: onIdle}
	c.SetDeadline(time.Now().Add(handshake))
	return g
}

// SetDeadline, SetReadDeadline and SetWriteDeadline are the SSH library's:
// they are ignored, as the guard sets its own.
func (g *guard) SetDeadline(time.Time) error      { return nil }
func (g *guard) SetReadDeadline(time.Time) error  { return nil }
func (g *guard) SetWriteDeadline(time.Time) error { return nil }

// Close closes the connection and gives its place back.
func (g *guard) Close() error {
	err := g.Conn.Close()
	if g.closed.CompareAndSwap(false, true) {
		g.mu.Lock()
		if g.timer != nil {
			g.timer.Stop()
		}
		g.mu.Unlock()
		g.release()
	}
	return err
}

// start ends the handshake's deadline: a session has started. From now on
// the connection is dropped after idle without input.
func (g *guard) start() {
	if !g.started.CompareAndSwap(false, true) {
		return
	}
	g.Conn.SetDeadline(time.Time{})
	g.touch()
	if g.idle <= 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.timer = time.AfterFunc(g.idle, g.check)
}

// touch notes input from the client.
func (g *guard) touch() { g.last.Store(time.Now().UnixNano()) }

// check drops the connection when it has been idle too long, or looks
// again when the idle time will be up.
func (g *guard) check() {
	left := g.idle - time.Since(time.Unix(0, g.last.Load()))
	if left > 0 {
		g.mu.Lock()
		if !g.closed.Load() {
			g.timer.Reset(left)
		}
		g.mu.Unlock()
		return
	}
	if !g.closed.Load() {
		g.onIdle()
	}
	g.Close()
}

// inputOf wraps what a client types, noting each read as input.
type inputOf struct {
	r interface{ Read([]byte) (int, error) }
	g *guard
}

func (in inputOf) Read(p []byte) (int, error) {
	n, err := in.r.Read(p)
	if n > 0 {
		in.g.touch()
	}
	return n, err
}

// limiter keeps the rate of new connections of each address under a
// token bucket: a burst, then so many a second. Idle addresses are
// forgotten as the table grows.
type limiter struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	addrs map[string]*rate.Limiter
}

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{rate: rate.Limit(perSecond), burst: burst, addrs: map[string]*rate.Limiter{}}
}

// maxAddrs is how many addresses the limiter remembers before it forgets
// those whose bucket is full again.
const maxAddrs = 4096

// allow reports whether a new connection from addr may go on.
func (l *limiter) allow(addr net.Addr) bool {
	host := addr.String()
	if tcp, ok := addr.(*net.TCPAddr); ok {
		host = tcp.IP.String()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.addrs[host]
	if !ok {
		if len(l.addrs) >= maxAddrs {
			now := time.Now()
			for a, x := range l.addrs {
				if x.TokensAt(now) >= float64(l.burst) {
					delete(l.addrs, a)
				}
			}
		}
		lim = rate.NewLimiter(l.rate, l.burst)
		l.addrs[host] = lim
	}
	return lim.Allow()
}

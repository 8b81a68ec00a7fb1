package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime/debug"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/scenarios"
	"github.com/ttx-dev/ttx/ui"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/live"
	"github.com/ttx-dev/ttx/ui/pages/lobby"
)

// The limits a Server keeps unless its Config sets others.
const (
	DefaultHandshakeTimeout = 15 * time.Second
	DefaultIdleTimeout      = 30 * time.Minute
	DefaultMaxConns         = 200
	DefaultRate             = 2.0 // new connections a second, per address
	DefaultBurst            = 20  // new connections at once, per address
)

// Config is what a Server serves and how.
type Config struct {
	Rooms   *room.Manager
	Store   common.Store // for the debriefs
	Catalog func() (*scenarios.Catalog, error)
	HostKey gossh.Signer
	Allowed *AllowList

	HandshakeTimeout time.Duration // 0 for DefaultHandshakeTimeout
	IdleTimeout      time.Duration // 0 for DefaultIdleTimeout; negative for none
	MaxConns         int           // 0 for DefaultMaxConns
	Rate             float64       // 0 for DefaultRate
	Burst            int           // 0 for DefaultBurst

	// Logf reports connections refused and dropped, and panics recovered;
	// nil drops them.
	Logf func(format string, args ...any)

	// beforeProgram, when set (by tests), runs as a session starts;
	// released as a connection gives its place back.
	beforeProgram func(ssh.Session)
	released      func()
}

// Server is the SSH server of the room.
type Server struct {
	cfg   Config
	md    *common.MarkdownCache // the scenes rendered once for all the seats
	ssh   *ssh.Server
	lim   *limiter
	conns atomic.Int64
	// Counters of what the server refused, for the tests and the log.
	Refused, Dropped atomic.Int64
}

type guardKey struct{}

// New returns a server for cfg: public-key authentication only, against
// the allow-list; a PTY required and a shell only (no exec, no scp, no
// sftp, no forwarding); a handshake deadline and an idle timeout that only
// the client's input resets; a limit on connections and on their rate per
// address; and each connection's panic recovered, so one crash leaves the
// others playing.
func New(cfg Config) (*Server, error) {
	switch {
	case cfg.Rooms == nil || cfg.HostKey == nil || cfg.Allowed == nil:
		return nil, errors.New("serve: a server needs its rooms, host key and allow-list")
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = DefaultMaxConns
	}
	if cfg.Rate <= 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.Burst <= 0 {
		cfg.Burst = DefaultBurst
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	s := &Server{cfg: cfg, lim: newLimiter(cfg.Rate, cfg.Burst), md: common.NewMarkdownCache()}
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error {
			srv.AddHostKey(cfg.HostKey)
			return nil
		},
		wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			ok := cfg.Allowed.Allowed(key)
			if !ok {
				s.Refused.Add(1)
				cfg.Logf("refused the key %s of %s: it is not on the allow-list", Fingerprint(key), ctx.RemoteAddr())
			}
			return ok
		}),
		wish.WithMiddleware(
			bubbletea.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			s.session,
		),
	)
	if err != nil {
		return nil, err
	}
	srv.ConnCallback = s.accept
	srv.SessionRequestCallback = func(_ ssh.Session, kind string) bool { return kind == "shell" }
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler}
	srv.RequestHandlers = map[string]ssh.RequestHandler{
		// A client's keep-alive is input: the person is still there.
		"keepalive@openssh.com": func(ctx ssh.Context, _ *ssh.Server, _ *gossh.Request) (bool, []byte) {
			if g, ok := ctx.Value(guardKey{}).(*guard); ok {
				g.touch()
			}
			return false, nil
		},
	}
	srv.Version = "ttx"
	s.ssh = srv
	return s, nil
}

// accept lets a new connection in, or refuses it (nil) when the server is
// full or its address connects too often; an accepted one is guarded.
func (s *Server) accept(ctx ssh.Context, c net.Conn) net.Conn {
	if !s.lim.allow(c.RemoteAddr()) {
		s.Refused.Add(1)
		s.cfg.Logf("refused a connection from %s: it connects too often", c.RemoteAddr())
		return nil
	}
	if s.conns.Add(1) > int64(s.cfg.MaxConns) {
		s.conns.Add(-1)
		s.Refused.Add(1)
		s.cfg.Logf("refused a connection from %s: the server has %d, its limit", c.RemoteAddr(), s.cfg.MaxConns)
		return nil
	}
	release := func() {
		s.conns.Add(-1)
		if s.cfg.released != nil {
			s.cfg.released()
		}
	}
	g := newGuard(c, s.cfg.HandshakeTimeout, s.cfg.IdleTimeout, release, func() {
		s.Dropped.Add(1)
		s.cfg.Logf("dropped %s: no input for %v", c.RemoteAddr(), s.cfg.IdleTimeout)
	})
	ctx.SetValue(guardKey{}, g)
	return g
}

type connKey struct{}

// session is the middleware around each session: its guard's handshake
// is over, a PTY is required, the person's connection to the rooms is made
// and closed after, and a panic is recovered and logged, ending this
// connection only.
func (s *Server) session(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		g, _ := sess.Context().Value(guardKey{}).(*guard)
		if g != nil {
			g.start()
		}
		defer func() {
			if r := recover(); r != nil {
				s.cfg.Logf("a connection of %s failed and was closed, the others go on: %v\n%s", sess.RemoteAddr(), r, debug.Stack())
				fmt.Fprint(sess.Stderr(), "ttx: an internal error closed this connection; connect again\r\n")
				sess.Exit(2)
			}
		}()
		if _, _, ok := sess.Pty(); !ok {
			fmt.Fprint(sess.Stderr(), "ttx needs a terminal: connect with ssh -t\r\n")
			sess.Exit(1)
			return
		}
		if s.cfg.beforeProgram != nil {
			s.cfg.beforeProgram(sess)
		}
		conn := live.NewConn(s.cfg.Rooms, Fingerprint(sess.PublicKey()))
		defer conn.Close()
		sess.Context().SetValue(connKey{}, conn)
		next(sess)
	}
}

// program makes the program of one session: its own renderer (the
// client's terminal), the lobby the SSH user name starts at, and input
// that counts as the client's activity.
func (s *Server) program(sess ssh.Session) *tea.Program {
	conn, _ := sess.Context().Value(connKey{}).(*live.Conn)
	if conn == nil {
		return nil
	}
	r := bubbletea.MakeRenderer(sess)
	start := lobby.StartOf(sess.User())
	m := ui.New(r, ui.Options{Store: s.cfg.Store, Catalog: s.cfg.Catalog,
		Pages: func(c *common.Common) []common.Page {
			c.Markdown.Share(s.md)
			return lobby.Pages(c, conn, start)
		}})
	var in interface{ Read([]byte) (int, error) } = sess
	if g, ok := sess.Context().Value(guardKey{}).(*guard); ok {
		in = inputOf{sess, g}
	}
	return tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(sess), tea.WithAltScreen(), tea.WithoutSignalHandler())
}

// Serve serves connections on l until Shutdown or Close.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops taking connections and closes those open once ctx is
// done (or at once when it is already).
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.ssh.Shutdown(ctx)
	if err != nil {
		return s.ssh.Close()
	}
	return nil
}

// Close closes the listener and every connection at once.
func (s *Server) Close() error { return s.ssh.Close() }

// Conns is the number of connections open.
func (s *Server) Conns() int { return int(s.conns.Load()) }

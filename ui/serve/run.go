package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/scenarios"
)

// Options are what ttx serve runs with.
type Options struct {
	Addr           string // where to listen, such as 127.0.0.1:2222 (port 0 for any)
	AuthorizedKeys string // the allow-list, an authorized_keys file
	HostKey        string // the host key's file; "" for DataDir/host_ed25519
	Local          bool   // this machine only, with a key pair made in DataDir
	DataDir        string // where the host key (and the local key) live

	IdleTimeout time.Duration // 0 for the default
	MaxSessions int           // 0 for the default
	MaxSeats    int           // 0 for the default

	Store   store.Store
	Catalog *scenarios.Catalog

	Out io.Writer // how to join, and what was resumed
	Log io.Writer // connections refused and dropped, problems
	// Ready, when set, is called with the address listened on.
	Ready func(addr string)

	beforeProgram func(sessionUser string) // tests: a hook as a session starts
	rate          float64                  // tests: new connections a second per address (0: the default)
	burst         int                      // tests: and at once
}

// Run serves the room until ctx is done: it resumes the sessions the store
// holds open, listens, prints how to join, and on the end stops taking
// connections; open sessions stay in the store, resumed at the next start.
func Run(ctx context.Context, o Options) error {
	if !o.Local && o.AuthorizedKeys == "" {
		return errors.New("ttx serve lets in only the SSH keys of an allow-list: give one with --authorized-keys FILE (an authorized_keys file), or use --local on this machine alone")
	}
	if o.HostKey == "" {
		o.HostKey = filepath.Join(o.DataDir, "host_ed25519")
	}
	host, err := HostKey(o.HostKey)
	if err != nil {
		return err
	}
	var fixed []gossh.PublicKey
	var localKey string
	if o.Local {
		if !loopback(o.Addr) {
			return fmt.Errorf("--local serves this machine alone: listen on a loopback address such as 127.0.0.1:2222, not %s", o.Addr)
		}
		path, pub, err := LocalKey(o.DataDir)
		if err != nil {
			return err
		}
		localKey, fixed = path, append(fixed, pub)
	}
	allowed, err := NewAllowList(o.AuthorizedKeys, fixed...)
	if err != nil {
		return err
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, "%s ttx serve: %s\n", time.Now().Format("15:04:05"), engine.Sanitize(fmt.Sprintf(format, args...)))
		}
	}
	rooms := room.NewManager(room.Options{Store: o.Store, MaxSessions: o.MaxSessions, MaxSeats: o.MaxSeats, Logf: logf})
	defer rooms.Stop()
	n, err := rooms.Resume(func(r *store.Run) (*engine.Scenario, error) {
		sc, _, err := store.ScenarioOf(o.Store, r, o.Catalog.Guides, o.Catalog.ByID(r.Record.Scenario))
		return sc, err
	})
	if err != nil {
		logf("%v", err)
	}
	srv, err := New(Config{Rooms: rooms, Store: o.Store, Catalog: func() (*scenarios.Catalog, error) { return o.Catalog, nil },
		HostKey: host, Allowed: allowed, IdleTimeout: o.IdleTimeout, Rate: o.rate, Burst: o.burst, Logf: logf})
	if err != nil {
		return err
	}
	if o.beforeProgram != nil {
		srv.cfg.beforeProgram = func(s ssh.Session) { o.beforeProgram(s.User()) }
	}
	l, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (%v); give another address with --addr", o.Addr, err)
	}
	addr := l.Addr().String()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	if o.Out != nil {
		fmt.Fprint(o.Out, instructions(addr, Fingerprint(host.PublicKey()), o, allowed.Len(), localKey, rooms.Sessions(), n))
		if o.Local {
			kh := filepath.Join(o.DataDir, "known_hosts")
			if err := WriteKnownHosts(kh, addr, host.PublicKey()); err != nil {
				logf("cannot write %s: %v", kh, err)
			}
		}
	}
	if o.Ready != nil {
		o.Ready(addr)
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(stop)
	if n := len(rooms.Sessions()); n > 0 && o.Out != nil {
		fmt.Fprintf(o.Out, "ttx serve: stopped; %s open in the results database, resumed at the next start.\n", plural(n, "session stays", "sessions stay"))
	}
	return nil
}

// loopback reports whether addr is on this machine alone.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// instructions say where the room listens and how each person joins.
func instructions(addr, hostKey string, o Options, keys int, localKey string, open []*room.Session, resumed int) string {
	var b strings.Builder
	host, port, _ := net.SplitHostPort(addr)
	fmt.Fprintf(&b, "ttx serve: listening on %s (host key %s)\n", addr, hostKey)
	if resumed > 0 {
		fmt.Fprintf(&b, "Resumed %s left open:", plural(resumed, "session", "sessions"))
		for _, s := range open {
			snap := s.Snapshot()
			fmt.Fprintf(&b, " %s (%s)", room.FormatCode(snap.Code), snap.Scenario.ID)
		}
		b.WriteString(". Seats come back with the same code, team and name.\n")
	}
	if o.Local {
		kh := filepath.Join(o.DataDir, "known_hosts")
		opts := fmt.Sprintf("ssh -t -p %s -i %s -o IdentitiesOnly=yes -o UserKnownHostsFile=%s -o ServerAliveInterval=30", port, quote(localKey), quote(kh))
		fmt.Fprintf(&b, "\nThis machine only (--local). In another terminal, the facilitator's console (open a session there):\n\n  %s console@%s\n", opts, host)
		fmt.Fprintf(&b, "\nThe room view, for the projector (the session's join code, then the team):\n\n  %s room@%s\n", opts, host)
		fmt.Fprintf(&b, "\nA player's seat, to try it (the code, a team, a role and a name):\n\n  %s join@%s\n", opts, host)
	} else {
		fmt.Fprintf(&b, "%s allowed from %s (read again when it changes: add a laptop's public key there).\n\n", plural(keys, "key", "keys"), o.AuthorizedKeys)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "HOST"
		}
		fmt.Fprintf(&b, "  Facilitator:  ssh -t -p %s console@%s    open a session, then run its console\n", port, host)
		fmt.Fprintf(&b, "  Projector:    ssh -t -p %s room@%s       a team's room view (the join code, the team)\n", port, host)
		fmt.Fprintf(&b, "  Players:      ssh -t -p %s join@%s       the join code, a team, a role and a name\n", port, host)
		if host == "HOST" {
			b.WriteString("\nHOST is this machine's name or address as the laptops reach it.\n")
		}
	}
	b.WriteString("\nStop with ctrl+c: open sessions stay in the results database and resume at the next start.\n")
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// quote quotes a path for a POSIX shell when it needs it.
func quote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

package main

import (
	"context"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine/room"
	"github.com/ttx-dev/ttx/engine/store"
	"github.com/ttx-dev/ttx/ui/serve"
)

func (a *app) serveCmd() *cobra.Command {
	o := serve.Options{Addr: "127.0.0.1:2222"}
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:2222] [--authorized-keys FILE] [--host-key FILE] [--local]",
		Short: "Serve a facilitated room over SSH: a facilitator's console, room views and role seats",
		Long: `Serve a facilitated room over SSH. The facilitator opens a session of a
scenario for one or more teams and runs it from a console only they see (the
notes, the answer key, the clock controls, injects fired by hand, a live
scoreboard); a projector shows each team's room view; each player joins from
their own laptop in a role of a team, states a position with a reason, and
the team's lead (or the facilitator) commits its decision. A laptop needs only
an ssh client.

Only the SSH keys of the allow-list get in (--authorized-keys, an OpenSSH
authorized_keys file, read again when it changes); --local serves this machine
alone with a key pair made in ttx's data directory, and prints the commands to
connect. Every position, decision and control is in the results database
before any seat shows it; sessions left open when the server stops resume at
its next start, and their seats come back with their code.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dbPath, err := store.DefaultPath()
			if err != nil && o.HostKey == "" {
				return userErr("%v; give the host key's file with --host-key", err)
			}
			o.DataDir = filepath.Join(filepath.Dir(dbPath), "serve")
			cat, err := a.catalog()
			if err != nil {
				return err
			}
			s, err := a.openStore()
			if err != nil {
				return err
			}
			defer s.Close()
			o.Store, o.Catalog, o.Out, o.Log = s, cat, a.stdout, a.stderr
			ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			if err := serve.Run(ctx, o); err != nil {
				return userErr("%v", err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Addr, "addr", o.Addr, "listen on `HOST:PORT` (0.0.0.0:2222 for the laptops of a room)")
	f.StringVar(&o.AuthorizedKeys, "authorized-keys", "", "the `FILE` of the SSH public keys allowed in, one a line, as in ~/.ssh/authorized_keys")
	f.StringVar(&o.HostKey, "host-key", "", "the `FILE` of the server's private host key (default: made on first start in ttx's data directory, mode 0600)")
	f.BoolVar(&o.Local, "local", false, "serve this machine alone, with a key pair made in ttx's data directory, and print the commands to connect")
	f.DurationVar(&o.IdleTimeout, "idle-timeout", serve.DefaultIdleTimeout, "drop a connection after this long without input from it (keys or ssh keep-alives)")
	f.IntVar(&o.MaxSessions, "max-sessions", room.DefaultMaxSessions, "the most sessions open at once")
	f.IntVar(&o.MaxSeats, "max-seats", room.DefaultMaxSeats, "the most seats in one session")
	return cmd
}

package serve

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Fingerprint is how a key is named: its SHA-256 fingerprint, as OpenSSH
// prints it ("SHA256:...").
func Fingerprint(k gossh.PublicKey) string { return gossh.FingerprintSHA256(k) }

// HostKey reads the server's private host key at path, or, when there is
// no file there, makes a new Ed25519 key and writes it there with mode
// 0600 (its folder made with 0700 when missing). A key file that others
// may read is refused, as OpenSSH refuses one.
func HostKey(path string) (gossh.Signer, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the host key %s: %w", path, err)
	}
	if err := private(path); err != nil {
		return nil, err
	}
	s, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s is not an unencrypted SSH private key (%v); give another file with --host-key, or move it aside to have a new key made", path, err)
	}
	return s, nil
}

// private refuses a key file that others than its owner may read.
func private(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("the key %s may be read by others (mode %04o); make it private with chmod 600 %s", path, st.Mode().Perm(), path)
	}
	return nil
}

// newKey makes an Ed25519 key, writes it to path (0600, never over an
// existing file) and its public half to path.pub, and returns it.
func newKey(path string) (gossh.Signer, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot make the folder of %s: %w", path, err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "ttx")
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot write the key %s: %w", path, err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("cannot write the key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, err
	}
	pub := gossh.MarshalAuthorizedKey(s.PublicKey())
	if err := os.WriteFile(path+".pub", pub, 0o644); err != nil {
		return nil, fmt.Errorf("cannot write the public key %s.pub: %w", path, err)
	}
	return s, nil
}

// AllowList is the keys that may connect: those of an OpenSSH
// authorized_keys file, read again when the file changes (so a laptop's
// key added during a session is let in), and any given outright (the
// --local key).
type AllowList struct {
	path  string
	fixed []gossh.PublicKey

	mu    sync.Mutex
	mtime time.Time
	size  int64
	keys  []gossh.PublicKey
	err   error // why the file's last version was not taken
}

// NewAllowList reads the authorized_keys file at path ("" for none) and
// adds the fixed keys. A file that does not parse is refused with the line
// at fault.
func NewAllowList(path string, fixed ...gossh.PublicKey) (*AllowList, error) {
	a := &AllowList{path: path, fixed: fixed}
	if path == "" {
		return a, nil
	}
	if err := a.reload(); err != nil {
		return nil, err
	}
	return a, nil
}

// Len is the number of keys allowed now.
func (a *AllowList) Len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.keys) + len(a.fixed)
}

// Allowed reports whether key may connect. The file is read again first
// when it changed; a version that does not parse leaves the last good one
// in force.
func (a *AllowList) Allowed(key gossh.PublicKey) bool {
	if a.path != "" {
		a.reload() // the error stays in a.err; the last good keys stay
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	want := key.Marshal()
	for _, k := range append(append([]gossh.PublicKey(nil), a.keys...), a.fixed...) {
		if bytes.Equal(k.Marshal(), want) {
			return true
		}
	}
	return false
}

// reload reads the file when it changed since the last read.
func (a *AllowList) reload() error {
	st, err := os.Stat(a.path)
	if err != nil {
		return fmt.Errorf("cannot read the authorized keys %s: %w", a.path, err)
	}
	a.mu.Lock()
	same := st.ModTime().Equal(a.mtime) && st.Size() == a.size
	a.mu.Unlock()
	if same {
		return nil
	}
	keys, err := ParseAuthorizedKeys(a.path)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.mtime, a.size, a.err = st.ModTime(), st.Size(), err
	if err == nil {
		a.keys = keys
	}
	return err
}

// ParseAuthorizedKeys reads an OpenSSH authorized_keys file: one public key
// a line, options before it allowed (and not honoured), blank lines and #
// comments skipped. A line that is not a key is refused as FILE:LINE.
func ParseAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the authorized keys %s: %w", path, err)
	}
	var keys []gossh.PublicKey
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not an SSH public key (%v); write one key a line, as in ~/.ssh/authorized_keys", path, n, err)
		}
		keys = append(keys, k)
	}
	return keys, sc.Err()
}

// LocalKey is the key pair of ttx serve --local in dir: made on first use
// (the private key 0600), so that the commands printed for this machine
// work without setting up SSH keys. It returns the private key's path and
// the public key.
func LocalKey(dir string) (string, gossh.PublicKey, error) {
	path := filepath.Join(dir, "local_ed25519")
	s, err := HostKey(path) // read or made the same way
	if err != nil {
		return "", nil, err
	}
	return path, s.PublicKey(), nil
}

// WriteKnownHosts writes a known_hosts file naming the server's host key
// for the address clients use (127.0.0.1:2222), so that the printed
// commands connect without asking whether to trust it.
func WriteKnownHosts(path, addr string, host gossh.PublicKey) error {
	line := fmt.Sprintf("%s %s", knownHost(addr), strings.TrimSpace(string(gossh.MarshalAuthorizedKey(host))))
	return os.WriteFile(path, []byte(line+"\n"), 0o600)
}

// knownHost is how known_hosts names an address: the host alone on port
// 22, else [host]:port.
func knownHost(addr string) string {
	host, port, ok := strings.Cut(addr, ":")
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		host, port, ok = addr[:i], addr[i+1:], true
	}
	host = strings.Trim(host, "[]")
	if !ok || port == "22" {
		return host
	}
	return "[" + host + "]:" + port
}

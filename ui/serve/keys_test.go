package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The host key is made on first start, mode 0600, and read back the same
// at the next; a key file others may read is refused.
func TestHostKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "serve", "host_ed25519")
	k1, err := HostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the host key's mode is %v (%v), want 0600", st.Mode().Perm(), err)
	}
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Errorf("its folder's mode is %v, want 0700", st.Mode().Perm())
	}
	k2, err := HostKey(path)
	if err != nil || Fingerprint(k1.PublicKey()) != Fingerprint(k2.PublicKey()) {
		t.Fatalf("the host key changed between two starts: %v", err)
	}
	os.Chmod(path, 0o640)
	if _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "may be read by others") {
		t.Errorf("a readable key: %v", err)
	}
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte("not a key"), 0o600)
	if _, err := HostKey(bad); err == nil || !strings.Contains(err.Error(), "is not an unencrypted SSH private key") {
		t.Errorf("a file that is not a key: %v", err)
	}
}

// The allow-list: comments and blank lines skipped, a bad line named with
// its number.
func TestParseAuthorizedKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := newSigner(t), newSigner(t)
	good := filepath.Join(dir, "good")
	writeAuthorized(t, good, a, b)
	data, _ := os.ReadFile(good)
	os.WriteFile(good, append([]byte("# the room\n\n"), data...), 0o600)
	keys, err := ParseAuthorizedKeys(good)
	if err != nil || len(keys) != 2 {
		t.Fatalf("%d keys, %v", len(keys), err)
	}
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, append(data, []byte("ssh-ed25519 garbage\n")...), 0o600)
	if _, err := ParseAuthorizedKeys(bad); err == nil || !strings.HasPrefix(err.Error(), bad+":3: not an SSH public key") {
		t.Errorf("a bad line: %v", err)
	}
	// A bad version of the file leaves the last good one in force.
	list, err := NewAllowList(good)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(good, []byte("garbage\n"), 0o600)
	os.Chtimes(good, list.mtime.Add(1e9), list.mtime.Add(1e9))
	if !list.Allowed(a.PublicKey()) || list.err == nil {
		t.Errorf("a broken file dropped the allow-list (err %v)", list.err)
	}
}

// The instructions: the commands for this machine with --local, ready to
// paste (paths quoted), and the three commands for a room otherwise.
func TestInstructions(t *testing.T) {
	t.Parallel()
	local := instructions("127.0.0.1:2222", "SHA256:host", Options{Local: true, DataDir: "/home/a b/ttx/serve"}, 1, "/home/a b/ttx/serve/local_ed25519", nil, 0)
	for _, want := range []string{
		"ttx serve: listening on 127.0.0.1:2222 (host key SHA256:host)",
		"ssh -t -p 2222 -i '/home/a b/ttx/serve/local_ed25519' -o IdentitiesOnly=yes -o UserKnownHostsFile='/home/a b/ttx/serve/known_hosts' -o ServerAliveInterval=30 console@127.0.0.1",
		"room@127.0.0.1",
		"Stop with ctrl+c",
	} {
		if !strings.Contains(local, want) {
			t.Errorf("--local instructions lack %q:\n%s", want, local)
		}
	}
	room := instructions("0.0.0.0:2200", "SHA256:host", Options{AuthorizedKeys: "keys.txt"}, 12, "", nil, 0)
	for _, want := range []string{"12 keys allowed from keys.txt", "ssh -t -p 2200 console@HOST", "ssh -t -p 2200 room@HOST", "ssh -t -p 2200 join@HOST", "HOST is this machine's name"} {
		if !strings.Contains(room, want) {
			t.Errorf("room instructions lack %q:\n%s", want, room)
		}
	}
	for addr, want := range map[string]string{"127.0.0.1:2222": "[127.0.0.1]:2222", "example.org:22": "example.org", "[::1]:2222": "[::1]:2222"} {
		if got := knownHost(addr); got != want {
			t.Errorf("knownHost(%q) = %q, want %q", addr, got, want)
		}
	}
	for addr, want := range map[string]bool{"127.0.0.1:0": true, "localhost:2222": true, "[::1]:22": true, "0.0.0.0:2222": false, ":2222": false, "10.0.0.5:22": false} {
		if loopback(addr) != want {
			t.Errorf("loopback(%q) = %v", addr, !want)
		}
	}
}

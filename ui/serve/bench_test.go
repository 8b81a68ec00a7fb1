package serve

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// seen waits until c's screen, since its mark, shows want, and returns
// when it saw it; false after the deadline.
func (c *client) seen(want string, deadline time.Time) (time.Time, bool) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		if strings.Contains(c.screen(), want) {
			return time.Now(), true
		}
		select {
		case <-c.changed:
		case <-c.done:
			return time.Time{}, false
		case <-timer.C:
			return time.Time{}, false
		}
	}
}

// BenchmarkCommitToFrame plays a session of the flagship with 50 seats in
// 5 teams (per team a room view and 9 players), every seat an SSH client on
// loopback, against a server in a process of its own. Each iteration
// commits a team's decision from the facilitator's console and measures,
// for each of the team's 10 seats, the time from the commit's key to the
// frame that shows the next scene (the store's write, the snapshot, the
// seat's render and the SSH write included); then takes the decision back
// (not measured). Each team's first module is begun before. It reports the median and the 99th percentile of those
// times, and what the server holds per seat: its heap and stacks, and its
// resident set (the server with no seat taken away, its freed pages
// returned first).
func BenchmarkCommitToFrame(b *testing.B) {
	const teams, perTeam = 5, 10
	dir := b.TempDir()
	keys := []gossh.Signer{newSigner(b), newSigner(b), newSigner(b), newSigner(b)}
	writeAuthorized(b, filepath.Join(dir, "authorized_keys"), keys...)
	p := startProcess(b, dir, burstEnv+"=1")
	fay := p.dl.dial(b, keys[0], "console", 120, 40)
	names := []string{"Blue", "Red", "Green", "Gold", "Grey"}
	code := openSession(b, fay, "retail-card-breach", strings.Join(names, ", "))
	sc := loadCatalog(b).ByID("retail-card-breach")
	first := sc.Scenes[sc.Start]
	_, next := sc.ChoiceByIndex(first.Choices[0].Index())
	before, after := first.Title.Render(sc, nil), sc.Scenes[next.Goto.Index].Title.Render(sc, nil)
	if k := sc.ModuleOf(next.Goto.Index); k >= 0 && k != sc.ModuleOf(sc.Start) {
		after = fmt.Sprintf("MODULE %d OF %d", k+1, len(sc.Modules)) // the seats show its opening
	}
	// Each team's first module begins; the console comes back to Blue.
	for tm, name := range names {
		if tm > 0 {
			fay.step(fmt.Sprintf("team %s (%d of %d)", name, tm+1, teams), "tab")
		}
		fay.step(fmt.Sprintf("Module 1 begins for team %s.", name), "enter")
	}
	fay.step(fmt.Sprintf("team %s (1 of %d)", names[0], teams), "tab")

	baseHeap, baseRSS := p.memory(b)
	seats := make([][]*client, teams)
	roles := len(sc.Roles)
	for tm := range teams {
		v := p.dl.dial(b, keys[1], "room", 100, 30)
		roomView(b, v, code, tm, "Blue")
		seats[tm] = append(seats[tm], v)
		for k := range perTeam - 1 {
			c := p.dl.dial(b, keys[2+k%2], "join", 100, 30)
			joinSeat(b, c, code, tm, k%roles, fmt.Sprintf("P%d-%d", tm, k), "Blue")
			seats[tm] = append(seats[tm], c)
		}
	}
	seatsN := float64(teams * perTeam)

	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		tm := i % teams
		if teams > 1 && i > 0 {
			fay.step(fmt.Sprintf("team %s (%d of %d)", names[tm], tm+1, teams), "tab")
		}
		fay.step("Commit for team", "enter")
		for _, c := range seats[tm] {
			c.markNow()
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		t0 := time.Now()
		fay.send("y")
		for _, c := range seats[tm] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				at, ok := c.seen(after, time.Now().Add(20*time.Second))
				mu.Lock()
				defer mu.Unlock()
				if !ok {
					lat = append(lat, -1)
					return
				}
				lat = append(lat, at.Sub(t0))
			}()
		}
		wg.Wait()
		b.StopTimer()
		if slices.Contains(lat, -1) {
			b.Fatalf("a seat of team %s never showed %q", names[tm], after)
		}
		for _, c := range seats[tm] {
			c.markNow()
		}
		fay.step("Take back", "u")
		fay.send("y")
		for _, c := range seats[tm] {
			c.await(before)
		}
		b.StartTimer()
	}
	b.StopTimer()
	// Weighed once every seat has drawn the scenes played.
	heap, rss := p.memory(b)
	if rss == 0 {
		b.Skip("no /proc here: the benchmark weighs the server through it")
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-median")
	b.ReportMetric(ms(lat[min(len(lat)-1, len(lat)*99/100)]), "ms-p99")
	b.ReportMetric((rss-baseRSS)/seatsN/(1<<20), "MB-rss/seat")
	b.ReportMetric((heap-baseHeap)/seatsN/(1<<20), "MB-heap/seat")
	b.ReportMetric(rss/(1<<20), "MB-rss")
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
}

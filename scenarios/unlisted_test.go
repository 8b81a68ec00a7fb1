package scenarios

import (
	"strings"
	"testing"
)

// secWords are what a company whose shares trade on no exchange never hears
// of: the SEC, its 8-K and the stock market.
var secWords = []string{"SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst"}

// unlisted is a scenario played with --param listed=false, and playtests to
// run on it.
type unlisted struct {
	id        string
	playtests string // a playtest file's text
}

// TestUnlisted plays the scenarios that declare `listed` as companies whose
// shares trade on no exchange. A playtest file cannot set a parameter, so
// these playtests live here and run on the scenario bound with
// listed=false. Each must pass (its never_shows keep the SEC and the 8-K
// out of the scenes, injects and ending), and along each path no choice
// offered, choice or check scored, discussion prompt, clock in play or
// flag on the side panel names them either (checkPathNever); nor do the
// summaries and role cards the players read.
func TestUnlisted(t *testing.T) {
	t.Parallel()
	for _, tc := range unlistedCases {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			sc, err := shipped(t, tc.id).WithParams(map[string]string{"listed": "false"})
			if err != nil {
				t.Fatal(err)
			}
			playNever(t, sc, tc.id+" (listed=false)", tc.playtests, secWords)
			static := []string{sc.Title, sc.Summary}
			for _, r := range sc.RoleInfo {
				static = append(static, r.Title, r.Brief, r.Private)
			}
			for _, m := range sc.Modules {
				static = append(static, m.Title, m.Summary)
			}
			for _, f := range sc.Display.Flags {
				static = append(static, f.Label)
			}
			for _, s := range static {
				noSEC(t, "what the players read before the drill", s)
			}
		})
	}
}

func noSEC(t *testing.T, where, text string) {
	t.Helper()
	for _, w := range secWords {
		if strings.Contains(text, w) {
			t.Errorf("%s names %q: %s", where, w, text)
		}
	}
}

var unlistedCases = []unlisted{
	{id: "ransomware-extortion", playtests: `
scenario = "ransomware-extortion"

# The bank asks on Monday; the committee decides on the facts, and the banks
# get their notice with the Dutch filing.
[[playtest]]
name = "guidance path, not listed"
choose = ["open-binder", "cut-off", "insurer-fbi-negotiate", "tell-staff", "decide-material", "notify-customers", "confirm-openly", "st-sorry+st-known-unknown+st-what-to-do", "offer-monitoring", "file-dutch-and-banks", "rebuild-clean", "confirmed-update", "own-and-fix", "publish-report"]
ending = "trust-rebuilt"
total = { min = 90 }
scores = { notify = { min = 100 } }
shows = ["The loan agreement asks for prompt notice", "Is the incident material", "and the investors are owed the notice that follows from it"]
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst", "listed carrier"]

[[playtest]]
name = "stonewall path, not listed"
choose = ["it-handles-it", "keep-dispatch-up", "ride-it-out", "handle-it-ourselves", "outage-memo", "call-immaterial", "wait-for-list", "no-data-taken", "st-no-data+st-employee+st-friday", "freight-credit", "regulators-later", "argue-with-ap", "restore-fast", "quiet-update"]
ending = "collapse"
total = { max = 20 }
shows = ["has **not** found the incident material"]
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst", "A shareholder suit"]

# A call put off on Monday can still be made with the regulators' filings:
# late, it scores less than the prompt one.
[[playtest]]
name = "a call put off, then made with the filings"
choose = ["open-binder", "cut-off", "insurer-fbi-negotiate", "tell-staff", "wait-to-decide", "notify-customers", "confirm-openly", "st-sorry+st-known-unknown+st-what-to-do", "offer-monitoring", "decide-now-banks", "rebuild-clean", "confirmed-update", "own-and-fix", "publish-report"]
ending = "trust-rebuilt"
raw = { notify = 8 }
shows = ["has **not yet decided** whether the incident is material"]
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst"]

# The banks told but the Dutch authority skipped: its letter comes, and no
# SEC scene after the restore.
[[playtest]]
name = "the banks told, the Dutch authority skipped"
choose = ["open-binder", "cut-off", "insurer-fbi-negotiate", "tell-staff", "decide-material", "notify-customers", "confirm-openly", "st-sorry+st-known-unknown+st-what-to-do", "offer-monitoring", "skip-dutch-banks", "file-dutch-late", "rebuild-clean", "confirmed-update", "own-and-fix", "publish-report"]
ending = "trust-rebuilt"
shows = ["A letter from the Dutch authority"]
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst", "Why no 8-K?"]

# The banks never told: the check that stands for the SEC's clock costs
# notify. 3 + 1 + 3 + 1 for telling staff, deciding, telling shippers and
# confirming, -1 for holding the filings, +1 for the late Dutch one, +2 and
# -2 for the checks on the first two days and the Dutch 72 hours, and -2 for
# the banks.
[[playtest]]
name = "the banks never told"
choose = ["open-binder", "cut-off", "insurer-fbi-negotiate", "tell-staff", "decide-material", "notify-customers", "confirm-openly", "st-sorry+st-known-unknown+st-what-to-do", "offer-monitoring", "regulators-later", "file-dutch-late", "rebuild-clean", "confirmed-update", "own-and-fix", "publish-report"]
raw = { notify = 6 }
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst"]
`},
	{id: "leak-site-claim", playtests: `
scenario = "leak-site-claim"

# The funds ask on Tuesday and hear what is true on Wednesday.
[[playtest]]
name = "guidance path, not listed"
choose = ["open-extortion-plan", "confirm-what-is-known", "lock-vpn", "verify-each-claim", "tell-all-staff", "ln-checked+ln-reuse+ln-sorry-staff", "file-dpc-and-fbi", "offer-protection", "tell-investors", "refuse-and-report", "lab-and-tell-each", "fix-and-report"]
ending = "trust-rebuilt"
total = { min = 90 }
shows = ["when do we hear it from you rather than from the gang?", "Is the incident material to the people who own the company"]
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst", "investors remember a filing"]

[[playtest]]
name = "stonewall path, not listed"
choose = ["call-the-gang", "call-it-hoax", "block-one-address", "check-players-only", "wait-for-dump", "ln-safe+ln-no-comment", "file-nothing", "offer-nothing", "call-immaterial", "argue-dpc", "pay-quietly", "deny-the-dump"]
ending = "collapse"
total = { max = 20 }
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst"]

# Funds left to the press read the gang's version; without the account they
# were owed the drill does not end with trust rebuilt.
[[playtest]]
name = "the funds told nothing until forensics is final"
choose = ["open-extortion-plan", "confirm-what-is-known", "lock-vpn", "verify-each-claim", "tell-all-staff", "ln-checked+ln-reuse+ln-sorry-staff", "file-dpc-and-fbi", "offer-protection", "investors-later", "refuse-and-report", "lab-and-tell-each", "fix-and-report"]
ending = "long-road"
shows = ["We are reading this in the press"]
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst"]

# The Irish regulator left waiting opens its own inquiry, with no word of the
# SEC in it.
[[playtest]]
name = "the Commission's inquiry, not listed"
choose = ["open-extortion-plan", "confirm-what-is-known", "lock-vpn", "verify-each-claim", "tell-all-staff", "ln-checked+ln-reuse+ln-sorry-staff", "file-nothing", "offer-protection", "call-immaterial", "argue-dpc", "refuse-and-report", "lab-and-tell-each", "fix-and-report"]
ending = "dpc-inquiry"
shows = ["The Data Protection Commission looks at what the company knew"]
never_shows = ["SEC", "8-K", "Item 1.05", "Item 8.01", "Nasdaq", "the stock", "analyst"]
`},
}

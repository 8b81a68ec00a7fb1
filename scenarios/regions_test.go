package scenarios

import (
	"sync"
	"testing"

	"github.com/ttx-dev/ttx/engine"
)

// regions is insider-press-leak played with --param regions=...: where the
// people in the files live decides which regulators are owed a notice and
// write when none comes. The playtests of each case run on the scenario
// bound to its regions, and never names what no text along their paths may
// name.
type regions struct {
	regions   string
	never     []string
	playtests string
}

// The words that belong to each regulator, and to the UK lab.
var (
	dutchWords = []string{"Dutch", "Autoriteit", "Netherlands", "Booking.com"}
	icoWords   = []string{"ICO", "Information Commissioner", "Commissioner's office"}
	ukWords    = []string{"UK", "tribunal", "interim relief", "automatically unfair"}
	gdprWords  = []string{"Article 33", "GDPR", "72 hours", "in Europe"}
)

// boundRegions holds insider-press-leak bound to each regions value the
// tests ask for, so that each is analyzed once for all of them.
var boundRegions sync.Map // regions -> func() (*engine.Scenario, error)

// WithRegions returns insider-press-leak played with --param regions=r,
// bound once for every test of the package (the package's external tests
// pack it).
func WithRegions(t *testing.T, r string) *engine.Scenario {
	t.Helper()
	f, _ := boundRegions.LoadOrStore(r, sync.OnceValues(func() (*engine.Scenario, error) {
		c, err := catalog()
		if err != nil {
			return nil, err
		}
		sc, err := c.Resolve("insider-press-leak")
		if err != nil {
			return nil, err
		}
		return sc.WithParams(map[string]string{"regions": r})
	}))
	sc, err := f.(func() (*engine.Scenario, error))()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func words(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// TestRegions plays insider-press-leak for each combination of regions
// that leaves out some of the default three. A playtest file cannot set a
// parameter, so these playtests live here: each must pass (its shows and
// never_shows pin who writes), and along each path no scene, inject,
// ending, choice offered, discussion prompt, clock in play or reason in the
// debrief names a regulator, a law or a lab that the regions leave out.
func TestRegions(t *testing.T) {
	t.Parallel()
	for _, tc := range regionsCases {
		t.Run(tc.regions, func(t *testing.T) {
			t.Parallel()
			playNever(t, WithRegions(t, tc.regions), "insider-press-leak (regions="+tc.regions+")", tc.playtests, tc.never)
		})
	}
}

var regionsCases = []regions{
	{regions: "us", never: words(dutchWords, icoWords, ukWords, gdprWords), playtests: `
scenario = "insider-press-leak"

# With people in the US alone, the breach call is the state laws' test, and
# the attorneys general get their copies with the notices: the best ending
# is still there.
[[playtest]]
name = "guidance path, US only"
choose = ["open-leak-plan", "close-and-preserve", "us-notifiable", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice"]
ending = "trust-rebuilt"
total = { min = 85 }
scores = { notify = { min = 100 } }
shows = ["sets out the test the state laws apply", "in the US there is a credit-monitoring product for it", "in the battery lab"]

# Nothing filed, and 72 hours pass: no European regulator writes, and the
# drill goes on to the engineer.
[[playtest]]
name = "the paper's promise brings no European letter"
choose = ["open-leak-plan", "close-and-preserve", "paper-promised", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice"]
ending = "trust-rebuilt"
never_shows = ["request for information", "has no notification from"]

[[playtest]]
name = "stonewall path, US only"
choose = ["counsel-only", "monitor-covertly", "paper-promised", "wait-for-article", "offer-nothing", "injunction-on-paper", "stolen-docs", "dismiss-her"]
ending = "collapse"
total = { max = 30 }
shows = ["who heard of it from a reporter, sets out the test the state laws apply"]

# A suspension is challenged, but not under the UK's law.
[[playtest]]
name = "a suspended engineer's lawyers, US only"
choose = ["open-leak-plan", "suspend-now", "after-source-us", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice"]
shows = ["punishes her for reporting the fires"]
`},
	{regions: "uk", never: dutchWords, playtests: `
scenario = "insider-press-leak"

# A UK-only company hears from the ICO where the Dutch letter came, and
# arguing with it ends in the ICO's investigation.
[[playtest]]
name = "the ICO writes where the Dutch regulator did"
choose = ["open-leak-plan", "close-and-preserve", "paper-promised", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "argue-ap", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice-file"]
ending = "regulator-inquiry"
shows = ["An email from the Information Commissioner's Office", "The Commissioner's office has read press reports", "The Commissioner's office will investigate", "An investigation by the regulator"]

[[playtest]]
name = "guidance path, UK only"
choose = ["open-leak-plan", "close-and-preserve", "file-ico-now", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice"]
ending = "trust-rebuilt"
total = { min = 85 }
shows = ["in the UK lab"]

# Filing late with the ICO, after waiting for the source who was suspended.
[[playtest]]
name = "filing late with the ICO"
choose = ["open-leak-plan", "suspend-now", "after-source", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "file-ico-late", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice"]
ending = "long-road"
shows = ["An email from the Information Commissioner's Office", "The engineer the logs point to is suspended", "interim relief within seven days"]

[[playtest]]
name = "dismissing her ends at the tribunal, UK only"
choose = ["open-leak-plan", "close-and-preserve", "file-ico-now", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "dismiss-her", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice"]
ending = "tribunal"
shows = ["Claim for interim relief"]
`},
	{regions: "eu", never: words(icoWords, ukWords), playtests: `
scenario = "insider-press-leak"

# With people in the EU and none in the UK, the Dutch regulator writes and
# nothing names the ICO.
[[playtest]]
name = "the Dutch regulator writes, and no ICO"
choose = ["open-leak-plan", "close-and-preserve", "paper-promised", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "argue-ap", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice-file"]
ending = "regulator-inquiry"
shows = ["An email from the Autoriteit Persoonsgegevens' breach desk", "The authority will investigate"]

[[playtest]]
name = "guidance path, EU only"
choose = ["open-leak-plan", "close-and-preserve", "file-dutch-now", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice"]
ending = "trust-rebuilt"
total = { min = 85 }
shows = ["in the battery lab"]

[[playtest]]
name = "filing late with the Dutch regulator"
choose = ["open-leak-plan", "suspend-now", "after-source", "tell-all-now", "offer-protection", "ask-to-delete", "admit-and-verify", "file-dutch-late", "dismiss-her", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "second-notice"]
ending = "long-road"
shows = ["The engineer the logs point to is suspended", "punishes her for reporting the fires"]
`},
	{regions: "eu,uk", never: []string{"California", "attorneys general", "Credit monitoring for the US staff"}, playtests: `
scenario = "insider-press-leak"

# With nobody in the US, the people in the files are told late and no
# Californian complains: the state's attorney general never writes.
[[playtest]]
name = "people told late, and no Californian in the files"
choose = ["open-leak-plan", "close-and-preserve", "file-ap-now", "wait-for-article", "offer-protection", "ask-to-delete", "admit-and-verify", "protect-and-separate", "st-sorry+st-what-to-do+st-report-back", "fix-access-and-speak-up", "first-notice"]
ending = "long-road"
never_shows = ["Notice to California residents"]
`},
	{regions: "uk,us", never: dutchWords, playtests: `
scenario = "insider-press-leak"

[[playtest]]
name = "the ICO writes, with people in the UK and the US"
choose = ["counsel-only", "monitor-covertly", "paper-promised", "wait-for-article", "offer-nothing", "injunction-on-paper", "stolen-docs", "argue-ap"]
ending = "collapse"
shows = ["The Commissioner's office has read press reports", "An email from the Information Commissioner's Office"]
`},
	{regions: "eu,us", never: words(icoWords, ukWords), playtests: `
scenario = "insider-press-leak"

[[playtest]]
name = "the Dutch regulator writes, with people in the EU and the US"
choose = ["counsel-only", "monitor-covertly", "paper-promised", "wait-for-article", "offer-nothing", "injunction-on-paper", "stolen-docs", "argue-ap"]
ending = "collapse"
shows = ["The authority has read press reports"]
`},
}

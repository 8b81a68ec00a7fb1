package scenarios

import "slices"

// The paths TestStoryFollowsState plays, one table per scenario: each pins a
// fix of issue 15 that lives in scene text, injects or clocks.

var storyCases = slices.Concat(phiStories, stuffingStories, tutoringStories, insiderStories, leakSiteStories)

var phiStories = []storyCase{
	{
		scenario: "misdirected-phi-email", name: "letters in the final week are lawful", seed: 1,
		path: split("open-playbook,full-recall,four-factor-honest,letters-unhurried,offer-support,ln-what-sent+ln-what-to-do+ln-report-back,file-with-letters,rep-confirm-protect,just-culture,cdph-wait,fix-the-cause,send-all-now,send-update"),
		shows: map[string][]string{
			"the-letter": {"The letters will go in the final week"},
			"root-cause": {"planned for the final week of the 60 days"},
			"the-limit":  {"The 60 days end on **Saturday 9 May**", "Still outstanding: the letters"},
		},
		never:  []string{"The letters are out"},
		clocks: map[string]string{"hipaa-individuals": "met", "hipaa-hhs": "met", "hipaa-media": "met", "ca-1280-15": "late"},
	},
	{
		scenario: "misdirected-phi-email", name: "outside California's licence only the federal clocks run", seed: 1,
		params: map[string]string{"ca_licensed_clinic": "false"},
		path:   split("open-playbook,full-recall,four-factor-honest,letters-unhurried,offer-support,ln-what-sent+ln-what-to-do+ln-report-back,file-with-letters,rep-confirm-protect,just-culture,fix-the-cause,send-all-now,send-update"),
		clocks: map[string]string{"hipaa-individuals": "met", "hipaa-hhs": "met", "ca-1280-15": "absent"},
	},
	{
		scenario: "misdirected-phi-email", name: "after no letters nothing says the letters are out", seed: 1,
		path: split("open-playbook,full-recall,low-probability,no-letters,offer-support,ln-what-sent+ln-what-to-do+ln-report-back,log-annual,rep-confirm-protect,just-culture,cdph-wait,staff-reminder,let-it-pass"),
		shows: map[string][]string{
			"the-offer":  {"No letters are going out"},
			"the-letter": {"No letters are planned"},
			"root-cause": {"No patient has had a letter"},
		},
		never:  []string{"The letters are out", "have their letters", "letters land"},
		clocks: map[string]string{"hipaa-individuals": "missed", "hipaa-hhs": "missed", "ca-1280-15": "missed"},
	},
	{
		scenario: "misdirected-phi-email", name: "the digest scene tells the drill's own time", seed: 1,
		path: split("open-playbook,wait-it-out,contain-late"),
		shows: map[string][]string{
			"recall":     {"**Tuesday, 09:40.**"},
			"digest-out": {"**Tuesday, 19:40.**"},
		},
		never: []string{"18:20"},
	},
	{
		scenario: "misdirected-phi-email", name: "the guidance path meets every clock", seed: 1,
		path:   split("open-playbook,full-recall,four-factor-honest,letters-split,offer-support,ln-what-sent+ln-what-to-do+ln-report-back,file-now,rep-confirm-protect,just-culture,fix-the-cause,send-update"),
		never:  []string{"No patient has had a letter", "another monthly spreadsheet"},
		clocks: map[string]string{"hipaa-individuals": "met", "hipaa-hhs": "met", "hipaa-media": "met", "ca-1280-15": "met"},
	},
}

var stuffingStories = []storyCase{
	{
		scenario: "credential-stuffing", name: "week two confirms the number customers were given", seed: 1,
		path: split("open-ato-runbook,lock-it-down,scope-full,refund-all,tell-accessed,apologise-and-correct,st-sorry+st-reuse-advice+st-report-back,file-state-notices,mfa-program,confirm-findings,publish-report"),
		shows: map[string][]string{
			"tell-customers": {"the list now covers **47k** accounts"},
			"week-two":       {"It confirms the 47k accounts you told customers about"},
		},
		never:  []string{"more than the", "more than you told"},
		clocks: map[string]string{"customer-notice": "met", "ag-notice": "met"},
	},
	{
		scenario: "credential-stuffing", name: "week two compares with the 38k actually given", seed: 1,
		path: split("open-ato-runbook,lock-it-down,scope-none,refund-all,tell-accessed,apologise-and-correct,st-sorry+st-reuse-advice+st-report-back,file-state-notices,mfa-program,second-notice,publish-report"),
		shows: map[string][]string{
			"tell-customers": {"nobody has looked further back"},
			"week-two":       {"9k more than the 38k you have given so far"},
		},
	},
	{
		scenario: "credential-stuffing", name: "week two after a notice to the 6,100 only", seed: 1,
		path: split("open-ato-runbook,lock-it-down,scope-fraud-only,refund-all,tell-listed,apologise-only,tell-accessed-late,st-sorry+st-reuse-advice+st-report-back,file-state-notices,mfa-program,second-notice,publish-report"),
		shows: map[string][]string{
			"tell-customers": {"covers the **6,100** accounts"},
		},
		never: []string{"you told customers about"},
	},
	{
		scenario: "credential-stuffing", name: "week two when no customer was ever told", seed: 1,
		path: split("open-ato-runbook,lock-it-down,scope-full,refund-all,quiet-until-trend-dies,apologise-and-correct,leave-it-to-feed,st-sorry+st-reuse-advice+st-report-back,file-state-notices,mfa-program,say-nothing-more,publish-report"),
		shows: map[string][]string{
			"week-two": {"None of their owners has had a word from you"},
		},
		never:  []string{"you told customers about", "you have given so far"},
		clocks: map[string]string{"customer-notice": "missed", "ag-notice": "met"},
	},
	{
		scenario: "credential-stuffing", name: "the fingerprint pays off in the fix", seed: 1,
		path:  split("open-ato-runbook,watch-then-lock,scope-full,refund-all,tell-accessed,apologise-and-correct,st-sorry+st-reuse-advice+st-report-back,file-state-notices,mfa-program"),
		shows: map[string][]string{"the-fix": {"the fingerprint lets the bot vendor block"}},
	},
	{
		scenario: "credential-stuffing", name: "notices filed on the last lawful day are not met on day 3", seed: 1,
		path:   split("open-ato-runbook,lock-it-down,scope-full,refund-all,tell-accessed,apologise-and-correct,st-sorry+st-reuse-advice+st-report-back,file-on-deadline,mfa-program"),
		clocks: map[string]string{"ag-notice": "running"},
	},
	{
		scenario: "credential-stuffing", name: "and are met in the weeks after", seed: 1,
		path:   split("open-ato-runbook,lock-it-down,scope-full,refund-all,tell-accessed,apologise-and-correct,st-sorry+st-reuse-advice+st-report-back,file-on-deadline,mfa-program,confirm-findings,publish-report"),
		clocks: map[string]string{"ag-notice": "met"},
		quiet:  []string{"ag-letter"},
	},
	{
		scenario: "credential-stuffing", name: "the clocks stay out of play where no 30-day state applies", seed: 1,
		params: map[string]string{"states": "ga,il"},
		path:   split("open-ato-runbook,lock-it-down,scope-full,refund-all,tell-accessed,apologise-and-correct,st-sorry+st-reuse-advice+st-report-back,file-state-notices,mfa-program,confirm-findings,publish-report"),
		clocks: map[string]string{"customer-notice": "absent", "ag-notice": "absent"},
	},
}

var tutoringStories = []storyCase{
	{
		scenario: "tutoring-app-leak", name: "the guidance path meets the round and the term", seed: 1,
		path: split("open-runbook,lock-endpoint,trace-ask-90,notify-families,file-dpc-now,offer-support,refer-and-warn,confirm-apologize,st-sorry+st-for-families+st-report-back,board-disclose,second-notice,program-and-report"),
		shows: map[string][]string{
			"who-scraped":  {"The endpoint is off and the logs are safe"},
			"safeguarding": {"asks for **48 hours**"},
		},
		never:  []string{"nobody had told her", "still have not heard"},
		clocks: map[string]string{"dpc": "met", "ico": "met", "safeguarding-referral": "met", "round-closing": "met", "term-starts": "met"},
	},
	{
		scenario: "tutoring-app-leak", name: "the round closes on a false statement", seed: 1,
		path:   split("open-runbook,lock-endpoint,trace-ask-90,notify-families,file-dpc-now,offer-support,refer-and-warn,confirm-apologize,st-sorry+st-for-families+st-report-back,board-hold-round,second-notice,program-and-report"),
		clocks: map[string]string{"round-closing": "missed"},
	},
	{
		scenario: "tutoring-app-leak", name: "families untold hear it from the mother's call and the forum", seed: 1,
		path: split("open-runbook,lock-endpoint,trace-ask-90,wait-for-list,file-dpc-now,offer-support,refer-and-hold,confirm-apologize,leave-to-press,st-sorry+st-for-families+st-report-back,arrest-is-news,board-disclose,stay-quiet,program-no-report"),
		shows: map[string][]string{
			"safeguarding":   {"nobody had told her"},
			"reporter-calls": {"The police's 48 hours have a day and a half to run"},
			"findings":       {"still have not heard from"},
		},
		clocks: map[string]string{"term-starts": "missed", "safeguarding-referral": "met"},
	},
	{
		scenario: "tutoring-app-leak", name: "only the ICO's clock runs for a UK-only platform", seed: 1,
		params: map[string]string{"regions": "uk"},
		path:   split("open-runbook,lock-endpoint,trace-ask-90,notify-families,file-after-report"),
		clocks: map[string]string{"dpc": "absent", "ico": "running"},
	},
}

var insiderStories = []storyCase{
	{
		scenario: "insider-press-leak", name: "the guidance path", seed: 1,
		path: split("open-leak-plan,close-and-preserve,file-ap-now,tell-all-now,offer-protection,ask-to-delete,admit-and-verify,protect-and-separate,st-sorry+st-what-to-do+st-report-back,fix-access-and-speak-up,second-notice"),
		shows: map[string][]string{
			"the-source": {"the engineer asked to see the CEO"},
			"follow-up":  {"The paper has confirmed in writing"},
		},
		never:  []string{"lawyers decline", "still open to 1,900"},
		clocks: map[string]string{"dutch-regulator": "met", "ico": "met", "paper-deadline": "met", "california": "met"},
		quiet:  []string{"second-leak", "regulator-writes", "data-surfaces", "california-late"},
	},
	{
		scenario: "insider-press-leak", name: "a suspended source answers through her lawyers", seed: 1,
		path: split("open-leak-plan,suspend-now,file-ap-now,tell-all-now,offer-protection,ask-to-delete,admit-and-verify,dismiss-her,st-sorry+st-what-to-do+st-report-back,fix-access-and-speak-up,second-notice"),
		shows: map[string][]string{
			"the-source": {"a letter came from the engineer's lawyers", "interim relief within seven days"},
			"follow-up":  {"The engineer's lawyers decline to say what copies she still holds"},
		},
		fired: []string{"second-leak", "tribunal-claim", "tribunal-hearing"},
	},
	{
		scenario: "insider-press-leak", name: "an open share shows in every later scene", seed: 1,
		path: split("open-leak-plan,leave-the-source,paper-promised,wait-for-article,offer-nothing,ask-to-delete,no-comment-safety,argue-ap,protect-and-separate,st-sorry+st-what-to-do-plain,close-review,quiet-update"),
		shows: map[string][]string{
			"tell-people": {"in a share still open to 1,900 people"},
			"root-cause":  {"is still open to 1,900 engineers"},
		},
		fired:  []string{"data-surfaces", "regulator-writes", "california-late", "regulator-inquiry"},
		clocks: map[string]string{"dutch-regulator": "missed", "paper-deadline": "missed", "california": "missed"},
	},
	{
		scenario: "insider-press-leak", name: "a settlement with the source draws the SEC when listed", seed: 1,
		path:  split("open-leak-plan,close-and-preserve,file-ap-now,tell-all-now,offer-protection,ask-to-delete,admit-and-verify,nda-deal,st-sorry+st-what-to-do+st-report-back"),
		fired: []string{"sec-asks"},
	},
	{
		scenario: "insider-press-leak", name: "and not when the company is not listed in the US", seed: 1,
		params: map[string]string{"listed": "false"},
		path:   split("open-leak-plan,close-and-preserve,file-ap-now,tell-all-now,offer-protection,ask-to-delete,admit-and-verify,nda-deal,st-sorry+st-what-to-do+st-report-back"),
		quiet:  []string{"sec-asks"},
	},
}

const leakGuidance = "open-extortion-plan,confirm-what-is-known,lock-vpn,verify-each-claim,tell-all-staff,ln-checked+ln-reuse+ln-sorry-staff,file-dpc-and-fbi,offer-protection,determine-material,refuse-and-report,lab-and-tell-each,fix-and-report"

var leakSiteStories = []storyCase{
	{
		scenario: "leak-site-claim", name: "the guidance path meets every clock", seed: 1,
		path: split(leakGuidance),
		shows: map[string][]string{
			"players":  {"they match, row for row, a 2021 breach"},
			"the-dump": {"The gang has published 310 GB"},
		},
		never:  []string{"Nobody has checked", "was never deleted"},
		clocks: map[string]string{"countdown": "met", "dpc": "met", "sec-8k": "met", "california": "met"},
		quiet:  []string{"gang-emails-staff", "sec-asks", "dpc-writes", "gang-tips-sec"},
	},
	{
		scenario: "leak-site-claim", name: "unchecked claims stay unchecked in the text", seed: 1,
		path: split("open-extortion-plan,verify-first,lock-vpn,assume-all-true,tell-all-staff,ln-final-answer+ln-reuse"),
		shows: map[string][]string{
			"tell-staff": {"Nobody checked the staff files last night"},
			"players":    {"Nobody has checked the player sample"},
		},
	},
	{
		scenario: "leak-site-claim", name: "paying does not stop publication", seed: 1,
		path: split("open-extortion-plan,confirm-what-is-known,lock-vpn,verify-each-claim,tell-all-staff,ln-checked+ln-reuse+ln-sorry-staff,file-dpc-and-fbi,offer-protection,determine-material,pay-screened,lab-and-tell-each,fix-and-report"),
		shows: map[string][]string{
			"the-dump": {"on a different forum anyway"},
			"wrap-up":  {"*\"was never deleted\"*"},
		},
		fired: []string{"second-demand"},
	},
	{
		scenario: "leak-site-claim", name: "a DOJ delay request leaves the 8-K clock missed", seed: 1,
		path:   split("open-extortion-plan,confirm-what-is-known,lock-vpn,verify-each-claim,tell-all-staff,ln-checked+ln-reuse+ln-sorry-staff,file-dpc-and-fbi,offer-protection,seek-doj-delay,refuse-and-report,lab-and-tell-each,fix-and-report"),
		clocks: map[string]string{"sec-8k": "missed"},
		fired:  []string{"gang-tips-sec", "sec-asks", "sec-inquiry-opens"},
	},
	{
		scenario: "leak-site-claim", name: "a voluntary 8.01 starts no Item 1.05 clock", seed: 1,
		path:   split("open-extortion-plan,confirm-what-is-known,lock-vpn,verify-each-claim,tell-all-staff,ln-checked+ln-reuse+ln-sorry-staff,file-dpc-and-fbi,offer-protection,file-801-now,refuse-and-report,determine-on-findings,lab-and-tell-each,fix-and-report"),
		clocks: map[string]string{"sec-8k": "absent"},
		quiet:  []string{"sec-asks"},
	},
	{
		scenario: "leak-site-claim", name: "a company not listed in the US has no SEC clock", seed: 1,
		params: map[string]string{"listed": "false"},
		path:   split("open-extortion-plan,confirm-what-is-known,lock-vpn,verify-each-claim,tell-all-staff,ln-checked+ln-reuse+ln-sorry-staff,file-dpc-and-fbi,offer-protection,tell-investors,refuse-and-report,lab-and-tell-each,fix-and-report"),
		clocks: map[string]string{"sec-8k": "absent", "dpc": "met"},
		fired:  []string{"funds-ask"},
		quiet:  []string{"sec-rule", "gang-tips-sec", "sec-asks"},
	},
	{
		scenario: "leak-site-claim", name: "staff left to the countdown hear from the gang", seed: 1,
		path:   split("open-extortion-plan,confirm-what-is-known,lock-vpn,verify-each-claim,wait-for-dump,ln-checked+ln-reuse+ln-sorry-staff,file-dpc-and-fbi,offer-protection,determine-material,refuse-and-report,stay-silent,fix-and-report"),
		clocks: map[string]string{"countdown": "missed", "california": "missed"},
		fired:  []string{"gang-emails-staff", "california-late"},
	},
	{
		scenario: "leak-site-claim", name: "a hoax called on Monday collapses on Monday night", seed: 1,
		path:  split("open-extortion-plan,call-it-hoax,lock-vpn,verify-each-claim"),
		fired: []string{"hoax-collapses"},
	},
}

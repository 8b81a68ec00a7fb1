package risk

import (
	"slices"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/scenarios"
)

// Starter returns a starter register of the PR disasters most likely to hit
// a mid-size company that holds customer data, rated as such a company
// might rate them, each with an owner, a treatment, a plan skeleton and the
// shipped scenarios that drill it. The plans deliberately leave some
// principles uncovered and two risks have no scenario, so that a readiness
// assessment of a fresh register has something to show. The register is
// checked against the shipped rubric and is a new value on every call.
func Starter() *engine.Register {
	var g *engine.Guidance
	if gs, err := scenarios.Guides(); err == nil {
		g = gs[engine.DefaultGuidance]
	}
	reg := &engine.Register{
		File:     engine.DefaultRegisterFile,
		Title:    "Risk register",
		Bands:    slices.Clone(engine.DefaultBands),
		Guidance: g,
		Risks:    starterRisks(),
	}
	slices.SortFunc(reg.Risks, func(a, b engine.Risk) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return reg
}

func steps(pairs ...string) []engine.PlanStep {
	out := make([]engine.PlanStep, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, engine.PlanStep{Who: pairs[i], What: pairs[i+1]})
	}
	return out
}

func starterRisks() []engine.Risk {
	return []engine.Risk{
		{
			ID:                 "customer-data-stolen",
			Title:              "An attacker gets in through a flaw in our web shop, takes customers' personal and payment data, and customers learn of it from the press.",
			Description:        "The breach everyone fears: records taken from a system we run, fraud on customers' cards within days, regulators and reporters asking what we knew and when.",
			Category:           "cyber",
			Owner:              "CISO",
			Likelihood:         3,
			Impact:             5,
			ResidualLikelihood: 2,
			ResidualImpact:     4,
			Treatment:          engine.TreatReduce,
			Scenarios:          []string{"retail-card-breach"},
			AnnualProbability:  0.08,
			LossLow:            500_000,
			LossHigh:           15_000_000,
			Plan: engine.Plan{
				Text:       "Close the hole first, tell the people affected ourselves while we fix it, own it in plain words, offer protection that helps, report back on a date we can keep, and change what let it happen.",
				Principles: []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"},
				Steps: steps(
					"CISO", "Take the affected system off line or patch it, and confirm with forensics that the attacker is out.",
					"General Counsel", "Start the regulators' clocks and decide who must be told by law, and by when.",
					"Head of Communications", "Write to affected customers directly, before any statement to the press, saying what was taken and what it means for them.",
					"CEO", "Apologise in person and announce credit monitoring for everyone affected, with no strings attached.",
					"Head of Communications", "Publish updates on fixed dates, saying only what forensics has confirmed.",
					"CISO", "Present the root cause and the changes made to the board within 60 days.",
				),
			},
		},
		{
			ID:                 "ransomware-leak-threat",
			Title:              "A ransomware gang encrypts our systems and threatens to publish stolen customer files, halting operations while the deadline runs.",
			Description:        "Double extortion: the business stops, and the stolen files are a second threat that paying would not remove.",
			Category:           "cyber",
			Owner:              "CIO",
			Likelihood:         3,
			Impact:             5,
			ResidualLikelihood: 2,
			ResidualImpact:     4,
			Treatment:          engine.TreatReduce,
			Scenarios:          []string{"ransomware-extortion"},
			AnnualProbability:  0.1,
			LossLow:            1_000_000,
			LossHigh:           20_000_000,
			Plan: engine.Plan{
				Text:       "Isolate, restore from offline backups, decide on the ransom with counsel and insurer, and tell customers whose files were taken.",
				Principles: []string{"prepare", "contain", "notify", "update", "improve"},
				Steps: steps(
					"CIO", "Isolate infected networks and start restoring from offline backups.",
					"General Counsel", "Bring in the insurer's breach coach and law enforcement; the ransom decision is the board's.",
					"Head of Communications", "Tell staff, customers and partners what works and what does not, and when the next update comes.",
					"CIO", "Report which files were taken as soon as forensics confirms it.",
				),
			},
		},
		{
			ID:                 "vendor-breach",
			Title:              "A supplier that handles our customers' data is breached, and customers hold us responsible because they trusted us, not the supplier.",
			Description:        "The data is ours even when a processor holds it; customers have never heard of the supplier.",
			Category:           "third party",
			Owner:              "Head of Procurement",
			Likelihood:         3,
			Impact:             4,
			ResidualLikelihood: 3,
			ResidualImpact:     3,
			Treatment:          engine.TreatTransfer,
			Scenarios:          []string{"vendor-breach"},
			AnnualProbability:  0.15,
			LossLow:            200_000,
			LossHigh:           5_000_000,
			Plan: engine.Plan{
				Text:       "Contracts make suppliers tell us within 24 hours and pay for the response; we still speak to our customers ourselves.",
				Principles: []string{"prepare", "notify", "own", "remedy"},
				Steps: steps(
					"Head of Procurement", "Invoke the contract's breach clause and get the supplier's facts in writing.",
					"Head of Communications", "Notify our customers under our own name, without blaming the supplier.",
					"General Counsel", "Recover the costs of notification and monitoring from the supplier and the insurer.",
				),
			},
		},
		{
			ID:                 "misdirected-sensitive-email",
			Title:              "An employee emails a file of sensitive customer records to the wrong recipients, exposing them to people who should never see them.",
			Description:        "No attacker needed: one autocomplete away from a notifiable breach of the most sensitive data we hold.",
			Category:           "people",
			Owner:              "Data Protection Officer",
			Likelihood:         4,
			Impact:             3,
			ResidualLikelihood: 3,
			ResidualImpact:     2,
			Treatment:          engine.TreatReduce,
			Scenarios:          []string{"misdirected-phi-email"},
			AnnualProbability:  0.3,
			LossLow:            20_000,
			LossHigh:           800_000,
			Plan: engine.Plan{
				Text:       "Recall and ask recipients to delete, confirm in writing, tell the people whose records went astray, and fix the process rather than blame the sender.",
				Principles: []string{"contain", "notify", "own", "improve"},
				Steps: steps(
					"Data Protection Officer", "Recall the message, ask every recipient to delete it and confirm in writing.",
					"Data Protection Officer", "Assess whether the law requires notification, and notify those affected either way.",
					"Head of Operations", "Add recipient checks and encryption for files of customer records.",
				),
			},
		},
		{
			ID:                 "account-takeover",
			Title:              "Criminals log in to customer accounts with passwords stolen elsewhere, spend customers' stored money, and the public says we were hacked.",
			Description:        "Credential stuffing: our servers are intact, but customers are robbed through our login page.",
			Category:           "cyber",
			Owner:              "CTO",
			Likelihood:         4,
			Impact:             3,
			ResidualLikelihood: 2,
			ResidualImpact:     3,
			Treatment:          engine.TreatReduce,
			Scenarios:          []string{"credential-stuffing"},
			AnnualProbability:  0.35,
			LossLow:            50_000,
			LossHigh:           2_000_000,
			Plan: engine.Plan{
				Principles: []string{"contain", "notify", "remedy", "update"},
				Steps: steps(
					"CTO", "Block the attacking traffic, force password resets on affected accounts and turn on a second factor.",
					"Head of Customer Service", "Contact every affected customer and refund what they lost.",
					"Head of Communications", "Explain what happened, accurately and without blaming customers: passwords stolen elsewhere opened accounts our login did not defend; and say what we are changing.",
				),
			},
		},
		{
			ID:                 "exposed-cloud-storage",
			Title:              "A misconfigured cloud storage bucket leaves customer files open to anyone, and a journalist or researcher finds it before we do.",
			Description:        "Often found by outsiders first, so the story can be out before we know.",
			Category:           "cyber",
			Owner:              "CTO",
			Likelihood:         3,
			Impact:             4,
			ResidualLikelihood: 2,
			ResidualImpact:     4,
			Treatment:          engine.TreatReduce,
			Scenarios:          []string{"cloud-bucket-exposed"},
			AnnualProbability:  0.1,
			LossLow:            100_000,
			LossHigh:           8_000_000,
			Plan: engine.Plan{
				Text:       "Lock the storage within the hour, find out from the access logs who read it, and tell customers before the article runs.",
				Principles: []string{"contain", "notify", "own", "update"},
				Steps: steps(
					"CTO", "Make the storage private and keep the access logs.",
					"Head of Communications", "Answer the journalist honestly and notify customers the same day.",
					"CTO", "Report what the logs show about who accessed the files.",
				),
			},
		},
		{
			ID:          "executive-statement",
			Title:       "An executive makes a careless public remark about an incident or about customers, the clip spreads, and it becomes the story.",
			Description: "A bad sentence can outlive the incident itself; the risk is greatest in the first hours of a crisis.",
			Category:    "reputation",
			Owner:       "Head of Communications",
			Likelihood:  2,
			Impact:      4,
			Treatment:   engine.TreatAccept,
			Plan: engine.Plan{
				Text:       "Spokespeople are named in advance; anyone else refers questions to them. If a remark goes out, correct it and apologise the same day.",
				Principles: []string{"prepare", "own"},
				Steps: steps(
					"Head of Communications", "Brief executives on who speaks in an incident and rehearse hostile questions once a year.",
					"CEO", "Correct and apologise for a careless remark publicly, the same day.",
				),
			},
		},
		{
			ID:                 "insider-data-sale",
			Title:              "An employee with broad access copies customer data and sells it, and customers are defrauded with it before we notice.",
			Description:        "Trusted access abused; discovery often comes from outside, through fraud patterns or the police.",
			Category:           "people",
			Owner:              "HR Director",
			Likelihood:         2,
			Impact:             5,
			ResidualLikelihood: 2,
			ResidualImpact:     4,
			Treatment:          engine.TreatReduce,
			AnnualProbability:  0.04,
			LossLow:            300_000,
			LossHigh:           10_000_000,
			Plan: engine.Plan{
				Text:       "Cut the access, preserve the evidence, tell the customers affected, and tighten who can see what.",
				Principles: []string{"contain", "notify", "own", "improve"},
				Steps: steps(
					"CISO", "Revoke the employee's access and preserve logs and devices for the police.",
					"HR Director", "Handle the employee's suspension with counsel.",
					"Data Protection Officer", "Notify the customers whose data was sold.",
					"CISO", "Limit bulk access to customer data and alert on large exports.",
				),
			},
		},
		{
			ID:                 "insider-leak-to-press",
			Title:              "An employee gives a journalist internal files to expose a wrong, and the files also hold customers' or staff's personal data.",
			Description:        "The leaker may be a protected whistleblower; the data leaked with the story still has to be handled as a breach.",
			Category:           "people",
			Owner:              "General Counsel",
			Likelihood:         2,
			Impact:             4,
			ResidualLikelihood: 2,
			ResidualImpact:     3,
			Treatment:          engine.TreatReduce,
			Scenarios:          []string{"insider-press-leak"},
			AnnualProbability:  0.05,
			LossLow:            250_000,
			LossHigh:           8_000_000,
			Plan: engine.Plan{
				Text:       "Answer the substance of the story, treat the personal data in the files as a breach, and never retaliate against a possible whistleblower.",
				Principles: []string{"prepare", "contain", "notify", "own"},
				Steps: steps(
					"General Counsel", "Check whistleblower protection before any step against the source; preserve evidence without covert monitoring.",
					"Data Protection Officer", "Assess the personal data in the leaked files and notify the regulator and the people affected on the usual clocks.",
					"Head of Communications", "Answer the journalist on the issue raised, not on the leak.",
				),
			},
		},
		{
			ID:                 "extortion-claim-public",
			Title:              "A criminal group announces on its leak site that it has stolen our data, with a countdown, before we know what was taken; some of its claims are false.",
			Description:        "The first account of the breach is the attacker's; customers, staff and the press ask before forensics can answer.",
			Category:           "cyber",
			Owner:              "CISO",
			Likelihood:         3,
			Impact:             4,
			ResidualLikelihood: 2,
			ResidualImpact:     4,
			Treatment:          engine.TreatReduce,
			Scenarios:          []string{"leak-site-claim"},
			AnnualProbability:  0.08,
			LossLow:            500_000,
			LossHigh:           15_000_000,
			Plan: engine.Plan{
				Text:       "Say what is confirmed and what is being checked, verify each claim against our own logs, and never negotiate in private what we would not defend in public.",
				Principles: []string{"prepare", "contain", "notify", "update"},
				Steps: steps(
					"CISO", "Verify each claim against our logs and the posted samples within a day.",
					"General Counsel", "Report to law enforcement, and decide regulator filings on what is confirmed, not on the deadline.",
					"Head of Communications", "Publish what is confirmed, what is not, and when the next update comes.",
				),
			},
		},
		{
			ID:                 "children-data-exposed",
			Title:              "A flaw in our app exposes children's profiles to strangers, and parents and regulators judge us by the strictest standard.",
			Description:        "Data about children draws the hardest scrutiny from parents, press and regulators alike.",
			Category:           "cyber",
			Owner:              "Chief Product Officer",
			Likelihood:         2,
			Impact:             5,
			ResidualLikelihood: 1,
			ResidualImpact:     5,
			Treatment:          engine.TreatAvoid,
			Scenarios:          []string{"tutoring-app-leak"},
			AnnualProbability:  0.05,
			LossLow:            200_000,
			LossHigh:           12_000_000,
			Plan: engine.Plan{
				Text:       "Collect no more about children than the service needs; if exposed, close the flaw at once and tell parents directly.",
				Principles: []string{"prepare", "contain", "notify", "own", "remedy", "update"},
				Steps: steps(
					"Chief Product Officer", "Take the flawed feature down until it is fixed.",
					"Data Protection Officer", "Notify parents and the regulator, in plain language.",
					"Head of Communications", "Offer parents a helpline and publish what was exposed and what we changed.",
				),
			},
		},
	}
}

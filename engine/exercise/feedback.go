package exercise

import "fmt"

// The participant feedback form, in the shape of HSEEP's: what went well and
// what to improve, the actions that should follow, a rating per objective,
// and the design and conduct of the exercise.

func (k *kit) feedback() document {
	d := document{name: "feedback-form", title: "Participant feedback form: " + k.title(),
		purpose: "One per participant, filled in at the end: strengths, areas for improvement, a rating per objective, and the exercise itself."}
	var objectives []string
	for n, pr := range k.scored {
		objectives = append(objectives, fmt.Sprintf("Objective %d: %s", n+1, k.principle(pr).Title))
	}
	d.blocks = []block{
		h(1, "Participant feedback form"),
		lead(fmt.Sprintf("Exercise: %s. Please fill this in before you leave: it shapes the after-action report and the next exercise. Your name is optional.", k.title())),
		facts(fact{"Name (optional)", "________________"}, fact{"Role in the exercise", "________________"}, fact{"Team", k.team()}),
		h(2, "Part I: Strengths and areas for improvement"),
		h(3, "Strengths: what the team did well"),
		lines(3),
		h(3, "Areas for improvement: the top three, with a priority (high, medium, low)"),
		lines(3),
		h(3, "Actions in your own area, and who should own each"),
		lines(3),
		h(3, "Plans, policies or procedures to review, write or change"),
		lines(2),
		h(2, "Part II: The objectives"),
		block{Ratings: &ratings{Head: "How well would your organisation meet this objective today?", Items: objectives, Low: "not at all", High: "fully"}},
		h(2, "Part III: The exercise"),
		block{Ratings: &ratings{Head: "How far do you agree?", Items: conduct, Low: "strongly disagree", High: "strongly agree"}},
		h(3, "What would you change to make this exercise better?"),
		lines(3),
	}
	return d
}

var conduct = []string{
	"The exercise was well structured and well run.",
	"The scenario was plausible and realistic.",
	"The facilitator knew the material, kept the exercise on track and drew everyone in.",
	"The documents (Situation Manual, role and inject cards) helped.",
	"Taking part was a good use of time for someone in my role.",
	"The right people were in the room, at the right level.",
	"I am better prepared to handle a real incident than before the exercise.",
}

// index is the package's table of contents.
func (k *kit) index(docs []document) document {
	d := document{name: "index", title: "Exercise package: " + k.title(), purpose: "This page."}
	var links []link
	for _, x := range docs {
		links = append(links, link{Title: x.title, Purpose: x.purpose, HTML: x.name + ".html", Markdown: x.name + ".md"})
	}
	fs := []fact{{"Scenario", k.sc.Title + " (" + k.sc.ID + ")"}}
	if k.org != "" {
		fs = append(fs, fact{"Organisation", k.org})
	}
	if k.opt.Team != "" {
		fs = append(fs, fact{"Team", k.opt.Team})
	}
	fs = append(fs, k.paramFacts()...)
	fs = append(fs, fact{"Session", duration(openingTime+k.total()+closingTime) + ", of which " + duration(k.total()) + " of scenario"},
		fact{"Roles", fmt.Sprint(len(k.sc.RoleInfo))}, fact{"Injects", fmt.Sprint(len(k.events))})
	d.blocks = []block{
		h(1, "Exercise package: "+k.title()),
		lead("Everything a facilitator prints for a tabletop exercise of this scenario, in the shapes of CISA's Tabletop Exercise Packages and FEMA's HSEEP. Each document opens offline in a browser and prints on A4; the same documents are here as Markdown."),
		facts(fs...),
		h(2, "Documents"),
		{Links: links},
		h(2, "Printing"),
		ul(
			"Print on A4, portrait, with the browser's default margins and without headers and footers.",
			"One Situation Manual and one feedback form per participant; one guide per facilitator and evaluator.",
			"Print the role and inject cards on card stock if you can, and cut along the dashed lines.",
			"The facilitator and evaluator guide holds the answers: keep it away from the players.",
		),
	}
	return d
}

package exercise

import (
	"fmt"
)

// The Situation Manual: the players' book. Per module, the situation as the
// players learn it, the key questions and the decisions they will face;
// never scores, answers, notes, or what a decision leads to.

func (k *kit) sitman() document {
	d := document{name: "situation-manual", title: "Situation Manual: " + k.title(),
		purpose: "The players' book: the situation module by module, the key questions and the decisions they will face, without scores or answers."}
	b := []block{
		h(1, "Situation Manual: "+k.title()),
		lead("This manual is for everyone at the table. It sets out the situation as you will learn it, module by module, with the questions to discuss and the decisions to take. " +
			"It holds no answers and no scores. Developments that depend on your decisions are not in it: the facilitator brings them in as they happen."),
		h(2, "The scenario"),
	}
	if k.sc.Summary != "" {
		b = append(b, prose(k.sc.Summary))
	}
	fs := []fact{}
	if k.org != "" {
		fs = append(fs, fact{"Organisation", k.org})
	}
	fs = append(fs, k.paramFacts()...)
	if !k.sc.StartTime.IsZero() {
		fs = append(fs, fact{"The scenario begins", k.sc.StartTime.Format("Monday 2 January 2006, 15:04")})
	}
	fs = append(fs, fact{"Time planned", duration(k.total()) + " of discussion in " + fmt.Sprint(len(k.modules)) + " modules"})
	b = append(b, facts(fs...))
	if len(k.sc.RoleInfo) > 0 {
		var rs []string
		for _, r := range k.sc.RoleInfo {
			s := "**" + r.Title + "**"
			if f := firstParagraph(r.Brief); f != "" {
				s += ": " + f
			}
			rs = append(rs, s)
		}
		b = append(b, h(2, "Roles at the table"), ul(rs...))
	}
	b = append(b, h(2, "How the exercise runs"), ul(
		"The facilitator reads the situation of each decision, then the team discusses the key questions.",
		"The role that leads the decision hears the others, then decides for the team. A timed decision has a clock: when it runs out, the default happens.",
		"Injects (a call, a headline, a post, an email) arrive on cards between decisions. They are part of the situation from then on.",
		"Between decisions the scenario clock moves on, by hours or days.",
	))
	for _, m := range k.modules {
		b = append(b, h(2, fmt.Sprintf("Module %d: %s", m.N, m.Title)))
		if m.Budget > 0 {
			b = append(b, note(fmt.Sprintf("About %s of discussion.", duration(m.Budget))))
		}
		if m.Summary != "" {
			b = append(b, prose(m.Summary))
		}
		shown := 0
		for _, i := range m.Scenes {
			if k.common[i] {
				b = append(b, k.sitmanScene(i))
				shown++
			}
		}
		if shown < len(m.Scenes) {
			b = append(b, note("Further developments in this module depend on your decisions: the facilitator brings them in as they happen."))
		}
	}
	d.blocks = b
	return d
}

func (k *kit) sitmanScene(i int) block {
	s := &k.sc.Scenes[i]
	bs := []block{h(3, k.sceneTitle(i))}
	if r := k.roleTitle(s.Role); r != "" {
		bs = append(bs, note("Decision led by the "+r+"."))
	}
	if t := k.w.sceneText(i); t != "" {
		bs = append(bs, prose(t))
	}
	if len(s.Discuss) > 0 {
		bs = append(bs, h(4, "Key questions"), ol(s.Discuss...))
	}
	var opts []string
	for _, j := range k.offered(i) {
		opts = append(opts, k.choiceText(i, &s.Choices[j]))
	}
	how := "Decisions you will face"
	if s.IsPick() {
		how = fmt.Sprintf("Decisions you will face (take %s)", pickRange(s.PickMin, s.PickMax))
	}
	if s.TimeLimit > 0 {
		how += fmt.Sprintf(", with %s on the clock", timer(s.TimeLimit))
	}
	bs = append(bs, h(4, how), ul(opts...))
	return keep("box scene keep", bs...)
}

func pickRange(lo, hi int) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d to %d", lo, hi)
}

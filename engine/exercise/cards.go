package exercise

import (
	"fmt"
	"strings"

	"github.com/ttx-dev/ttx/engine"
)

// Role cards and inject cards: cut out and handed over, one card each,
// never split across pages.

func (k *kit) roleCards() document {
	d := document{name: "role-cards", title: "Role cards: " + k.title(),
		purpose: "One card per role: its brief, and what only that role knows at the start. Cut out; hand each player their own."}
	b := []block{
		h(1, "Role cards: "+k.title()),
		lead("Cut along the dashed lines and hand each player the card of their role. The brief is theirs to read aloud if they wish; what only the role knows stays with the card holder until they choose to share it."),
	}
	if len(k.sc.RoleInfo) == 0 {
		b = append(b, note("The scenario names no roles: the whole team decides together, and there are no role cards."))
	}
	for _, r := range k.sc.RoleInfo {
		b = append(b, k.roleCard(r))
	}
	d.blocks = b
	return d
}

func (k *kit) roleCard(r engine.Role) block {
	fs := []fact{{"Exercise", k.sc.Title}}
	if k.org != "" {
		fs = append(fs, fact{"Organisation", k.org})
	}
	fs = append(fs, fact{"Played by", "________________"})
	var mods []string
	for _, m := range k.modules {
		for _, i := range m.Scenes {
			if k.sc.Scenes[i].Role == r.ID && k.common[i] {
				mods = append(mods, fmt.Sprintf("Module %d (%s)", m.N, m.Title))
				break
			}
		}
	}
	if len(mods) > 0 {
		fs = append(fs, fact{"You lead decisions in", strings.Join(mods, "; ")})
	}
	bs := []block{h(2, r.Title), facts(fs...), h(3, "Your brief")}
	if r.Brief != "" {
		bs = append(bs, prose(r.Brief))
	} else {
		bs = append(bs, note("The scenario gives no brief for this role: you speak for your part of the organisation."))
	}
	bs = append(bs, h(3, "Only you know"))
	if r.Private != "" {
		bs = append(bs, keep("private", prose(r.Private)))
	} else {
		bs = append(bs, note("Nothing beyond what everyone is told."))
	}
	return keep("card role", bs...)
}

func (k *kit) injectCards() document {
	d := document{name: "inject-cards", title: "Inject cards: " + k.title(),
		purpose: "One card per inject, cut-out size: what arrives, by which channel, from whom, and when it fires."}
	b := []block{
		h(1, "Inject cards: "+k.title()),
		lead("Cut out the cards. When an inject fires (at the time or under the condition on its card, or when the facilitator chooses, for a card marked by hand), read it out or hand it to the players. What the inject changes is in the facilitator and evaluator guide."),
	}
	if len(k.events) == 0 {
		b = append(b, note("The scenario has no injects"+k.forParams()+"."))
	}
	var cards []block
	for _, i := range k.events {
		cards = append(cards, k.injectCard(i))
	}
	b = append(b, keep("cards", cards...))
	d.blocks = b
	return d
}

// channelNames says how each channel reaches the players.
var channelNames = map[engine.Channel]string{
	engine.ChannelPress:    "Press",
	engine.ChannelSocial:   "Social media",
	engine.ChannelEmail:    "Email",
	engine.ChannelCall:     "Phone call",
	engine.ChannelInternal: "Internal message",
}

func (k *kit) injectCard(i int) block {
	e := &k.sc.Events[i]
	ch := channelNames[e.Channel]
	fs := []fact{{"Channel", ch}}
	if e.From != "" {
		fs = append(fs, fact{"From", e.From})
	}
	fs = append(fs, fact{"Fires", k.fires(e)})
	if e.Chance > 0 && e.Chance < 1 && !e.Manual {
		fs = append(fs, fact{"Chance", fmt.Sprintf("%.0f%% each time it may fire", e.Chance*100)})
	}
	text := k.w.eventAt(i).Render(e.Text)
	return keep("card inject",
		h(2, fmt.Sprintf("Inject %d · %s", k.injectNo[i], ch)),
		facts(fs...),
		keep("text", prose(text)),
		note("Inject "+e.ID),
	)
}

// fires says when an event fires, in words.
func (k *kit) fires(e *engine.Event) string {
	switch {
	case e.Manual:
		return "By hand only: when the facilitator chooses"
	case e.When == nil && e.Once:
		return "After the first decision"
	case e.When == nil:
		return "After every decision"
	}
	s := "After a decision, " + describe(k.sc, e.When.Src)
	if !e.Once {
		s += " (each time)"
	}
	return s
}

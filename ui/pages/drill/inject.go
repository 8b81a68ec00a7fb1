package drill

import (
	"strings"

	"github.com/ttx-dev/ttx/engine"
)

// kicker is the label over an inject, by channel.
func kicker(ch engine.Channel) string {
	switch ch {
	case engine.ChannelPress:
		return "BREAKING NEWS"
	case engine.ChannelSocial:
		return "TRENDING POST"
	case engine.ChannelEmail:
		return "NEW EMAIL"
	case engine.ChannelCall:
		return "INCOMING CALL"
	}
	return "UPDATE"
}

// headline splits an inject's text into a first sentence and the rest, so
// that a press inject reads like a headline over its story.
func headline(text string) (string, string) {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, "\n"); i > 0 && i < 160 {
		return strings.TrimSpace(text[:i]), strings.TrimSpace(text[i:])
	}
	for _, sep := range []string{". ", ": ", "! ", "? "} {
		if i := strings.Index(text, sep); i > 0 && i < 160 {
			return text[:i+1], strings.TrimSpace(text[i+2:])
		}
	}
	return text, ""
}

// plain drops Markdown emphasis from a line that is styled as a whole.
func plain(s string) string {
	return strings.NewReplacer("**", "", "__", "", "*", "", "`", "").Replace(s)
}

// injectView renders event ev (the nth of a batch of) as a banner that
// cannot be missed, styled by its channel, width columns wide at most.
func (m *Model) injectView(ev int, n, of int, width int) string {
	st := m.c.Styles
	md := m.c.Markdown
	e := &m.d.Scenario().Events[ev]
	text := m.d.Render(e.Text)
	w := min(width-4, 72)
	inner := w - 6
	k := st.Inject.Kicker.Inherit(st.Inject.Channel[e.Channel]).Render(kicker(e.Channel))
	if of > 1 {
		k += st.Muted.Render("  " + strings.Repeat("•", n) + strings.Repeat("·", of-n))
	}
	lines := []string{k, ""}
	switch e.Channel {
	case engine.ChannelPress:
		head, body := headline(text)
		if e.From != "" {
			lines = append(lines, st.Inject.From.Render(strings.ToUpper(e.From)), "")
		}
		lines = append(lines, st.Inject.Headline.Width(inner).Render(strings.ToUpper(plain(head))))
		if body != "" {
			lines = append(lines, "", md.Render(body, inner-4))
		}
	case engine.ChannelSocial:
		if e.From != "" {
			lines = append(lines, st.Strong.Render(e.From))
		}
		lines = append(lines, md.Render(text, inner-4))
	case engine.ChannelEmail:
		head, body := headline(text)
		if e.From != "" {
			lines = append(lines, st.Muted.Render("From:    ")+e.From)
		}
		lines = append(lines, st.Muted.Render("Subject: ")+st.Strong.Render(plain(head)))
		if body != "" {
			lines = append(lines, "", md.Render(body, inner-4))
		}
	default:
		if e.From != "" {
			lines = append(lines, st.Inject.From.Render(e.From), "")
		}
		lines = append(lines, md.Render(text, inner-4))
	}
	lines = append(lines, "", st.Inject.Hint.Render("enter to continue"))
	border := st.Inject.Channel[e.Channel].GetBackground()
	return st.Inject.Box.BorderForeground(border).Width(w - 2).Render(strings.Join(lines, "\n"))
}

package drill

import (
	"strings"
	"unicode"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// headline splits an inject's text into a headline and the rest, so that
// a press inject reads like a headline over its story and an email has a
// subject: its first line, else its first sentence, else what comes before
// a colon that ends a lead-in ("BREAKING: ..."), never a colon of a time
// ("18:00: ..."). A headline does not end with a colon.
func headline(text string) (string, string) {
	text = strings.TrimSpace(text)
	head, body := text, ""
	if i := strings.IndexByte(text, '\n'); i > 0 && i < 160 {
		head, body = text[:i], text[i:]
	} else if i := sentenceEnd(text); i > 0 && i < 160 {
		head, body = text[:i+1], text[i+2:]
	} else if i := strings.Index(text, ": "); i > 0 && i < 160 && !unicode.IsDigit(rune(text[i-1])) {
		head, body = text[:i], text[i+2:]
	}
	return strings.TrimRight(strings.TrimSpace(head), ":"), strings.TrimSpace(body)
}

// sentenceEnd is the index of the first ". ", "! " or "? ", or -1.
func sentenceEnd(text string) int {
	end := -1
	for _, sep := range []string{". ", "! ", "? "} {
		if i := strings.Index(text, sep); i > 0 && (end < 0 || i < end) {
			end = i
		}
	}
	return end
}

// plain drops Markdown emphasis from a line that is styled as a whole.
func plain(s string) string {
	return strings.NewReplacer("**", "", "__", "", "*", "", "`", "").Replace(s)
}

// injectView renders event ev (the nth of a batch of) as a banner that
// cannot be missed, styled by its channel, width by height cells at most:
// in a short terminal its story is cut, never its headline.
func (m *Model) injectView(ev int, n, of int, width, height int) string {
	st := m.c.Styles
	md := m.c.Markdown
	e := &m.d.Scenario().Events[ev]
	text := m.d.Render(e.Text)
	w := min(width-4, 72)
	inner := w - 6
	k := st.Inject.Kicker.Inherit(st.Inject.Channel[e.Channel]).Render(common.Kicker(e.Channel))
	if of > 1 {
		k += st.Muted.Render("  " + strings.Repeat("•", n) + strings.Repeat("·", of-n))
	}
	head := []string{k, ""}
	var body string
	switch e.Channel {
	case engine.ChannelPress:
		h, rest := headline(text)
		if e.From != "" {
			head = append(head, st.Inject.From.Render(strings.ToUpper(e.From)), "")
		}
		head = append(head, st.Inject.Headline.Render(common.Wrap(strings.ToUpper(plain(h)), inner)))
		if rest != "" {
			body = md.Render(rest, inner-4)
		}
	case engine.ChannelSocial:
		if e.From != "" {
			head = append(head, st.Strong.Render(e.From))
		}
		body = md.Render(text, inner-4)
	case engine.ChannelEmail:
		h, rest := headline(text)
		if e.From != "" {
			head = append(head, st.Muted.Render("From:    ")+e.From)
		}
		head = append(head, st.Muted.Render("Subject: ")+st.Strong.Render(common.Wrap(plain(h), inner-9)))
		if rest != "" {
			body = md.Render(rest, inner-4)
		}
	default:
		if e.From != "" {
			head = append(head, st.Inject.From.Render(e.From), "")
		}
		body = md.Render(text, inner-4)
	}
	border := st.Inject.Channel[e.Channel].GetBackground()
	return common.Banner(st.Inject.Box.BorderForeground(border).Width(w-2), head, body, st.Inject.Hint.Render("enter to continue"), height)
}

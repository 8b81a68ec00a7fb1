package lobby

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
)

// Flow is a form of a few steps, one at a time: each step a choice from a
// list or one line of text. It is how a facilitator opens a session and a
// player joins one. A step is checked as it is left (a join code is looked
// up); the last runs the flow's finish in a command, with a spinner, as it
// writes to the results store.
//
// It is made here rather than with huh: its lists are built from the
// answers before them (the teams of the session whose code was typed), a
// step may fall away (no role for a room view), and the finish is a store
// write whose failure keeps the form open with its answers.
type Flow struct {
	c       *common.Common
	title   string
	steps   []*Step
	at      int
	answers []string
	err     string
	pending bool
	queue   []tea.KeyMsg // keys typed while the finish ran
	spinner busy.Model
	finish  func(answers []string) tea.Cmd
	done    bool
	width   int
	height  int
}

// Step is one step of a Flow.
type Step struct {
	Label string // what is asked
	Hint  string // a line under it
	// Options, when set, makes the step a choice: the entries, from the
	// answers before. A step with no entries and no Text is skipped.
	Options func(answers []string) []Option
	// Text makes the step a line of text, with a placeholder, a default
	// and a limit.
	Text        bool
	Placeholder string
	Default     func(answers []string) string
	Limit       int
	// Check, when set, checks the answer before the flow goes on.
	Check func(answers []string, value string) error

	opts   []Option
	cursor int
	input  textinput.Model
}

// Option is an entry of a choice step.
type Option struct {
	Label string
	Value string
}

// flowDoneMsg brings the page a flow opens, or why it could not.
type flowDoneMsg struct {
	f    *Flow
	page func() common.Page
	err  error
}

// NewFlow returns a flow of steps; finish runs its last step's work in a
// command that answers with Done.
func NewFlow(c *common.Common, title string, finish func(answers []string) tea.Cmd, steps ...*Step) *Flow {
	f := &Flow{c: c, title: title, steps: steps, finish: finish, spinner: busy.New(c), answers: make([]string, len(steps))}
	for _, s := range steps {
		s.input = textinput.New()
		s.input.Placeholder = s.Placeholder
		s.input.CharLimit = s.Limit
		s.input.Prompt = "› "
		s.input.PromptStyle, s.input.TextStyle, s.input.PlaceholderStyle = c.Styles.Choice.Cursor, c.Styles.Input.Text, c.Styles.Input.Placeholder
	}
	f.enter(0)
	return f
}

// Done is the message that ends a flow: the page it opens (built in
// Update), or why the flow's work failed.
func (f *Flow) Done(page func() common.Page, err error) tea.Msg { return flowDoneMsg{f, page, err} }

// enter moves to step i, skipping the steps that have nothing to ask.
func (f *Flow) enter(i int) {
	for ; i < len(f.steps); i++ {
		s := f.steps[i]
		if s.Options != nil {
			s.opts = s.Options(f.answers[:i])
			s.cursor = 0
			if len(s.opts) == 0 {
				f.answers[i] = ""
				continue
			}
		}
		if s.Text {
			v := ""
			if s.Default != nil {
				v = s.Default(f.answers[:i])
			}
			s.input.SetValue(v)
			s.input.CursorEnd()
		}
		break
	}
	f.focus(i)
}

// focus makes step i the current one, its text field (if any) taking keys.
func (f *Flow) focus(i int) {
	f.at = i
	for k, s := range f.steps {
		if k == i && s.Text {
			s.input.Focus()
		} else {
			s.input.Blur()
		}
	}
}

// back moves to the step before that asked something, or leaves the flow.
func (f *Flow) back() {
	for i := f.at - 1; i >= 0; i-- {
		s := f.steps[i]
		if s.Text || len(s.opts) > 0 {
			f.err = ""
			f.focus(i)
			return
		}
	}
	f.done = true
	f.c.Back()
}

// Init starts the first step's cursor.
func (f *Flow) Init() tea.Cmd { return nil }

// Typing reports whether keys go to a text step.
func (f *Flow) Typing() bool { return f.at < len(f.steps) && f.steps[f.at].Text }

// SetSize gives the flow its page.
func (f *Flow) SetSize(w, h int) {
	f.width, f.height = w, h
	for _, s := range f.steps {
		s.input.Width = max(min(w-8, 60), 10)
	}
}

// Update moves through the steps and takes the finish's answer.
func (f *Flow) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case common.CatalogMsg:
		// The scenarios came: a list made before them is made again.
		if s := f.steps[f.at]; s.Options != nil && !f.pending && !f.done {
			f.enter(f.at)
		}
		return f, nil
	case flowDoneMsg:
		if msg.f != f {
			return f, nil
		}
		f.pending = false
		queued := f.queue
		f.queue = nil
		if msg.err != nil {
			// The form stays open with its answers, at its last step;
			// what was typed meanwhile applies to it, in order.
			f.err = common.Line(msg.err.Error())
			f.focus(f.at)
			var cmds []tea.Cmd
			for i, k := range queued {
				if f.pending || f.done {
					f.queue = append(f.queue, queued[i:]...)
					break
				}
				cmds = append(cmds, f.key(k))
			}
			return f, tea.Batch(cmds...)
		}
		f.done = true
		f.c.Replace(msg.page(), queued...)
		return f, nil
	case tea.KeyMsg:
		switch {
		case f.done:
			return f, nil
		case f.pending:
			f.queue = append(f.queue, msg) // applied once the finish answers
			return f, nil
		}
		return f, f.key(msg)
	}
	var cmd tea.Cmd
	f.spinner, cmd, _ = f.spinner.Update(msg, f.pending)
	return f, cmd
}

func (f *Flow) key(msg tea.KeyMsg) tea.Cmd {
	g, k := f.c.KeyMap.Global, f.c.KeyMap.Lobby
	s := f.steps[f.at]
	switch {
	case key.Matches(msg, k.Back):
		f.back()
		return nil
	case key.Matches(msg, k.Open):
		value := strings.TrimSpace(s.input.Value())
		if !s.Text {
			value = s.opts[s.cursor].Value
		}
		if s.Check != nil {
			if err := s.Check(f.answers[:f.at], value); err != nil {
				f.err = common.Line(err.Error())
				return nil
			}
		}
		f.err = ""
		f.answers[f.at] = value
		if f.enter(f.at + 1); f.at < len(f.steps) {
			return nil
		}
		f.at = len(f.steps) - 1
		f.pending = true
		return tea.Batch(f.finish(append([]string(nil), f.answers...)), f.spinner.Tick)
	case !s.Text && key.Matches(msg, g.Up):
		s.cursor = (s.cursor - 1 + len(s.opts)) % len(s.opts)
	case !s.Text && key.Matches(msg, g.Down):
		s.cursor = (s.cursor + 1) % len(s.opts)
	case s.Text:
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd
	}
	return nil
}

// View draws the answers so far, the step asked and its hint.
func (f *Flow) View() string {
	st := f.c.Styles
	w := max(f.width-4, 10)
	b := []string{st.Title.Render(f.title), ""}
	for i := 0; i < f.at; i++ {
		s := f.steps[i]
		if !s.Text && len(s.opts) == 0 {
			continue
		}
		shown := f.answers[i]
		for _, o := range s.opts {
			if o.Value == shown {
				shown = o.Label
			}
		}
		b = append(b, common.Truncate(st.Muted.Render(s.Label+": ")+common.Line(shown), w))
	}
	s := f.steps[f.at]
	b = append(b, "", st.Strong.Render(s.Label))
	if s.Text {
		b = append(b, s.input.View())
	} else {
		for i, o := range s.opts {
			cur, style := "  ", st.Choice.Normal
			if i == s.cursor {
				cur, style = st.Choice.Cursor.Render("› "), st.Choice.Selected
			}
			b = append(b, common.Truncate(cur+style.Render(common.Line(o.Label)), w))
		}
	}
	if s.Hint != "" {
		b = append(b, st.Muted.Width(w).Render(s.Hint))
	}
	switch {
	case f.pending:
		b = append(b, "", f.spinner.View()+" One moment…")
	case f.err != "":
		b = append(b, "", st.Error.Width(w).Render(f.err))
	}
	return st.Pad.Render(strings.Join(b, "\n"))
}

// ShortHelp is the keys of the step.
func (f *Flow) ShortHelp() []key.Binding {
	g, k := f.c.KeyMap.Global, f.c.KeyMap.Lobby
	s := f.steps[f.at]
	next := k.Open
	if f.at == len(f.steps)-1 {
		next = k.Submit
	}
	if s.Text {
		return []key.Binding{next, k.Back}
	}
	up, down := g.Up, g.Down
	return []key.Binding{up, down, next, k.Back}
}

// FullHelp is the keys of the step, in one column.
func (f *Flow) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

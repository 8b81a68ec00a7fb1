// Package form is the form the hotwash and the risk map share: labelled
// one-line fields, text areas and choices from a list, focus cycling,
// errors and warnings under the fields they concern, text sanitised as it
// is typed or pasted, and a question before changes are thrown away.
//
// It is built on bubbles' textinput and textarea rather than on huh (the
// house's form library), because huh v1's form does not fit these two
// forms: it validates a field as it is left and refuses to move on, where
// both forms let the team fill fields in any order and list every problem
// at once on save (one error under each field it concerns); it completes on
// the last field's enter, where ctrl+s saves at any point and the form
// stays open (the hotwash adds one action after another, the risk form
// stays open when a save fails); and it shows errors in its footer, not
// under the field. Saving is the owner's: it matches the form's Save key
// before passing keys on. Cancelling is shared: the owner calls [Model.Cancel]
// on the Cancel key, and the form asks first when something was changed.
package form

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/ui/common"
)

// Field describes one field of a form.
type Field struct {
	Label       string
	Section     string // a heading shown above the field, when set
	Placeholder string
	Limit       int // the most characters
	Lines       int // > 0: a text area, this many lines tall (one in a short terminal)
	Width       int // > 0: a short one-line field this wide, its hint after it
	// Hint, when set, is a note shown after the input, from its value (for
	// a choice, from the option under the cursor).
	Hint func(value string) string
	// Note, when set, is a line shown under the field.
	Note string
	// Select makes a one-line field's value selected when the field gets
	// the focus: the first character typed replaces it, as for a number
	// filled in beforehand.
	Select bool
	// Options, when set, make the field a choice among them: ←/→ move
	// over them and nothing is typed. One is chosen (←/→ choose it), or
	// with Multi any number (space picks the one under the cursor).
	Options []string
	Multi   bool
	// None, for a choice of one, is the label of choosing none of the
	// options, offered first; without it the field starts with no choice
	// and keeps one once chosen.
	None string
}

// Model is a form.
type Model struct {
	c      *common.Common
	fields []Field
	inputs []textinput.Model // one per field; used by one-line fields
	areas  []textarea.Model  // one per field; used by text areas
	picks  []choice          // one per field; used by choices
	focus  int
	fresh  bool // the focused Select field's value is still selected
	errs   []string
	warns  []string
	saved  []string // the values when the form was last marked unchanged

	asking    bool // asking whether to throw the changes away
	discarded bool // they were thrown away: the owner closes the form

	labelW int
	maxW   int
	width  int
	height int
}

// New returns a form of fields with labels labelW cells wide and inputs
// at most maxW cells wide (0 for the terminal's width), focused on the
// first field, and unchanged.
func New(c *common.Common, labelW, maxW int, fields ...Field) Model {
	n := len(fields)
	m := Model{c: c, fields: fields, labelW: labelW, maxW: maxW,
		inputs: make([]textinput.Model, n), areas: make([]textarea.Model, n), picks: make([]choice, n),
		errs: make([]string, n), warns: make([]string, n)}
	st := c.Styles
	for i, f := range fields {
		switch {
		case len(f.Options) > 0:
			m.picks[i] = newChoice(f)
		case f.Lines > 0:
			t := textarea.New()
			t.Placeholder = f.Placeholder
			t.ShowLineNumbers = false
			t.CharLimit = f.Limit
			t.Prompt = "│ "
			t.FocusedStyle, t.BlurredStyle = st.Area.Focused, st.Area.Blurred
			t.Cursor.SetMode(cursor.CursorStatic) // a steady cursor: no ticks
			t.Cursor.Style, t.Cursor.TextStyle = st.Input.Cursor, st.Input.CursorText
			t.SetHeight(f.Lines)
			m.areas[i] = t
		default:
			t := textinput.New()
			t.Placeholder = f.Placeholder
			t.CharLimit = f.Limit
			t.Prompt = ""
			t.PromptStyle, t.TextStyle, t.PlaceholderStyle, t.CompletionStyle = st.Input.Prompt, st.Input.Text, st.Input.Placeholder, st.Input.Completion
			t.Cursor.SetMode(cursor.CursorStatic)
			t.Cursor.Style, t.Cursor.TextStyle = st.Input.Cursor, st.Input.CursorText
			m.inputs[i] = t
		}
	}
	m.SetFocus(0)
	m.MarkUnchanged()
	return m
}

func (m Model) area(i int) bool   { return m.fields[i].Lines > 0 && !m.choice(i) }
func (m Model) choice(i int) bool { return len(m.fields[i].Options) > 0 }

// SetSize gives the form its width and the lines it may take.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	fw := m.fieldWidth()
	for i, f := range m.fields {
		switch {
		case m.choice(i):
		case m.area(i):
			lines := f.Lines
			if m.c.Height < 24 {
				lines = 1
			}
			m.areas[i].SetWidth(fw)
			m.areas[i].SetHeight(lines)
		case f.Width > 0:
			m.inputs[i].Width = f.Width
		default:
			m.inputs[i].Width = fw - 1
		}
	}
}

// fieldWidth is the width of a field's input: the form's less the label.
func (m Model) fieldWidth() int {
	fw := max(m.width-m.labelW-4, 8)
	if m.maxW > 0 {
		fw = min(fw, m.maxW)
	}
	return fw
}

// Focus is the index of the focused field.
func (m Model) Focus() int { return m.focus }

// SetFocus focuses field i (modulo the number of fields).
func (m *Model) SetFocus(i int) {
	n := len(m.fields)
	m.focus = (i%n + n) % n
	for k := range m.fields {
		switch {
		case m.area(k):
			m.areas[k].Blur()
		case !m.choice(k):
			m.inputs[k].Blur()
		}
	}
	switch {
	case m.choice(m.focus):
	case m.area(m.focus):
		m.areas[m.focus].Focus()
	default:
		m.inputs[m.focus].Focus()
	}
	m.fresh = m.fields[m.focus].Select && m.inputs[m.focus].Value() != ""
}

// Value is field i's text, cleaned and trimmed; for a choice of several,
// the options picked, comma-separated, in the options' order.
func (m Model) Value(i int) string {
	switch {
	case m.choice(i):
		return strings.Join(m.picks[i].values(m.fields[i]), ", ")
	case m.area(i):
		return strings.TrimSpace(common.Clean(m.areas[i].Value()))
	}
	return strings.TrimSpace(common.Clean(m.inputs[i].Value()))
}

// Values is a choice's options picked, in the options' order; for another
// field, its value split at commas, without empty or repeated items.
func (m Model) Values(i int) []string {
	if m.choice(i) {
		return m.picks[i].values(m.fields[i])
	}
	var out []string
	for _, p := range strings.Split(m.Value(i), ",") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// SetValue sets field i's text, cleaned first: text from a file or the
// store is not trusted. A choice takes the options named (comma-separated
// for several); it reports the names that are not options, which it drops.
func (m *Model) SetValue(i int, s string) (unknown []string) {
	switch {
	case m.choice(i):
		return m.picks[i].set(m.fields[i], s)
	case m.area(i):
		m.areas[i].SetValue(common.Clean(s))
	default:
		m.inputs[i].SetValue(common.Line(s))
		if i == m.focus {
			m.fresh = m.fields[i].Select && s != ""
		}
	}
	return nil
}

// MarkUnchanged takes the values as they are as the form's unchanged
// state: after filling it in for an edit, and after a save.
func (m *Model) MarkUnchanged() {
	m.saved = make([]string, len(m.fields))
	for i := range m.fields {
		m.saved[i] = m.Value(i)
	}
}

// Changed reports whether a value differs from the unchanged state.
func (m Model) Changed() bool {
	for i := range m.fields {
		if m.Value(i) != m.saved[i] {
			return true
		}
	}
	return false
}

// Cancel is what the owner calls on the Cancel key: it reports whether the
// form may close now (nothing was changed). When something was, the form
// asks whether to throw the changes away, and [Model.Discarded] says so
// once the answer is yes.
func (m *Model) Cancel() bool {
	if !m.Changed() {
		return true
	}
	m.asking = true
	return false
}

// Asking reports whether the form asks whether to throw its changes away.
func (m Model) Asking() bool { return m.asking }

// Discarded reports whether the changes were thrown away: the owner closes
// the form.
func (m Model) Discarded() bool { return m.discarded }

// SetErrors sets the error shown under each field ("" for none), by index.
func (m *Model) SetErrors(errs []string) {
	m.errs = make([]string, len(m.fields))
	copy(m.errs, errs)
}

// SetWarnings sets the warning shown under each field ("" for none), by
// index. A warning does not stop a save.
func (m *Model) SetWarnings(warns []string) {
	m.warns = make([]string, len(m.fields))
	copy(m.warns, warns)
}

// Errors returns the error of each field.
func (m Model) Errors() []string { return m.errs }

// Warnings returns the warning of each field.
func (m Model) Warnings() []string { return m.warns }

// Bad counts the fields in error.
func (m Model) Bad() int {
	n := 0
	for _, e := range m.errs {
		if e != "" {
			n++
		}
	}
	return n
}

// Keys are the form's keys that work now, for the help: while it asks, yes
// and no; else moving between fields (up and down only from a one-line
// field or a choice: in a text area they move the cursor), and over a
// choice's options.
func (m Model) Keys() []key.Binding {
	k, g := m.c.KeyMap.Form, m.c.KeyMap.Global
	switch {
	case m.asking:
		yes, no := g.Yes, g.No
		yes.SetHelp("y", "discard the changes")
		no.SetHelp("n/esc", "keep editing")
		return []key.Binding{yes, no}
	case m.area(m.focus):
		return []key.Binding{k.Next, k.Prev}
	case m.choice(m.focus):
		pick := k.Pick
		pick.SetEnabled(m.fields[m.focus].Multi)
		return []key.Binding{k.Next, k.Prev, k.Up, k.Down, k.Choose, pick}
	}
	return []key.Binding{k.Next, k.Prev, k.Up, k.Down}
}

// ShortKeys are the form's keys for a short help line: the next field,
// and over a choice, how to choose.
func (m Model) ShortKeys() []key.Binding {
	if m.asking {
		return m.Keys()
	}
	k := m.c.KeyMap.Form
	if m.choice(m.focus) {
		pick := k.Pick
		pick.SetEnabled(m.fields[m.focus].Multi)
		return []key.Binding{k.Next, k.Choose, pick}
	}
	return []key.Binding{k.Next}
}

// Update moves between fields and passes the rest to the focused one.
// Typed or pasted text loses any escape sequence, whole, before a field
// holds it.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m.pass(msg)
	}
	g, fk := m.c.KeyMap.Global, m.c.KeyMap.Form
	if m.asking {
		switch {
		case key.Matches(k, g.Yes):
			m.asking, m.discarded = false, true
		case key.Matches(k, g.No):
			m.asking = false
		}
		return m, nil
	}
	if k.Type == tea.KeyRunes {
		k.Runes = []rune(common.Clean(string(k.Runes)))
		if len(k.Runes) == 0 {
			return m, nil
		}
		msg = k
	}
	oneLine := !m.area(m.focus)
	switch {
	case key.Matches(k, fk.Next), oneLine && key.Matches(k, fk.Down):
		m.SetFocus(m.focus + 1)
		return m, nil
	case key.Matches(k, fk.Prev), oneLine && key.Matches(k, fk.Up):
		m.SetFocus(m.focus - 1)
		return m, nil
	case m.choice(m.focus):
		m.picks[m.focus] = m.picks[m.focus].update(m.c, m.fields[m.focus], k)
		return m, nil
	case m.fresh:
		m.fresh = false
		switch k.Type {
		case tea.KeyRunes, tea.KeySpace:
			m.inputs[m.focus].SetValue("") // the typed text replaces the selected value
		case tea.KeyBackspace, tea.KeyDelete:
			m.inputs[m.focus].SetValue("")
			return m, nil
		}
	}
	return m.pass(msg)
}

// pass gives msg to the focused input.
func (m Model) pass(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case m.choice(m.focus):
	case m.area(m.focus):
		m.areas[m.focus], cmd = m.areas[m.focus].Update(msg)
	default:
		m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
	}
	return m, cmd
}

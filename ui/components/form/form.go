// Package form is the form the hotwash and the risk map share: labelled
// one-line fields and text areas, focus cycling, errors under the fields
// they concern, and text sanitised as it is typed or pasted.
//
// It is built on bubbles' textinput and textarea rather than on huh (the
// house's form library), because huh v1's form does not fit these two
// forms: it validates a field as it is left and refuses to move on, where
// both forms let the team fill fields in any order and list every problem
// at once on save (one error under each field it concerns); it completes on
// the last field's enter, where ctrl+s saves at any point and the form
// stays open (the hotwash adds one action after another, the risk form
// stays open when a save fails); and it shows errors in its footer, not
// under the field. Saving and cancelling are the owner's: it matches the
// form's Save and Cancel keys before passing keys on.
package form

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

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
	// Hint, when set, is a note shown after the input, from its value.
	Hint func(value string) string
	// Note, when set, is a line shown under the field.
	Note string
}

// Model is a form.
type Model struct {
	c      *common.Common
	fields []Field
	inputs []textinput.Model // one per field; unused for a text area
	areas  []textarea.Model  // one per field; unused for a one-line field
	focus  int
	errs   []string
	labelW int
	maxW   int
	width  int
	height int
}

// New returns a form of fields with labels labelW cells wide and inputs
// at most maxW cells wide (0 for the terminal's width), focused on the
// first field.
func New(c *common.Common, labelW, maxW int, fields ...Field) Model {
	m := Model{c: c, fields: fields, labelW: labelW, maxW: maxW,
		inputs: make([]textinput.Model, len(fields)), areas: make([]textarea.Model, len(fields)), errs: make([]string, len(fields))}
	st := c.Styles
	for i, f := range fields {
		if f.Lines > 0 {
			t := textarea.New()
			t.Placeholder = f.Placeholder
			t.ShowLineNumbers = false
			t.CharLimit = f.Limit
			t.FocusedStyle, t.BlurredStyle = st.Area.Focused, st.Area.Blurred
			t.Cursor.SetMode(cursor.CursorStatic) // a steady cursor: no ticks
			t.Cursor.Style, t.Cursor.TextStyle = st.Input.Cursor, st.Input.CursorText
			t.SetHeight(f.Lines)
			m.areas[i] = t
			continue
		}
		t := textinput.New()
		t.Placeholder = f.Placeholder
		t.CharLimit = f.Limit
		t.Prompt = ""
		t.PromptStyle, t.TextStyle, t.PlaceholderStyle, t.CompletionStyle = st.Input.Prompt, st.Input.Text, st.Input.Placeholder, st.Input.Completion
		t.Cursor.SetMode(cursor.CursorStatic)
		t.Cursor.Style, t.Cursor.TextStyle = st.Input.Cursor, st.Input.CursorText
		m.inputs[i] = t
	}
	m.SetFocus(0)
	return m
}

func (m Model) area(i int) bool { return m.fields[i].Lines > 0 }

// SetSize gives the form its width and the lines it may take.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	fw := max(width-m.labelW-4, 8)
	if m.maxW > 0 {
		fw = min(fw, m.maxW)
	}
	for i, f := range m.fields {
		switch {
		case f.Lines > 0:
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

// Focus is the index of the focused field.
func (m Model) Focus() int { return m.focus }

// SetFocus focuses field i (modulo the number of fields).
func (m *Model) SetFocus(i int) {
	n := len(m.fields)
	m.focus = (i%n + n) % n
	for k := range m.fields {
		if m.area(k) {
			m.areas[k].Blur()
		} else {
			m.inputs[k].Blur()
		}
	}
	if m.area(m.focus) {
		m.areas[m.focus].Focus()
	} else {
		m.inputs[m.focus].Focus()
	}
}

// Value is field i's text, cleaned and trimmed.
func (m Model) Value(i int) string {
	if m.area(i) {
		return strings.TrimSpace(common.Clean(m.areas[i].Value()))
	}
	return strings.TrimSpace(common.Clean(m.inputs[i].Value()))
}

// SetValue sets field i's text, cleaned first: text from a file or the
// store is not trusted.
func (m *Model) SetValue(i int, s string) {
	if m.area(i) {
		m.areas[i].SetValue(common.Clean(s))
		return
	}
	m.inputs[i].SetValue(common.Line(s))
}

// SetErrors sets the error shown under each field ("" for none), by index.
func (m *Model) SetErrors(errs []string) {
	m.errs = make([]string, len(m.fields))
	copy(m.errs, errs)
}

// Errors returns the error of each field.
func (m Model) Errors() []string { return m.errs }

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

// Keys are the form's moving keys that work now, for the help: up and
// down move between fields only from a one-line field.
func (m Model) Keys() []key.Binding {
	k := m.c.KeyMap.Form
	if m.area(m.focus) {
		return []key.Binding{k.Next, k.Prev}
	}
	return []key.Binding{k.Next, k.Prev, k.Up, k.Down}
}

// Update moves between fields and passes the rest to the focused one.
// Typed or pasted text loses any escape sequence, whole, before a field
// holds it.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.Type == tea.KeyRunes {
			k.Runes = []rune(common.Clean(string(k.Runes)))
			if len(k.Runes) == 0 {
				return m, nil
			}
			msg = k
		}
		fk := m.c.KeyMap.Form
		switch {
		case key.Matches(k, fk.Next):
			m.SetFocus(m.focus + 1)
			return m, nil
		case key.Matches(k, fk.Prev):
			m.SetFocus(m.focus - 1)
			return m, nil
		case !m.area(m.focus) && key.Matches(k, fk.Down):
			m.SetFocus(m.focus + 1)
			return m, nil
		case !m.area(m.focus) && key.Matches(k, fk.Up):
			m.SetFocus(m.focus - 1)
			return m, nil
		}
	}
	var cmd tea.Cmd
	if m.area(m.focus) {
		m.areas[m.focus], cmd = m.areas[m.focus].Update(msg)
	} else {
		m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
	}
	return m, cmd
}

// View draws the fields in the form's size; when they do not all fit, it
// shows the window around the focused one.
func (m Model) View() string {
	st := m.c.Styles
	var lines []string
	var focusTop, focusEnd int
	indent := strings.Repeat(" ", m.labelW+2)
	for i, f := range m.fields {
		if f.Section != "" {
			if i > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, " "+st.Strong.Render(f.Section))
		}
		// The focused field is marked, not only coloured: under NO_COLOR
		// the mark is all that shows it.
		label, mark := st.Form.Label, " "
		switch {
		case i == m.focus:
			label, mark = st.Form.Focused, st.Form.Focused.Render("›")
		case m.errs[i] != "":
			label = st.Form.Bad
		}
		lab := mark + label.Render(pad(f.Label, m.labelW)) + " "
		if i == m.focus {
			focusTop = len(lines)
		}
		if m.area(i) {
			for k, l := range strings.Split(m.areas[i].View(), "\n") {
				if k == 0 {
					lines = append(lines, lab+l)
				} else {
					lines = append(lines, indent+l)
				}
			}
		} else {
			hint := ""
			if f.Hint != nil {
				if h := f.Hint(strings.TrimSpace(m.inputs[i].Value())); h != "" {
					hint = st.Form.Hint.Render(" " + h)
				}
			}
			lines = append(lines, lab+m.inputs[i].View()+hint)
		}
		if f.Note != "" {
			lines = append(lines, indent+st.Muted.Render(f.Note))
		}
		if m.errs[i] != "" {
			lines = append(lines, common.Truncate(indent+st.Form.Error.Render("↳ "+m.errs[i]), m.width))
		}
		if i == m.focus {
			focusEnd = len(lines)
		}
	}
	avail := max(m.height, 1)
	off := 0
	if focusEnd > avail {
		off = min(focusEnd-avail, focusTop)
	}
	if len(lines) > avail+off {
		lines = lines[:avail+off]
	}
	lines = lines[off:]
	for i, l := range lines {
		lines[i] = common.Truncate(l, m.width)
	}
	return strings.Join(lines, "\n")
}

// ViewIn draws the fields in height lines instead of the form's height.
func (m Model) ViewIn(height int) string {
	m.height = height
	return m.View()
}

// Lines is how many lines the form takes with every field shown.
func (m Model) Lines() int { return strings.Count(m.ViewIn(1<<20), "\n") + 1 }

func pad(s string, w int) string { return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) }

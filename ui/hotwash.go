package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/store"
)

// hotwashModel takes the short discussion after a drill: what went well,
// what to improve, and improvement actions (what, principle, owner, due
// date), saved with the run.
type hotwashModel struct {
	c        *common
	store    store.Store
	runID    int64
	scenario *engine.Scenario
	wentWell textarea.Model
	improve  textarea.Model
	fields   []textinput.Model // what, principle, owner, due
	focus    int               // 0, 1: the text areas; 2..5: the action fields
	actions  []engine.Action
	status   string
	err      string
}

// hotwashSavedMsg answers a save.
type hotwashSavedMsg struct {
	action *engine.Action
	err    error
}

var (
	nextField = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field"))
	prevField = key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field"))
	saveForm  = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save"))
)

func newHotwash(c *common, s store.Store, runID int64, sc *engine.Scenario, prior engine.Hotwash) hotwashModel {
	area := func(placeholder, value string) textarea.Model {
		t := textarea.New()
		t.Placeholder = placeholder
		t.ShowLineNumbers = false
		t.CharLimit = 2000
		t.SetValue(value)
		t.SetHeight(3)
		t.Cursor.SetMode(cursor.CursorStatic)
		return t
	}
	input := func(placeholder string, limit int) textinput.Model {
		t := textinput.New()
		t.Placeholder = placeholder
		t.CharLimit = limit
		t.Prompt = ""
		t.Cursor.SetMode(cursor.CursorStatic)
		return t
	}
	m := hotwashModel{c: c, store: s, runID: runID, scenario: sc,
		wentWell: area("What went well?", prior.WentWell),
		improve:  area("What should improve?", prior.Improve),
		fields: []textinput.Model{
			input("What will be done", 200),
			input(principleList(sc), 20),
			input("Who owns it", 60),
			input("YYYY-MM-DD", 10),
		},
	}
	m.wentWell.Focus()
	return m
}

func (m *hotwashModel) setSize(w, h int) {
	fw := max(min(w-6, 90), 20)
	m.wentWell.SetWidth(fw)
	m.improve.SetWidth(fw)
	for i := range m.fields {
		m.fields[i].Width = max(fw-14, 10)
	}
}

func (m *hotwashModel) setFocus(i int) {
	m.focus = (i + 6) % 6
	m.wentWell.Blur()
	m.improve.Blur()
	for k := range m.fields {
		m.fields[k].Blur()
	}
	switch m.focus {
	case 0:
		m.wentWell.Focus()
	case 1:
		m.improve.Focus()
	default:
		m.fields[m.focus-2].Focus()
	}
}

// save writes the notes and, when one is filled in, an action.
func (m hotwashModel) save() (hotwashModel, tea.Cmd) {
	h := engine.Hotwash{WentWell: engine.Sanitize(strings.TrimSpace(m.wentWell.Value())), Improve: engine.Sanitize(strings.TrimSpace(m.improve.Value()))}
	var act *engine.Action
	if what := strings.TrimSpace(m.fields[0].Value()); what != "" {
		a := engine.Action{Run: m.runID, Scenario: m.scenario.ID, What: engine.Sanitize(what),
			Principle: strings.TrimSpace(m.fields[1].Value()), Owner: engine.Sanitize(strings.TrimSpace(m.fields[2].Value()))}
		if a.Principle != "" {
			if _, ok := m.scenario.Guidance.PrincipleIndex(a.Principle); !ok {
				m.err = fmt.Sprintf("%q is not a principle; use one of %s", a.Principle, principleList(m.scenario))
				return m, nil
			}
		}
		if due := strings.TrimSpace(m.fields[3].Value()); due != "" {
			t, err := time.Parse("2006-01-02", due)
			if err != nil {
				m.err = fmt.Sprintf("the due date %q is not a date; write it as YYYY-MM-DD", due)
				return m, nil
			}
			a.Due = t
		}
		act = &a
	}
	m.err, m.status = "", "Saving…"
	s, id := m.store, m.runID
	return m, func() tea.Msg {
		if err := s.SaveHotwash(id, h); err != nil {
			return hotwashSavedMsg{err: err}
		}
		if act != nil {
			aid, err := s.AddAction(*act)
			if err != nil {
				return hotwashSavedMsg{err: err}
			}
			act.ID = aid
		}
		return hotwashSavedMsg{action: act}
	}
}

func (m hotwashModel) Update(msg tea.Msg) (hotwashModel, tea.Cmd) {
	switch msg := msg.(type) {
	case hotwashSavedMsg:
		if msg.err != nil {
			m.status, m.err = "", "not saved: "+msg.err.Error()
			return m, nil
		}
		m.status = "Saved."
		if msg.action != nil {
			m.actions = append(m.actions, *msg.action)
			for i := range m.fields {
				m.fields[i].SetValue("")
			}
			m.status = "Saved. Add another action, or esc to go back."
			m.setFocus(2)
		}
		return m, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.c.keys.Back):
			return m, func() tea.Msg { return closeHotwashMsg{} }
		case key.Matches(msg, saveForm):
			return m.save()
		case key.Matches(msg, nextField):
			m.setFocus(m.focus + 1)
			return m, nil
		case key.Matches(msg, prevField):
			m.setFocus(m.focus - 1)
			return m, nil
		}
	}
	var cmd tea.Cmd
	switch m.focus {
	case 0:
		m.wentWell, cmd = m.wentWell.Update(msg)
	case 1:
		m.improve, cmd = m.improve.Update(msg)
	default:
		m.fields[m.focus-2], cmd = m.fields[m.focus-2].Update(msg)
	}
	return m, cmd
}

// closeHotwashMsg returns to the debrief.
type closeHotwashMsg struct{}

func (m hotwashModel) help() bindings {
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the debrief"))
	return bindings{short: []key.Binding{nextField, saveForm, back}, full: [][]key.Binding{{nextField, prevField}, {saveForm, back}}}
}

func (m hotwashModel) View() string {
	st := m.c.styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Hotwash") + st.Muted.Render(" · "+m.scenario.Title) + "\n\n")
	b.WriteString(st.Strong.Render("What went well") + "\n" + m.wentWell.View() + "\n\n")
	b.WriteString(st.Strong.Render("What to improve") + "\n" + m.improve.View() + "\n\n")
	b.WriteString(st.Strong.Render("Improvement action") + st.Muted.Render("  (ctrl+s saves it; then add another)") + "\n")
	for i, label := range []string{"What", "Principle", "Owner", "Due"} {
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, st.Briefing.Label.Width(12).Render(label), m.fields[i].View()) + "\n")
	}
	if len(m.actions) > 0 {
		b.WriteString("\n" + st.Strong.Render("Actions saved") + "\n")
		for _, a := range m.actions {
			due := ""
			if !a.Due.IsZero() {
				due = " · due " + a.Due.Format("2006-01-02")
			}
			b.WriteString(fmt.Sprintf("  • %s%s%s\n", a.What, st.Muted.Render(" · "+orNone(a.Owner)), st.Muted.Render(due)))
		}
	}
	if m.err != "" {
		b.WriteString("\n" + st.Error.Render(m.err) + "\n")
	} else if m.status != "" {
		b.WriteString("\n" + st.Panel.Met.Render(m.status) + "\n")
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(b.String())
}

func orNone(s string) string {
	if s == "" {
		return "no owner yet"
	}
	return s
}

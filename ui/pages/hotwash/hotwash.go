// Package hotwash is the short discussion after a drill: what went well,
// what to improve, and improvement actions (what, principle, owner, due
// date), saved with the run.
package hotwash

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
	"github.com/ttx-dev/ttx/ui/components/busy"
	"github.com/ttx-dev/ttx/ui/components/form"
)

// The form's fields.
const (
	fWentWell = iota
	fImprove
	fWhat
	fPrinciple
	fOwner
	fDue
)

// Model is the hotwash of one run.
type Model struct {
	c        *common.Common
	runID    int64
	scenario *engine.Scenario
	form     form.Model
	loading  bool         // the notes saved before are being read
	queue    []tea.KeyMsg // keys typed while they were
	spinner  busy.Model
	pending  bool // a save is running
	actions  []engine.Action
	status   string
	err      string
	width    int
	height   int
}

// Messages of the hotwash's commands.
type (
	// priorMsg brings the notes saved before.
	priorMsg struct {
		run int64
		h   engine.Hotwash
		err error
	}
	// savedMsg answers a save.
	savedMsg struct {
		run    int64
		action *engine.Action
		err    error
	}
)

// New returns the hotwash of run runID of scenario sc.
func New(c *common.Common, runID int64, sc *engine.Scenario) *Model {
	principle := form.Field{Label: "Principle", None: "none", Hint: func(id string) string {
		if k, ok := sc.Guidance.PrincipleIndex(id); ok {
			return sc.Guidance.Principles[k].Title
		}
		return "the action concerns no principle in particular"
	}}
	for p, pr := range sc.Guidance.Principles {
		if sc.Scored(p) {
			principle.Options = append(principle.Options, pr.ID)
		}
	}
	f := form.New(c, 10, 90,
		form.Field{Label: "Went well", Placeholder: "What went well?", Limit: 2000, Lines: 3},
		form.Field{Label: "To improve", Placeholder: "What should improve?", Limit: 2000, Lines: 3},
		form.Field{Section: "Improvement action", Label: "What", Placeholder: "What will be done", Limit: 200},
		principle,
		form.Field{Label: "Owner", Placeholder: "Who owns it", Limit: 60},
		form.Field{Label: "Due", Placeholder: "YYYY-MM-DD", Limit: 10},
	)
	return &Model{c: c, runID: runID, scenario: sc, form: f, loading: true, spinner: busy.New(c)}
}

// Init reads the notes saved before, in a command.
func (m *Model) Init() tea.Cmd {
	s, id := m.c.Store, m.runID
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		r, err := s.Get(id)
		if err != nil {
			return priorMsg{run: id, err: err}
		}
		return priorMsg{run: id, h: r.Hotwash}
	})
}

// SetSize fits the form to the page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

func (m *Model) layout() {
	// The margin (two lines), the title and a blank line, then the form,
	// the actions saved and the status line.
	used := 2 + 2 + 2
	if len(m.actions) > 0 {
		used += 2 + len(m.actions)
	}
	m.form.SetSize(max(m.width-4, 20), max(m.height-used, 1))
}

// Typing is true: keys go to the form.
func (m *Model) Typing() bool { return true }

// Update handles the notes saved before, the save's answer and the keys.
func (m *Model) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case priorMsg:
		if msg.run != m.runID || !m.loading {
			return m, nil
		}
		m.loading = false
		if msg.err != nil {
			m.err = "the notes saved before cannot be read: " + common.Line(msg.err.Error())
		}
		m.form.SetValue(fWentWell, msg.h.WentWell)
		m.form.SetValue(fImprove, msg.h.Improve)
		m.form.MarkUnchanged()
		var cmds []tea.Cmd
		for _, k := range m.queue {
			cmds = append(cmds, m.key(k))
		}
		m.queue = nil
		return m, tea.Batch(cmds...)
	case savedMsg:
		if msg.run != m.runID {
			return m, nil
		}
		m.pending = false
		if msg.err != nil {
			m.status, m.err = "", "not saved: "+common.Line(msg.err.Error())
			return m, nil
		}
		m.status = "Saved the notes."
		if msg.action != nil {
			m.actions = append(m.actions, *msg.action)
			for _, f := range []int{fWhat, fPrinciple, fOwner, fDue} {
				m.form.SetValue(f, "")
			}
			m.status = fmt.Sprintf("Saved the notes and the action “%s”. Add another, or esc to go back.", common.Line(msg.action.What))
			m.form.SetFocus(fWhat)
			m.layout()
		}
		m.form.MarkUnchanged()
		return m, nil
	case tea.KeyMsg:
		if m.loading && !key.Matches(msg, m.c.KeyMap.Hotwash.Close) {
			m.queue = append(m.queue, msg)
			return m, nil
		}
		return m, m.key(msg)
	}
	var cmd tea.Cmd
	m.spinner, cmd, _ = m.spinner.Update(msg, m.loading)
	return m, cmd
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	switch {
	case m.form.Asking():
	case key.Matches(msg, m.c.KeyMap.Hotwash.Close):
		if m.form.Cancel() {
			m.c.Back()
		}
		return nil
	case key.Matches(msg, m.c.KeyMap.Form.Save):
		if m.pending {
			return nil
		}
		return m.save()
	}
	var cmd tea.Cmd
	m.form, cmd = m.form.Update(msg)
	if m.form.Discarded() {
		m.c.Back()
	}
	return cmd
}

// save writes the notes and, when one is filled in, an action.
func (m *Model) save() tea.Cmd {
	h := engine.Hotwash{WentWell: m.form.Value(fWentWell), Improve: m.form.Value(fImprove)}
	var act *engine.Action
	if what := m.form.Value(fWhat); what != "" {
		a := engine.Action{Run: m.runID, Scenario: m.scenario.ID, What: what, Principle: m.form.Value(fPrinciple), Owner: m.form.Value(fOwner)}
		errs := make([]string, fDue+1)
		if due := m.form.Value(fDue); due != "" {
			t, err := engine.ParseDay(due)
			today := m.c.Now().Format(time.DateOnly)
			switch {
			case err != nil:
				errs[fDue] = "the due date " + err.Error()
			case t.Format(time.DateOnly) < today:
				errs[fDue] = fmt.Sprintf("%s has passed; give a date from today (%s) on", due, today)
			}
			a.Due = t
		}
		m.form.SetErrors(errs)
		if m.form.Bad() > 0 {
			m.err, m.status = "", ""
			return nil
		}
		act = &a
	}
	m.form.SetErrors(nil)
	m.err, m.status, m.pending = "", "Saving…", true
	s, id := m.c.Store, m.runID
	return func() tea.Msg {
		if err := s.SaveHotwash(id, h); err != nil {
			return savedMsg{run: id, err: err}
		}
		if act != nil {
			aid, err := s.AddAction(*act)
			if err != nil {
				return savedMsg{run: id, err: err}
			}
			act.ID = aid
		}
		return savedMsg{run: id, action: act}
	}
}

// ShortHelp is the form's keys, save and back; while the form asks
// whether to throw the changes away, yes and no.
func (m *Model) ShortHelp() []key.Binding {
	if m.form.Asking() {
		return m.form.Keys()
	}
	return append(m.form.ShortKeys(), m.c.KeyMap.Form.Save, m.c.KeyMap.Hotwash.Close)
}

// FullHelp is every key of the hotwash, in columns.
func (m *Model) FullHelp() [][]key.Binding {
	if m.form.Asking() {
		return [][]key.Binding{m.form.Keys()}
	}
	return [][]key.Binding{m.form.Keys(), {m.c.KeyMap.Form.Save, m.c.KeyMap.Hotwash.Close}}
}

// View draws the form, the actions saved and the status.
func (m *Model) View() string {
	st := m.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Hotwash") + st.Muted.Render(" · "+m.scenario.Title) + "\n\n")
	if m.loading {
		b.WriteString(m.spinner.View() + " Reading the notes saved before…")
		return st.Pad.Render(b.String())
	}
	b.WriteString(m.form.View() + "\n")
	if len(m.actions) > 0 {
		b.WriteString("\n" + st.Strong.Render("Actions saved") + "\n")
		for _, a := range m.actions {
			due := ""
			if !a.Due.IsZero() {
				due = " · due " + a.Due.Format("2006-01-02")
			}
			b.WriteString(fmt.Sprintf("  • %s%s%s\n", common.Line(a.What), st.Muted.Render(" · "+common.Or(common.Line(a.Owner), "no owner yet")), st.Muted.Render(due)))
		}
	}
	switch {
	case m.form.Asking():
		b.WriteString("\n" + m.form.Question())
	case m.err != "":
		b.WriteString("\n" + st.Error.Render(m.err))
	case m.form.Bad() > 0:
		b.WriteString("\n" + st.Error.Render(common.Plural(m.form.Bad(), "field needs", "fields need")+" fixing."))
	case m.status != "":
		b.WriteString("\n" + st.Success.Render(m.status))
	}
	return st.Pad.Render(b.String())
}

package riskmap

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/ui/common"
)

// key handles a key in the screen's current mode: the form, the delete
// question, the full detail, the list or the map.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	g, k := m.c.KeyMap.Global, m.c.KeyMap.RiskMap
	switch {
	case m.pending && key.Matches(msg, g.Back, m.c.KeyMap.Form.Cancel, k.ConfirmNo):
		return nil // the save's answer must find this screen as it was
	case m.formOpen:
		return m.formKey(msg)
	case m.confirm:
		switch {
		case m.pending:
		case key.Matches(msg, k.ConfirmYes):
			id := m.confirmID
			risks := slices.DeleteFunc(slices.Clone(m.reg.Risks), func(r engine.Risk) bool { return r.ID == id })
			m.confirm = false
			return m.save(risks, "", "deleted "+common.Line(id))
		case key.Matches(msg, k.ConfirmNo):
			m.confirm = false
		}
		return nil
	case m.full:
		up, down := m.lines()
		switch {
		case key.Matches(msg, k.CloseDetails):
			m.full = false
		case key.Matches(msg, up):
			m.scroll(-1)
		case key.Matches(msg, down):
			m.scroll(1)
		case key.Matches(msg, g.PageUp):
			m.scroll(-m.detailPage())
		case key.Matches(msg, g.PageDown):
			m.scroll(m.detailPage())
		}
		return nil
	}
	sel := m.selected()
	switch {
	case key.Matches(msg, g.PageUp):
		m.scroll(-m.detailPage())
		return nil
	case key.Matches(msg, g.PageDown):
		m.scroll(m.detailPage())
		return nil
	case key.Matches(msg, m.add()):
		m.form = newRiskForm(m.c, m.checked(), -1, m.curL, m.curI)
		m.form.setSize(m.width, m.height)
		m.formOpen = true
		return nil
	case key.Matches(msg, m.edit()):
		idx := slices.IndexFunc(m.reg.Risks, func(r engine.Risk) bool { return r.ID == sel.ID })
		m.form = newRiskForm(m.c, m.checked(), idx, m.curL, m.curI)
		m.form.setSize(m.width, m.height)
		m.formOpen = true
		return nil
	case key.Matches(msg, m.del()):
		m.confirm, m.confirmID = true, sel.ID
		return nil
	case key.Matches(msg, m.details()):
		m.full, m.detailOff = true, 0
		return nil
	}
	if m.focus == focusList {
		n := len(m.entries(m.curL, m.curI))
		switch {
		case key.Matches(msg, k.ToMap):
			m.focus = focusMap
		case key.Matches(msg, k.Leave):
			m.c.Back()
		case key.Matches(msg, g.Up):
			if m.sel > 0 {
				m.sel, m.detailOff = m.sel-1, 0
			}
		case key.Matches(msg, g.Down):
			if m.sel < n-1 {
				m.sel, m.detailOff = m.sel+1, 0
			}
		}
		return nil
	}
	switch {
	case key.Matches(msg, g.Back):
		m.c.Back()
	case key.Matches(msg, m.toList()):
		m.focus = focusList
	case key.Matches(msg, g.Up):
		m.moveCursor(1, 0)
	case key.Matches(msg, g.Down):
		m.moveCursor(-1, 0)
	case key.Matches(msg, k.Left):
		m.moveCursor(0, -1)
	case key.Matches(msg, k.Right):
		m.moveCursor(0, 1)
	}
	return nil
}

// formKey handles a key while the form is open: esc cancels (asking
// first when something was changed), ctrl+s checks and saves, the rest
// goes to the form.
func (m *Model) formKey(msg tea.KeyMsg) tea.Cmd {
	fk := m.c.KeyMap.Form
	switch {
	case m.form.form.Asking():
	case key.Matches(msg, fk.Cancel):
		if m.form.form.Cancel() {
			m.formOpen = false
		}
		return nil
	case key.Matches(msg, fk.Save):
		if m.pending {
			return nil
		}
		r, ok := m.form.validate(m.checked(), m.today, m.knownScenario)
		if !ok {
			return nil
		}
		risks := slices.Clone(m.reg.Risks)
		done := "added " + r.ID
		if m.form.orig >= 0 && m.form.orig < len(risks) {
			risks[m.form.orig] = r
			done = "updated " + r.ID
		} else {
			risks = append(risks, r)
		}
		m.form.saveErr = ""
		m.form.saving = true
		return m.save(risks, r.ID, done)
	}
	var cmd tea.Cmd
	m.form, cmd = m.form.update(msg)
	if m.form.form.Discarded() {
		m.formOpen = false
	}
	return cmd
}

// checked is the register as the form checks a risk against it: with the
// screen's guidance.
func (m *Model) checked() *engine.Register {
	reg := *m.reg
	if m.cfg.Guidance != nil {
		reg.Guidance = m.cfg.Guidance
	}
	return &reg
}

// today is the session's date, YYYY-MM-DD.
func (m *Model) today() string { return m.now().Format("2006-01-02") }

// knownScenario reports whether ttx knows a scenario by id; nil while the
// scenarios are not loaded.
func (m *Model) knownScenario(id string) bool {
	if m.c.Catalog == nil {
		return true
	}
	return m.c.Catalog.ByID(id) != nil
}

// The bindings that depend on the screen's state: each is enabled only
// when it would act.
func (m *Model) add() key.Binding {
	b := m.c.KeyMap.RiskMap.Add
	b.SetEnabled(!m.pending)
	return b
}

func (m *Model) edit() key.Binding {
	b := m.c.KeyMap.RiskMap.Edit
	b.SetEnabled(!m.pending && m.selected() != nil)
	return b
}

func (m *Model) del() key.Binding {
	b := m.c.KeyMap.RiskMap.Delete
	b.SetEnabled(!m.pending && m.selected() != nil)
	return b
}

func (m *Model) details() key.Binding {
	b := m.c.KeyMap.RiskMap.Details
	b.SetEnabled(m.selected() != nil)
	return b
}

func (m *Model) toList() key.Binding {
	b := m.c.KeyMap.RiskMap.ToList
	b.SetEnabled(len(m.entries(m.curL, m.curI)) > 0)
	return b
}

// scrollKeys are pgup and pgdn over the detail pane, each enabled when
// the pane has more to show that way.
func (m *Model) scrollKeys() []key.Binding {
	g := m.c.KeyMap.Global
	return m.scrollBy(g.PageUp, g.PageDown, "details up", "details down")
}

// lines are the up and down keys of the full detail, each enabled when it
// has more to show that way.
func (m *Model) lines() (key.Binding, key.Binding) {
	k := m.c.KeyMap.RiskMap
	b := m.scrollBy(k.LinesUp, k.LinesDown, k.LinesUp.Help().Desc, k.LinesDown.Help().Desc)
	return b[0], b[1]
}

func (m *Model) scrollBy(up, down key.Binding, upDesc, downDesc string) []key.Binding {
	up.SetHelp(up.Help().Key, upDesc)
	down.SetHelp(down.Help().Key, downDesc)
	w, h := m.detailSize()
	more := 0
	if w > 0 {
		more = len(m.detailLines(w-4)) - (h - 2)
	}
	up.SetEnabled(more > 0 && m.detailOff > 0)
	down.SetEnabled(more > 0 && m.detailOff < more)
	return []key.Binding{up, down}
}

// ShortHelp is the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.KeyMap.RiskMap
	fk := m.c.KeyMap.Form
	g := m.c.KeyMap.Global
	switch {
	case m.cfg.Problem != nil:
		return m.problemKeys()
	case m.formOpen && m.form.form.Asking():
		return m.form.form.Keys()
	case m.formOpen:
		return append(m.form.form.ShortKeys(), fk.Prev, fk.Save, fk.Cancel)
	case m.confirm:
		return []key.Binding{k.ConfirmYes, k.ConfirmNo}
	case m.full:
		up, down := m.lines()
		return append([]key.Binding{up, down, k.CloseDetails}, m.scrollKeys()...)
	case m.focus == focusList:
		return []key.Binding{k.Select, m.details(), m.edit(), m.del(), m.add(), k.ToMap, k.Leave}
	}
	return []key.Binding{k.Move, m.toList(), m.details(), m.add(), m.edit(), m.del(), g.Back}
}

// FullHelp is every key that works now, in columns.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.KeyMap.RiskMap
	fk := m.c.KeyMap.Form
	g := m.c.KeyMap.Global
	switch {
	case m.cfg.Problem != nil:
		return [][]key.Binding{m.problemKeys()}
	case m.formOpen && m.form.form.Asking():
		return [][]key.Binding{m.form.form.Keys()}
	case m.formOpen:
		return [][]key.Binding{m.form.form.Keys(), {fk.Save, fk.Cancel}}
	case m.confirm:
		return [][]key.Binding{{k.ConfirmYes, k.ConfirmNo}}
	case m.full:
		up, down := m.lines()
		return [][]key.Binding{{up, down, k.CloseDetails}, m.scrollKeys()}
	case m.focus == focusList:
		return [][]key.Binding{{k.Select, k.ToMap}, append([]key.Binding{m.details()}, m.scrollKeys()...), {m.add(), m.edit(), m.del()}, {k.Leave}}
	}
	return [][]key.Binding{{k.Move, m.toList()}, append([]key.Binding{m.details()}, m.scrollKeys()...), {m.add(), m.edit(), m.del()}, {g.Back}}
}

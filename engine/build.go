package engine

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

var varPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// build checks the decoded file and compiles it into a Scenario, reporting
// every problem it finds to l.
func (l *loader) build(raw *rawScenarioFile, guides Guides, paramOrder []string) *Scenario {
	h := raw.Scenario
	sc := &Scenario{
		ID: h.ID, Version: l.str("scenario.version", h.Version), Risk: l.str("scenario.risk", h.Risk), File: l.file,
		Authors: l.strs("scenario.authors", h.Authors), Tags: l.strs("scenario.tags", h.Tags),
		choiceIdx: map[string]int{}, sceneIdx: map[string]int{}, endingIdx: map[string]int{}, varIdx: map[string]int{},
	}
	switch {
	case h.ID == "":
		l.keyErr("scenario", "the scenario needs an `id` (lowercase letters, digits and hyphens) in [scenario]")
	case !idPattern.MatchString(h.ID):
		l.valErr("scenario.id", "the scenario id %q may only use lowercase letters, digits and hyphens", h.ID)
	}
	if h.Title == "" {
		l.keyErr("scenario", "the scenario needs a `title` in [scenario]")
	}
	gid := h.Guidance
	if gid == "" {
		gid = DefaultGuidance
	}
	sc.Guidance = guides[gid]
	if sc.Guidance == nil {
		names := make([]string, 0, len(guides))
		for k := range guides {
			names = append(names, k)
		}
		l.valErr("scenario.guidance", "guidance %q names no known rubric%s; the built-in one is %q", gid, didYouMean(gid, names), DefaultGuidance)
		sc.Guidance = &Guidance{idx: map[string]int{}}
	}
	sc.scored = make([]bool, len(sc.Guidance.Principles))

	l.startTime(sc, h.StartTime)
	l.buildParams(sc, raw.Params, paramOrder)
	sc.Title, sc.Summary = l.prose(sc, "scenario.title", h.Title), l.prose(sc, "scenario.summary", h.Summary)
	l.buildRoles(sc, h.Roles, raw.Roles)
	l.buildVars(sc, raw)
	l.indexIDs(sc, raw)
	l.buildModules(sc, raw.Modules)
	if h.Start == "" {
		l.keyErr("scenario", "the scenario needs `start`, the id of its first scene")
	} else if i, ok := sc.sceneIdx[h.Start]; ok {
		sc.Start = i
	} else {
		l.valErr("scenario.start", "start %q names no scene%s", h.Start, didYouMean(h.Start, keys(sc.sceneIdx)))
	}

	c := newExprCompiler(sc)
	sc.reads = newReadSet(len(sc.Vars), len(sc.choices), len(raw.Scenes))
	all := newReadSet(len(sc.Vars), len(sc.choices), len(raw.Scenes))
	c.into, c.all = &sc.reads, &all
	sc.varUsed = all.vars
	l.buildScenes(sc, c, raw.Scenes)
	l.buildEvents(sc, c, raw.Events)
	l.buildChecks(sc, c, raw.Checks)
	l.buildEndings(sc, c, raw.Endings)
	c.into = nil // clocks are shown, not played: what they read is not drill state
	l.buildClocks(sc, c, raw.Clocks)
	l.buildDisplay(sc, raw.Display)
	sc.chosen = all.choices
	l.staticWarnings(sc)
	return sc
}

// str sanitizes a string from the file, warning when that changed it.
func (l *loader) str(path, s string) string {
	if HasControl(s) {
		l.controlWarning(path, s)
		return Sanitize(s)
	}
	return s
}

// controlWarning warns that s, the string at path, holds terminal control
// characters, pointing at the first of them.
func (l *loader) controlWarning(path, s string) {
	n := 0
	for _, r := range s {
		if HasControl(string(r)) {
			break
		}
		n++
	}
	l.at(Warning, l.index().stringPos(path, n), "this text contains terminal control characters; they were removed", "escape sequences in a scenario could change a player's terminal, so ttx never prints them")
}

func (l *loader) strs(path string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = l.str(fmt.Sprintf("%s.%d", path, i), s)
	}
	return out
}

// text parses player-visible text with {var} interpolation.
func (l *loader) text(sc *Scenario, path, raw string) Text {
	if HasControl(raw) {
		l.controlWarning(path, raw)
	}
	t, err := parseText(raw, textNames{vars: sc.varIdx, params: sc.Params, hasStart: !sc.StartTime.IsZero()})
	if err != nil {
		l.exprErr(path, err)
	}
	for _, p := range t.parts {
		if p.v >= 0 {
			sc.varUsed[p.v] = true
		}
	}
	return t
}

func (l *loader) buildVars(sc *Scenario, raw *rawScenarioFile) {
	names := make([]string, 0, len(raw.Vars))
	for n := range raw.Vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		path := "vars." + n
		v := Var{Name: n}
		switch x := raw.Vars[n].(type) {
		case int64:
			v.Start = float64(x)
		case float64:
			v.Start = x
		case bool:
			v.Bool, v.Start = true, b2f(x)
		default:
			l.valErr(path, "variable `%s` must start as a number or true/false; text and tables are not variables", n)
			continue
		}
		if !varPattern.MatchString(n) {
			l.keyErr(path, "variable name `%s` must be letters, digits and underscores, not starting with a digit", n)
			continue
		}
		if reserved[n] {
			l.keyErr(path, "`%s` is a reserved word in expressions; name the variable something else", n)
			continue
		}
		if n == "param" && len(sc.Params) > 0 {
			l.keyErr(path, "`param` names the [params] table in expressions (param.%s), so it cannot be a variable as well; rename the variable", sc.Params[0].Name)
			continue
		}
		sc.varIdx[n] = len(sc.Vars)
		sc.Vars = append(sc.Vars, v)
	}
	bnames := make([]string, 0, len(raw.Bounds))
	for n := range raw.Bounds {
		bnames = append(bnames, n)
	}
	sort.Strings(bnames)
	for _, n := range bnames {
		b := raw.Bounds[n]
		path := "bounds." + n
		i, ok := sc.varIdx[n]
		if !ok {
			l.keyErr(path, "bounds for `%s`, which is not declared in [vars]%s", n, didYouMean(n, keys(sc.varIdx)))
			continue
		}
		v := &sc.Vars[i]
		if v.Bool {
			l.keyErr(path, "`%s` is a boolean, so it cannot have bounds", n)
			continue
		}
		if b[0] > b[1] {
			l.valErr(path, "bounds for `%s` are [min, max], but %s is greater than %s", n, fmtNum(b[0]), fmtNum(b[1]))
			continue
		}
		v.HasBound, v.Min, v.Max = true, b[0], b[1]
		sc.bounded = append(sc.bounded, i)
		if v.Start < v.Min || v.Start > v.Max {
			l.valErr("vars."+n, "`%s` starts at %s, outside its bounds [%s, %s]", n, fmtNum(v.Start), fmtNum(v.Min), fmtNum(v.Max))
		}
	}
}

func fmtNum(x float64) string { return FormatValue(Var{}, x) }

// indexIDs indexes scenes, endings and choices, reporting missing, malformed
// and duplicate ids. Scenes and endings share one namespace, since a goto may
// name either.
func (l *loader) indexIDs(sc *Scenario, raw *rawScenarioFile) {
	checkID := func(path, kind, id string) bool { return l.checkID(path, kind, id, nil) }
	sc.Scenes = make([]Scene, len(raw.Scenes))
	for i, s := range raw.Scenes {
		path := fmt.Sprintf("scenes.%d", i)
		sc.Scenes[i].ID = s.ID
		if !checkID(path, "scene", s.ID) {
			continue
		}
		if _, dup := sc.sceneIdx[s.ID]; dup {
			l.valErr(path+".id", "the scene id %q is used twice; scene and ending ids must be unique", s.ID)
			continue
		}
		sc.sceneIdx[s.ID] = i
	}
	sc.Endings = make([]Ending, len(raw.Endings))
	for i, e := range raw.Endings {
		path := fmt.Sprintf("endings.%d", i)
		sc.Endings[i].ID = e.ID
		if !checkID(path, "ending", e.ID) {
			continue
		}
		_, dupScene := sc.sceneIdx[e.ID]
		_, dupEnd := sc.endingIdx[e.ID]
		if dupScene || dupEnd {
			l.valErr(path+".id", "the ending id %q is already used by a scene or ending; scene and ending ids must be unique", e.ID)
			continue
		}
		sc.endingIdx[e.ID] = i
	}
	if len(raw.Scenes) == 0 {
		l.keyErr("", "the scenario has no [[scenes]]; add at least one")
	}
	for i, s := range raw.Scenes {
		for j, ch := range s.Choices {
			path := fmt.Sprintf("scenes.%d.choices.%d", i, j)
			if !checkID(path, "choice", ch.ID) {
				continue
			}
			if _, dup := sc.choiceIdx[ch.ID]; dup {
				l.valErr(path+".id", "the choice id %q is used twice; choice ids must be unique in the whole file", ch.ID)
				continue
			}
			sc.choiceIdx[ch.ID] = len(sc.choices)
			sc.choices = append(sc.choices, choiceRef{i, j})
		}
	}
}

// checkID reports a missing or malformed id of a table at path, and, when
// seen is not nil, one used twice among its kind; it returns whether the id
// is fine.
func (l *loader) checkID(path, kind, id string, seen map[string]bool) bool {
	switch {
	case id == "":
		l.keyErr(path, "this %s needs an `id`", kind)
	case !idPattern.MatchString(id):
		l.valErr(path+".id", "the %s id %q may only use lowercase letters, digits and hyphens", kind, id)
	case seen[id]:
		l.valErr(path+".id", "the %s id %q is used twice; %s ids must be unique", kind, id, kind)
	default:
		if seen != nil {
			seen[id] = true
		}
		return true
	}
	return false
}

// target resolves a goto.
func (l *loader) target(sc *Scenario, path, id string) Target {
	if i, ok := sc.sceneIdx[id]; ok {
		return Target{Index: i}
	}
	if i, ok := sc.endingIdx[id]; ok {
		return Target{Ending: true, Index: i}
	}
	l.valErr(path, "goto %q names no scene or ending%s", id, didYouMean(id, append(keys(sc.sceneIdx), keys(sc.endingIdx)...)))
	return Target{Index: -1}
}

func (l *loader) cond(c *exprCompiler, path, src string) *Cond {
	if src == "" {
		return nil
	}
	k, err := c.Cond(src)
	if err != nil {
		l.exprErr(path, err)
		return nil
	}
	return k
}

// effects compiles set and add tables.
func (l *loader) effects(sc *Scenario, c *exprCompiler, path string, set map[string]any, add map[string]float64) ([]Assign, []Delta) {
	var assigns []Assign
	for _, name := range sortedKeys(set) {
		p := path + ".set." + name
		i, ok := sc.varIdx[name]
		if !ok {
			l.keyErr(p, "set names `%s`, which is not declared in [vars]%s", name, didYouMean(name, keys(sc.varIdx)))
			continue
		}
		v := sc.Vars[i]
		var n *Num
		switch x := set[name].(type) {
		case string:
			var err *exprError
			if n, err = c.Num(x, v.Bool); err != nil {
				l.exprErr(p, err)
				continue
			}
		case bool:
			if !v.Bool {
				l.valErr(p, "`%s` is a number, so it cannot be set to %v", name, x)
				continue
			}
			n = constNum(b2f(x), fmt.Sprint(x))
		case int64, float64:
			f := toFloat(x)
			if v.Bool {
				l.valErr(p, "`%s` is a boolean, so it cannot be set to %s", name, fmtNum(f))
				continue
			}
			n = constNum(f, fmtNum(f))
		default:
			l.valErr(p, "set `%s` to a number, true/false, or an expression in quotes", name)
			continue
		}
		assigns = append(assigns, Assign{Var: i, Expr: n})
	}
	var deltas []Delta
	for _, name := range sortedKeys(add) {
		p := path + ".add." + name
		i, ok := sc.varIdx[name]
		if !ok {
			l.keyErr(p, "add names `%s`, which is not declared in [vars]%s", name, didYouMean(name, keys(sc.varIdx)))
			continue
		}
		if sc.Vars[i].Bool {
			l.keyErr(p, "`%s` is a boolean, so nothing can be added to it; use set", name)
			continue
		}
		deltas = append(deltas, Delta{Var: i, By: add[name]})
	}
	return assigns, deltas
}

func toFloat(x any) float64 {
	switch x := x.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (l *loader) points(sc *Scenario, path string, score map[string]int) []Points {
	var out []Points
	for _, id := range sortedKeys(score) {
		p, ok := sc.Guidance.PrincipleIndex(id)
		if !ok {
			ids := make([]string, len(sc.Guidance.Principles))
			for i, pr := range sc.Guidance.Principles {
				ids[i] = pr.ID
			}
			l.keyErr(path+".score."+id, "`%s` is not a principle of the guidance%s; the principles are %s", id, didYouMean(id, ids), strings.Join(ids, ", "))
			continue
		}
		sc.scored[p] = true
		if score[id] != 0 {
			out = append(out, Points{Principle: p, By: score[id]})
		}
	}
	return out
}

func (l *loader) buildScenes(sc *Scenario, c *exprCompiler, raws []rawScene) {
	for i, rs := range raws {
		path := fmt.Sprintf("scenes.%d", i)
		s := &sc.Scenes[i]
		s.Title = l.text(sc, path+".title", rs.Title)
		s.Text = l.text(sc, path+".text", rs.Text)
		s.Role = l.str(path+".role", rs.Role)
		s.Notes = l.prose(sc, path+".notes", rs.Notes)
		l.buildDiscuss(sc, s, path, rs.Discuss)
		l.buildRole(sc, s, path)
		s.Timeout = -1
		s.Goto = Target{Index: -1}
		if rs.Title == "" && rs.ID != "" {
			l.keyErr(path, "scene %q needs a `title`", rs.ID)
		}
		l.buildPick(s, path, rs)
		s.Choices = make([]Choice, len(rs.Choices))
		for j, rc := range rs.Choices {
			cp := fmt.Sprintf("%s.choices.%d", path, j)
			ch := &s.Choices[j]
			ch.ID = rc.ID
			ch.index = sc.choiceIdx[rc.ID]
			ch.Text = l.text(sc, cp+".text", rc.Text)
			if rc.Text == "" {
				l.keyErr(cp, "choice %q needs a `text`", rc.ID)
			}
			ch.Hours = 1
			if rc.Hours != nil {
				ch.Hours = *rc.Hours
				if ch.Hours < 0 || math.IsNaN(ch.Hours) || math.IsInf(ch.Hours, 0) {
					l.valErr(cp+".hours", "`hours` advances the scenario clock, so it must be zero or more")
				}
			}
			ch.When = l.cond(c, cp+".when", rc.When)
			ch.Set, ch.Add = l.effects(sc, c, cp, rc.Set, rc.Add)
			ch.Score = l.points(sc, cp, rc.Score)
			ch.Why = l.prose(sc, cp+".why", rc.Why)
			ch.Plan = rc.Plan
			ch.Goto = Target{Index: -1}
			switch {
			case s.IsPick() && rc.Goto != "":
				l.valErr(cp+".goto", "choice %q is in a pick scene, which goes to the scene's own `goto`; remove this goto", rc.ID)
			case !s.IsPick() && rc.Goto == "":
				l.keyErr(cp, "choice %q needs a `goto`: the id of the scene or ending it leads to", rc.ID)
			case !s.IsPick():
				ch.Goto = l.target(sc, cp+".goto", rc.Goto)
			}
		}
		if s.IsPick() {
			switch {
			case rs.Goto == "":
				l.keyErr(path, "pick scene %q needs a `goto`: where the scene goes after the picks", rs.ID)
			default:
				s.Goto = l.target(sc, path+".goto", rs.Goto)
			}
			if s.PickMax > len(s.Choices) {
				l.valErr(path+".pick", "pick asks for up to %d choices, but the scene has %d; pick must stay within 1..%d", s.PickMax, len(s.Choices), len(s.Choices))
			}
			if len(s.Choices) > maxPickChoices {
				l.valErr(path+".pick", "a pick scene may offer at most %d choices, since every set of picks is explored, but %q has %d; split it into two pick scenes", maxPickChoices, rs.ID, len(s.Choices))
			}
		} else if rs.Goto != "" {
			l.valErr(path+".goto", "only a pick scene has its own `goto`; put the goto on each choice")
		}
		l.buildTimer(sc, s, path, rs)
		s.Variants = l.variants(sc, c, path, rs.Variants)
	}
}

func (l *loader) buildPick(s *Scene, path string, rs rawScene) {
	if rs.Pick == nil {
		return
	}
	bad := func() {
		l.valErr(path+".pick", "pick is [min, max], the number of choices to take (or one number for exactly that many), within 1..number of choices")
	}
	switch p := rs.Pick.(type) {
	case int64:
		s.PickMin, s.PickMax = int(p), int(p)
	case []any:
		if len(p) != 2 {
			bad()
			return
		}
		a, ok1 := p[0].(int64)
		b, ok2 := p[1].(int64)
		if !ok1 || !ok2 {
			bad()
			return
		}
		s.PickMin, s.PickMax = int(a), int(b)
	default:
		bad()
		return
	}
	if s.PickMin < 1 || s.PickMin > s.PickMax || s.PickMax > 64 {
		bad()
		// Go on as a pick scene of any count, so that its choices are
		// checked as such without a second error about the count.
		s.PickMin, s.PickMax = 1, max(1, min(len(rs.Choices), 64))
	}
}

func (l *loader) buildTimer(sc *Scenario, s *Scene, path string, rs rawScene) {
	if rs.TimeLimit != "" {
		d, err := time.ParseDuration(rs.TimeLimit)
		if err != nil || d <= 0 {
			l.valErr(path+".time_limit", "time_limit %q is not a duration; write it like \"90s\", \"3m\" or \"1m30s\"", rs.TimeLimit)
		} else {
			s.TimeLimit = d.Seconds()
		}
		if rs.Timeout == "" {
			l.keyErr(path+".time_limit", "a scene with `time_limit` needs `timeout`: the id of the choice taken when time runs out")
		}
	}
	if rs.Timeout == "" {
		return
	}
	for j := range s.Choices {
		if s.Choices[j].ID == rs.Timeout {
			s.Timeout = j
		}
	}
	switch {
	case s.Timeout < 0:
		ids := make([]string, len(s.Choices))
		for j := range s.Choices {
			ids[j] = s.Choices[j].ID
		}
		l.valErr(path+".timeout", "timeout %q names no choice of this scene%s", rs.Timeout, didYouMean(rs.Timeout, ids))
	case s.Choices[s.Timeout].When != nil || rs.Choices[s.Timeout].When != "":
		l.valErr(path+".timeout", "the timeout choice %q has a `when`, so it might not be offered; remove its when", rs.Timeout)
	case s.IsPick():
		l.valErr(path+".timeout", "a pick scene cannot have a timeout choice")
	}
}

func (l *loader) buildEvents(sc *Scenario, c *exprCompiler, raws []rawEvent) {
	seen := map[string]bool{}
	for i, re := range raws {
		path := fmt.Sprintf("events.%d", i)
		l.checkID(path, "event", re.ID, seen)
		e := Event{ID: re.ID, Chance: 1, Once: true, Goto: Target{Index: -1}, Channel: ChannelInternal, From: l.prose(sc, path+".from", re.From)}
		if re.Channel != "" {
			e.Channel = Channel(re.Channel)
			if !slices.Contains(channels, e.Channel) {
				names := make([]string, len(channels))
				for k, ch := range channels {
					names[k] = string(ch)
				}
				l.valErr(path+".channel", "channel %q is not one of %s%s", re.Channel, strings.Join(names, ", "), didYouMean(re.Channel, names))
				e.Channel = ChannelInternal
			}
		}
		e.When = l.cond(c, path+".when", re.When)
		if re.Chance != nil {
			e.Chance = *re.Chance
			if !(e.Chance >= 0 && e.Chance <= 1) {
				l.valErr(path+".chance", "chance is a probability, so it must be between 0 and 1")
			}
		}
		if re.Once != nil {
			e.Once = *re.Once
		}
		e.Manual = re.Manual
		e.Text = l.text(sc, path+".text", re.Text)
		if re.Text == "" {
			l.keyErr(path, "event %q needs a `text`: what the players are told when it fires", re.ID)
		}
		e.Set, e.Add = l.effects(sc, c, path, re.Set, re.Add)
		if re.Goto != "" {
			e.Goto = l.target(sc, path+".goto", re.Goto)
		}
		sc.Events = append(sc.Events, e)
	}
}

func (l *loader) buildChecks(sc *Scenario, c *exprCompiler, raws []rawCheck) {
	for i, rc := range raws {
		path := fmt.Sprintf("checks.%d", i)
		k := Check{Score: rc.Score, Why: l.prose(sc, path+".why", rc.Why), Principle: -1}
		if p, ok := sc.Guidance.PrincipleIndex(rc.Principle); ok {
			k.Principle = p
			sc.scored[p] = true
		} else if rc.Principle == "" {
			l.keyErr(path, "this check needs `principle`: the id of the principle it scores")
		} else {
			l.valErr(path+".principle", "`%s` is not a principle of the guidance", rc.Principle)
		}
		if rc.When == "" {
			l.keyErr(path, "this check needs `when`: the condition under which it scores")
		}
		k.When = l.cond(c, path+".when", rc.When)
		if k.When != nil && k.Principle >= 0 {
			sc.Checks = append(sc.Checks, k)
		}
	}
}

func (l *loader) buildEndings(sc *Scenario, c *exprCompiler, raws []rawEnding) {
	for i, re := range raws {
		path := fmt.Sprintf("endings.%d", i)
		e := &sc.Endings[i]
		e.Title = l.text(sc, path+".title", re.Title)
		e.Text = l.text(sc, path+".text", re.Text)
		if re.Title == "" && re.ID != "" {
			l.keyErr(path, "ending %q needs a `title`", re.ID)
		}
		e.When = l.cond(c, path+".when", re.When)
	}
	if len(raws) == 0 {
		l.keyErr("", "the scenario has no [[endings]]; add at least one")
	}
}

func (l *loader) buildClocks(sc *Scenario, c *exprCompiler, raws []rawClock) {
	seen := map[string]bool{}
	for i, rc := range raws {
		path := fmt.Sprintf("clocks.%d", i)
		l.checkID(path, "clock", rc.ID, seen)
		if rc.Due < 0 {
			l.valErr(path+".due", "`due` is scenario hours after the start, so it must be zero or more")
		}
		if rc.Done == "" {
			l.keyErr(path, "clock %q needs `done`: the condition under which it is met", rc.ID)
		}
		label := l.prose(sc, path+".label", rc.Label)
		if label == "" {
			label = rc.ID
		}
		sc.Clocks = append(sc.Clocks, Clock{ID: rc.ID, Label: label, Due: rc.Due, Done: l.cond(c, path+".done", rc.Done), When: l.cond(c, path+".when", rc.When)})
	}
}

func (l *loader) buildDisplay(sc *Scenario, d rawDisplay) {
	shown := func(kind string, raws []rawShown, wantBool bool) []Shown {
		var out []Shown
		for i, r := range raws {
			path := fmt.Sprintf("display.%s.%d", kind, i)
			v, ok := sc.varIdx[r.Var]
			switch {
			case r.Var == "":
				l.keyErr(path, "each entry of display.%s needs `var`: the variable to show", kind)
				continue
			case !ok:
				l.valErr(path+".var", "display.%s names `%s`, which is not declared in [vars]%s", kind, r.Var, didYouMean(r.Var, keys(sc.varIdx)))
				continue
			case wantBool && !sc.Vars[v].Bool:
				l.valErr(path+".var", "`%s` is a number, so it shows as a meter, not a flag", r.Var)
				continue
			case !wantBool && sc.Vars[v].Bool:
				l.valErr(path+".var", "`%s` is a boolean, so it shows as a flag, not a meter", r.Var)
				continue
			case !wantBool && !sc.Vars[v].HasBound:
				l.valErr(path+".var", "a meter needs bounds for its scale; give `%s` a range in [bounds]", r.Var)
				continue
			}
			label := l.str(path+".label", r.Label)
			if label == "" {
				label = r.Var
			}
			out = append(out, Shown{Var: v, Label: label})
			sc.varUsed[v] = true
		}
		return out
	}
	sc.Display = Display{Meters: shown("meters", d.Meters, false), Flags: shown("flags", d.Flags, true)}
}

// staticWarnings reports what the file's structure alone shows may go wrong.
func (l *loader) staticWarnings(sc *Scenario) {
	for i := range sc.Scenes {
		s := &sc.Scenes[i]
		path := fmt.Sprintf("scenes.%d", i)
		if len(s.Choices) == 0 {
			l.warnAt(path, fmt.Sprintf("scene %q has no choices, so a drill that reaches it ends there without an ending", s.ID), "add choices, or make it an [[endings]] entry")
			continue
		}
		always := false
		for j := range s.Choices {
			always = always || s.Choices[j].When == nil
		}
		if !always && !s.IsPick() {
			l.warnAt(path, fmt.Sprintf("every choice of scene %q has a `when`, so the drill may reach it with nothing to choose", s.ID), "give at least one choice no `when`, so that something is always offered")
		}
	}
}

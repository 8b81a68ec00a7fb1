package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The parts of the format that plan an exercise rather than play it: the
// clock's start as a date, roles, modules, the answers to discussion
// prompts, and text variants.

// startTime reads [scenario] start_time: a TOML date-time, or a date.
func (l *loader) startTime(sc *Scenario, v any) {
	if v == nil {
		return
	}
	t, ok := v.(time.Time)
	if !ok {
		l.valErr("scenario.start_time", "start_time must be a date and time written bare, without quotes, such as start_time = 2026-03-10T08:40:00")
		return
	}
	// The wall clock as written: a time zone, if given, is not converted.
	sc.StartTime = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// buildRoles reads the roles: [[roles]] tables, or the older list of ids in
// [scenario] roles.
func (l *loader) buildRoles(sc *Scenario, list []string, raws []rawRole) {
	if len(list) > 0 && len(raws) > 0 {
		l.valErr("scenario.roles", "roles are given both here and as [[roles]] tables; keep the [[roles]] tables and remove this list")
	}
	if len(raws) == 0 {
		for _, id := range l.strs("scenario.roles", list) {
			sc.Roles = append(sc.Roles, id)
			sc.RoleInfo = append(sc.RoleInfo, Role{ID: id, Title: id})
		}
		return
	}
	l.tableRoles = true
	seen := map[string]bool{}
	for i, r := range raws {
		path := fmt.Sprintf("roles.%d", i)
		if !l.checkID(path, "role", r.ID, seen) {
			continue
		}
		role := Role{ID: r.ID, Title: l.prose(sc, path+".title", r.Title), Brief: l.prose(sc, path+".brief", r.Brief), Private: l.prose(sc, path+".private", r.Private)}
		if role.Title == "" {
			l.keyErr(path, "role %q needs a `title`: the part as players know it, such as \"Chief Executive\"", r.ID)
			role.Title = r.ID
		}
		sc.Roles = append(sc.Roles, r.ID)
		sc.RoleInfo = append(sc.RoleInfo, role)
	}
}

// buildRole checks a scene's role against the [[roles]] tables; a scene of a
// file that lists roles only in [scenario] roles is not checked, as before.
func (l *loader) buildRole(sc *Scenario, s *Scene, path string) {
	if s.Role == "" || !l.tableRoles || slices.Contains(sc.Roles, s.Role) {
		return
	}
	l.valErr(path+".role", "role %q is not one of the [[roles]]%s; the roles are %s", s.Role, didYouMean(s.Role, sc.Roles), strings.Join(sc.Roles, ", "))
}

// buildModules reads [[modules]]: each names scenes, none twice.
func (l *loader) buildModules(sc *Scenario, raws []rawModule) {
	sc.moduleOf = make([]int, len(sc.Scenes))
	for i := range sc.moduleOf {
		sc.moduleOf[i] = -1
	}
	seen := map[string]bool{}
	for i, r := range raws {
		path := fmt.Sprintf("modules.%d", i)
		l.checkID(path, "module", r.ID, seen)
		m := Module{ID: r.ID, Title: l.prose(sc, path+".title", r.Title), Summary: l.prose(sc, path+".summary", r.Summary)}
		if m.Title == "" {
			l.keyErr(path, "module %q needs a `title`", r.ID)
		}
		switch d, err := time.ParseDuration(r.Budget); {
		case r.Budget == "":
			l.keyErr(path, "module %q needs a `budget`: the time planned for its discussion, such as \"30m\" or \"1h15m\"", r.ID)
		case err != nil || d <= 0:
			l.valErr(path+".budget", "budget %q is not a duration; write it like \"30m\" or \"1h15m\"", r.Budget)
		default:
			m.Budget = d
		}
		if len(r.Scenes) == 0 {
			l.keyErr(path, "module %q needs `scenes`: the ids of the scenes it groups", r.ID)
		}
		for j, id := range r.Scenes {
			sp := fmt.Sprintf("%s.scenes.%d", path, j)
			k, ok := sc.sceneIdx[id]
			switch {
			case !ok:
				l.valErr(sp, "module %q names %q, which is no scene%s", r.ID, id, didYouMean(id, keys(sc.sceneIdx)))
			case sc.moduleOf[k] >= 0:
				l.valErr(sp, "scene %q is already in module %q; a scene belongs to one module", id, raws[sc.moduleOf[k]].ID)
			default:
				sc.moduleOf[k] = len(sc.Modules)
				m.Scenes = append(m.Scenes, k)
			}
		}
		sc.Modules = append(sc.Modules, m)
	}
	if len(sc.Modules) == 0 {
		return
	}
	for i, s := range sc.Scenes {
		if sc.moduleOf[i] < 0 && s.ID != "" {
			l.warnAt(fmt.Sprintf("scenes.%d", i), fmt.Sprintf("scene %q is in no module, so the exercise package and the schedule leave it out of every module", s.ID),
				"add its id to the `scenes` of one [[modules]] entry")
		}
	}
}

// buildDiscuss reads a scene's discussion prompts: each a string, or a table
// with `prompt` and `answer`.
func (l *loader) buildDiscuss(sc *Scenario, s *Scene, path string, d rawDiscuss) {
	if d.v == nil {
		return
	}
	var items []any
	switch v := d.v.(type) {
	case []any:
		items = v
	case []map[string]any:
		for _, m := range v {
			items = append(items, m)
		}
	default:
		l.valErr(path+".discuss", "discuss is an array of prompts: strings, or tables with `prompt` and `answer`")
		return
	}
	for i, it := range items {
		ip := fmt.Sprintf("%s.discuss.%d", path, i)
		switch it := it.(type) {
		case string:
			s.Discuss = append(s.Discuss, l.prose(sc, ip, it))
			s.Answers = append(s.Answers, "")
		case map[string]any:
			var pr rawPrompt
			for _, k := range sortedKeys(it) {
				str, ok := it[k].(string)
				switch {
				case k != "prompt" && k != "answer":
					l.keyErr(ip+"."+k, "unknown key `%s` in a discussion prompt%s; a prompt has `prompt` and `answer`", k, didYouMean(k, []string{"prompt", "answer"}))
				case !ok:
					l.valErr(ip+"."+k, "`%s` must be text in quotes", k)
				case k == "prompt":
					pr.Prompt = l.prose(sc, ip+".prompt", str)
				default:
					pr.Answer = l.prose(sc, ip+".answer", str)
				}
			}
			if pr.Prompt == "" {
				l.keyErr(ip, "this discussion prompt needs a `prompt`: the question put to the players")
				continue
			}
			s.Discuss = append(s.Discuss, pr.Prompt)
			s.Answers = append(s.Answers, pr.Answer)
		default:
			l.valErr(ip, "a discussion prompt is text in quotes, or a table with `prompt` and `answer`")
		}
	}
}

// variants compiles a scene's text variants.
func (l *loader) variants(sc *Scenario, c *exprCompiler, path string, raws []rawVariant) []Variant {
	var out []Variant
	for i, r := range raws {
		vp := fmt.Sprintf("%s.variants.%d", path, i)
		if r.When == "" {
			l.keyErr(vp, "a text variant needs `when`: the condition under which it is shown instead of the scene's text")
		}
		if r.Text == "" {
			l.keyErr(vp, "a text variant needs `text`: what the scene says while its `when` holds")
		}
		v := Variant{When: l.cond(c, vp+".when", r.When), Text: l.text(sc, vp+".text", r.Text)}
		if v.When != nil {
			out = append(out, v)
		}
	}
	return out
}

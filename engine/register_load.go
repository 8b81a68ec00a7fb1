package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Loading the risk register. The file is decoded into the raw types below,
// which mirror the format one to one, then checked and built into a
// Register by the same loader as scenarios, so that a register's problems
// read exactly like a scenario's: FILE:LINE:COL, one sentence, a hint, every
// problem in the file at once.

// DefaultRegisterFile is the name of the register when none is given.
const DefaultRegisterFile = "risks.toml"

type rawRegisterFile struct {
	Register rawRegisterHeader `toml:"register"`
	Bands    rawBands          `toml:"bands"`
	Risks    []rawRisk         `toml:"risks"`
}

type rawRegisterHeader struct {
	Title    string `toml:"title"`
	Currency string `toml:"currency"`
}

// rawBands gives the least severity of each band; the names are fixed.
type rawBands struct {
	Low      *int `toml:"low"`
	Medium   *int `toml:"medium"`
	High     *int `toml:"high"`
	Critical *int `toml:"critical"`
}

type rawRisk struct {
	ID                 string   `toml:"id"`
	Title              string   `toml:"title"`
	Description        string   `toml:"description"`
	Category           string   `toml:"category"`
	Owner              string   `toml:"owner"`
	Likelihood         any      `toml:"likelihood"`
	Impact             any      `toml:"impact"`
	ResidualLikelihood any      `toml:"residual_likelihood"`
	ResidualImpact     any      `toml:"residual_impact"`
	Treatment          string   `toml:"treatment"`
	Scenarios          []string `toml:"scenarios"`
	Review             any      `toml:"review"`
	AnnualProbability  *float64 `toml:"annual_probability"`
	LossLow            *float64 `toml:"loss_low"`
	LossHigh           *float64 `toml:"loss_high"`
	Plan               rawPlan  `toml:"plan"`
}

type rawPlan struct {
	Text       string        `toml:"text"`
	File       string        `toml:"file"`
	Principles []string      `toml:"principles"`
	Steps      []rawPlanStep `toml:"steps"`
}

type rawPlanStep struct {
	Who  string `toml:"who"`
	What string `toml:"what"`
}

// registerKeys lists the keys of each table of the register format, keyed
// by the table's path with array indices removed, for suggestions on
// unknown keys.
var registerKeys = map[string][]string{
	"":                 {"register", "bands", "risks"},
	"register":         {"title", "currency"},
	"bands":            {"low", "medium", "high", "critical"},
	"risks":            {"id", "title", "description", "category", "owner", "likelihood", "impact", "residual_likelihood", "residual_impact", "treatment", "scenarios", "review", "annual_probability", "loss_low", "loss_high", "plan"},
	"risks.plan":       {"text", "file", "principles", "steps"},
	"risks.plan.steps": {"who", "what"},
}

// Treatments lists the treatments in the order the docs give them.
var Treatments = []Treatment{TreatAccept, TreatReduce, TreatTransfer, TreatAvoid}

// registerHints gives advice by what a message is about, like hints does
// for scenarios; messages no pattern matches get the scenario hint.
var registerHints = []struct {
	re   *regexp.Regexp
	hint string
}{
	{regexp.MustCompile(`^unknown key`), "keys are case-sensitive; docs/risk-register.md lists the keys of every table"},
	{regexp.MustCompile(`likelihood`), "likelihood is 1-5 or a label: rare, unlikely, possible, likely, almost certain"},
	{regexp.MustCompile(`impact`), "impact is 1-5 or a label: insignificant, minor, moderate, major, catastrophic"},
	{regexp.MustCompile(`treatment`), "treatment says what the company does about the risk: accept, reduce, transfer or avoid"},
	{regexp.MustCompile(`principle`), "a plan lists the principle ids of the guidance rubric it covers: prepare, contain, notify, own, remedy, update, improve"},
	{regexp.MustCompile(`band`), "[bands] gives the least likelihood x impact of each band: low = 1 < medium < high < critical <= 25"},
	{regexp.MustCompile(`date`), "write a date as 2027-03-31, bare (a TOML date) or in quotes"},
	{regexp.MustCompile(`annual_probability`), "annual_probability is the chance of at least one occurrence in a year, between 0 and 1: 0.1 is about once in ten years"},
	{regexp.MustCompile(`loss`), "loss_low and loss_high are a 90% range of the loss of one occurrence: one time in twenty it is below low, one in twenty above high"},
	{regexp.MustCompile(`plan file|playbook`), "plan.file is a Markdown playbook, its path relative to the register's folder"},
	{regexp.MustCompile(`used twice`), "rename one of the two; scenarios and stored drills refer to a risk by its id"},
	{regexp.MustCompile(`owner`), "one owner answers for the risk; the plan's steps say who else does what"},
	{regexp.MustCompile(`scenario`), "scenarios lists the ids of the scenarios that drill the risk, as in their [scenario] id"},
	{regexp.MustCompile(`step`), "each plan step is { who = \"role\", what = \"what they do\" }"},
	{regexp.MustCompile(`needs|id `), "docs/risk-register.md shows a complete example of a risk"},
	{regexp.MustCompile(`not valid TOML|^` + "`" + `[^` + "`" + `]+` + "`" + ` must be .*, not `), ""},
	{regexp.MustCompile(`UTF-8|binary|NUL|MiB|nest|dotted parts`), ""},
	{regexp.MustCompile(`.`), "docs/risk-register.md describes every key and what it accepts"},
}

// registerHint returns the hint for a message about a register.
func registerHint(msg string) string {
	for _, h := range registerHints {
		if h.re.MatchString(msg) {
			if h.hint == "" {
				return hintFor(msg)
			}
			return h.hint
		}
	}
	return hintFor(msg)
}

// LoadRegister reads and parses the risk register at path. The error, when
// not nil, is Diagnostics listing every problem found, or an error reading
// the file.
func LoadRegister(path string, g *Guidance) (*Register, error) {
	src, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseRegister(path, src, g)
}

// ParseRegister checks and builds a risk register from its source. name is
// used in diagnostics, and its folder is where plan files are looked for.
// The principles of plans are checked against g; with g nil any principle id
// is accepted. Every problem in the file is reported, as Diagnostics sorted
// by position; problems that stop the file from loading come back as the
// error, the others as the register's Warnings.
func ParseRegister(name string, src []byte, g *Guidance) (reg *Register, err error) {
	l := &loader{file: name, src: src}
	defer func() {
		if r := recover(); r != nil {
			reg, err = nil, Diagnostics{{File: name, Message: fmt.Sprintf("internal error while loading (%v); please report it with the file", r)}}
		}
	}()
	if d := precheck(name, src); d != nil {
		rp := strings.NewReplacer("scenario files", "register files", "no scenario", "no register")
		d.Message, d.Hint = rp.Replace(d.Message), rp.Replace(d.Hint)
		return nil, Diagnostics{*d}
	}
	var raw rawRegisterFile
	md, derr := toml.Decode(string(src), &raw)
	if derr != nil {
		d := l.decodeError(derr)
		if strings.Contains(d.Hint, "scenario") {
			d.Hint = registerHint(d.Message)
		}
		return nil, Diagnostics{d}
	}
	l.registerUnknownKeys(md)
	reg = l.buildRegister(&raw, g)
	if errs := l.errors(); len(errs) > 0 {
		return nil, errs
	}
	reg.Warnings = l.warnings()
	return reg, nil
}

// rerr reports a problem with the key at path (val false) or its value (val
// true), with a hint about registers.
func (l *loader) rerr(val bool, path, msg string, args ...any) {
	m := fmt.Sprintf(msg, args...)
	l.at(Error, l.keyPos(path, val), m, registerHint(m))
	l.diags[len(l.diags)-1].Key = path
}

// rwarn warns about the key at path (val false) or its value.
func (l *loader) rwarn(val bool, path, msg string, args ...any) {
	m := fmt.Sprintf(msg, args...)
	l.at(Warning, l.keyPos(path, val), m, registerHint(m))
	l.diags[len(l.diags)-1].Key = path
}

// registerUnknownKeys reports every key the decoder found no field for, as
// unknownKeys does for scenarios, with suggestions from registerKeys.
func (l *loader) registerUnknownKeys(md toml.MetaData) {
	l.unknownKeysOf(md, registerKeys, registerHint)
}

// schemaLine matches a `#:schema` directive; schemaDirective finds the one
// in the leading comments of a file.
var schemaLine = regexp.MustCompile(`^#:schema\s+(\S+)`)

func schemaDirective(src []byte) string {
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if m := schemaLine.FindStringSubmatch(line); m != nil {
			return m[1]
		}
		if line != "" && !strings.HasPrefix(line, "#") {
			break
		}
	}
	return ""
}

// buildRegister checks the decoded file and builds the register, reporting
// every problem it finds to l.
func (l *loader) buildRegister(raw *rawRegisterFile, g *Guidance) *Register {
	reg := &Register{
		File:     l.file,
		Title:    l.str("register.title", raw.Register.Title),
		Currency: l.str("register.currency", raw.Register.Currency),
		Schema:   schemaDirective(l.src),
		Guidance: g,
	}
	reg.Bands = l.buildBands(&raw.Bands)
	// A register without risks is valid: one just begun, or whose last risk
	// was deleted.
	seen := map[string]bool{}
	for i := range raw.Risks {
		path := fmt.Sprintf("risks.%d", i)
		r, ok := l.buildRisk(path, &raw.Risks[i], g)
		ok = l.riskID(path, r.ID, seen) && ok
		if ok {
			reg.Risks = append(reg.Risks, r)
		}
	}
	sort.SliceStable(reg.Risks, func(i, j int) bool { return reg.Risks[i].ID < reg.Risks[j].ID })
	return reg
}

// riskID checks the id of the risk at path, unique among those seen (to
// which it is added), and reports whether it is good.
func (l *loader) riskID(path, id string, seen map[string]bool) bool {
	defer func() { seen[id] = true }()
	switch {
	case id == "":
		l.rerr(false, path+".id", "this risk needs an `id` (lowercase letters, digits and hyphens)")
	case !idPattern.MatchString(id):
		l.rerr(true, path+".id", "the risk id %q may only use lowercase letters, digits and hyphens", id)
	case seen[id]:
		l.rerr(true, path+".id", "the risk id %q is used twice; risk ids must be unique", id)
	default:
		return true
	}
	return false
}

// buildBands merges the file's band minimums with the defaults and checks
// that they increase within 1..25.
func (l *loader) buildBands(rb *rawBands) []Band {
	bands := slices.Clone(DefaultBands)
	given := []*int{rb.Low, rb.Medium, rb.High, rb.Critical}
	ok := true
	for i, v := range given {
		if v == nil {
			continue
		}
		name := bands[i].Name
		switch {
		case *v < 1 || *v > 25:
			l.rerr(true, "bands."+name, "the %s band starts at %d, outside 1..25, the range of likelihood x impact", name, *v)
			ok = false
		case i == 0 && *v != 1:
			l.rerr(true, "bands."+name, "the low band must start at 1, so that every risk falls in a band")
			ok = false
		default:
			bands[i].Min = *v
		}
	}
	if !ok {
		return bands
	}
	for i := 1; i < len(bands); i++ {
		if bands[i].Min <= bands[i-1].Min {
			// Point at whichever of the two the file sets, the later first.
			at := i
			if given[i] == nil {
				at = i - 1
			}
			l.rerr(true, "bands."+bands[at].Name, "the %s band starts at %d, which is not above the %s band's %d; bands must increase: low < medium < high < critical",
				bands[i].Name, bands[i].Min, bands[i-1].Name, bands[i-1].Min)
			return bands
		}
	}
	return bands
}

// buildRisk checks one risk and builds it; ok is false when it has errors
// (reported to l) other than about its id, which the caller checks.
func (l *loader) buildRisk(path string, rr *rawRisk, g *Guidance) (r Risk, ok bool) {
	n := len(l.errors())
	r = Risk{
		ID:          rr.ID,
		Title:       l.str(path+".title", rr.Title),
		Description: l.str(path+".description", rr.Description),
		Category:    l.str(path+".category", rr.Category),
		Owner:       l.str(path+".owner", strings.TrimSpace(rr.Owner)),
		Treatment:   Treatment(rr.Treatment),
	}
	name := rr.ID
	if name == "" {
		name = "this risk"
	} else {
		name = strconv.Quote(name)
	}
	if strings.TrimSpace(r.Title) == "" {
		l.rerr(false, path+".title", "risk %s needs a `title`: one sentence with the cause, the event and the consequence", name)
	}
	if r.Owner == "" {
		l.rerr(false, path+".owner", "risk %s needs an `owner`: one named role or person", name)
	} else if severalOwners.MatchString(r.Owner) {
		l.rwarn(true, path+".owner", "the owner %q seems to name more than one; name the one role or person who answers for the risk", r.Owner)
	}
	r.Likelihood = l.scale(path, name, "likelihood", rr.Likelihood, LikelihoodLabels, true)
	r.Impact = l.scale(path, name, "impact", rr.Impact, ImpactLabels, true)
	r.ResidualLikelihood = l.scale(path, name, "residual_likelihood", rr.ResidualLikelihood, LikelihoodLabels, false)
	r.ResidualImpact = l.scale(path, name, "residual_impact", rr.ResidualImpact, ImpactLabels, false)
	switch {
	case rr.ResidualLikelihood != nil && rr.ResidualImpact == nil:
		l.rerr(false, path+".residual_likelihood", "residual_likelihood needs residual_impact too; give both or neither")
	case rr.ResidualLikelihood == nil && rr.ResidualImpact != nil:
		l.rerr(false, path+".residual_impact", "residual_impact needs residual_likelihood too; give both or neither")
	case r.HasResidual() && r.Likelihood > 0 && r.Impact > 0 && r.ResidualSeverity() > r.Severity():
		l.rwarn(false, path+".residual_likelihood", "the residual rating (%d) is worse than the rating before treatment (%d); a treatment should not raise a risk", r.ResidualSeverity(), r.Severity())
	}
	switch {
	case rr.Treatment == "":
		l.rerr(false, path+".treatment", "risk %s needs a `treatment`: accept, reduce, transfer or avoid", name)
	case !slices.Contains(Treatments, r.Treatment):
		names := make([]string, len(Treatments))
		for i, t := range Treatments {
			names[i] = string(t)
		}
		l.rerr(true, path+".treatment", "the treatment %q is not one of accept, reduce, transfer, avoid%s", rr.Treatment, didYouMean(rr.Treatment, names))
	}
	r.Scenarios = l.riskScenarios(path, rr.Scenarios)
	r.Review = l.reviewDate(path+".review", rr.Review)
	l.lossEstimate(path, rr, &r)
	r.Plan = l.plan(path+".plan", &rr.Plan, g)
	return r, len(l.errors()) == n
}

// severalOwners matches an owner that names more than one role or person.
var severalOwners = regexp.MustCompile(`(?i)\s(and|or)\s|[,;/&+]`)

// scale reads a likelihood or impact: a whole number 1..5 or one of labels
// (case and spaces, hyphens or underscores between words do not matter). It
// returns 0 when the key is absent or wrong; required says whether absence
// is an error.
func (l *loader) scale(path, name, key string, v any, labels [5]string, required bool) int {
	p := path + "." + key
	switch x := v.(type) {
	case nil:
		if required {
			l.rerr(false, p, "risk %s needs %s `%s`: 1-5 or a label (%s ... %s)", name, article(key), key, labels[0], labels[4])
		}
	case int64:
		if x < 1 || x > 5 {
			l.rerr(true, p, "%s %d is outside the scale; use 1 (%s) to 5 (%s)", key, x, labels[0], labels[4])
			return 0
		}
		return int(x)
	case string:
		norm := strings.Join(strings.FieldsFunc(strings.ToLower(x), func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), " ")
		for i, lb := range labels {
			if norm == lb {
				return i + 1
			}
		}
		if n, err := strconv.Atoi(strings.TrimSpace(x)); err == nil && n >= 1 && n <= 5 {
			return n
		}
		l.rerr(true, p, "%s %q is not a point of the scale%s; use 1-5 or %s", key, x, didYouMean(norm, labels[:]), strings.Join(labels[:], ", "))
	default:
		l.rerr(true, p, "`%s` must be a whole number 1-5 or a label in quotes, not %s", key, valueWord(v))
	}
	return 0
}

// riskScenarios checks the ids of the scenarios that drill a risk.
func (l *loader) riskScenarios(path string, ids []string) []string {
	var out []string
	for i, id := range ids {
		p := fmt.Sprintf("%s.scenarios.%d", path, i)
		switch {
		case !idPattern.MatchString(id):
			l.rerr(true, p, "the scenario id %q may only use lowercase letters, digits and hyphens", id)
		case slices.Contains(out, id):
			l.rwarn(true, p, "the scenario %q is listed twice; the second is ignored", id)
		default:
			out = append(out, id)
		}
	}
	return out
}

// reviewDate reads a review date: a TOML date (or date-time, whose date is
// kept) or a string YYYY-MM-DD. The result is midnight UTC of that day.
func (l *loader) reviewDate(path string, v any) time.Time {
	switch x := v.(type) {
	case nil:
	case time.Time:
		return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		t, err := ParseDay(x)
		if err != nil {
			l.rerr(true, path, "the review date %v", err)
			return time.Time{}
		}
		return t
	default:
		l.rerr(true, path, "`review` must be a date such as 2027-03-31, not %s", valueWord(v))
	}
	return time.Time{}
}

// lossEstimate checks the optional annual probability and loss range.
func (l *loader) lossEstimate(path string, rr *rawRisk, r *Risk) {
	p, lo, hi := rr.AnnualProbability, rr.LossLow, rr.LossHigh
	if p == nil && lo == nil && hi == nil {
		return
	}
	ok := true
	if p != nil {
		switch {
		case !(*p >= 0 && *p <= 1):
			l.rerr(true, path+".annual_probability", "annual_probability %s is outside 0..1; it is the chance of at least one occurrence in a year", fmtNum(*p))
			ok = false
		case *p == 1:
			l.rerr(true, path+".annual_probability", "annual_probability 1 makes the risk certain every year, which has no finite rate; use at most 0.99")
			ok = false
		}
	} else {
		at := path + ".loss_high"
		if lo != nil {
			at = path + ".loss_low"
		}
		l.rerr(false, at, "a loss range needs annual_probability too, the chance of at least one occurrence in a year")
		ok = false
	}
	for _, b := range []struct {
		key string
		v   *float64
	}{{"loss_low", lo}, {"loss_high", hi}} {
		switch {
		case b.v == nil:
			if p != nil {
				l.rerr(false, path+".annual_probability", "annual_probability needs loss_low and loss_high too, the 90%% range of the loss of one occurrence")
				return
			}
			ok = false
		case !(*b.v > 0) || math.IsInf(*b.v, 1):
			l.rerr(true, path+"."+b.key, "%s %s must be a positive amount: the loss of one occurrence", b.key, fmtNum(*b.v))
			ok = false
		}
	}
	if ok && *lo > *hi {
		l.rerr(true, path+".loss_low", "loss_low %s is greater than loss_high %s; the range is [low, high]", fmtNum(*lo), fmtNum(*hi))
		ok = false
	}
	if ok {
		r.AnnualProbability, r.LossLow, r.LossHigh = *p, *lo, *hi
	}
}

// plan checks a risk's response plan: its file, principles and steps.
func (l *loader) plan(path string, rp *rawPlan, g *Guidance) Plan {
	p := Plan{Text: l.str(path+".text", rp.Text), File: strings.TrimSpace(rp.File)}
	if p.File != "" {
		l.planFile(path+".file", p.File)
	}
	var ids []string
	if g != nil {
		for _, pr := range g.Principles {
			ids = append(ids, pr.ID)
		}
	}
	for i, id := range rp.Principles {
		pp := fmt.Sprintf("%s.principles.%d", path, i)
		switch {
		case g != nil && !slices.Contains(ids, id):
			l.rerr(true, pp, "`%s` is not a principle of the guidance%s; the principles are %s", id, didYouMean(id, ids), strings.Join(ids, ", "))
		case g == nil && !idPattern.MatchString(id):
			l.rerr(true, pp, "the principle id %q may only use lowercase letters, digits and hyphens", id)
		case slices.Contains(p.Principles, id):
			l.rwarn(true, pp, "the principle `%s` is listed twice", id)
		default:
			p.Principles = append(p.Principles, id)
		}
	}
	if g != nil {
		// The rubric's order, so that every register reads the same way.
		slices.SortStableFunc(p.Principles, func(a, b string) int {
			return slices.Index(ids, a) - slices.Index(ids, b)
		})
	}
	for i, s := range rp.Steps {
		sp := fmt.Sprintf("%s.steps.%d", path, i)
		st := PlanStep{Who: l.str(sp+".who", strings.TrimSpace(s.Who)), What: l.str(sp+".what", strings.TrimSpace(s.What))}
		if st.Who == "" {
			l.rerr(false, sp+".who", "each plan step needs `who`: the role or person who does it")
		}
		if st.What == "" {
			l.rerr(false, sp+".what", "each plan step needs `what`: what they do")
		}
		p.Steps = append(p.Steps, st)
	}
	return p
}

// planFile checks that a playbook exists and is a regular file: an error
// when it does not or is not, a warning when it cannot be read. It never
// reads the file, so a named pipe or a terminal named there cannot hold the
// loader up.
func (l *loader) planFile(path, file string) {
	full := file
	if !filepath.IsAbs(full) {
		full = filepath.Join(filepath.Dir(l.file), file)
	}
	f, err := OpenRegular(full)
	var nr *NotRegularError
	switch {
	case err == nil:
		f.Close()
	case errors.Is(err, fs.ErrNotExist) && full != file:
		l.rerr(true, path, "the plan file %q does not exist (looked for %s); check the path", file, full)
	case errors.Is(err, fs.ErrNotExist):
		l.rerr(true, path, "the plan file %q does not exist; check the path", file)
	case errors.As(err, &nr):
		l.rerr(true, path, "the plan file %q is %s, not a regular file; give the path of a Markdown file", file, FileKind(nr.Mode))
	default:
		l.rwarn(true, path, "the plan file %q cannot be read (%v); the plan still counts, but check its permissions", file, unwrapPathError(err))
	}
}

// valueWord names the TOML type of a decoded value, for messages.
func valueWord(v any) string {
	switch v.(type) {
	case int64:
		return "a whole number"
	case float64:
		return "a decimal number"
	case string:
		return "text in quotes"
	case bool:
		return "true or false"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// article returns "an" before a vowel, "a" otherwise.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// registerHeader is the comment Marshal writes at the top of every register.
const registerHeader = `# ttx risk register: the PR disasters that could hit the company, each rated,
# owned, treated, planned for and drilled. docs/risk-register.md describes
# every key.
#
# likelihood 1-5: rare, unlikely, possible, likely, almost certain
# impact 1-5:     insignificant, minor, moderate, major, catastrophic
# A number or a label is accepted; severity is likelihood x impact, and
# [bands] gives the least severity of each band.
#
# ttx writes this file in a fixed order, risks sorted by id, and keeps the
# previous version as a .bak file; comments other than this header are not
# kept.
`

// Marshal writes the register as canonical TOML: a short explanatory header,
// [register], [bands], then every risk in id order with its keys in a fixed
// order and its plan as a [risks.plan] table. Empty keys are left out.
// Parsing the result gives an equal register.
func (reg *Register) Marshal() []byte {
	var b bytes.Buffer
	if f := strings.Fields(reg.Schema); len(f) > 0 {
		fmt.Fprintf(&b, "#:schema %s\n", f[0])
	}
	b.WriteString(registerHeader)
	if reg.Title != "" || reg.Currency != "" {
		b.WriteString("\n[register]\n")
		kv(&b, "title", reg.Title)
		kv(&b, "currency", reg.Currency)
	}
	bands := reg.Bands
	if len(bands) == 0 {
		bands = DefaultBands
	}
	b.WriteString("\n[bands]  # the least likelihood x impact of each band\n")
	for _, band := range bands {
		fmt.Fprintf(&b, "%s = %d\n", bareOrQuoted(band.Name), band.Min)
	}
	risks := slices.Clone(reg.Risks)
	slices.SortStableFunc(risks, func(x, y Risk) int { return strings.Compare(x.ID, y.ID) })
	for i := range risks {
		r := &risks[i]
		b.WriteString("\n[[risks]]\n")
		kv(&b, "id", r.ID)
		kv(&b, "title", r.Title)
		kv(&b, "description", r.Description)
		kv(&b, "category", r.Category)
		kv(&b, "owner", r.Owner)
		scale(&b, "likelihood", r.Likelihood, LikelihoodLabel(r.Likelihood))
		scale(&b, "impact", r.Impact, ImpactLabel(r.Impact))
		scale(&b, "residual_likelihood", r.ResidualLikelihood, LikelihoodLabel(r.ResidualLikelihood))
		scale(&b, "residual_impact", r.ResidualImpact, ImpactLabel(r.ResidualImpact))
		kv(&b, "treatment", string(r.Treatment))
		if len(r.Scenarios) > 0 {
			fmt.Fprintf(&b, "scenarios = %s\n", tomlStrings(r.Scenarios))
		}
		if !r.Review.IsZero() {
			fmt.Fprintf(&b, "review = %s\n", r.Review.Format("2006-01-02"))
		}
		if r.AnnualProbability != 0 || r.LossLow != 0 || r.LossHigh != 0 {
			fmt.Fprintf(&b, "annual_probability = %s\n", tomlFloat(r.AnnualProbability))
			fmt.Fprintf(&b, "loss_low = %s\n", tomlFloat(r.LossLow))
			fmt.Fprintf(&b, "loss_high = %s\n", tomlFloat(r.LossHigh))
		}
		p := &r.Plan
		if !p.Exists() && len(p.Principles) == 0 {
			continue
		}
		b.WriteString("\n  [risks.plan]\n")
		kvIndent(&b, "  ", "file", p.File)
		kvIndent(&b, "  ", "text", p.Text)
		if len(p.Principles) > 0 {
			fmt.Fprintf(&b, "  principles = %s\n", tomlStrings(p.Principles))
		}
		if len(p.Steps) > 0 {
			b.WriteString("  steps = [\n")
			for _, s := range p.Steps {
				fmt.Fprintf(&b, "    { who = %s, what = %s },\n", tomlString(s.Who), tomlString(s.What))
			}
			b.WriteString("  ]\n")
		}
	}
	return b.Bytes()
}

// SaveRegister writes the register to path canonically (see Marshal), so
// that a crash leaves the old file or the new one, never a mix. The previous
// version of the file, if any, is kept as path + ".bak", also written
// atomically; the file keeps its permissions.
func SaveRegister(path string, reg *Register) error {
	perm := fs.FileMode(0o644)
	old, err := ReadRegular(path, MaxFileSize)
	switch {
	case err == nil:
		if st, err := os.Stat(path); err == nil {
			perm = st.Mode().Perm()
		}
		if err := WriteFileAtomic(path+".bak", old, perm); err != nil {
			return fmt.Errorf("%s: cannot keep a backup of the register: %v", path+".bak", unwrapPathError(err))
		}
	case errors.Is(err, fs.ErrNotExist):
	default:
		return fmt.Errorf("%s: cannot read the register to keep a backup: %v", path, unwrapPathError(err))
	}
	if err := WriteFileAtomic(path, reg.Marshal(), perm); err != nil {
		return fmt.Errorf("%s: cannot save the register: %v", path, unwrapPathError(err))
	}
	return nil
}

// kv writes key = "value" when value is not empty.
func kv(b *bytes.Buffer, key, value string) { kvIndent(b, "", key, value) }

func kvIndent(b *bytes.Buffer, indent, key, value string) {
	if value == "" {
		return
	}
	fmt.Fprintf(b, "%s%s = %s\n", indent, key, tomlString(value))
}

// scale writes a point of a 1-5 scale with its label as a comment.
func scale(b *bytes.Buffer, key string, n int, label string) {
	if n == 0 {
		return
	}
	if label != "" {
		fmt.Fprintf(b, "%s = %d  # %s\n", key, n, label)
		return
	}
	fmt.Fprintf(b, "%s = %d\n", key, n)
}

// bareOrQuoted writes a key bare when TOML allows it.
func bareOrQuoted(k string) string {
	if k != "" && strings.IndexFunc(k, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) < 0 {
		return k
	}
	return tomlString(k)
}

func tomlStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = tomlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// tomlString writes s as a TOML string: a basic string on one line, or a
// multi-line basic string when s holds a newline. Quotes, backslashes and
// control characters are escaped, so any text round-trips.
func tomlString(s string) string {
	multi := strings.Contains(s, "\n")
	var b strings.Builder
	if multi {
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\uFFFD`)
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' && multi:
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte('\t')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}

// tomlFloat writes x so that it reads back as the same float64: whole
// amounts with _ between thousands, others in the shortest exact form.
func tomlFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		s := strconv.FormatInt(int64(math.Abs(x)), 10)
		var b strings.Builder
		if x < 0 {
			b.WriteByte('-')
		}
		for i, c := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}

package risk

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/internal/mdtext"
)

// Reports of an assessment and, optionally, a simulation: Text for the
// terminal, Markdown, JSON and HTML. Every one opens with the summary.

// DocumentFormat is the version of the JSON document JSON writes.
const DocumentFormat = 1

// Document is what JSON writes: the assessment and, when there is one, the
// simulation.
type Document struct {
	Format     int         `json:"format"`
	Assessment *Assessment `json:"assessment"`
	Simulation *Simulation `json:"simulation,omitempty"`
}

// JSON writes the assessment and the simulation (which may be nil) as one
// indented JSON Document.
func JSON(w io.Writer, a *Assessment, sim *Simulation) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(Document{Format: DocumentFormat, Assessment: a, Simulation: sim})
}

// bandLetter is the letter of a band in the text heat map.
func bandLetter(name string) string {
	r, _ := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return "?"
	}
	return strings.ToUpper(string(r))
}

// bandRange describes a band's severities, e.g. "10-16" or "17-25".
func bandRange(bands []engine.Band, i int) string {
	hi := 25
	if i+1 < len(bands) {
		hi = bands[i+1].Min - 1
	}
	if hi == bands[i].Min {
		return fmt.Sprint(hi)
	}
	return fmt.Sprintf("%d-%d", bands[i].Min, hi)
}

func bandOf(bands []engine.Band, severity int) engine.Band {
	b := bands[0]
	for _, x := range bands {
		if severity >= x.Min {
			b = x
		}
	}
	return b
}

// money writes an amount compactly, with three significant digits: 820,
// 15.2k, 1.5M, 2.05B, after the currency.
func money(x float64, currency string) string {
	s := compact(x)
	switch {
	case currency == "":
		return s
	case strings.IndexFunc(currency, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') }) < 0:
		return currency + " " + s
	}
	return currency + s
}

func compact(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Sprint(x)
	}
	units := []struct {
		div  float64
		unit string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}}
	a := math.Abs(x)
	for _, u := range units {
		// Round first, so that 999,999 shows as 1M, not 1000k.
		if v := a / u.div; sig3(v) >= 1 {
			return sign(x) + trimZeros(fmtSig3(v)) + u.unit
		}
	}
	return fmt.Sprintf("%.0f", x)
}

func sign(x float64) string {
	if x < 0 {
		return "-"
	}
	return ""
}

// sig3 rounds v to three significant digits.
func sig3(v float64) float64 {
	if v == 0 {
		return 0
	}
	d := math.Pow(10, 2-math.Floor(math.Log10(v)))
	return math.Round(v*d) / d
}

func fmtSig3(v float64) string {
	v = sig3(v)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func pct(p float64) string {
	switch {
	case p == 0:
		return "0%"
	case p < 0.001:
		return "<0.1%"
	}
	return trimZeros(fmt.Sprintf("%.1f", 100*p)) + "%"
}

// clean makes text from the register safe to print.
func clean(s string) string { return engine.Sanitize(s) }

// oneLine joins the lines of s.
func oneLine(s string) string { return strings.Join(strings.Fields(clean(s)), " ") }

// wrap breaks s into lines of at most width runes, each after indent.
func wrap(s string, width int, indent string) []string {
	words := strings.Fields(clean(s))
	var out []string
	line := indent
	n := utf8.RuneCountInString(indent)
	empty := true
	for _, w := range words {
		wl := utf8.RuneCountInString(w)
		if !empty && n+1+wl > width {
			out = append(out, line)
			line, n, empty = indent, utf8.RuneCountInString(indent), true
		}
		if !empty {
			line += " "
			n++
		}
		line += w
		n += wl
		empty = false
	}
	if !empty {
		out = append(out, line)
	}
	return out
}

// hanging writes s wrapped to width, its first line after first and the
// others after rest, which must be as long.
func hanging(b *bufio.Writer, s string, width int, first, rest string) {
	for i, line := range wrap(s, width, rest) {
		if i == 0 {
			line = first + strings.TrimPrefix(line, rest)
		}
		b.WriteString(line + "\n")
	}
}

// plural writes n and the noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// fit cuts s to at most n runes, ending with … when cut, and pads it to n.
func fit(s string, n int) string {
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	if len(r) > n {
		r = append(r[:n-1], '…')
	}
	return string(r) + strings.Repeat(" ", n-len(r))
}

// padLeft right-aligns s in n runes.
func padLeft(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return strings.Repeat(" ", n-k) + s
	}
	return s
}

// scaleName names a point of a scale, e.g. "4 likely".
func scaleName(n int, labels [5]string) string {
	if n < 1 || n > 5 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d %s", n, labels[n-1])
}

// heatCell is the text of one cell of the heat map: the count of risks
// there, or · for none, and the count after treatment in parentheses.
func heatCell(h HeatMap, l, i int) string {
	c := "·"
	if n := h.Inherent[l][i]; n > 0 {
		c = fmt.Sprint(n)
	}
	if n := h.Residual[l][i]; n > 0 {
		c += fmt.Sprintf(" (%d)", n)
	}
	return c
}

// minCell is the narrowest cell of the text heat map, room for "12 (10) H";
// the map is never narrower than 68 columns.
const minCell = 9

// writeHeatMap draws the 5x5 map in text, likelihood 5 at the top, impact 1
// at the left, fitted to width.
func writeHeatMap(w *bufio.Writer, a *Assessment, width int) {
	const label = 16 // "5 almost certain"
	cw := min(max((width-label-2)/5-1, minCell), 17)
	fmt.Fprintf(w, "%s │", strings.Repeat(" ", label))
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(w, " %s │", fit(scaleName(i, engine.ImpactLabels), cw-2))
	}
	fmt.Fprintf(w, "\n%s┼", strings.Repeat("─", label+1))
	for i := 0; i < 5; i++ {
		w.WriteString(strings.Repeat("─", cw))
		if i < 4 {
			w.WriteString("┼")
		} else {
			w.WriteString("┤")
		}
	}
	w.WriteString("\n")
	for l := 5; l >= 1; l-- {
		fmt.Fprintf(w, "%s │", fit(scaleName(l, engine.LikelihoodLabels), label))
		for i := 1; i <= 5; i++ {
			c := heatCell(a.HeatMap, l-1, i-1)
			letter := bandLetter(bandOf(a.Bands, l*i).Name)
			fmt.Fprintf(w, " %s %s │", fit(c, cw-4), letter)
		}
		w.WriteString("\n")
	}
	var legend []string
	for i, b := range a.Bands {
		legend = append(legend, fmt.Sprintf("%s %s %s", bandLetter(b.Name), b.Name, bandRange(a.Bands, i)))
	}
	for _, line := range wrap("Rows: likelihood; columns: impact. Each cell: the risks rated there, (n) the risks there after treatment, and the band: "+strings.Join(legend, ", ")+".", width, "") {
		w.WriteString(line + "\n")
	}
}

// Text writes the assessment for a terminal of the given width (80 when
// width < 1): the summary, the heat map, each risk's readiness with its
// flags, and, when sim is not nil, the expected annual loss per risk and
// the loss exceedance curve as a text chart.
func Text(w io.Writer, a *Assessment, sim *Simulation, width int) error {
	if width < 1 {
		width = 80
	}
	width = max(width, 40)
	b := bufio.NewWriter(w)
	rule := func(title string) {
		fmt.Fprintf(b, "\n%s\n%s\n", title, strings.Repeat("═", min(utf8.RuneCountInString(title), width)))
	}
	title := a.Title
	if title == "" {
		title = "Risk register"
	}
	fmt.Fprintf(b, "%s: readiness on %s\n", oneLine(title), a.Now.Format(time.DateOnly))
	for _, line := range wrap(a.Summary.Verdict, width, "") {
		b.WriteString(line + "\n")
	}
	s := a.Summary
	b.WriteString("\n")
	fmt.Fprintf(b, "%-18s %5s %8s\n", "Band (severity)", "risks", "treated")
	for i := len(s.ByBand) - 1; i >= 0; i-- {
		bc := s.ByBand[i]
		fmt.Fprintf(b, "%-18s %5d %8d\n", fmt.Sprintf("%s (%s)", bc.Band, bandRange(a.Bands, i)), bc.Risks, bc.Residual)
	}
	fmt.Fprintf(b, "\nWith a plan %d of %d · drilled %d of %d · flagged %d of %d\n", s.Planned, s.Risks, s.Drilled, s.Risks, s.Flagged, s.Risks)
	var flags []string
	for _, fc := range s.ByFlag {
		if fc.Risks > 0 {
			flags = append(flags, fmt.Sprintf("%s %d", fc.Flag.Title(), fc.Risks))
		}
	}
	if len(flags) > 0 {
		for _, line := range wrap("Flags: "+strings.Join(flags, "; ")+".", width, "") {
			b.WriteString(line + "\n")
		}
	}

	rule("Heat map")
	writeHeatMap(b, a, width)

	rule("Readiness by risk")
	for i := range a.Risks {
		writeRiskText(b, a, &a.Risks[i], width)
	}
	if sim != nil {
		writeSimulationText(b, sim, width)
	}
	return b.Flush()
}

// rating describes a risk's rating, e.g. "high 15: possible × catastrophic;
// after treatment medium 8".
func rating(r *Readiness) string {
	s := fmt.Sprintf("%s %d: %s × %s", r.Band, r.Severity, engine.LikelihoodLabel(r.Likelihood), engine.ImpactLabel(r.Impact))
	if r.ResidualBand != "" {
		s += fmt.Sprintf("; after treatment %s %d", r.ResidualBand, r.ResidualSeverity)
	}
	return s
}

// ratingDetail describes a risk's rating on the scales, e.g. "possible ×
// catastrophic · after treatment medium 8: unlikely × major".
func ratingDetail(r *Readiness) string {
	s := fmt.Sprintf("%s × %s", engine.LikelihoodLabel(r.Likelihood), engine.ImpactLabel(r.Impact))
	if r.ResidualBand != "" {
		s += fmt.Sprintf(" · after treatment %s %d: %s × %s", r.ResidualBand, r.ResidualSeverity, engine.LikelihoodLabel(r.ResidualLikelihood), engine.ImpactLabel(r.ResidualImpact))
	}
	return s
}

// planLine describes a risk's plan in one line.
func planLine(r *Readiness) string {
	if !r.HasPlan {
		return "no plan"
	}
	var parts []string
	if r.PlanFile != "" {
		parts = append(parts, "playbook "+oneLine(r.PlanFile))
	}
	if r.PlanSteps > 0 {
		parts = append(parts, plural(r.PlanSteps, "step"))
	}
	cov := "covers " + orNone(strings.Join(r.Covered, ", "))
	if len(r.Missing) > 0 {
		cov += "; misses " + strings.Join(r.Missing, ", ")
	}
	parts = append(parts, cov)
	return strings.Join(parts, " · ")
}

// drillLine describes a risk's drills in one line.
func drillLine(r *Readiness) string {
	if len(r.Scenarios) == 0 {
		return "no scenario drills it"
	}
	if r.Drills == 0 {
		return fmt.Sprintf("%s: never drilled", strings.Join(r.Scenarios, ", "))
	}
	return fmt.Sprintf("%s: %s, last %s, latest %.0f%%, best %.0f%%", strings.Join(r.Scenarios, ", "), plural(r.Drills, "drill"), r.LastDrill.Format(time.DateOnly), r.LatestTotal, r.BestTotal)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func actionLine(act OpenAction) string {
	var meta []string
	if act.Principle != "" {
		meta = append(meta, oneLine(act.Principle))
	}
	if act.Owner != "" {
		meta = append(meta, oneLine(act.Owner))
	}
	if !act.Due.IsZero() {
		d := "due " + act.Due.Format(time.DateOnly)
		if act.Overdue {
			d += ", overdue"
		}
		meta = append(meta, d)
	}
	s := oneLine(act.What)
	if len(meta) > 0 {
		s += " (" + strings.Join(meta, "; ") + ")"
	}
	return s
}

func writeRiskText(b *bufio.Writer, a *Assessment, r *Readiness, width int) {
	fmt.Fprintf(b, "\n%s · %s %d\n", r.ID, r.Band, r.Severity)
	hanging(b, ratingDetail(r), width, "  ", "  ")
	for _, line := range wrap(r.Title, width, "  ") {
		b.WriteString(line + "\n")
	}
	facts := []string{"owner " + orNone(oneLine(r.Owner)), "treatment " + string(r.Treatment)}
	if r.Category != "" {
		facts = append(facts, "category "+oneLine(r.Category))
	}
	if !r.Review.IsZero() {
		facts = append(facts, "review "+r.Review.Format(time.DateOnly))
	}
	for _, line := range wrap(strings.Join(facts, " · "), width, "  ") {
		b.WriteString(line + "\n")
	}
	for _, line := range wrap("Plan: "+planLine(r), width, "  ") {
		b.WriteString(line + "\n")
	}
	for _, line := range wrap("Drills: "+drillLine(r), width, "  ") {
		b.WriteString(line + "\n")
	}
	if len(r.OpenActions) > 0 {
		fmt.Fprintf(b, "  Open actions: %d\n", len(r.OpenActions))
		for _, act := range r.OpenActions {
			hanging(b, actionLine(act), width, "    - ", "      ")
		}
	}
	for _, note := range r.Notes {
		hanging(b, note, width, "  ! ", "    ")
	}
}

// byExpected returns the simulated risks, largest expected loss first.
func byExpected(sim *Simulation) []RiskLoss {
	rs := slices.Clone(sim.Risks)
	slices.SortStableFunc(rs, func(x, y RiskLoss) int {
		switch {
		case x.Expected > y.Expected:
			return -1
		case x.Expected < y.Expected:
			return 1
		}
		return strings.Compare(x.ID, y.ID)
	})
	return rs
}

// percentileSentence says what the percentiles mean in words.
func percentileSentence(sim *Simulation) string {
	var parts []string
	for _, p := range sim.Percentiles {
		switch p.P {
		case 0.5:
			if p.Loss == 0 {
				parts = append(parts, "at least half of all years lose nothing")
			} else {
				parts = append(parts, "half of all years lose at most "+money(p.Loss, sim.Currency))
			}
		case 0.9:
			parts = append(parts, "1 year in 10 loses more than "+money(p.Loss, sim.Currency))
		case 0.99:
			parts = append(parts, "1 year in 100 more than "+money(p.Loss, sim.Currency))
		}
	}
	return strings.Join(parts, "; ") + "."
}

func bar(frac float64, width int) string {
	frac = min(max(frac, 0), 1)
	full := int(math.Round(frac * float64(width)))
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}

func writeSimulationText(b *bufio.Writer, sim *Simulation, width int) {
	title := fmt.Sprintf("Expected annual loss (%d simulated years, seed %d)", sim.Years, sim.Seed)
	fmt.Fprintf(b, "\n%s\n%s\n", title, strings.Repeat("═", min(utf8.RuneCountInString(title), width)))
	if len(sim.Risks) == 0 {
		for _, line := range wrap("No risk gives annual_probability, loss_low and loss_high, so there is nothing to simulate.", width, "") {
			b.WriteString(line + "\n")
		}
		return
	}
	rs := byExpected(sim)
	idW := 5
	for _, r := range rs {
		idW = max(idW, utf8.RuneCountInString(r.ID))
	}
	idW = min(idW, width/3)
	const amtW = 10
	barW := max(width-idW-amtW-3, 5)
	top := rs[0].Expected
	for _, r := range rs {
		frac := 0.0
		if top > 0 {
			frac = r.Expected / top
		}
		fmt.Fprintf(b, "%s %s %s\n", fit(r.ID, idW), bar(frac, barW), padLeft(money(r.Expected, sim.Currency), amtW))
	}
	fmt.Fprintf(b, "%s %s %s\n", fit("total", idW), strings.Repeat(" ", barW), padLeft(money(sim.Expected, sim.Currency), amtW))
	for _, line := range wrap(fmt.Sprintf("A loss in %s of years; %s", pct(sim.AnyLoss), percentileSentence(sim)), width, "") {
		b.WriteString(line + "\n")
	}
	if len(sim.Curve) == 0 {
		return
	}
	title = "Loss exceedance: the chance that a year's total loss exceeds the amount"
	b.WriteString("\n")
	for _, line := range wrap(title, width, "") {
		b.WriteString(line + "\n")
	}
	b.WriteString(strings.Repeat("═", min(utf8.RuneCountInString(title), width)) + "\n")
	xW := 0
	for _, p := range sim.Curve {
		xW = max(xW, utf8.RuneCountInString("> "+money(p.Loss, sim.Currency)))
	}
	const pW = 7
	cw := max(width-xW-pW-2, 5)
	for _, p := range sim.Curve {
		fmt.Fprintf(b, "> %s %s %s\n", padLeft(money(p.Loss, sim.Currency), xW-2), bar(p.Probability, cw), padLeft(pct(p.Probability), pW))
	}
}

// mdText escapes text for a line of Markdown: every character shows as
// itself, none starts HTML, a link or a code span.
func mdText(s string) string { return mdtext.Text(s) }

// mdCell is mdText inside a table cell.
func mdCell(s string) string { return mdtext.Cell(mdtext.Text(s)) }

// Markdown writes the assessment, and the simulation when sim is not nil,
// as a Markdown document: the summary, the heat map as a table, the
// readiness of each risk with its flags, and the simulation's tables.
func Markdown(w io.Writer, a *Assessment, sim *Simulation) error {
	b := bufio.NewWriter(w)
	title := a.Title
	if title == "" {
		title = "Risk register"
	}
	fmt.Fprintf(b, "# %s: readiness\n\nAssessed %s.\n\n**%s**\n\n", mdText(title), a.Now.Format(time.DateOnly), mdText(a.Summary.Verdict))
	s := a.Summary
	b.WriteString("| Band | Severity | Risks | After treatment |\n|---|---|--:|--:|\n")
	for i := len(s.ByBand) - 1; i >= 0; i-- {
		bc := s.ByBand[i]
		fmt.Fprintf(b, "| %s | %s | %d | %d |\n", mdCell(bc.Band), bandRange(a.Bands, i), bc.Risks, bc.Residual)
	}
	fmt.Fprintf(b, "\nWith a plan: %d of %d. Drilled: %d of %d. Flagged: %d of %d.\n", s.Planned, s.Risks, s.Drilled, s.Risks, s.Flagged, s.Risks)
	for _, fc := range s.ByFlag {
		if fc.Risks > 0 {
			fmt.Fprintf(b, "\n- %s: %d", mdText(fc.Flag.Title()), fc.Risks)
		}
	}
	b.WriteString("\n\n## Heat map\n\nRows are likelihood, columns impact. Each cell gives the risks rated there, in parentheses the risks there after treatment, and the band.\n\n")
	b.WriteString("| Likelihood \\ Impact |")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(b, " %s |", scaleName(i, engine.ImpactLabels))
	}
	b.WriteString("\n|---|---|---|---|---|---|\n")
	for l := 5; l >= 1; l-- {
		fmt.Fprintf(b, "| %s |", scaleName(l, engine.LikelihoodLabels))
		for i := 1; i <= 5; i++ {
			fmt.Fprintf(b, " %s %s |", heatCell(a.HeatMap, l-1, i-1), bandOf(a.Bands, l*i).Name)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Readiness by risk\n\n| Risk | Rating | Owner | Plan | Drills | Flags |\n|---|---|---|---|---|---|\n")
	for _, r := range a.Risks {
		flags := make([]string, len(r.Flags))
		for i, f := range r.Flags {
			flags[i] = f.Title()
		}
		plan := "no"
		if r.HasPlan {
			plan = fmt.Sprintf("yes, %d of %d principles", len(r.Covered), len(r.Covered)+len(r.Missing))
		}
		drills := "never"
		if r.Drills > 0 {
			drills = fmt.Sprintf("%d, last %s, best %.0f%%", r.Drills, r.LastDrill.Format(time.DateOnly), r.BestTotal)
		} else if len(r.Scenarios) == 0 {
			drills = "no scenario"
		}
		fmt.Fprintf(b, "| %s | %s %d | %s | %s | %s | %s |\n", mdtext.Code(r.ID), mdCell(r.Band), r.Severity, mdCell(r.Owner), mdCell(plan), mdCell(drills), mdCell(orNone(strings.Join(flags, ", "))))
	}
	for _, r := range a.Risks {
		fmt.Fprintf(b, "\n### %s\n\n%s\n\n", mdText(r.ID), mdtext.Block(oneLine(r.Title)))
		fmt.Fprintf(b, "- Rating: %s\n- Owner: %s; treatment: %s\n- Plan: %s\n- Drills: %s\n", mdText(rating(&r)), mdText(orNone(r.Owner)), mdText(string(r.Treatment)), mdText(planLine(&r)), mdText(drillLine(&r)))
		for _, act := range r.OpenActions {
			fmt.Fprintf(b, "- Open action: %s\n", mdText(actionLine(act)))
		}
		for _, n := range r.Notes {
			fmt.Fprintf(b, "- **Flag:** %s\n", mdText(n))
		}
	}
	if sim != nil {
		fmt.Fprintf(b, "\n## Expected annual loss\n\n%d simulated years, seed %d.\n\n", sim.Years, sim.Seed)
		if len(sim.Risks) == 0 {
			b.WriteString("No risk gives annual_probability, loss_low and loss_high, so there is nothing to simulate.\n")
		} else {
			b.WriteString("| Risk | Chance a year | One occurrence (90%) | Expected a year |\n|---|--:|---|--:|\n")
			for _, r := range byExpected(sim) {
				fmt.Fprintf(b, "| %s | %s | %s to %s | %s |\n", mdtext.Code(r.ID), pct(r.Probability), mdCell(money(r.Low, sim.Currency)), mdCell(money(r.High, sim.Currency)), mdCell(money(r.Expected, sim.Currency)))
			}
			fmt.Fprintf(b, "| **total** | | | **%s** |\n\nA loss in %s of years; %s\n", mdCell(money(sim.Expected, sim.Currency)), pct(sim.AnyLoss), mdText(percentileSentence(sim)))
			if len(sim.Curve) > 0 {
				b.WriteString("\n### Loss exceedance\n\n| A year's total loss exceeds | Chance |\n|--:|--:|\n")
				for _, p := range sim.Curve {
					fmt.Fprintf(b, "| %s | %s |\n", mdCell(money(p.Loss, sim.Currency)), pct(p.Probability))
				}
			}
		}
	}
	return b.Flush()
}

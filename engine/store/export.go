package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

// ExportFormat names the document Export writes, in its "format" field.
const ExportFormat = jsondoc.FormatRuns

// ExportVersion is the version of the export format that Export writes and
// the newest that Import reads.
var ExportVersion = jsondoc.Versions[jsondoc.FormatRuns]

// maxImport is the largest export file Import reads.
const maxImport = 1 << 30

// exportDoc is an export file (format version 3; version 2 had no bounds
// of the score in its runs). Checksum is "sha256:" and the hex SHA-256 of
// the canonical payload: {"scenarios":...,"runs":...} as encoding/json
// writes it, compact, with the fields in the order below. On import it is
// computed again from the decoded document, so the file's layout may change
// but not its data, and from the payload as the file holds it, so that a
// file of an earlier ttx, whose runs lack fields added since, still
// matches. A checksum detects a file damaged or
// cut short on the way; anyone can edit a file and compute it again, so it
// proves nothing about who wrote it: Import scores every run again from its
// record and scenario instead of trusting the file.
type exportDoc struct {
	jsondoc.Header
	Exported  jsondoc.Time     `json:"exported"`
	Checksum  string           `json:"checksum"`
	Scenarios []exportScenario `json:"scenarios"`
	Runs      []exportRun      `json:"runs"`
}

// exportPayload is what the checksum covers.
type exportPayload struct {
	Scenarios []exportScenario `json:"scenarios"`
	Runs      []exportRun      `json:"runs"`
}

// exportScenario is a scenario played by the runs exported, with its source.
type exportScenario struct {
	jsondoc.Scenario
	Source string `json:"source"` // the scenario file, whose SHA-256 is Hash
}

// exportRun is a run in full: as listed, with its decisions, hotwash and
// improvement actions, and for a drill of a room session its positions and
// controls (left out when it has none, so that a file written before they
// existed keeps its checksum).
type exportRun struct {
	jsondoc.Run
	Decisions []jsondoc.Decision `json:"decisions"`
	Hotwash   jsondoc.Hotwash    `json:"hotwash"`
	Actions   []jsondoc.Action   `json:"actions"`
	Positions []jsondoc.Position `json:"positions,omitempty"`
	Controls  []jsondoc.Control  `json:"controls,omitempty"`
}

func toExport(r *Run) exportRun {
	same := func(s string) string { return s }
	e := exportRun{Run: runDoc(r, same), Decisions: jsondoc.DecisionsOf(r.Record.Decisions),
		Hotwash: jsondoc.Hotwash{WentWell: r.Hotwash.WentWell, Improve: r.Hotwash.Improve}, Actions: []jsondoc.Action{}}
	for _, a := range r.Actions {
		e.Actions = append(e.Actions, jsondoc.ActionOf(a))
	}
	for _, p := range r.Positions {
		e.Positions = append(e.Positions, jsondoc.PositionOf(p, same))
	}
	for _, c := range r.Controls {
		e.Controls = append(e.Controls, jsondoc.ControlOf(c, same))
	}
	return e
}

// checksum is the checksum of a payload as exportDoc describes it.
func checksum(p exportPayload) (string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// Export writes the finished runs that f selects (all of a scenario, say) as
// a JSON document for Import on another machine: each run in full, oldest
// first, the scenarios they were played on (their sources), the format
// version and a SHA-256 checksum. A run whose scenario the store does not
// hold (recorded before ttx kept scenarios) is written without it: Import
// then needs that scenario at hand. An error writing to w is returned.
func (d *db) Export(w io.Writer, f Filter) error {
	var runs []Run
	scenarios := []exportScenario{}
	err := d.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if runs, err = d.selectRuns(ctx, tx, f, true); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, r := range runs {
			h := r.Record.Hash
			if seen[h] {
				continue
			}
			seen[h] = true
			var s exportScenario
			var src []byte
			err := tx.QueryRowContext(ctx, "SELECT hash, id, version, title, source FROM scenarios WHERE hash = $1", h).Scan(&s.Hash, &s.ID, &s.Version, &s.Title, &src)
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return err
			}
			s.Source = string(src)
			scenarios = append(scenarios, s)
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.Reverse(runs)
	doc := exportDoc{Header: jsondoc.HeaderOf(ExportFormat), Exported: jsondoc.Time(time.Now().UTC()), Scenarios: scenarios, Runs: make([]exportRun, len(runs))}
	for i := range runs {
		doc.Runs[i] = toExport(&runs[i])
	}
	if doc.Checksum, err = checksum(exportPayload{doc.Scenarios, doc.Runs}); err != nil {
		return err
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	n, err := w.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err != nil {
		return fmt.Errorf("writing the export failed after %d of %d bytes (%w); check there is space and try again", n, len(b), err)
	}
	return nil
}

// recordOfRun is the record of an exported run.
func recordOfRun(e *exportRun) (engine.Record, error) {
	decs, err := jsondoc.RecordOf(e.Decisions)
	if err != nil {
		return engine.Record{}, err
	}
	rec := engine.Record{Scenario: e.Scenario.ID, Version: e.Scenario.Version, Hash: e.Scenario.Hash, Seed: e.Seed, Decisions: decs}
	if len(e.Params) > 0 {
		rec.Params = e.Params
	}
	for _, c := range e.Controls {
		if m, ok := manualOf(c.EngineControl()); ok {
			rec.Manual = append(rec.Manual, m)
		}
	}
	return rec, nil
}

// Checksum returns the checksum that an export document of the current
// format should carry for its scenarios and runs, as Import computes it to
// detect a file damaged on the way. Anyone can compute it: it is no proof
// of who wrote a file, which is why Import scores every run again.
func Checksum(data []byte) (string, error) {
	var doc exportDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", err
	}
	return checksum(exportPayload{doc.Scenarios, doc.Runs})
}

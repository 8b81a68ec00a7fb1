package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ttx-dev/ttx/engine"
)

// ExportFormat names the document Export writes, in its "format" field.
const ExportFormat = "ttx-runs"

// ExportVersion is the version of the export format that Export writes and
// the newest that Import reads.
const ExportVersion = 1

// maxImport is the largest export file Import reads.
const maxImport = 1 << 30

// exportDoc is an export file. Checksum is "sha256:" and the hex SHA-256 of
// the canonical runs payload: the runs array as encoding/json writes it,
// compact, with the fields in the order below. It is computed again from the
// decoded runs on import, so the file's layout may change but not its data.
type exportDoc struct {
	Format   string      `json:"format"`
	Version  int         `json:"version"`
	Exported time.Time   `json:"exported"`
	Checksum string      `json:"checksum"`
	Runs     []exportRun `json:"runs"`
}

type exportRun struct {
	UUID         string               `json:"uuid"`
	Record       engine.Record        `json:"record"`
	Team         string               `json:"team"`
	Participants []engine.Participant `json:"participants"`
	Started      time.Time            `json:"started"`
	Ended        time.Time            `json:"ended,omitzero"`
	Finished     bool                 `json:"finished"`
	Ending       string               `json:"ending"`
	Hours        float64              `json:"hours"`
	Total        float64              `json:"total"`
	Scores       []RunScore           `json:"scores"`
	Hotwash      engine.Hotwash       `json:"hotwash"`
	Actions      []exportAction       `json:"actions"`
}

type exportAction struct {
	What      string    `json:"what"`
	Principle string    `json:"principle,omitempty"`
	Owner     string    `json:"owner,omitempty"`
	Due       time.Time `json:"due,omitzero"`
	Done      bool      `json:"done"`
	DoneAt    time.Time `json:"done_at,omitzero"`
}

func toExport(r *Run) exportRun {
	e := exportRun{
		UUID: r.UUID, Record: r.Record, Team: r.Team, Participants: r.Participants,
		Started: r.Started, Ended: r.Ended, Finished: r.Finished, Ending: r.Ending,
		Hours: r.Hours, Total: r.Total, Scores: r.Scores, Hotwash: r.Hotwash,
		Actions: []exportAction{},
	}
	if e.Record.Decisions == nil {
		e.Record.Decisions = []string{}
	}
	if e.Participants == nil {
		e.Participants = []engine.Participant{}
	}
	if e.Scores == nil {
		e.Scores = []RunScore{}
	}
	for _, a := range r.Actions {
		e.Actions = append(e.Actions, exportAction{What: a.What, Principle: a.Principle, Owner: a.Owner, Due: a.Due, Done: a.Done, DoneAt: a.DoneAt})
	}
	return e
}

// checksum is the checksum of runs as exportDoc describes it.
func checksum(runs []exportRun) (string, error) {
	b, err := json.Marshal(runs)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// Export writes the finished runs that f selects (all of a scenario, say) as
// a JSON document for Import on another machine: each run in full, oldest
// first, with the format version and a SHA-256 checksum of the runs. An
// error writing to w is returned.
func (s *Store) Export(w io.Writer, f Filter) error {
	var runs []Run
	err := s.read(func(ctx context.Context, tx *sql.Tx) error {
		var err error
		runs, err = s.selectRuns(ctx, tx, f, true)
		return err
	})
	if err != nil {
		return err
	}
	slices.Reverse(runs)
	doc := exportDoc{Format: ExportFormat, Version: ExportVersion, Exported: time.Now().UTC().Truncate(time.Second), Runs: make([]exportRun, len(runs))}
	for i := range runs {
		doc.Runs[i] = toExport(&runs[i])
	}
	if doc.Checksum, err = checksum(doc.Runs); err != nil {
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

// Import reads a document written by Export and adds the runs it holds that
// are not stored yet (a run is known by its UUID), returning how many it
// added: importing the same file twice adds nothing. A file that is
// truncated, malformed, of a newer format or altered since it was exported
// (its checksum does not match) is refused whole, and nothing is added.
func (s *Store) Import(r io.Reader) (added int, err error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImport+1))
	if err != nil {
		return 0, s.errorf(ErrImport, err, "reading the export file failed (%v); check the file and try again", err)
	}
	if len(data) > maxImport {
		return 0, s.errorf(ErrImport, nil, "the export file is larger than %d MiB, too large to be a ttx export; check you chose the right file", maxImport>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return 0, s.errorf(ErrImport, nil, "the export file is empty; export the runs again and import the new file")
	}
	var hdr struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&hdr); err != nil {
		return 0, s.badJSON(data, err)
	}
	switch {
	case hdr.Format != ExportFormat:
		return 0, s.errorf(ErrImport, nil, "the file is not a ttx runs export (its format is %q, not %q); choose a file written by ttx export", hdr.Format, ExportFormat)
	case hdr.Version > ExportVersion:
		return 0, s.errorf(ErrImport, nil, "the export file is of format version %d, newer than this ttx reads (%d); upgrade ttx to import it", hdr.Version, ExportVersion)
	case hdr.Version < 1:
		return 0, s.errorf(ErrImport, nil, "the export file has no valid format version; export the runs again and import the new file")
	}
	var doc exportDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return 0, s.badJSON(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return 0, s.errorf(ErrImport, err, "the export file has data after its end, so it is not as ttx wrote it; export the runs again and import the new file")
	}
	sum, err := checksum(doc.Runs)
	if err != nil {
		return 0, err
	}
	if sum != doc.Checksum {
		return 0, s.errorf(ErrImport, nil, "the export file has been changed since it was exported (its checksum does not match its runs), so nothing was imported; export the runs again from the original")
	}
	for i := range doc.Runs {
		if err := s.checkImported(i, &doc.Runs[i]); err != nil {
			return 0, err
		}
	}
	return s.importRuns(doc.Runs)
}

// badJSON explains a JSON decoding error of an export file.
func (s *Store) badJSON(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &se) && se.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n")))) {
		return s.errorf(ErrImport, err, "the export file is truncated (it ends before its data does), so nothing was imported; copy it again in full and retry")
	}
	return s.errorf(ErrImport, err, "the export file is not valid ttx export JSON (%v), so nothing was imported; export the runs again and import the new file", err)
}

// checkImported refuses a run that could not have been exported.
func (s *Store) checkImported(i int, r *exportRun) error {
	bad := func(what string) error {
		return s.errorf(ErrImport, nil, "run %d of the export file %s, so nothing was imported; export the runs again and import the new file", i+1, what)
	}
	u, ok := parseUUID(r.UUID)
	if !ok {
		return bad(fmt.Sprintf("has no valid UUID (%q)", r.UUID))
	}
	r.UUID = u
	if r.Record.Scenario == "" {
		return bad("names no scenario")
	}
	if r.Started.IsZero() {
		return bad("has no start time")
	}
	if r.Finished == r.Ended.IsZero() {
		return bad("has an end time that does not fit its finished flag")
	}
	for _, d := range r.Record.Decisions {
		if d == "" {
			return bad("has an empty decision")
		}
	}
	for _, a := range r.Actions {
		if a.What == "" {
			return bad("has an improvement action that says nothing")
		}
	}
	for _, t := range []time.Time{r.Started, r.Ended} {
		if _, err := s.nanos(t); err != nil {
			return bad("has a date out of range")
		}
	}
	for _, a := range r.Actions {
		for _, t := range []time.Time{a.Due, a.DoneAt} {
			if _, err := s.nanos(t); err != nil {
				return bad("has a date out of range")
			}
		}
	}
	return nil
}

// importRuns adds, in one transaction, the runs whose UUID is not stored.
// Their times must be in range.
func (s *Store) importRuns(runs []exportRun) (added int, err error) {
	err = s.write(func(t *txn) error {
		added = 0
		for i := range runs {
			e := &runs[i]
			var one int
			err := t.queryRow("SELECT 1 FROM runs WHERE uuid = ?", e.UUID).Scan(&one)
			if err == nil {
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			r := Run{
				UUID: e.UUID, Record: e.Record, Team: e.Team, Participants: e.Participants,
				Started: e.Started, Ended: e.Ended, Finished: e.Finished, Ending: e.Ending,
				Hours: e.Hours, Total: e.Total, Scores: e.Scores, Hotwash: e.Hotwash,
			}
			for _, a := range e.Actions {
				r.Actions = append(r.Actions, engine.Action{What: a.What, Principle: a.Principle, Owner: a.Owner, Due: a.Due, Done: a.Done, DoneAt: a.DoneAt})
			}
			if _, err := s.insertRun(t, &r); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

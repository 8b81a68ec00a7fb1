package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
)

// Library is what Import scores runs against.
type Library struct {
	// Guides are the rubrics that scenarios name.
	Guides engine.Guides
	// Known, when set, returns a scenario of a content hash that ttx has
	// at hand (shipped, or of --dir), or nil. It provides the scenarios of
	// runs the file does not carry: files of format version 1, and runs
	// recorded before ttx kept scenarios.
	Known func(hash string) *engine.Scenario
}

// importPause is how long Import leaves an SQLite database to other writers
// between two batches; importSlice is how long a batch may hold it.
const (
	importPause = 50 * time.Millisecond
	importSlice = 50 * time.Millisecond
)

// pending is a run ready to be stored, and the source of its scenario.
type pending struct {
	run    Run
	source []byte
}

// Import reads a document written by Export and adds the runs it holds that
// are not stored yet (a run is known by its UUID), returning how many it
// added: importing the same file twice adds nothing. Nothing in the file is
// trusted: each run must replay, decision by decision, to the end of the
// scenario it carries (or that lib knows by its hash), and its score is
// computed again from that replay, with the register plan's credit the file
// gives (bounded to 0 to 100); the totals written in the file are not read.
// A file that is truncated, malformed, of a newer format, damaged since it
// was exported (its checksum does not match) or holds a run that does not
// replay is refused whole, and nothing is added.
//
// The runs are written in batches, each its own transaction, so that other
// writers (a drill recording its decisions) get the database in between.
// Should writing fail part way, the error says how many runs were added;
// importing the same file again adds the rest.
func (d *db) Import(r io.Reader, lib Library) (added int, err error) {
	if d.readOnly {
		return 0, d.readOnlyErr()
	}
	data, err := io.ReadAll(io.LimitReader(r, maxImport+1))
	if err != nil {
		return 0, d.errorf(ErrImport, err, "reading the export file failed (%v); check the file and try again", err)
	}
	if len(data) > maxImport {
		return 0, d.errorf(ErrImport, nil, "the export file is larger than %d MiB, too large to be a ttx export; check you chose the right file", maxImport>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return 0, d.errorf(ErrImport, nil, "the export file is empty; export the runs again and import the new file")
	}
	var hdr struct {
		Format        string `json:"format"`
		Version       int    `json:"version"`        // format version 1
		FormatVersion int    `json:"format_version"` // from format version 2
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&hdr); err != nil {
		return 0, d.badJSON(data, err)
	}
	v := max(hdr.Version, hdr.FormatVersion)
	switch {
	case hdr.Format != ExportFormat:
		return 0, d.errorf(ErrImport, nil, "the file is not a ttx runs export (its format is %q, not %q); choose a file written by ttx results export", hdr.Format, ExportFormat)
	case v > ExportVersion:
		return 0, d.errorf(ErrImport, nil, "the export file is of format version %d, newer than this ttx reads (%d); upgrade ttx to import it", v, ExportVersion)
	case v < 1:
		return 0, d.errorf(ErrImport, nil, "the export file has no valid format version; export the runs again and import the new file")
	}
	var doc exportPayload
	if v == 1 {
		doc, err = d.decodeV1(data)
	} else {
		doc, err = d.decodeV2(data)
	}
	if err != nil {
		return 0, err
	}
	runs, err := d.prepare(doc, lib)
	if err != nil {
		return 0, err
	}
	return d.importRuns(runs)
}

// decode reads the whole document strictly: no unknown field, nothing
// after its end.
func (d *db) decode(data []byte, doc any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(doc); err != nil {
		return d.badJSON(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return d.errorf(ErrImport, err, "the export file has data after its end, so it is not as ttx wrote it; export the runs again and import the new file")
	}
	return nil
}

func (d *db) decodeV2(data []byte) (exportPayload, error) {
	var doc exportDoc
	if err := d.decode(data, &doc); err != nil {
		return exportPayload{}, err
	}
	p := exportPayload{Scenarios: doc.Scenarios, Runs: doc.Runs}
	sum, err := checksum(p)
	if err != nil {
		return p, err
	}
	if sum != doc.Checksum && rawChecksum(data) != doc.Checksum {
		return p, d.mismatch()
	}
	return p, nil
}

// rawChecksum is the checksum of the payload as the file holds it, its
// whitespace removed: what the ttx that wrote the file computed, also when
// that ttx wrote fewer fields than this one decodes (a file of format
// version 2 has no bounds_estimated, and an early one no plan_use). It is ""
// for a file whose payload cannot be read.
func rawChecksum(data []byte) string {
	var raw struct {
		Scenarios json.RawMessage `json:"scenarios"`
		Runs      json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return ""
	}
	var b bytes.Buffer
	b.WriteString(`{"scenarios":`)
	if err := json.Compact(&b, raw.Scenarios); err != nil {
		return ""
	}
	b.WriteString(`,"runs":`)
	if err := json.Compact(&b, raw.Runs); err != nil {
		return ""
	}
	b.WriteString("}")
	sum := sha256.Sum256(b.Bytes())
	return "sha256:" + hex.EncodeToString(sum[:])
}

func (d *db) mismatch() error {
	return d.errorf(ErrImport, nil, "the export file does not match its checksum (it was damaged, cut or edited since it was exported), so nothing was imported; export the runs again from the original")
}

// badJSON explains a JSON decoding error of an export file.
func (d *db) badJSON(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &se) && se.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n")))) {
		return d.errorf(ErrImport, err, "the export file is truncated (it ends before its data does), so nothing was imported; copy it again in full and retry")
	}
	return d.errorf(ErrImport, err, "the export file is not valid ttx export JSON (%v), so nothing was imported; export the runs again and import the new file", err)
}

// prepare checks every scenario and run of the document and scores each
// run again, refusing the whole file at the first problem.
func (d *db) prepare(doc exportPayload, lib Library) ([]pending, error) {
	scenarios := map[string]*engine.Scenario{}
	for i, s := range doc.Scenarios {
		src := []byte(s.Source)
		if sum := sha256.Sum256(src); hex.EncodeToString(sum[:]) != s.Hash {
			return nil, d.errorf(ErrImport, nil, "scenario %d of the export file is not the one its hash names, so nothing was imported; export the runs again and import the new file", i+1)
		}
		sc, err := engine.Parse(fmt.Sprintf("scenario %d of the export file", i+1), src, lib.Guides)
		if err != nil {
			return nil, d.errorf(ErrImport, err, "scenario %d of the export file (%q) does not load here (%s), so nothing was imported; upgrade ttx if the file comes from a newer one", i+1, engine.Sanitize(s.ID), oneLine(err))
		}
		scenarios[s.Hash] = sc
	}
	stored := map[string]bool{}
	out := make([]pending, 0, len(doc.Runs))
	for i := range doc.Runs {
		e := &doc.Runs[i]
		bad := func(format string, args ...any) error {
			return d.errorf(ErrImport, nil, "run %d of the export file %s, so nothing was imported; export the runs again and import the new file", i+1, fmt.Sprintf(format, args...))
		}
		sc := scenarios[e.Scenario.Hash]
		if sc == nil && lib.Known != nil {
			sc = lib.Known(e.Scenario.Hash)
		}
		if sc == nil {
			return nil, d.errorf(ErrImport, nil, "run %d of the export file was played on a scenario the file does not carry and this ttx does not know (%q, version %q), so nothing was imported; give the folder holding that scenario with --dir", i+1, engine.Sanitize(e.Scenario.ID), engine.Sanitize(e.Scenario.Version))
		}
		run, err := d.rescore(e, sc)
		if err != nil {
			return nil, bad("%s", err)
		}
		run.ScenarioTitle = sc.Title
		p := pending{run: run}
		if !stored[sc.Hash] {
			p.source, stored[sc.Hash] = sc.Source(), true
		}
		out = append(out, p)
	}
	return out, nil
}

// rescore checks a run of an export file and scores it again by replaying
// its record on its scenario. The error says what is wrong, to follow
// "run N of the export file".
func (d *db) rescore(e *exportRun, sc *engine.Scenario) (Run, error) {
	u, ok := parseUUID(e.UUID)
	if !ok {
		return Run{}, fmt.Errorf("has no valid UUID (%q)", engine.Sanitize(e.UUID))
	}
	started, ended := time.Time(e.Started), time.Time(e.Ended)
	switch {
	case e.Scenario.ID != sc.ID:
		return Run{}, fmt.Errorf("names scenario %q but its hash is of scenario %q", engine.Sanitize(e.Scenario.ID), sc.ID)
	case started.IsZero():
		return Run{}, errors.New("has no start time")
	case !e.Finished || ended.IsZero():
		return Run{}, errors.New("is not finished, and only finished runs are exported")
	}
	times := []time.Time{started, ended}
	for _, a := range e.Actions {
		if a.What == "" {
			return Run{}, errors.New("has an improvement action that says nothing")
		}
		times = append(times, time.Time(a.Due), time.Time(a.DoneAt))
	}
	for _, p := range e.Positions {
		if len(p.Choices) == 0 || p.Seat == "" || p.Decision < 1 || p.Decision > len(e.Decisions)+1 || time.Time(p.At).IsZero() {
			return Run{}, errors.New("has a position without a seat, a choice, a time or a decision it was on")
		}
		times = append(times, time.Time(p.At))
	}
	endCtl := false
	for i, c := range e.Controls {
		if c.N != i+1 || !slices.Contains(engine.ControlKinds, engine.ControlKind(c.Kind)) || time.Time(c.At).IsZero() {
			return Run{}, fmt.Errorf("has a control %d that is not one ttx writes", i+1)
		}
		endCtl = endCtl || c.Kind == string(engine.ControlEnd)
		times = append(times, time.Time(c.At))
	}
	for _, t := range times {
		if _, err := d.millis(t); err != nil {
			return Run{}, errors.New("has a date out of range")
		}
	}
	rec, err := recordOfRun(e)
	if err != nil {
		return Run{}, err
	}
	rec.Version = sc.Version
	dr, err := engine.Replay(sc, rec)
	if err != nil {
		return Run{}, fmt.Errorf("does not replay on its scenario (%v)", oneLine(err))
	}
	if !dr.Ended() && !endCtl {
		return Run{}, errors.New("stops before the end of its scenario, though it says it is finished")
	}
	var plan *float64
	for _, p := range e.Principles {
		if p.ID == "prepare" && p.PlanPercent != nil {
			plan = p.PlanPercent
		}
	}
	res, err := dr.ResultWithPlanScore(e.Team, plan)
	if err != nil {
		return Run{}, fmt.Errorf("cannot be scored (%v)", oneLine(err))
	}
	r := Run{
		UUID: u, Record: rec, Team: e.Team, Started: started, Ended: ended, Finished: true,
		Ending: res.Ending, EndingTitle: res.EndingTitle, Hours: res.Hours, Total: res.TotalPercent, Scores: scoresOf(res),
		BoundsEstimated: res.BoundsEstimated, BoundsNote: res.BoundsNote,
		Hotwash: engine.Hotwash{WentWell: e.Hotwash.WentWell, Improve: e.Hotwash.Improve},
	}
	for _, p := range e.Participants {
		r.Participants = append(r.Participants, engine.Participant(p))
	}
	for _, a := range e.Actions {
		r.Actions = append(r.Actions, engine.Action{What: a.What, Principle: a.Principle, Owner: a.Owner, Due: time.Time(a.Due), Done: a.Done, DoneAt: time.Time(a.DoneAt)})
	}
	for _, p := range e.Positions {
		r.Positions = append(r.Positions, p.EnginePosition())
	}
	for _, c := range e.Controls {
		r.Controls = append(r.Controls, c.EngineControl())
	}
	return r, nil
}

// importRuns adds the runs whose UUID is not stored, in batches.
func (d *db) importRuns(runs []pending) (added int, err error) {
	for start := 0; start < len(runs); {
		if start > 0 {
			if d.afterBatch != nil {
				d.afterBatch()
			}
			if d.wmu != nil {
				time.Sleep(importPause) // let waiting writers of other processes in
			}
		}
		n := 0
		var batchAdded int
		err := d.write(func(t *txn) error {
			batchAdded = 0
			deadline := time.Now().Add(importSlice)
			for n = 0; start+n < len(runs) && n < d.batch && (n == 0 || time.Now().Before(deadline)); n++ {
				p := &runs[start+n]
				if p.source != nil {
					if err := d.storeScenario(t, p.run.Record, p.source, p.run.ScenarioTitle); err != nil {
						return err
					}
				}
				_, ok, err := d.insertRun(t, &p.run)
				if err != nil {
					return err
				}
				if ok {
					batchAdded++
				}
			}
			return nil
		})
		if err != nil {
			if added == 0 {
				return 0, err
			}
			var se *Error
			kind := ErrImport
			if errors.As(err, &se) {
				kind = se.Kind
			}
			return added, d.errorf(kind, err, "the import stopped after adding %d new runs (%v); import the same file again to add the rest, as the runs already added are skipped", added, err)
		}
		added += batchAdded
		start += n
	}
	return added, nil
}

// The export format version 1, written by ttx before it kept scenarios:
// runs only, their record as engine.Record wrote it then.

type exportDocV1 struct {
	Format   string        `json:"format"`
	Version  int           `json:"version"`
	Exported time.Time     `json:"exported"`
	Checksum string        `json:"checksum"`
	Runs     []exportRunV1 `json:"runs"`
}

type exportRunV1 struct {
	UUID   string `json:"uuid"`
	Record struct {
		Scenario  string   `json:"scenario"`
		Version   string   `json:"version"`
		Hash      string   `json:"hash"`
		Seed      uint64   `json:"seed"`
		Decisions []string `json:"decisions"`
	} `json:"record"`
	Team         string `json:"team"`
	Participants []struct {
		Name string `json:"name"`
		Role string `json:"role,omitempty"`
	} `json:"participants"`
	Started  time.Time `json:"started"`
	Ended    time.Time `json:"ended,omitzero"`
	Finished bool      `json:"finished"`
	Ending   string    `json:"ending"`
	Hours    float64   `json:"hours"`
	Total    float64   `json:"total"`
	Scores   []struct {
		Principle string  `json:"principle"`
		Title     string  `json:"title,omitempty"`
		Scored    bool    `json:"scored"`
		Raw       int     `json:"raw"`
		Percent   float64 `json:"percent"`
		Best      int     `json:"best"`
		Worst     int     `json:"worst"`
	} `json:"scores"`
	Hotwash struct {
		WentWell string `json:"went_well,omitempty"`
		Improve  string `json:"improve,omitempty"`
	} `json:"hotwash"`
	Actions []struct {
		What      string    `json:"what"`
		Principle string    `json:"principle,omitempty"`
		Owner     string    `json:"owner,omitempty"`
		Due       time.Time `json:"due,omitzero"`
		Done      bool      `json:"done"`
		DoneAt    time.Time `json:"done_at,omitzero"`
	} `json:"actions"`
}

// decodeV1 reads a file of format version 1 as one of version 2 without
// scenarios. Its checksum covered the runs array.
func (d *db) decodeV1(data []byte) (exportPayload, error) {
	var doc exportDocV1
	if err := d.decode(data, &doc); err != nil {
		return exportPayload{}, err
	}
	b, err := json.Marshal(doc.Runs)
	if err != nil {
		return exportPayload{}, err
	}
	sum := sha256.Sum256(b)
	if "sha256:"+hex.EncodeToString(sum[:]) != doc.Checksum {
		return exportPayload{}, d.mismatch()
	}
	p := exportPayload{Scenarios: []exportScenario{}, Runs: make([]exportRun, len(doc.Runs))}
	for i, o := range doc.Runs {
		e := exportRun{Decisions: []jsondoc.Decision{}, Actions: []jsondoc.Action{}}
		e.UUID, e.Team, e.Finished, e.Seed = o.UUID, o.Team, o.Finished, o.Record.Seed
		e.Scenario = jsondoc.Scenario{ID: o.Record.Scenario, Version: o.Record.Version, Hash: o.Record.Hash}
		e.Started, e.Ended = jsondoc.Time(o.Started), jsondoc.Time(o.Ended)
		for _, x := range o.Participants {
			e.Participants = append(e.Participants, jsondoc.Participant{Name: x.Name, Role: x.Role})
		}
		for _, s := range o.Record.Decisions {
			if s == "" {
				return p, d.errorf(ErrImport, nil, "run %d of the export file has an empty decision, so nothing was imported; export the runs again and import the new file", i+1)
			}
		}
		e.Decisions = jsondoc.DecisionsOf(o.Record.Decisions)
		e.Hotwash = jsondoc.Hotwash{WentWell: o.Hotwash.WentWell, Improve: o.Hotwash.Improve}
		for _, a := range o.Actions {
			e.Actions = append(e.Actions, jsondoc.Action{What: a.What, Principle: a.Principle, Owner: a.Owner, Due: jsondoc.Time(a.Due), Done: a.Done, DoneAt: jsondoc.Time(a.DoneAt)})
		}
		p.Runs[i] = e
	}
	return p, nil
}

package store

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/ttx-dev/ttx/engine"
)

// A run's participants and scores are kept in their tables and, packed, in
// runs.summary, so that List reads one row per run: reading columns is most
// of what listing costs. The tables are what Get, Export and SQL read; the
// bounds of the score (whether they were estimated, and why) are kept in the
// summary alone.
//
// The packing: a format byte (3); the number of participants, then name and
// role of each; the number of scores, then of each principle, title, scored
// (a byte), raw, the bits of percent (8 bytes, big-endian), best, worst,
// rating, and the plan credit (a byte 0 for none, or 1 and its 8 bytes);
// then a byte 0 when the bounds were exact, or 1 when they were estimated
// and the note saying why. Numbers are varints, strings a uvarint length and
// the bytes. Format 2 stops after the scores, and format 1, of schema 1,
// after worst (its rating is read from the percent): both read as exact.

const summaryFormat = 3

// runSummary is what runs.summary packs: a run's participants, its scores and
// the bounds they were measured against.
type runSummary struct {
	participants []engine.Participant
	scores       []RunScore
	estimated    bool   // the scores' best and worst were estimated bounds
	note         string // why, when estimated
}

// summaryOf is the summary of r.
func summaryOf(r *Run) runSummary {
	return runSummary{participants: r.Participants, scores: r.Scores, estimated: r.BoundsEstimated, note: r.BoundsNote}
}

// fill sets r's participants, scores and bounds from s.
func (s runSummary) fill(r *Run) {
	r.Participants, r.Scores, r.BoundsEstimated, r.BoundsNote = s.participants, s.scores, s.estimated, s.note
}

func (s runSummary) pack() []byte {
	b := []byte{summaryFormat}
	b = binary.AppendUvarint(b, uint64(len(s.participants)))
	for _, p := range s.participants {
		b = appendString(appendString(b, p.Name), p.Role)
	}
	b = binary.AppendUvarint(b, uint64(len(s.scores)))
	for _, s := range s.scores {
		b = appendString(appendString(b, s.Principle), s.Title)
		scored := byte(0)
		if s.Scored {
			scored = 1
		}
		b = append(b, scored)
		b = binary.AppendVarint(b, int64(s.Raw))
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(s.Percent))
		b = binary.AppendVarint(b, int64(s.Best))
		b = binary.AppendVarint(b, int64(s.Worst))
		b = appendString(b, s.Rating)
		if s.Plan == nil {
			b = append(b, 0)
		} else {
			b = binary.BigEndian.AppendUint64(append(b, 1), math.Float64bits(*s.Plan))
		}
	}
	if !s.estimated {
		return append(b, 0)
	}
	return appendString(append(b, 1), s.note)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errSummary = errors.New("a run summary is damaged")

// unpackSummary reverses runSummary.pack, and reads the formats before it.
func unpackSummary(b []byte) (runSummary, error) {
	if len(b) == 0 || b[0] < 1 || b[0] > summaryFormat {
		return runSummary{}, errSummary
	}
	var s runSummary
	format := b[0]
	u := unpacker{b: b[1:]}
	if n := u.count(); n > 0 {
		s.participants = make([]engine.Participant, n)
		for i := range s.participants {
			s.participants[i] = engine.Participant{Name: u.string(), Role: u.string()}
		}
	}
	if n := u.count(); n > 0 {
		s.scores = make([]RunScore, n)
		for i := range s.scores {
			sc := &s.scores[i]
			sc.Principle, sc.Title = u.string(), u.string()
			sc.Scored = u.byte() == 1
			sc.Raw = int(u.varint())
			sc.Percent = math.Float64frombits(u.uint64())
			sc.Best, sc.Worst = int(u.varint()), int(u.varint())
			if format == 1 {
				if sc.Scored {
					sc.Rating = engine.RatingFor(sc.Percent).Code
				}
				continue
			}
			sc.Rating = u.string()
			if u.byte() == 1 {
				p := math.Float64frombits(u.uint64())
				sc.Plan = &p
			}
		}
	}
	if format >= 3 && u.byte() == 1 {
		s.estimated, s.note = true, u.string()
	}
	if u.bad || len(u.b) != 0 {
		return runSummary{}, errSummary
	}
	return s, nil
}

// unpacker reads packed values, noting (and surviving) a short input.
type unpacker struct {
	b   []byte
	bad bool
}

func (u *unpacker) uvarint() uint64 {
	v, n := binary.Uvarint(u.b)
	if n <= 0 {
		u.bad, u.b = true, nil
		return 0
	}
	u.b = u.b[n:]
	return v
}

// count reads a number of items, each of which takes a byte at least.
func (u *unpacker) count() uint64 {
	n := u.uvarint()
	if n > uint64(len(u.b)) {
		u.bad, u.b = true, nil
		return 0
	}
	return n
}

func (u *unpacker) varint() int64 {
	v, n := binary.Varint(u.b)
	if n <= 0 {
		u.bad, u.b = true, nil
		return 0
	}
	u.b = u.b[n:]
	return v
}

func (u *unpacker) byte() byte {
	if len(u.b) < 1 {
		u.bad = true
		return 0
	}
	c := u.b[0]
	u.b = u.b[1:]
	return c
}

func (u *unpacker) uint64() uint64 {
	if len(u.b) < 8 {
		u.bad, u.b = true, nil
		return 0
	}
	v := binary.BigEndian.Uint64(u.b)
	u.b = u.b[8:]
	return v
}

func (u *unpacker) string() string {
	n := u.uvarint()
	if n > uint64(len(u.b)) {
		u.bad, u.b = true, nil
		return ""
	}
	s := string(u.b[:n])
	u.b = u.b[n:]
	return s
}

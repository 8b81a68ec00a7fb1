package store

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/ttx-dev/ttx/engine"
)

// A run's participants and scores are kept in their tables and, packed, in
// runs.summary, so that List reads one row per run: reading columns is most
// of what listing costs. The tables are what Get, Export and SQL read.
//
// The packing: a format byte (2); the number of participants, then name and
// role of each; the number of scores, then of each principle, title, scored
// (a byte), raw, the bits of percent (8 bytes, big-endian), best, worst,
// rating, and the plan credit (a byte 0 for none, or 1 and its 8 bytes).
// Numbers are varints, strings a uvarint length and the bytes. Format 1, of
// schema 1, stops after worst; its rating is read from the percent.

const summaryFormat = 2

func packSummary(ps []engine.Participant, sc []RunScore) []byte {
	b := []byte{summaryFormat}
	b = binary.AppendUvarint(b, uint64(len(ps)))
	for _, p := range ps {
		b = appendString(appendString(b, p.Name), p.Role)
	}
	b = binary.AppendUvarint(b, uint64(len(sc)))
	for _, s := range sc {
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
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errSummary = errors.New("a run summary is damaged")

// unpackSummary reverses packSummary.
func unpackSummary(b []byte) (ps []engine.Participant, sc []RunScore, err error) {
	if len(b) == 0 || (b[0] != 1 && b[0] != summaryFormat) {
		return nil, nil, errSummary
	}
	format := b[0]
	u := unpacker{b: b[1:]}
	if n := u.count(); n > 0 {
		ps = make([]engine.Participant, n)
		for i := range ps {
			ps[i] = engine.Participant{Name: u.string(), Role: u.string()}
		}
	}
	if n := u.count(); n > 0 {
		sc = make([]RunScore, n)
		for i := range sc {
			s := &sc[i]
			s.Principle, s.Title = u.string(), u.string()
			s.Scored = u.byte() == 1
			s.Raw = int(u.varint())
			s.Percent = math.Float64frombits(u.uint64())
			s.Best, s.Worst = int(u.varint()), int(u.varint())
			if format == 1 {
				if s.Scored {
					s.Rating = engine.RatingFor(s.Percent).Code
				}
				continue
			}
			s.Rating = u.string()
			if u.byte() == 1 {
				p := math.Float64frombits(u.uint64())
				s.Plan = &p
			}
		}
	}
	if u.bad || len(u.b) != 0 {
		return nil, nil, errSummary
	}
	return ps, sc, nil
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

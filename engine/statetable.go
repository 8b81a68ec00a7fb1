package engine

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"math"
	"unsafe"
)

// The table of the exploration's states: each distinct state, by what
// tells it apart for the future of a drill, once.

// keyLayout lists what a state key holds: the scene, then only the parts of
// the state that some expression reads. What State and branch keep as bits
// (the first 64 flags, choice and scene slots and events) is written as
// bits; the rest as lists and numbers.
type keyLayout struct {
	vars, once []int // the variables read, the events fired once
	flags      []int // the flags (boolean variables) read
	nums       []int // the numbers read
	hours      bool
	// The bits of State.flags, State.madeBits, State.visits and
	// branch.firedBits in the key.
	flagBits, madeBits, seenBits, onceBits keyBits
	madeKey                                []uint8 // per choice slot: 0 not in the key, 1 whether made, 2 when made
	seenKey                                []bool  // per scene slot: in the key
	// What the bits leave out: the flags past them, per choice slot 0 (not
	// listed), 1 (whether made) or 2 (when made), per scene slot whether
	// listed, and the events fired once past onceBits.
	highFlags, highOnce []int
	madeList            []uint8
	seenList            []bool
	anyMade, anySeen    bool // some slot is listed
}

// keyBits is a mask of the bits of a word that a key holds, and how many
// bytes of the word hold them.
type keyBits struct {
	mask  uint64
	bytes int
}

func (b *keyBits) add(i int) {
	b.mask |= 1 << i
	b.bytes = max(b.bytes, i/8+1)
}

// appendTo appends the bytes of word w that b holds.
func (b *keyBits) appendTo(k []byte, w uint64) []byte {
	if b.bytes == 0 {
		return k
	}
	return binary.LittleEndian.AppendUint64(k, w&b.mask)[:len(k)+b.bytes]
}

func newKeyLayout(sc *Scenario) keyLayout {
	nc, ns := len(sc.choseSlots.items), len(sc.visitSlots.items)
	l := keyLayout{madeKey: make([]uint8, nc), madeList: make([]uint8, nc), seenKey: make([]bool, ns), seenList: make([]bool, ns)}
	r := &sc.reads
	for i, on := range r.vars {
		switch {
		case !on:
			continue
		case sc.Vars[i].Bool && i < bitSlots:
			l.flagBits.add(i)
			l.flags = append(l.flags, i)
		case sc.Vars[i].Bool:
			l.highFlags = append(l.highFlags, i)
			l.flags = append(l.flags, i)
		default:
			l.nums = append(l.nums, i)
		}
		l.vars = append(l.vars, i)
	}
	for k, i := range sc.choseSlots.items {
		switch {
		case r.choices[i] && r.hoursAt[i]:
			l.madeKey[k], l.madeList[k] = 2, 2
		case r.choices[i] && k < bitSlots:
			l.madeKey[k] = 1
			l.madeBits.add(k)
		case r.choices[i]:
			l.madeKey[k], l.madeList[k] = 1, 1
		}
		l.anyMade = l.anyMade || l.madeList[k] != 0
	}
	for k, i := range sc.visitSlots.items {
		l.seenKey[k] = r.scenes[i]
		switch {
		case r.scenes[i] && k < bitSlots:
			l.seenBits.add(k)
		case r.scenes[i]:
			l.seenList[k] = true
			l.anySeen = true
		}
	}
	for i := range sc.Events {
		switch {
		case !sc.Events[i].Once:
		case i < bitSlots:
			l.onceBits.add(i)
			l.once = append(l.once, i)
		default:
			l.highOnce = append(l.highOnce, i)
			l.once = append(l.once, i)
		}
	}
	l.hours = r.hours
	return l
}

// stateKey encodes what distinguishes a state for the future of a drill,
// compactly: two states have the same key exactly when their scene and the
// parts of them that expressions read are the same, bit for bit (a key is
// read back by nothing, so it only has to tell states apart, and its layout
// is the same for every state of the exploration). Flags take a bit each,
// numbers that are whole a byte or two (appendNum).
func (x *explorer) stateKey(scene int, b *branch) []byte {
	st, l := &b.st, &x.layout
	k := appendUvarint(x.key[:0], uint64(scene))
	// The flags, as bits after a 0 when they are all 0 or 1 (as the loader
	// ensures), else in full after a 1.
	if st.odd && !plainFlags(st, l.flags) {
		k = append(k, 1)
		for _, i := range l.flags {
			k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Vals[i]))
		}
	} else {
		k = append(k, 0)
		k = l.flagBits.appendTo(k, st.flags)
		k = appendBools(k, l.highFlags, func(i int) bool { return st.Vals[i] != 0 })
	}
	for _, i := range l.nums {
		k = appendNum(k, st.Vals[i])
	}
	if l.hours {
		k = appendNum(k, st.Hours)
	}
	// The choices and scenes that matter: bits, then lists of slots that
	// end with a zero, the slots written plus one.
	k = l.madeBits.appendTo(k, st.madeBits)
	if l.anyMade {
		for _, m := range st.made {
			switch l.madeList[m.slot] {
			case 1:
				k = appendUvarint(k, uint64(m.slot)+1)
			case 2:
				k = appendUvarint(k, uint64(m.slot)+1)
				k = appendNum(k, m.at)
			}
		}
		k = append(k, 0)
	}
	k = l.seenBits.appendTo(k, st.visits)
	if l.anySeen {
		for _, s := range st.seen {
			if l.seenList[s] {
				k = appendUvarint(k, uint64(s)+1)
			}
		}
		k = append(k, 0)
	}
	k = l.onceBits.appendTo(k, b.firedBits)
	k = appendBools(k, l.highOnce, b.hasFired)
	x.key = k
	return k
}

// appendBools appends a bit for each of is, eight to a byte.
func appendBools(k []byte, is []int, on func(int) bool) []byte {
	var acc byte
	for j, i := range is {
		if on(i) {
			acc |= 1 << (j & 7)
		}
		if j&7 == 7 {
			k, acc = append(k, acc), 0
		}
	}
	if len(is)&7 != 0 {
		k = append(k, acc)
	}
	return k
}

const oneBits = 0x3ff0000000000000 // math.Float64bits(1)

// plainFlags reports whether the flags of st are all 0 or 1.
func plainFlags(st *State, flags []int) bool {
	for _, i := range flags {
		if b := math.Float64bits(st.Vals[i]); b != 0 && b != oneBits {
			return false
		}
	}
	return true
}

// appendUvarint is binary.AppendUvarint, quicker for one or two bytes.
func appendUvarint(k []byte, u uint64) []byte {
	switch {
	case u < 1<<7:
		return append(k, byte(u))
	case u < 1<<14:
		return append(k, byte(u)|0x80, byte(u>>7))
	}
	return binary.AppendUvarint(k, u)
}

// appendNum appends a number so that two numbers append the same bytes
// exactly when they have the same bits: a whole number of at most 2^52 (but
// -0) as an even varint (zigzag, shifted), a byte for -32..31; any other as
// the varint 1 and its eight bytes.
func appendNum(k []byte, v float64) []byte {
	if i := int64(v); float64(i) == v && uint64(i+1<<12) < 1<<13 && math.Float64bits(v) != 1<<63 {
		u := uint64(i<<1^i>>63) << 1 // below 1<<14
		if u < 1<<7 {
			return append(k, byte(u))
		}
		return append(k, byte(u)|0x80, byte(u>>7))
	}
	return appendAnyNum(k, v)
}

// appendAnyNum is appendNum for any number.
func appendAnyNum(k []byte, v float64) []byte {
	if i := int64(v); float64(i) == v && uint64(i+1<<52) <= 1<<53 && (i != 0 || math.Float64bits(v) == 0) {
		return appendUvarint(k, uint64(i<<1^i>>63)<<1)
	}
	k = append(k, 1)
	return binary.LittleEndian.AppendUint64(k, math.Float64bits(v))
}

// node returns the node of a state and whether it is new; with create, a new
// state gets a node and a slot holding a copy of it. Without create, an
// unknown state is -1.
func (x *explorer) node(scene int, b *branch, create bool) (int, bool) {
	k := x.stateKey(scene, b)
	h := maphash.Bytes(x.seed, k)
	i, found := x.lookup(h, k)
	if found >= 0 {
		return found, false
	}
	if !create {
		return -1, false
	}
	id := x.n
	if id%nodesPerChunk == 0 {
		x.recs = append(x.recs, make([]nodeRec, nodesPerChunk))
		x.vals = append(x.vals, make([]int32, nodesPerChunk*x.w))
		x.bytes += nodesPerChunk * (int64(unsafe.Sizeof(nodeRec{})) + 4*int64(x.w))
	}
	x.n++
	r := x.rec(id)
	r.keyAt = x.storeKey(k)
	x.table[i] = uint64(uint32(h>>32))<<32 | uint64(id+1)
	if x.n*2 > len(x.table) {
		x.rehash()
	}
	var s int32
	if n := len(x.free); n > 0 {
		s = x.free[n-1]
		x.free = x.free[:n-1]
	} else {
		s = int32(len(x.slots))
		x.slots = append(x.slots, x.newBranch())
		x.bytes += x.branchSize() + 8
	}
	slot := x.slots[s]
	before := listBytes(slot)
	copyBranch(slot, b)
	x.bytes += listBytes(slot) - before
	r.slot = s
	return id, true
}

func (x *explorer) rec(id int) *nodeRec { return &x.recs[id/nodesPerChunk][id%nodesPerChunk] }

// val returns node id's values: best per principle, worst per principle,
// best total, worst total, and per principle the best total of the ways to
// its best (tieCol).
func (x *explorer) val(id int) []int32 {
	c := x.vals[id/nodesPerChunk]
	o := (id % nodesPerChunk) * x.w
	return c[o : o+x.w : o+x.w]
}

// The state table is open addressing with linear probing over one flat
// array: each entry holds 32 bits of the key's hash and the node id plus one
// (0 is empty); the same 32 bits place it, so growing the table needs no
// hash again. Lookups touch one cache line where Go's map touches several,
// which matters at millions of states.

// lookup finds key k with hash h: the node's id, or -1 and the free entry
// where it would go.
func (x *explorer) lookup(h uint64, k []byte) (int, int) {
	if x.table == nil {
		x.table = make([]uint64, 1<<12)
		x.bytes += 8 << 12
	}
	mask := uint64(len(x.table) - 1)
	tag := h >> 32
	for i := tag & mask; ; i = (i + 1) & mask {
		e := x.table[i]
		if e == 0 {
			return int(i), -1
		}
		if e>>32 == tag {
			id := int(uint32(e)) - 1
			if bytes.Equal(x.keyOf(id), k) {
				return int(i), id
			}
		}
	}
}

// rehash doubles the table.
func (x *explorer) rehash() {
	t := make([]uint64, 2*len(x.table))
	x.bytes += 8 * int64(len(x.table))
	mask := uint64(len(t) - 1)
	for _, e := range x.table {
		if e == 0 {
			continue
		}
		i := (e >> 32) & mask
		for t[i] != 0 {
			i = (i + 1) & mask
		}
		t[i] = e
	}
	x.table = t
}

// storeKey copies a key into the key arena and returns where it is.
func (x *explorer) storeKey(k []byte) uint64 {
	n := len(x.keys)
	if n == 0 || len(x.keys[n-1])+len(k) > cap(x.keys[n-1]) {
		c := max(keyChunk, len(k))
		x.keys = append(x.keys, make([]byte, 0, c))
		x.bytes += int64(c)
		n++
	}
	c := x.keys[n-1]
	off := len(c)
	x.keys[n-1] = append(c, k...)
	return uint64(n-1)<<48 | uint64(off)<<24 | uint64(len(k))
}

func (x *explorer) keyOf(id int) []byte {
	at := x.rec(id).keyAt
	c, off, n := at>>48, (at>>24)&(1<<24-1), at&(1<<24-1)
	return x.keys[c][off : off+n]
}

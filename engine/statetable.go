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
// the state that some expression reads.
type keyLayout struct {
	vars, once []int
	hours      bool
	madeKey    []uint8 // per choice slot: 0 not in the key, 1 whether made, 2 when made
	seenKey    []bool  // per scene slot: in the key
}

func newKeyLayout(sc *Scenario) keyLayout {
	l := keyLayout{madeKey: make([]uint8, len(sc.choseSlots.items)), seenKey: make([]bool, len(sc.visitSlots.items))}
	r := &sc.reads
	for i, on := range r.vars {
		if on {
			l.vars = append(l.vars, i)
		}
	}
	for k, i := range sc.choseSlots.items {
		switch {
		case r.choices[i] && r.hoursAt[i]:
			l.madeKey[k] = 2
		case r.choices[i]:
			l.madeKey[k] = 1
		}
	}
	for k, i := range sc.visitSlots.items {
		l.seenKey[k] = r.scenes[i]
	}
	for i := range sc.Events {
		if sc.Events[i].Once {
			l.once = append(l.once, i)
		}
	}
	l.hours = r.hours
	return l
}

// stateKey encodes what distinguishes a state for the future of a drill.
func (x *explorer) stateKey(scene int, b *branch) []byte {
	st, l := &b.st, &x.layout
	k := binary.LittleEndian.AppendUint32(x.key[:0], uint32(scene))
	for _, i := range l.vars {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Vals[i]))
	}
	if l.hours {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(st.Hours))
	}
	// The choices and scenes that matter, as lists of slots: a list ends
	// with a zero, and slots are written plus one.
	for _, m := range st.made {
		switch l.madeKey[m.slot] {
		case 1:
			k = binary.AppendUvarint(k, uint64(m.slot)+1)
		case 2:
			k = binary.AppendUvarint(k, uint64(m.slot)+1)
			k = binary.LittleEndian.AppendUint64(k, math.Float64bits(m.at))
		}
	}
	k = append(k, 0)
	for _, s := range st.seen {
		if l.seenKey[s] {
			k = binary.AppendUvarint(k, uint64(s)+1)
		}
	}
	k = append(k, 0)
	var acc byte
	var n uint
	for _, i := range l.once {
		if b.fired[i] {
			acc |= 1 << n
		}
		if n++; n == 8 {
			k, acc, n = append(k, acc), 0, 0
		}
	}
	if n > 0 {
		k = append(k, acc)
	}
	x.key = k
	return k
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

package textvec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// MarshalBinary encodes the table compactly and deterministically (the same
// counts give the same bytes), for a store to keep in a BLOB or BYTEA column:
// a version byte, the document count, the number of terms, then each term as
// the varint gap from the previous id and its varint count, in id order.
func (d *DF) MarshalBinary() ([]byte, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	ids := make([]uint32, 0, len(d.index))
	for id, i := range d.index {
		if d.n[i] > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	b := make([]byte, 0, 1+2*binary.MaxVarintLen64+4*len(ids))
	b = append(b, dfCodecVersion)
	b = binary.AppendUvarint(b, uint64(d.docs))
	b = binary.AppendUvarint(b, uint64(len(ids)))
	prev := uint32(0)
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(id-prev))
		b = binary.AppendUvarint(b, uint64(d.n[d.index[id]]))
		prev = id
	}
	return b, nil
}

const dfCodecVersion = 1

var errDFCodec = errors.New("textvec: decode df: truncated or corrupt")

// UnmarshalBinary replaces the table with what MarshalBinary wrote. It returns
// an error for another version, truncated input or ids out of order, and
// leaves the table as it was then.
func (d *DF) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] != dfCodecVersion {
		return fmt.Errorf("textvec: decode df: unknown version")
	}
	r := uvarints{b: b[1:]}
	docs, n := r.next(), r.next()
	if r.err != nil || n > uint64(len(b)) {
		return errDFCodec
	}
	index, counts := make(map[uint32]int32, n), make([]int32, 0, n)
	var id uint64
	for i := uint64(0); i < n; i++ {
		gap, c := r.next(), r.next()
		if i > 0 && gap == 0 {
			return errDFCodec
		}
		id += gap
		if r.err != nil || id > 1<<32-1 {
			return errDFCodec
		}
		if c > math.MaxInt32 {
			return errDFCodec
		}
		index[uint32(id)] = int32(len(counts))
		counts = append(counts, int32(c))
	}
	if len(r.b) != 0 {
		return errDFCodec
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs, d.index, d.n = int(docs), index, counts
	return nil
}

// uvarints reads varints one after another, remembering the first error.
type uvarints struct {
	b   []byte
	err error
}

func (r *uvarints) next() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > 1<<62 {
		r.err = errDFCodec
		return 0
	}
	r.b = r.b[n:]
	return v
}

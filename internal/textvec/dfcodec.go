package textvec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// MarshalBinary encodes the table for a store to keep in a BLOB or BYTEA
// column: a version byte, the document count and the number of terms as
// varints, then each term in the order it was first seen (its id as four
// little-endian bytes, its count as a varint). It is a single pass, with no
// sorting, so a large table encodes in well under a millisecond; the same
// history of Adds gives the same bytes, and a decoded table encodes to the
// same bytes again.
func (d *DF) MarshalBinary() ([]byte, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	b := make([]byte, 0, 1+2*binary.MaxVarintLen64+6*len(d.ids))
	b = append(b, dfCodecVersion)
	b = binary.AppendUvarint(b, uint64(d.docs))
	b = binary.AppendUvarint(b, uint64(len(d.ids)))
	for i, id := range d.ids {
		b = binary.LittleEndian.AppendUint32(b, id)
		b = binary.AppendUvarint(b, uint64(d.n[i]))
	}
	return b, nil
}

const dfCodecVersion = 1

var errDFCodec = errors.New("textvec: decode df: truncated or corrupt")

// UnmarshalBinary replaces the table with what MarshalBinary wrote. It returns
// an error for another version, truncated or trailing input, a repeated term
// or a count out of range, and leaves the table as it was then.
func (d *DF) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] != dfCodecVersion {
		return fmt.Errorf("textvec: decode df: unknown version")
	}
	r := uvarints{b: b[1:]}
	docs, n := r.next(), r.next()
	if r.err != nil || n > uint64(len(r.b))/5 || docs > math.MaxInt32 {
		return errDFCodec
	}
	var index idTable
	counts, ids := make([]int32, 0, n), make([]uint32, 0, n)
	for range n {
		if len(r.b) < 4 {
			return errDFCodec
		}
		id := binary.LittleEndian.Uint32(r.b)
		r.b = r.b[4:]
		c := r.next()
		if _, dup := index.get(id); dup || r.err != nil || c > math.MaxInt32 {
			return errDFCodec
		}
		index.add(id)
		counts = append(counts, int32(c))
		ids = append(ids, id)
	}
	if len(r.b) != 0 {
		return errDFCodec
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs, d.index, d.n, d.ids = int(docs), index, counts, ids
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

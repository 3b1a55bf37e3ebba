package cluster

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/heraldnews/herald/internal/textvec"
)

// The features codec: a version byte, then varints for the arrival number,
// the story time (Unix nanoseconds + 1, 0 for none) and the term counts of
// the two vectors, then the vectors' terms (id, float32 bits, little-endian)
// and, when the story had shingles, the signature.
const featuresVersion = 1

var errFeatures = errors.New("cluster: decode features: truncated or corrupt")

func (f *features) marshal() []byte {
	b := make([]byte, 0, 24+8*(len(f.vec)+len(f.topics))+4*SignatureSize)
	b = append(b, featuresVersion)
	b = binary.AppendUvarint(b, uint64(f.seq))
	at := int64(0)
	if !f.at.IsZero() {
		at = f.at.UnixNano() + 1
	}
	b = binary.AppendVarint(b, at)
	b = binary.AppendUvarint(b, uint64(len(f.vec)))
	b = binary.AppendUvarint(b, uint64(len(f.topics)))
	for _, v := range []textvec.Vector{f.vec, f.topics} {
		for _, t := range v {
			b = binary.LittleEndian.AppendUint32(b, t.ID)
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(t.W))
		}
	}
	if f.hasSig {
		for _, v := range f.sig {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	return b
}

func unmarshalFeatures(story int64, b []byte) (*features, error) {
	if len(b) == 0 || b[0] != featuresVersion {
		return nil, errors.New("cluster: decode features: unknown version")
	}
	b = b[1:]
	var vals [4]uint64
	var at int64
	for i := range vals {
		var n int
		if i == 1 {
			at, n = binary.Varint(b)
		} else {
			vals[i], n = binary.Uvarint(b)
		}
		if n <= 0 {
			return nil, errFeatures
		}
		b = b[n:]
	}
	nv, nt := vals[2], vals[3]
	if room := uint64(len(b)) / 8; nv > room || nt > room || nv+nt > room {
		return nil, errFeatures
	}
	f := &features{story: story, seq: int64(vals[0])}
	if at != 0 {
		f.at = time.Unix(0, at-1).UTC()
	}
	f.vec, b = decodeTerms(b, int(nv))
	f.topics, b = decodeTerms(b, int(nt))
	switch len(b) {
	case 0:
	case 4 * SignatureSize:
		f.hasSig = true
		for i := range f.sig {
			f.sig[i] = binary.LittleEndian.Uint32(b[4*i:])
		}
	default:
		return nil, errFeatures
	}
	return f, nil
}

func decodeTerms(b []byte, n int) (textvec.Vector, []byte) {
	v := make(textvec.Vector, n)
	for i := range v {
		v[i] = textvec.Term{ID: binary.LittleEndian.Uint32(b[8*i:]), W: math.Float32frombits(binary.LittleEndian.Uint32(b[8*i+4:]))}
	}
	return v, b[8*n:]
}

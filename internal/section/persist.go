package section

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"math/bits"
	"slices"

	"github.com/heraldnews/herald"
)

// The model file is little-endian binary:
//
//	magic "HRLDSECT", version uint32, feature flags uint32, scale float64,
//	label count uint32, then per label its byte length uint32 and bytes,
//	feature count uint32, vocabulary slot count uint32, slots []uint64,
//	rows []float32 (per feature its IDF, then its weight for each label),
//	bias []float32 (per label), and a CRC-32 (IEEE) of everything before it.
const (
	fileMagic   = "HRLDSECT"
	fileVersion = 1
	maxLabels   = 1 << 16
	maxLabelLen = 1 << 12
	chunkLen    = 1 << 16 // elements read per chunk, so a lying header cannot force a huge allocation
)

const (
	flagBigrams = 1 << iota
	flagTitleTokens
	flagHeaders
	allFlags = flagBigrams | flagTitleTokens | flagHeaders
)

// Save writes the model to w in Herald's binary model format (see Load).
func (m *Model) Save(w io.Writer) error {
	crc := crc32.NewIEEE()
	bw := bufio.NewWriter(io.MultiWriter(w, crc))
	e := &encoder{w: bw}
	e.bytes([]byte(fileMagic))
	e.u32(fileVersion)
	e.u32(m.cfg.flags())
	e.u64(math.Float64bits(m.scale))
	e.u32(uint32(len(m.labels)))
	for _, l := range m.labels {
		e.u32(uint32(len(l)))
		e.bytes([]byte(l))
	}
	e.u32(uint32(m.voc.n))
	e.u32(uint32(len(m.voc.slots)))
	e.u64s(m.voc.slots)
	e.f32s(m.rows)
	e.f32s(m.bias)
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err == nil {
		e.err = binary.Write(w, binary.LittleEndian, crc.Sum32())
	}
	if e.err != nil {
		return fmt.Errorf("save section model: %w", e.err)
	}
	return nil
}

// Load reads a model written by Save. A truncated, corrupt or foreign file gives
// a herald.EINVALID error; read errors are returned wrapped.
func Load(r io.Reader) (*Model, error) {
	crc := crc32.NewIEEE()
	d := &decoder{r: bufio.NewReader(r), crc: crc}
	m, err := d.model()
	if err == nil {
		want := crc.Sum32()
		var got uint32
		if err = binary.Read(d.r, binary.LittleEndian, &got); err == nil && got != want {
			err = errCorrupt("checksum mismatch")
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errCorrupt("truncated")
	}
	if err != nil {
		return nil, fmt.Errorf("load section model: %w", err)
	}
	return m, nil
}

func errCorrupt(format string, args ...any) error {
	return herald.Errorf(herald.EINVALID, "not a valid section model: "+format, args...)
}

func (c featureConfig) flags() uint32 {
	var f uint32
	if c.Bigrams {
		f |= flagBigrams
	}
	if c.TitleTokens {
		f |= flagTitleTokens
	}
	if c.Headers {
		f |= flagHeaders
	}
	return f
}

func configFromFlags(f uint32) featureConfig {
	return featureConfig{Bigrams: f&flagBigrams != 0, TitleTokens: f&flagTitleTokens != 0, Headers: f&flagHeaders != 0}
}

// model decodes everything but the trailing checksum.
func (d *decoder) model() (*Model, error) {
	magic := d.bytes(len(fileMagic))
	if d.err == nil && string(magic) != fileMagic {
		return nil, errCorrupt("bad magic")
	}
	if v := d.u32(); d.err == nil && v != fileVersion {
		return nil, errCorrupt("unsupported version %d", v)
	}
	flags, scale := d.u32(), math.Float64frombits(d.u64())
	if d.err == nil && (flags&^allFlags != 0 || !(scale > 0 && scale <= math.MaxFloat32)) {
		return nil, errCorrupt("bad flags %#x or scale %v", flags, scale)
	}
	m := &Model{cfg: configFromFlags(flags), scale: scale}
	m.labels = d.labels()
	nf, nslots := int(d.u32()), int(d.u32())
	if d.err == nil && (nf > maxFeatures || nslots <= nf || bits.OnesCount(uint(nslots)) != 1) {
		return nil, errCorrupt("bad vocabulary size %d in %d slots", nf, nslots)
	}
	slots := d.u64s(nslots)
	m.rows = d.f32s(nf * m.stride())
	m.bias = d.f32s(len(m.labels))
	if d.err != nil {
		return nil, d.err
	}
	voc, err := vocabFromSlots(slots, nf)
	if err != nil {
		return nil, err
	}
	m.voc = voc
	return m, nil
}

// labels reads the label list; it must hold 2..maxLabels distinct labels, sorted.
func (d *decoder) labels() []string {
	n := int(d.u32())
	if d.err == nil && (n < 2 || n > maxLabels) {
		d.err = errCorrupt("bad label count %d", n)
	}
	var labels []string
	for i := 0; i < n && d.err == nil; i++ {
		size := int(d.u32())
		if d.err == nil && size > maxLabelLen {
			d.err = errCorrupt("label %d too long", i)
		}
		l := string(d.bytes(size))
		if d.err == nil && i > 0 && l <= labels[i-1] {
			d.err = errCorrupt("labels not sorted and distinct")
		}
		labels = append(labels, l)
	}
	return labels
}

// vocabFromSlots checks a saved table: every index 0..n-1 exactly once, and at
// least one empty slot so that a lookup always ends.
func vocabFromSlots(slots []uint64, n int) (*vocab, error) {
	seen := make([]bool, n)
	used := 0
	for _, s := range slots {
		if s == 0 {
			continue
		}
		i := int(s&idxMask) - 1
		if i < 0 || i >= n || seen[i] {
			return nil, errCorrupt("bad vocabulary slot")
		}
		seen[i] = true
		used++
	}
	if used != n {
		return nil, errCorrupt("vocabulary has %d of %d features", used, n)
	}
	v := &vocab{slots: slots, mask: uint64(len(slots) - 1), n: n}
	v.buildFilter()
	return v, nil
}

// encoder writes little-endian values and keeps the first error.
type encoder struct {
	w   *bufio.Writer
	err error
	buf [8]byte
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) u32(v uint32) { e.bytes(binary.LittleEndian.AppendUint32(e.buf[:0], v)) }
func (e *encoder) u64(v uint64) { e.bytes(binary.LittleEndian.AppendUint64(e.buf[:0], v)) }

func (e *encoder) u64s(vs []uint64) {
	for _, v := range vs {
		e.u64(v)
	}
}

func (e *encoder) f32s(vs []float32) {
	for _, v := range vs {
		e.u32(math.Float32bits(v))
	}
}

// decoder reads little-endian values into a checksum and keeps the first error;
// after an error every read returns zero values.
type decoder struct {
	r   *bufio.Reader
	crc hash.Hash32
	err error
	buf [8]byte
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	var b []byte
	for len(b) < n {
		k := min(n-len(b), chunkLen)
		b = slices.Grow(b, k)[:len(b)+k]
		if _, d.err = io.ReadFull(d.r, b[len(b)-k:]); d.err != nil {
			return nil
		}
	}
	d.crc.Write(b)
	return b
}

func (d *decoder) u32() uint32 {
	if d.err != nil {
		return 0
	}
	if _, d.err = io.ReadFull(d.r, d.buf[:4]); d.err != nil {
		return 0
	}
	d.crc.Write(d.buf[:4])
	return binary.LittleEndian.Uint32(d.buf[:4])
}

func (d *decoder) u64() uint64 {
	if d.err != nil {
		return 0
	}
	if _, d.err = io.ReadFull(d.r, d.buf[:8]); d.err != nil {
		return 0
	}
	d.crc.Write(d.buf[:8])
	return binary.LittleEndian.Uint64(d.buf[:8])
}

func (d *decoder) u64s(n int) []uint64 {
	b := d.bytes(8 * n)
	out := make([]uint64, len(b)/8)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return out
}

func (d *decoder) f32s(n int) []float32 {
	b := d.bytes(4 * n)
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

package nlp

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"

	"github.com/heraldnews/herald"
)

const (
	modelMagic   = "HERALD-NER"
	modelVersion = 2 // 2 adds the feature set
)

// Save writes the model (weights, labels, word clusters and gazetteers) to w
// as one gzip stream that Load reads back.
func (m *Tagger) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	bw := bufio.NewWriter(zw)
	if err := m.encode(bw); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	return nil
}

func (m *Tagger) encode(w *bufio.Writer) error {
	w.WriteString(modelMagic)
	writeUvarint(w, modelVersion)
	writeString(w, m.ls.scheme)
	writeUvarint(w, uint64(len(m.ls.types)))
	for _, t := range m.ls.types {
		writeString(w, t)
	}
	writeUvarint(w, uint64(m.fs))
	if err := m.lex.writeTo(w); err != nil {
		return err
	}
	writeFloats(w, m.start)
	writeFloats(w, m.end)
	writeFloats(w, m.trans)
	return m.encodeWeights(w)
}

// encodeWeights writes the feature count, then for each feature its hash, a
// bit set of the labels with a non-zero weight, and those weights. Write
// errors stick to w and surface at its Flush.
func (m *Tagger) encodeWeights(w *bufio.Writer) error {
	writeUvarint(w, uint64(m.table.n))
	for slot, h := range m.table.keys {
		if h == 0 {
			continue
		}
		f := int(m.table.vals[slot])
		row := m.w[f*m.nl : (f+1)*m.nl]
		var mask uint64
		for y, v := range row {
			if v != 0 {
				mask |= 1 << y
			}
		}
		binary.Write(w, binary.LittleEndian, h)
		writeUvarint(w, mask)
		for y, v := range row {
			if mask&(1<<y) != 0 {
				binary.Write(w, binary.LittleEndian, math.Float32bits(v))
			}
		}
	}
	return nil
}

// Load reads a model written by Save. It returns an error coded
// herald.EINVALID when r does not hold a model.
func Load(r io.Reader) (*Tagger, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "load model: not a model file: %v", err)
	}
	defer zr.Close()
	m, err := decode(bufio.NewReader(zr))
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	return m, nil
}

func decode(r *bufio.Reader) (*Tagger, error) {
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != modelMagic {
		return nil, herald.Errorf(herald.EINVALID, "not a Herald NER model")
	}
	version, err := binary.ReadUvarint(r)
	if err != nil || version < 1 || version > modelVersion {
		return nil, herald.Errorf(herald.EINVALID, "unsupported model version %d", version)
	}
	scheme, err := readString(r)
	if err != nil {
		return nil, err
	}
	types, err := readStrings(r)
	if err != nil {
		return nil, err
	}
	ls, err := newLabelSet(scheme, types)
	if err != nil {
		return nil, err
	}
	fs := legacyFeatures
	if version >= 2 {
		v, err := binary.ReadUvarint(r)
		if err != nil || v >= 1<<len(featureNames) {
			return nil, errors.New("bad feature set")
		}
		fs = featureSet(v)
	}
	clusters, err := readString(r)
	if err != nil {
		return nil, err
	}
	gaz, err := readString(r)
	if err != nil {
		return nil, err
	}
	lex, err := newLexicon(clusters, gaz)
	if err != nil {
		return nil, err
	}
	m := newTagger(ls, fs, lex)
	for _, dst := range [][]float32{m.start, m.end, m.trans} {
		if err := readFloats(r, dst); err != nil {
			return nil, err
		}
	}
	if err := m.decodeWeights(r); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Tagger) decodeWeights(r *bufio.Reader) error {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<28 {
		return errors.New("bad feature count")
	}
	m.table = newFeatTable(int(n))
	m.w = make([]float32, int(n)*m.nl)
	var buf [8]byte
	for f := 0; f < int(n); f++ {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return fmt.Errorf("read weights: %w", err)
		}
		m.table.put(binary.LittleEndian.Uint64(buf[:]), int32(f))
		mask, err := binary.ReadUvarint(r)
		if err != nil || bits.Len64(mask) > m.nl {
			return errors.New("bad weight mask")
		}
		row := m.w[f*m.nl : (f+1)*m.nl]
		for y := range row {
			if mask&(1<<y) == 0 {
				continue
			}
			if _, err := io.ReadFull(r, buf[:4]); err != nil {
				return fmt.Errorf("read weights: %w", err)
			}
			row[y] = math.Float32frombits(binary.LittleEndian.Uint32(buf[:4]))
		}
	}
	return nil
}

func writeUvarint(w io.Writer, v uint64) error {
	var buf [binary.MaxVarintLen64]byte
	_, err := w.Write(buf[:binary.PutUvarint(buf[:], v)])
	return err
}

func writeString(w io.Writer, s string) error {
	if err := writeUvarint(w, uint64(len(s))); err != nil {
		return err
	}
	_, err := io.WriteString(w, s)
	return err
}

func writeFloats(w io.Writer, fs []float32) error {
	return binary.Write(w, binary.LittleEndian, fs)
}

func readString(r *bufio.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<30 {
		return "", errors.New("bad string length")
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("read string: %w", err)
	}
	return string(b), nil
}

func readStrings(r *bufio.Reader) ([]string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 64 {
		return nil, errors.New("bad list length")
	}
	out := make([]string, n)
	for k := range out {
		if out[k], err = readString(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readFloats(r io.Reader, dst []float32) error {
	if err := binary.Read(r, binary.LittleEndian, dst); err != nil {
		return fmt.Errorf("read weights: %w", err)
	}
	return nil
}

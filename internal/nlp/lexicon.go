package nlp

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// lexicon holds the word clusters and gazetteers that features look up. It is
// part of a saved model, so a model always tags with the lexicon it was
// trained with.
type lexicon struct {
	// clusterText and gazText are the source lists, kept to save the model.
	clusterText string
	gazText     string

	prefixes []int             // cluster path prefix lengths used as features
	words    map[string]int32  // word -> index into paths
	paths    [][]uint64        // per cluster path: hash of each prefix
	casing   map[uint64]uint8  // lowercase hash -> 1 + how often capitalised, in fifths (0-4)
	gazTypes []string          // gazetteer categories, index = type number
	gaz      map[uint64]uint32 // token-sequence hash -> gazPrefix | type bits
	gazMax   int               // longest entry in tokens
}

const (
	gazPrefix   = 1 << 31 // the sequence continues into a longer entry
	maxGazTypes = 24
)

// newLexicon parses a cluster list and a gazetteer list (formats in MODEL.md).
// Either may be empty.
func newLexicon(clusterText, gazText string) (*lexicon, error) {
	lx := &lexicon{clusterText: clusterText, gazText: gazText, words: map[string]int32{}, casing: map[uint64]uint8{}, gaz: map[uint64]uint32{}}
	if err := lx.parseClusters(clusterText); err != nil {
		return nil, fmt.Errorf("parse clusters: %w", err)
	}
	if err := lx.parseGazetteer(gazText); err != nil {
		return nil, fmt.Errorf("parse gazetteer: %w", err)
	}
	return lx, nil
}

// parseClusters reads "# prefixes 1,2,3" then "word<TAB>path" lines, each
// with an optional third column: how often the word's lower-case form is
// capitalised mid-sentence, in fifths ("0" to "4"), or "-" for unknown.
func (lx *lexicon) parseClusters(text string) error {
	pathIndex := map[string]int32{}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# prefixes "); ok {
			ps, err := parseInts(rest)
			if err != nil {
				return err
			}
			lx.prefixes = ps
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		word, path, ok := strings.Cut(line, "\t")
		path, caps, hasCaps := strings.Cut(path, "\t")
		if !ok || strings.Contains(caps, "\t") {
			return fmt.Errorf("line %q: want word<TAB>path[<TAB>casing]", line)
		}
		if hasCaps && len(caps) == 1 && caps[0] >= '0' && caps[0] <= '4' {
			lx.casing[hashLower(word)] = caps[0] - '0' + 1
		} else if hasCaps && caps != "-" {
			return fmt.Errorf("line %q: casing %q, want 0-4 or -", line, caps)
		}
		idx, seen := pathIndex[path]
		if !seen {
			idx = int32(len(lx.paths))
			pathIndex[path] = idx
			lx.paths = append(lx.paths, lx.prefixHashes(path))
		}
		lx.words[word] = idx
	}
	return sc.Err()
}

// prefixHashes returns the hashes of the path's prefixes used as features.
func (lx *lexicon) prefixHashes(path string) []uint64 {
	hs := make([]uint64, len(lx.prefixes))
	for k, p := range lx.prefixes {
		hs[k] = hashString(path[:min(p, len(path))]) | 1
	}
	return hs
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad prefix length %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseGazetteer reads "TYPE<TAB>entry" lines; entries are tokenized with
// Tokenize and matched case-insensitively.
func (lx *lexicon) parseGazetteer(text string) error {
	typeIndex := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		typ, entry, ok := strings.Cut(line, "\t")
		if !ok {
			return fmt.Errorf("line %q: want type<TAB>entry", line)
		}
		t, seen := typeIndex[typ]
		if !seen {
			if len(lx.gazTypes) == maxGazTypes {
				return fmt.Errorf("more than %d gazetteer types", maxGazTypes)
			}
			t = len(lx.gazTypes)
			typeIndex[typ] = t
			lx.gazTypes = append(lx.gazTypes, typ)
		}
		lx.addEntry(entry, t)
	}
	return sc.Err()
}

func (lx *lexicon) addEntry(entry string, t int) {
	toks := Tokenize(entry)
	if len(toks) == 0 {
		return
	}
	h := uint64(gazSeed)
	for k, tok := range toks {
		h = gazNext(h, hashLower(tok.Text))
		if k < len(toks)-1 {
			lx.gaz[h] |= gazPrefix
		}
	}
	lx.gaz[h] |= 1 << t
	lx.gazMax = max(lx.gazMax, len(toks))
}

const gazSeed = 0x51ed2701

// gazNext extends the hash h of a token sequence by one token's lowercase hash.
func gazNext(h, tok uint64) uint64 { return mix(h*golden + tok) }

// cluster returns the prefix hashes of word's cluster path, or nil.
func (lx *lexicon) cluster(word string) []uint64 {
	if idx, ok := lx.words[word]; ok {
		return lx.paths[idx]
	}
	return nil
}

// writeTo writes the lexicon's source lists (used by Save).
func (lx *lexicon) writeTo(w io.Writer) error {
	if err := writeString(w, lx.clusterText); err != nil {
		return err
	}
	return writeString(w, lx.gazText)
}

package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// WordNet lexicographer files that hold instance nouns of each type.
var lexTypes = map[int]string{
	18: "PER.wn",  // noun.person
	15: "LOC.wn",  // noun.location
	14: "ORG.wn",  // noun.group
	4:  "MISC.wn", // noun.event (wars, battles, holidays)
	10: "MISC.wn", // noun.communication (books, languages)
	6:  "MISC.wn", // noun.artifact (ships, buildings)
	28: "MISC.wn", // noun.time (eras, holidays)
}

// synset is the part of a WordNet data line that gazgen needs.
type synset struct {
	offset   string
	lexFile  int
	words    []string
	instance bool     // has an instance hypernym (@i)
	pertains []string // pertainym targets (adjectives)
}

// addWordNet adds proper-noun instances by lexicographer file, first names
// taken from person names, and adjectives that pertain to places
// ("German", "Japanese") as demonyms.
func addWordNet(g gazetteer, dir string) error {
	nouns, err := readSynsets(filepath.Join(dir, "data.noun"))
	if err != nil {
		return err
	}
	places := map[string]bool{}
	for _, s := range nouns {
		typ, ok := lexTypes[s.lexFile]
		if !s.instance || !ok {
			continue
		}
		if s.lexFile == 15 {
			places[s.offset] = true
		}
		for _, w := range s.words {
			g.add(typ, w)
			if fields := strings.Fields(w); typ == "PER.wn" && len(fields) > 1 {
				g.add("PER.first", fields[0])
				g.add("PER.last", fields[len(fields)-1])
			}
		}
	}
	adjs, err := readSynsets(filepath.Join(dir, "data.adj"))
	if err != nil {
		return err
	}
	for _, s := range adjs {
		for _, p := range s.pertains {
			if places[p] {
				for _, w := range s.words {
					g.add("MISC.demonym", w)
				}
			}
		}
	}
	return nil
}

func readSynsets(path string) ([]synset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []synset
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // licence header
		}
		if s, ok := parseSynset(line); ok {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}

// parseSynset parses "offset lexfile pos w_cnt word lex_id ... p_cnt ptrs... | gloss".
func parseSynset(line string) (synset, bool) {
	data, _, _ := strings.Cut(line, " | ")
	f := strings.Fields(data)
	if len(f) < 4 {
		return synset{}, false
	}
	lex, err1 := strconv.Atoi(f[1])
	n, err2 := strconv.ParseInt(f[3], 16, 32)
	if err1 != nil || err2 != nil || len(f) < 5+2*int(n) {
		return synset{}, false
	}
	s := synset{offset: f[0], lexFile: lex}
	for k := 0; k < int(n); k++ {
		w := f[4+2*k]
		if i := strings.IndexByte(w, '('); i > 0 {
			w = w[:i] // adjective markers such as "(a)"
		}
		s.words = append(s.words, strings.ReplaceAll(w, "_", " "))
	}
	rest := f[4+2*int(n):]
	pc, err := strconv.Atoi(rest[0])
	if err != nil || len(rest) < 1+4*pc {
		return s, true
	}
	for k := 0; k < pc; k++ {
		ptr := rest[1+4*k : 5+4*k]
		switch ptr[0] {
		case "@i":
			s.instance = true
		case "\\":
			s.pertains = append(s.pertains, ptr[1])
		}
	}
	return s, true
}

package nlp

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestGazetteerTags(t *testing.T) {
	lex, err := newLexicon("", "LOC\tNew York\nLOC\tYork\nLOC\tNew York City Hall\nPER\tJohn\n")
	if err != nil {
		t.Fatal(err)
	}
	ls, _ := newLabelSet(SchemeIOB2, []string{"PER"})
	m := newTagger(ls, defaultFeatures, lex)
	ws := &workspace{}
	words := []string{"John", "went", "to", "new", "york", "and", "York", "City"}
	m.sentenceInfo(ws, words)
	// Tags: 1 B, 2 I, 3 L, 4 U; types: 0 LOC, 1 PER.
	want := [][]uint16{{1<<3 | 4}, nil, nil, {0<<3 | 1}, {0<<3 | 3}, nil, {0<<3 | 4}, nil}
	for i := range words {
		ti := &ws.info[pad+i]
		got := append([]uint16(nil), ti.gaz[:ti.ngaz]...)
		if diff := cmp.Diff(want[i], got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("word %d %q gazetteer tags mismatch (-want +got):\n%s", i, words[i], diff)
		}
	}
}

func TestClusterLookup(t *testing.T) {
	lex, err := newLexicon("# prefixes 1,2\nJapan\t3a\nwin\t7b\n", "")
	if err != nil {
		t.Fatal(err)
	}
	var buf []byte
	tests := []struct {
		name     string
		word     string
		headline bool
		want     string
	}{
		{"exact", "Japan", false, "3a"},
		{"lower-case fallback", "Win", false, "7b"},
		{"headline title case", "JAPAN", true, "3a"},
		{"headline lower case", "WIN", true, "7b"},
		{"unknown", "Tokyo", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lex.clusterFold(tt.word, &buf, tt.headline)
			var want []uint64
			if tt.want != "" {
				want = lex.prefixHashes(tt.want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("clusterFold(%q) mismatch (-want +got):\n%s", tt.word, diff)
			}
		})
	}
}

func TestLexiconErrors(t *testing.T) {
	tests := []struct {
		name, clusters, gaz string
	}{
		{"cluster line without path", "# prefixes 1\nword\n", ""},
		{"bad prefix", "# prefixes x\n", ""},
		{"gazetteer line without type", "", "New York\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := newLexicon(tt.clusters, tt.gaz); err == nil {
				t.Error("newLexicon succeeded, want an error")
			}
		})
	}
}

func TestEmbeddedLexicon(t *testing.T) {
	lex, err := newLexicon(defaultClusters(), defaultGazetteer())
	if err != nil {
		t.Fatal(err)
	}
	if len(lex.words) < 10000 || len(lex.gaz) < 10000 {
		t.Errorf("embedded lexicon has %d clustered words and %d gazetteer keys, want thousands", len(lex.words), len(lex.gaz))
	}
	for _, typ := range []string{"LOC.country", "PER.wn", "ORG.wn", "MISC.demonym"} {
		if !slices.Contains(lex.gazTypes, typ) {
			t.Errorf("gazetteer type %s missing", typ)
		}
	}
}

package nlp

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// The shipped model and the lexicon lists it was trained with (MODEL.md).
var (
	//go:embed model/ner.bin
	embeddedModel []byte
	//go:embed lexicon/clusters.txt.gz
	embeddedClusters []byte
	//go:embed lexicon/gazetteer.txt.gz
	embeddedGazetteer []byte
)

var defaultTagger = sync.OnceValues(func() (*Tagger, error) {
	m, err := Load(bytes.NewReader(embeddedModel))
	if err != nil {
		return nil, fmt.Errorf("load embedded model: %w", err)
	}
	return m, nil
})

// DefaultTagger returns the tagger embedded in the binary, loading it on the
// first call. Every call returns the same Tagger, safe for concurrent use.
func DefaultTagger() (*Tagger, error) { return defaultTagger() }

// defaultClusters returns the embedded word-cluster list.
func defaultClusters() string { return gunzipString(embeddedClusters) }

// defaultGazetteer returns the embedded gazetteer list.
func defaultGazetteer() string { return gunzipString(embeddedGazetteer) }

// gunzipString returns the uncompressed text of an embedded list, or "" for
// an empty or unreadable one (the embedded lists are checked by the tests).
func gunzipString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return ""
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		return ""
	}
	return string(text)
}

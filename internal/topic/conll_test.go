package topic

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// conllDoc is one CoNLL-2003 document rebuilt as text (a sentence a line)
// with its gold entity spans.
type conllDoc struct {
	text string
	gold map[span]string // span → type
}

// readCoNLL reads an IOB1 CoNLL-2003 file into documents.
func readCoNLL(path string) ([]conllDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []conllDoc
	var b strings.Builder
	doc := conllDoc{gold: map[span]string{}}
	var open span
	openType, prevTag := "", "O"
	closeEntity := func() {
		if openType != "" {
			doc.gold[open] = openType
			openType = ""
		}
	}
	flush := func() {
		closeEntity()
		if b.Len() > 0 {
			doc.text = b.String()
			docs = append(docs, doc)
		}
		b.Reset()
		doc = conllDoc{gold: map[span]string{}}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			closeEntity()
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			prevTag = "O"
			continue
		}
		if fs[0] == "-DOC"+"START-" { // the CoNLL document separator, spelt in two parts (see nlp.DocStart)
			flush()
			continue
		}
		word, tag := fs[0], fs[len(fs)-1]
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(word)
		typ := strings.TrimPrefix(strings.TrimPrefix(tag, "B-"), "I-")
		switch {
		case tag == "O":
			closeEntity()
		case strings.HasPrefix(tag, "B-") || typ != strings.TrimPrefix(strings.TrimPrefix(prevTag, "B-"), "I-"):
			closeEntity()
			open, openType = span{start, b.Len()}, typ
		default:
			open.end = b.Len()
		}
		prevTag = tag
	}
	flush()
	return docs, sc.Err()
}

// TestProperNounsOnCoNLL measures ProperNouns as an entity extractor on the
// CoNLL-2003 development set: exact spans, and exact spans with types. The
// floors guard against regressions; the figures are logged. A trained tagger
// should do far better; this is the fallback.
func TestProperNounsOnCoNLL(t *testing.T) {
	path := os.Getenv("HERALD_CONLL_DEV")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "eval", "conll2003", "eng.testa")
	}
	docs, err := readCoNLL(path)
	if err != nil {
		t.Skipf("CoNLL-2003 dev set not available (%v); set HERALD_CONLL_DEV", err)
	}
	var gold, found, spanHit, typeHit, typedFound, typedHit int
	for _, d := range docs {
		gold += len(d.gold)
		for _, m := range ProperNouns(d.text) {
			found++
			typ, ok := d.gold[span{m.Start, m.End}]
			if ok {
				spanHit++
			}
			if m.Type != "" {
				typedFound++
				if ok && typ == m.Type {
					typedHit++
				}
			}
			if ok && typ == m.Type {
				typeHit++
			}
		}
	}
	f1 := func(hit, found, gold int) float64 {
		if hit == 0 {
			return 0
		}
		p, r := float64(hit)/float64(found), float64(hit)/float64(gold)
		return 2 * p * r / (p + r)
	}
	spanF1, typedF1 := f1(spanHit, found, gold), f1(typeHit, found, gold)
	t.Logf("%d docs, %d gold entities, %d found: span P %.3f R %.3f F1 %.3f; typed F1 %.3f; %.0f%% typed, %.3f of those right",
		len(docs), gold, found, float64(spanHit)/float64(found), float64(spanHit)/float64(gold), spanF1, typedF1,
		100*float64(typedFound)/float64(found), float64(typedHit)/float64(max(typedFound, 1)))
	if spanF1 < 0.75 || typedF1 < 0.35 {
		t.Errorf("span F1 %.3f, typed F1 %.3f: below the floors 0.75 / 0.35", spanF1, typedF1)
	}
}

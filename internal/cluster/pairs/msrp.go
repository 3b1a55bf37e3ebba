// Package pairs decides whether two short texts say the same thing (a
// paraphrase or near-duplicate): lexical similarity features combined by a
// small logistic model trained on news sentence pairs (see MODEL.md). It also
// reads the MSRP pair format that `herald eval pairs` scores.
package pairs

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Pair is two texts and whether they are paraphrases (the truth, when known).
type Pair struct {
	ID1, ID2 string
	A, B     string
	Same     bool
}

// maxPairLine bounds one line of a pairs file.
const maxPairLine = 1 << 20

// ReadMSRP reads the Microsoft Research Paraphrase Corpus format: tab-separated
// `Quality  #1 ID  #2 ID  #1 String  #2 String`, a header row, a UTF-8 byte
// order mark and CRLF line ends allowed. Quality is 1 (paraphrase) or 0. A
// line whose quality is not 0 or 1 or that has fewer than five fields is an
// error naming the line; blank lines are skipped. Extra tabs belong to the
// second string.
func ReadMSRP(r io.Reader) ([]Pair, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxPairLine)
	var out []Pair
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		s := strings.TrimRight(string(b), "\r\n")
		if strings.TrimSpace(s) == "" {
			continue
		}
		f := strings.SplitN(s, "\t", 5)
		if line == 1 && strings.EqualFold(strings.TrimSpace(f[0]), "quality") {
			continue
		}
		if len(f) < 5 {
			return nil, fmt.Errorf("pairs: line %d: %d fields, want 5", line, len(f))
		}
		var same bool
		switch strings.TrimSpace(f[0]) {
		case "1":
			same = true
		case "0":
		default:
			return nil, fmt.Errorf("pairs: line %d: quality %q is not 0 or 1", line, f[0])
		}
		out = append(out, Pair{ID1: f[1], ID2: f[2], A: f[3], B: f[4], Same: same})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("pairs: read: %w", err)
	}
	return out, nil
}

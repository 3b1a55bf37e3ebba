package pairs

import (
	"math"
	"strings"
	"unicode"

	"github.com/heraldnews/herald/internal/textvec"
)

// FeatureNames names the features Features returns, in order (MODEL.md says
// what each measures).
var FeatureNames = []string{
	"content_overlap_min", "content_overlap_max",
	"stem_overlap_min", "stem_overlap_max",
	"bigram_overlap_min", "bigram_overlap_max",
	"trigram_overlap_min", "trigram_overlap_max",
	"idf_dice", "tfidf_cosine", "char3_jaccard", "lcs_ratio",
	"length_diff", "numbers_differ", "numbers_agree", "unmatched_max",
	"fourgram_overlap_min", "fourgram_overlap_max", "names_overlap_min", "names_overlap_max",
	"bleu_min", "bleu_max",
}

// text is one side of a pair, tokenised once.
type text struct {
	all     []string            // every token, stop words kept
	content map[string]struct{} // non-stop tokens
	stems   map[string]struct{} // non-stop tokens cut to stemRunes
	numbers map[string]struct{} // tokens made of digits
	counts  map[uint32]int      // content term counts, for TF-IDF
	chars   map[string]struct{} // character trigrams of the lower-cased text
}

// stemRunes cuts words to their first runes: a crude stemmer that lets
// "rose"/"rise" differ but "acquired"/"acquisition" and "said"/"says" meet.
const stemRunes = 5

func newText(s string) text {
	t := text{content: map[string]struct{}{}, stems: map[string]struct{}{}, numbers: map[string]struct{}{}, counts: map[uint32]int{}, chars: map[string]struct{}{}}
	textvec.Scan(s, nil, func(tok []byte) {
		w := string(tok)
		t.all = append(t.all, w)
		if isNumber(w) {
			t.numbers[w] = struct{}{}
		}
		if textvec.IsStopWord(tok) {
			return
		}
		t.content[w] = struct{}{}
		t.stems[cut(w, stemRunes)] = struct{}{}
		t.counts[textvec.TermID(tok)]++
	})
	r := []rune(" " + strings.Join(t.all, " ") + " ")
	for i := 0; i+3 <= len(r); i++ {
		t.chars[string(r[i:i+3])] = struct{}{}
	}
	return t
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}

func cut(w string, n int) string {
	r := []rune(w)
	if len(r) <= n {
		return w
	}
	return string(r[:n])
}

// Features measures how alike a and b are. df weighs words by rarity (nil:
// every word weighs 1). The result has len(FeatureNames) values.
func Features(a, b string, df *textvec.DF) []float64 {
	ta, tb := newText(a), newText(b)
	idf := func(w string) float64 { return 1 }
	var weigh func(map[uint32]int) textvec.Vector = func(c map[uint32]int) textvec.Vector { return textvec.Weigh(c, nil) }
	if df != nil {
		idf = func(w string) float64 { return df.IDF(textvec.TermID([]byte(w))) }
		weigh = df.Weigh
	}
	f := make([]float64, 0, len(FeatureNames))
	for _, sets := range [][2]map[string]struct{}{
		{ta.content, tb.content}, {ta.stems, tb.stems},
		{ngrams(ta.all, 2), ngrams(tb.all, 2)}, {ngrams(ta.all, 3), ngrams(tb.all, 3)},
	} {
		f = appendOverlap(f, sets[0], sets[1])
	}
	f = append(f, idfDice(ta.content, tb.content, idf))
	f = append(f, textvec.Dot(weigh(ta.counts), weigh(tb.counts)))
	f = append(f, jaccard(ta.chars, tb.chars))
	f = append(f, float64(lcs(ta.all, tb.all))/float64(max(1, len(ta.all), len(tb.all))))
	f = append(f, math.Abs(float64(len(ta.all)-len(tb.all)))/float64(max(1, len(ta.all), len(tb.all))))
	differ, agree := numbers(ta.numbers, tb.numbers)
	f = append(f, differ, agree)
	f = append(f, unmatched(ta.content, tb.content))
	f = appendOverlap(f, ngrams(ta.all, 4), ngrams(tb.all, 4))
	f = appendOverlap(f, names(a), names(b))
	f = appendMinMax(f, bleu(ta.all, tb.all), bleu(tb.all, ta.all))
	return f
}

func appendMinMax(f []float64, x, y float64) []float64 { return append(f, min(x, y), max(x, y)) }

// appendOverlap appends the smaller and the larger of a's and b's shares in
// their intersection.
func appendOverlap(f []float64, a, b map[string]struct{}) []float64 {
	x, y := overlap(a, b)
	return appendMinMax(f, x, y)
}

// names are the capitalised words of s that do not start a sentence: mostly
// the people, places and organisations a paraphrase must keep.
func names(s string) map[string]struct{} {
	out := map[string]struct{}{}
	start := true
	for _, w := range strings.Fields(s) {
		r := []rune(strings.Trim(w, `"'()[],;:`))
		if len(r) > 1 && unicode.IsUpper(r[0]) && !start {
			out[strings.ToLower(string(r))] = struct{}{}
		}
		start = strings.HasSuffix(w, ".") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "!")
	}
	return out
}

// bleu is the BLEU score of hyp against ref (n-grams up to 4, add-one
// smoothing of the precisions, brevity penalty).
func bleu(hyp, ref []string) float64 {
	if len(hyp) == 0 || len(ref) == 0 {
		return 0
	}
	logSum := 0.0
	for n := 1; n <= 4; n++ {
		refCounts := map[string]int{}
		for i := 0; i+n <= len(ref); i++ {
			refCounts[strings.Join(ref[i:i+n], " ")]++
		}
		match, total := 0, 0
		for i := 0; i+n <= len(hyp); i++ {
			g := strings.Join(hyp[i:i+n], " ")
			total++
			if refCounts[g] > 0 {
				refCounts[g]--
				match++
			}
		}
		logSum += math.Log(float64(match+1) / float64(total+1))
	}
	bp := 1.0
	if len(hyp) < len(ref) {
		bp = math.Exp(1 - float64(len(ref))/float64(len(hyp)))
	}
	return bp * math.Exp(logSum/4)
}

// overlap returns |a∩b|/|a| and |a∩b|/|b| (0 for an empty side).
func overlap(a, b map[string]struct{}) (float64, float64) {
	n := 0.0
	for w := range a {
		if _, ok := b[w]; ok {
			n++
		}
	}
	return ratio(n, len(a)), ratio(n, len(b))
}

func ratio(n float64, d int) float64 {
	if d == 0 {
		return 0
	}
	return n / float64(d)
}

func jaccard(a, b map[string]struct{}) float64 {
	n := 0
	for w := range a {
		if _, ok := b[w]; ok {
			n++
		}
	}
	return ratio(float64(n), len(a)+len(b)-n)
}

func ngrams(toks []string, n int) map[string]struct{} {
	out := map[string]struct{}{}
	for i := 0; i+n <= len(toks); i++ {
		out[strings.Join(toks[i:i+n], " ")] = struct{}{}
	}
	return out
}

// idfDice is the Dice coefficient of the two word sets with each word
// weighted by its idf.
func idfDice(a, b map[string]struct{}, idf func(string) float64) float64 {
	var shared, total float64
	for w := range a {
		total += idf(w)
		if _, ok := b[w]; ok {
			shared += 2 * idf(w)
		}
	}
	for w := range b {
		total += idf(w)
	}
	if total == 0 {
		return 0
	}
	return shared / total
}

// lcs is the length of the longest common subsequence of two token lists.
func lcs(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// numbers says whether the numbers of the two texts differ (one has a number
// the other lacks) or agree (both have numbers, the same ones).
func numbers(a, b map[string]struct{}) (differ, agree float64) {
	if len(a) == 0 && len(b) == 0 {
		return 0, 0
	}
	for w := range a {
		if _, ok := b[w]; !ok {
			return 1, 0
		}
	}
	for w := range b {
		if _, ok := a[w]; !ok {
			return 1, 0
		}
	}
	return 0, 1
}

// unmatched counts the content words of the side that has more of them
// missing from the other, as a tenth, capped at 1: two extra words in a long
// sentence say less than the share of them would.
func unmatched(a, b map[string]struct{}) float64 {
	x, y := overlap(a, b)
	n := max((1-x)*float64(len(a)), (1-y)*float64(len(b)))
	return min(1, n/10)
}

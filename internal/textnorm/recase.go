package textnorm

import "strings"

// evidence is how the words of a text are written inside its sentences, on
// lines that are not in capitals: the basis for re-casing the lines that are.
type evidence struct {
	form  map[string]string // lower-cased word → its capitalised form inside a sentence
	capN  map[string]int    // times capitalised inside a sentence
	lowN  map[string]int    // times in lower case
	start map[string]string // capitalised form seen at the start of a sentence
}

// forceLower are words that are never names in a headline: function words,
// reporting verbs, and the currency codes and units of wire copy ("U.S.
// DLRS", "STG", "YEN", "MLN", "PCT").
var forceLower = wordSet(`a an the of to in on for and or at by with from as is are was were be
it its says said say will would not no but than into after over up down off out vs
dlrs dlr stg yen cts mln bln billion million pct shr shrs net revs qtr avg`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// gatherEvidence reads the words of b's lines that are not in capitals.
func gatherEvidence(b []byte) *evidence {
	ev := &evidence{form: map[string]string{}, capN: map[string]int{}, lowN: map[string]int{}, start: map[string]string{}}
	lines(b, func(start, end int) {
		if shouting(b[start:end]) {
			return
		}
		eachWord(b, start, end, func(i, j int, initial bool) {
			w := string(b[i:j])
			if !hasLetters(b[i:j]) {
				return
			}
			k := lowerASCII(w)
			switch {
			case !isUpperByte(w[0]):
				ev.lowN[k]++
			case initial:
				if ev.start[k] == "" {
					ev.start[k] = w
				}
			case isAllCaps(w) && len(w) > 1 && ev.capN[k] > 0 && ev.form[k] != w:
				ev.capN[k]++ // a form in capitals does not replace a mixed-case one
			default:
				if ev.capN[k] == 0 || !isAllCaps(w) {
					ev.form[k] = w
				}
				ev.capN[k]++
			}
		})
	})
	return ev
}

// eachWord calls fn for each word of b[start:end] (letters, digits, inner
// dots and apostrophes; hyphens split words), saying whether it begins a
// sentence.
func eachWord(b []byte, start, end int, fn func(i, j int, initial bool)) {
	initial := true
	for i := start; i < end; {
		c := b[i]
		if !isWordByte(c) {
			switch c {
			case '.', '!', '?', ':':
				initial = true
			case ',', ';':
				initial = false
			case '-':
				if i > start && b[i-1] == ' ' {
					initial = true // a dateline's dash: "TOKYO, March 3 - Japan's"
				}
			}
			i++
			continue
		}
		j := i + 1
		for j < end && (isWordByte(b[j]) || (b[j] == '.' || b[j] == '\'') && j+1 < end && isWordByte(b[j+1])) {
			j++
		}
		if j < end && b[j] == '.' && isDotted(b[i:j]) {
			j++ // "U.S."
		}
		fn(i, j, initial)
		initial = false
		i = j
	}
}

// isDotted reports the inside of a dotted initialism without its last dot ("U.S").
func isDotted(w []byte) bool {
	for k, c := range w {
		if k%2 == 1 && c != '.' || k%2 == 0 && !isUpperByte(c) && !isLowerByte(c) {
			return false
		}
	}
	return len(w) >= 3
}

// isAllCaps reports a word with a capital and no lower-case letter.
func isAllCaps(w string) bool {
	up := false
	for i := 0; i < len(w); i++ {
		if isLowerByte(w[i]) {
			return false
		}
		up = up || isUpperByte(w[i])
	}
	return up && !hasLower([]byte(w))
}

// shouting reports a line in capitals: at least two words of two or more
// letters, and four in five of its words with no lower-case letter.
func shouting(l []byte) bool {
	words, upper := 0, 0
	eachWord(l, 0, len(l), func(i, j int, _ bool) {
		if countLetters(l[i:j]) < 2 && !hasLower(l[i:j]) && j-i < 2 {
			return
		}
		if !hasLetters(l[i:j]) {
			return
		}
		words++
		if !hasLower(l[i:j]) {
			upper++
		}
	})
	return words >= 2 && upper*5 >= words*4
}

// recaseShouting re-cases every line of b in capitals.
func recaseShouting(b []byte, ev *evidence) {
	lines(b, func(start, end int) {
		if shouting(b[start:end]) {
			recaseRun(b[start:end], ev, true)
		}
	})
}

// recaseRun re-cases the words of l in capitals; capFirst capitalises the
// first word when it went to lower case.
func recaseRun(l []byte, ev *evidence, capFirst bool) {
	first := true
	eachWord(l, 0, len(l), func(i, j int, _ bool) {
		w := string(l[i:j])
		if isAllCaps(w) {
			put(l[i:j], ev.recase(w))
			if first && capFirst && isLowerByte(l[i]) {
				l[i] -= 'a' - 'A'
			}
		}
		first = false
	})
}

// put writes form over w when it has w's length (case mapping of some
// non-ASCII letters changes it: those words stay as they were).
func put(w []byte, form string) {
	if len(form) == len(w) {
		copy(w, form)
	}
}

// recase returns the form of the word w (in capitals) that the evidence
// supports; see the package documentation.
func (ev *evidence) recase(w string) string {
	k := lowerASCII(w)
	if forceLower[k] {
		return k
	}
	if f, ok := ev.lookup(k); ok {
		return f
	}
	if base, ok := strings.CutSuffix(k, "'s"); ok {
		if f, ok := ev.lookup(base); ok {
			return f + "'s"
		}
	}
	if dottedLetters(w) != "" {
		return w // "U.S.": an initialism whatever the text says
	}
	return k
}

// lookup returns the form of the lower-cased word k that the text supports.
func (ev *evidence) lookup(k string) (string, bool) {
	switch {
	case ev.capN[k] > 0 && ev.capN[k] >= ev.lowN[k]:
		return ev.form[k], true
	case ev.lowN[k] > 0:
		return k, true
	case ev.start[k] != "":
		// Capitalised only where every word is (a sentence's start): no
		// evidence of a name, and a headline's common words ("U.S.
		// OFFICIALS") must not become one.
		return k, true
	}
	return "", false
}

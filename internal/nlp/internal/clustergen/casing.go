package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// casing counts, for each lower-case word form, how often it is written
// in lower case and how often capitalised where case carries meaning: not
// first in its sentence and not in a sentence written in capitals.
type casing map[string]*[2]int32

// minCased is the fewest counted occurrences that give a word a bucket.
const minCased = 3

// casingOf counts the casing of every word of sents.
func casingOf(sents [][]string) casing {
	cs := casing{}
	for _, s := range sents {
		if capsSentence(s) {
			continue
		}
		for _, w := range s[min(1, len(s)):] {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsLetter(r) {
				continue
			}
			lw := strings.ToLower(w)
			c := cs[lw]
			if c == nil {
				c = new([2]int32)
				cs[lw] = c
			}
			if unicode.IsUpper(r) {
				c[1]++
			} else {
				c[0]++
			}
		}
	}
	return cs
}

// bucket returns how often w's lower-case form is capitalised, in fifths
// ("0" never … "4" always), or "-" when it was seen too few times: the
// third column of the cluster list, a truecasing cue that holds for words
// written in capitals.
func (cs casing) bucket(w string) string {
	c := cs[strings.ToLower(w)]
	if c == nil || c[0]+c[1] < minCased {
		return "-"
	}
	return strconv.Itoa(int((4*float64(c[1])/float64(c[0]+c[1]) + 0.5)))
}

// capsSentence reports whether most words of s are written in capitals
// (a headline), where case says nothing about a word.
func capsSentence(s []string) bool {
	caps, letters := 0, 0
	for _, w := range s {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if strings.ToUpper(w) == w && utf8.RuneCountInString(w) > 1 {
			caps++
		}
	}
	return letters >= 3 && caps*2 > letters
}

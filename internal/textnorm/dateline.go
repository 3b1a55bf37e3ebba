package textnorm

import "regexp"

// dateline matches the dateline that opens a wire story's paragraph: a
// place in capitals, an optional state, and the date, before a dash
// ("TOKYO, March 3 -", "NEW YORK, Feb 26 -", "LOS ANGELES, Calif., June 1 -").
var dateline = regexp.MustCompile(`^[ \t]*([A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,3})(?:, [A-Z][A-Za-z.]{1,12})?, (?:Jan|Feb|March|Mar|April|Apr|May|June|Jun|July|Jul|Aug|Sept|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2} [-–—]`)

// recaseDatelines writes the place of each dateline as a name ("TOKYO" →
// "Tokyo"): a place in capitals reads to a tagger as a headline, and the
// dateline's place is where the story was filed.
func recaseDatelines(b []byte, ev *evidence) {
	paragraphs(b, func(start, end int) {
		m := dateline.FindSubmatchIndex(b[start:end])
		if m == nil {
			return
		}
		place := b[start+m[2] : start+m[3]]
		eachWord(place, 0, len(place), func(i, j int, _ bool) {
			w := string(place[i:j])
			if f, ok := ev.lookup(lowerASCII(w)); ok && f != lowerASCII(w) {
				put(place[i:j], f)
				return
			}
			if dottedLetters(w) == "" {
				put(place[i:j], titleWord(w))
			}
		})
	})
}

// titleWord returns w with its first letter capital and the rest lower case.
func titleWord(w string) string {
	return w[:1] + lowerASCII(w[1:])
}

package topic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// genericWords are words that, alone and unresolved, name a kind of thing
// rather than a particular one ("the Cabinet", "the Ministry", "the Games").
var genericWords = wordSet(`
cabinet government administration regime state nation country capital city province region
internet web parliament congress senate assembly council committee commission court ministry
department agency party police army navy military company group bank university club team
league games cup olympics summit election war conference festival
`)

// normed is a mention's text normalised into a name.
type normed struct {
	name   string
	person bool // a title or honorific was removed: a person
	legal  bool // a legal form was removed ("Apple Inc." → "Apple"): an organisation, named in full
	place  bool // a place suffix was removed ("Osaka-based" → "Osaka"): a place
	affix  bool // a compound-adjective suffix was removed ("Kremlin-backed" → "Kremlin")
}

// placeAffixes end compound adjectives built on a place name: "Osaka-based",
// "London-born", "Paris-listed" are about Osaka, London and Paris.
var placeAffixes = wordSet(`based born bred headquartered registered listed`)

// actorAffixes end compound adjectives built on who acts: "Kremlin-backed",
// "Saudi-led", "state-owned" (not a name: lower case) are about the actor.
var actorAffixes = wordSet(`backed led owned run funded sponsored controlled held allied affiliated linked`)

// stripAffix removes a compound-adjective suffix from a capitalised name
// ("Norrbridge-based" → "Norrbridge") and says whether the name is a place.
func stripAffix(s string) (name string, place, ok bool) {
	i := strings.LastIndexAny(s, "-‐")
	if i <= 0 || !startsUpper(s) {
		return s, false, false
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	suf := s[i+w:]
	if suf == "" || suf != strings.ToLower(suf) {
		return s, false, false
	}
	switch {
	case placeAffixes[suf]:
		return s[:i], true, true
	case actorAffixes[suf]:
		return s[:i], false, true
	}
	return s, false, false
}

// normName turns the text of a mention into the name of what it mentions:
// surrounding punctuation, possessives ("Abe's" → "Abe"), a leading "the",
// titles and honorifics ("President", "Prime Minister", "Mr", "Sen."), legal
// forms ("Inc.", "plc") and middle initials ("Donald J. Trump") go; names in
// capitals are re-cased ("SHINZO ABE" → "Shinzo Abe", but "NATO" stays). ok
// is false when nothing name-like is left.
func normName(text string) (normed, bool) {
	n, ok := normalise(text)
	return n, ok && hasKey(n.name)
}

// normalise is normName without the final test that the name has a Key, for
// callers that compute the Key anyway.
func normalise(text string) (n normed, ok bool) {
	s := text
	if s == "" || !isAlnumByte(s[0]) || !isAlnumByte(s[len(s)-1]) && s[len(s)-1] != '.' {
		s = strings.TrimFunc(s, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.'
		})
	}
	s = strings.TrimLeft(s, ".")
	s = stripPossessive(s)
	if base, place, ok := stripAffix(s); ok {
		s, n.place, n.affix = base, place, true
	}
	if plainName(s) {
		n.name = s
		return n, true
	}
	words := strings.Fields(s)
	if len(words) > 1 && lower(words[0]) == "the" {
		words = words[1:]
	}
	words, n.person = stripTitle(words)
	words, n.legal = stripLegal(words)
	words = dropInitials(words)
	if len(words) == 0 {
		return normed{}, false
	}
	n.name = strings.Join(words, " ")
	if isAllCaps(n.name) && (len(words) > 1 || letters(lower(n.name)) > 4) {
		n.name = titleCase(n.name)
	}
	if len(words) == 1 && !isAllCaps(n.name) && stopWords[lower(n.name)] {
		return normed{}, false
	}
	return n, true
}

// isAlnumByte reports an ASCII letter or digit.
func isAlnumByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// hasKey reports whether Key(name) != "", without allocating.
func hasKey(name string) bool {
	var buf [64]byte
	return len(appendKey(buf[:0], name)) > 0
}

// stripLegal removes a trailing legal form ("Inc.", "Ltd", "plc").
func stripLegal(words []string) ([]string, bool) {
	if len(words) < 2 || !legalForms[lower(words[len(words)-1])] {
		return words, false
	}
	words = words[:len(words)-1]
	words[len(words)-1] = strings.TrimRight(words[len(words)-1], ",")
	return words, true
}

// plainName reports whether s needs none of normName's rewriting: words
// separated by single spaces, no leading "the" or title, no trailing legal
// form, no middle initial, not in capitals, not a lone function word. Most
// mentions are plain, and this saves splitting and joining them.
func plainName(s string) bool {
	if s == "" || isAllCaps(s) && (strings.IndexByte(s, ' ') >= 0 || letters(lower(s)) > 4) {
		return false
	}
	words := 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		w := s[i:j]
		switch {
		case w == "" || strings.ContainsAny(w, "\t\n\r") || strings.Contains(w, "\u00a0"):
			return false // odd spacing
		case words == 0 && lexOf(w)&(lexTitleHead|lexTitleMod|lexStop) != 0:
			return false // "the …", "President …", or a lone "Who"
		case words > 0 && j < len(s) && len(strings.TrimSuffix(w, ".")) == 1:
			return false // a middle initial
		case words > 0 && j == len(s) && lexOf(w)&lexLegal != 0:
			return false
		}
		words++
		i = j + 1
	}
	return true
}

// stripPossessive removes a trailing "'s" or a plural possessive "'".
func stripPossessive(s string) string {
	for _, suf := range [...]string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(s, suf) {
			return s[:len(s)-len(suf)]
		}
	}
	if strings.HasSuffix(s, "s'") || strings.HasSuffix(s, "s’") {
		return strings.TrimRight(s, "'’")
	}
	return s
}

// stripTitle removes a leading title block when what follows can be a name,
// with the same rules as ProperNouns.
func stripTitle(words []string) ([]string, bool) {
	end, strong, weak := 0, false, false
	for i := 0; i < len(words); {
		lw := lower(words[i])
		switch {
		case titleHeads[lw] || titleHeads[strings.TrimSuffix(lw, ".")]:
			if weakHeads[lw] {
				weak = true
			} else {
				strong = true
			}
			i++
			end = i
		case titleMods[lw]:
			i++
		case lw == "of" && end > 0 && i+1 < len(words) && titleMods[lower(words[i+1])]:
			i += 2
			end = i
		default:
			i = len(words)
		}
	}
	if end == 0 || end >= len(words) {
		return words, false
	}
	name := words[end:]
	if !(strong || weak && (end >= 2 || len(name) >= 2 || strings.HasSuffix(words[0], "."))) || !validNameWords(name) {
		return words, false
	}
	return name, true
}

// validNameWords is validName for plain words.
func validNameWords(name []string) bool {
	if !startsUpper(name[0]) || stopWords[lower(name[0])] {
		return false
	}
	for _, w := range name {
		lw := lower(w)
		if orgSuffixes[lw] || eventWords[lw] {
			return false
		}
	}
	return true
}

// dropInitials removes middle initials from names of three or more words.
func dropInitials(words []string) []string {
	if len(words) < 3 {
		return words
	}
	out := words[:1:1]
	for _, w := range words[1 : len(words)-1] {
		if t := strings.TrimSuffix(w, "."); utf8.RuneCountInString(t) == 1 && startsUpper(t) {
			continue
		}
		out = append(out, w)
	}
	return append(out, words[len(words)-1])
}

// titleCase capitalises the first letter of each word (and of each part of
// a hyphenated word) and lower-cases the rest.
func titleCase(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	up := true
	for _, r := range s {
		if up {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		up = !unicode.IsLetter(r) && r != '\'' && r != '’'
	}
	return b.String()
}

// isSection reports whether a feed category names a newsroom section ("World",
// "Top Stories", "Sport", "Uncategorized") rather than a topic: all its words
// are section words.
func isSection(category string) bool {
	n := 0
	for _, w := range strings.FieldsFunc(lower(category), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	}) {
		if w == "and" || w == "the" || w == "of" {
			continue
		}
		if !sectionWords[w] {
			return false
		}
		n++
	}
	return n > 0
}

// splitCategory splits hierarchical categories ("World/Asia", "News > North
// Korea") into their parts.
func splitCategory(c string) []string {
	parts := strings.FieldsFunc(c, func(r rune) bool { return r == '/' || r == '>' || r == '|' || r == '»' })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// categoryName gives a lower-case category the capitals of a name
// ("north korea" → "North Korea").
func categoryName(c string) string {
	for _, r := range c {
		if unicode.IsUpper(r) {
			return c
		}
	}
	return titleCase(c)
}

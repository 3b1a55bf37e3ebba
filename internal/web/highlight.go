package web

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// highlighted is a search result's title and snippet cut into marked and
// unmarked parts.
type highlighted struct {
	Title   []textPart
	Snippet []textPart
}

// textPart is a run of text, marked when it matches the search.
type textPart struct {
	Text string
	Mark bool
}

// searchTerms are the words and phrases of a search to mark in results:
// exclusions and OR are left out, and each term is lower case. A term
// matches a word it starts (stems: "election" marks "elections"), and a
// phrase matches as written.
func searchTerms(q string) []string {
	var terms []string
	for rest := strings.TrimSpace(q); rest != ""; rest = strings.TrimLeftFunc(rest, unicode.IsSpace) {
		not := rest[0] == '-'
		if not {
			rest = rest[1:]
		}
		var term string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				term, rest = rest[1:], ""
			} else {
				term, rest = rest[1:end+1], rest[end+2:]
			}
		} else {
			end := strings.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				end = len(rest)
			}
			term, rest = rest[:end], rest[end:]
		}
		term = strings.ToLower(strings.Trim(strings.TrimSpace(term), "*"))
		if not || term == "" || term == "or" || strings.IndexFunc(term, isWord) < 0 {
			continue
		}
		terms = append(terms, stemPrefix(term))
	}
	return terms
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// stemPrefix drops a plural or verb ending so that the term marks the
// word's other forms too ("storms" marks "storm").
func stemPrefix(term string) string {
	if strings.ContainsRune(term, ' ') {
		return term
	}
	for _, suf := range []string{"ing", "es", "ed", "s"} {
		if len(term) > len(suf)+2 && strings.HasSuffix(term, suf) {
			return term[:len(term)-len(suf)]
		}
	}
	return term
}

// mark cuts text into parts, marking each word that starts with a term (a
// phrase term marks its whole text).
func mark(text string, terms []string) []textPart {
	if len(terms) == 0 {
		return []textPart{{Text: text}}
	}
	lower := strings.ToLower(text)
	if len(lower) != len(text) { // case folding changed byte lengths: offsets would not line up
		return []textPart{{Text: text}}
	}
	var parts []textPart
	plain := 0
	for i := 0; i < len(text); {
		n := matchAt(lower, i, terms)
		if n == 0 {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		if plain < i {
			parts = append(parts, textPart{Text: text[plain:i]})
		}
		parts = append(parts, textPart{Text: text[i : i+n], Mark: true})
		i += n
		plain = i
	}
	if plain < len(text) {
		parts = append(parts, textPart{Text: text[plain:]})
	}
	return parts
}

// matchAt returns the length of the marked run at i of lower: the whole
// word that a term starts, when i starts a word; 0 otherwise.
func matchAt(lower string, i int, terms []string) int {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(lower[:i]); isWord(r) {
			return 0
		}
	}
	for _, t := range terms {
		if strings.HasPrefix(lower[i:], t) {
			end := i + len(t)
			for end < len(lower) {
				r, size := utf8.DecodeRuneInString(lower[end:])
				if !isWord(r) {
					break
				}
				end += size
			}
			return end - i
		}
	}
	return 0
}

// around returns about n runes of text centred on the first match of terms
// (the start of text when none matches), cut at word boundaries with "…".
func around(text string, terms []string, n int) string {
	lower := strings.ToLower(text)
	first := -1
	if len(lower) == len(text) {
		for i := 0; i < len(lower) && first < 0; i++ {
			if matchAt(lower, i, terms) > 0 {
				first = i
			}
		}
	}
	if first < 0 {
		return snippet(text, n)
	}
	start := max(0, first-n/3)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	if start > 0 {
		if sp := strings.IndexFunc(text[start:], unicode.IsSpace); sp >= 0 && start+sp < first {
			start += sp + 1
		}
	}
	out := snippet(text[start:], n)
	if start > 0 {
		out = "…" + out
	}
	return out
}

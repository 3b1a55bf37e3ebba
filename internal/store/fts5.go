package store

import (
	"strings"
	"unicode"
)

// ftsQuery turns a reader's search box input into an FTS5 MATCH expression with
// the meaning PostgreSQL's websearch_to_tsquery gives it: words are ANDed,
// "quoted text" is a phrase, OR between two terms is a disjunction, and -word
// excludes, and word* matches words that start with word. Every term is
// quoted, so FTS5 syntax in the input is inert.
//
// negate is true when the input holds only exclusions: the caller then keeps
// the stories that do NOT match expr. expr is "" when the input holds no word
// at all, which matches nothing.
func ftsQuery(input string) (expr string, negate bool) {
	var groups [][]string // OR-separated groups of ANDed terms
	var cur, neg []string
	orNext := false
	for _, tok := range searchTokens(input) {
		switch {
		case tok.or:
			orNext = len(cur) > 0
		case tok.not:
			neg = append(neg, tok.text)
		case orNext:
			groups = append(groups, cur)
			cur = []string{tok.text}
			orNext = false
		default:
			cur = append(cur, tok.text)
		}
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	if len(groups) == 0 {
		return strings.Join(neg, " OR "), len(neg) > 0
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = strings.Join(g, " AND ")
	}
	expr = strings.Join(parts, " OR ")
	if len(neg) > 0 {
		expr = "(" + expr + ") NOT " + strings.Join(neg, " NOT ")
	}
	return expr, false
}

// searchToken is one word or phrase of a search, already quoted for FTS5.
type searchToken struct {
	text   string
	raw    string // the word or phrase as typed, without quotes or '*'
	or     bool   // the bare word OR
	not    bool   // the term was prefixed with '-'
	prefix bool   // the word ended with '*': it matches words it starts
}

// searchTokens splits input into quoted FTS5 terms and OR markers, dropping
// terms without a letter or digit (FTS5 would index nothing for them).
func searchTokens(input string) []searchToken {
	var out []searchToken
	for rest := strings.TrimSpace(input); rest != ""; rest = strings.TrimLeftFunc(rest, unicode.IsSpace) {
		var tok searchToken
		if rest[0] == '-' {
			tok.not, rest = true, rest[1:]
		}
		var word string
		quoted := strings.HasPrefix(rest, `"`)
		if quoted {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				word, rest = rest[1:], ""
			} else {
				word, rest = rest[1:end+1], rest[end+2:]
			}
		} else {
			end := strings.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				end = len(rest)
			}
			word, rest = rest[:end], rest[end:]
		}
		if !tok.not && !quoted && strings.EqualFold(word, "or") {
			out = append(out, searchToken{or: true})
			continue
		}
		if !quoted && len(word) > 1 && strings.HasSuffix(word, "*") {
			tok.prefix, word = true, strings.TrimRight(word, "*")
		}
		if strings.IndexFunc(word, isWordRune) < 0 {
			continue
		}
		tok.raw = word
		tok.text = `"` + strings.ReplaceAll(word, `"`, `""`) + `"`
		if tok.prefix {
			tok.text += " *"
		}
		out = append(out, tok)
	}
	return out
}

// isWordRune reports whether FTS5's unicode61 tokenizer indexes r.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

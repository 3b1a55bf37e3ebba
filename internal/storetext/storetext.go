// Package storetext prepares what Herald's stores keep. It drops what a
// database cannot hold (NUL bytes, invalid UTF-8), bounds the plain text that
// full-text search indexes (derived with extract.PlainText when a story comes
// without it), and normalises a story's topic links. Both store dialects use it, so a story reads back the
// same from SQLite and PostgreSQL.
package storetext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/heraldnews/herald/internal/extract"
)

// Clean returns s without NUL bytes and with every invalid UTF-8 sequence
// replaced by U+FFFD. PostgreSQL rejects both in text columns; SQLite stores
// them, so the stores clean every externally sourced string the same way.
func Clean(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "")
}

// MaxSearchBytes bounds the plain text that Plain returns, and so what a store
// indexes for full-text search per story: PostgreSQL refuses a tsvector over
// 1 MB (and FTS5 has no limit of its own), so a 5 MB article must not reach
// the index whole (hostile-cases E2). 256 KiB of text is about 40,000 words,
// far more than a news story; even as distinct short words its tsvector stays
// well under PostgreSQL's limit.
const MaxSearchBytes = 256 << 10

// Plain returns the visible text of an HTML fragment as search indexes it:
// extract.PlainText (the one HTML-to-text conversion, which ingest also uses
// for topics, summaries and fingerprints), with white space collapsed to
// single spaces, Clean and at most MaxSearchBytes long, cut at a rune
// boundary, so it stays valid UTF-8. A store uses it for a story whose Text
// is "".
func Plain(fragment string) string { return collapse(extract.PlainText(fragment)) }

// SearchText is Plain for text that is already plain (a caller's own HTML to
// text conversion): white space collapsed, cleaned and cut to MaxSearchBytes
// at a rune boundary. Markup characters are kept as text.
func SearchText(text string) string { return collapse(text) }

// collapse trims s, folds every run of white space into one space, cleans it
// and stops before the rune that would take it past MaxSearchBytes.
func collapse(s string) string {
	s = Clean(s)
	var b strings.Builder
	b.Grow(min(len(s), MaxSearchBytes))
	space := false
	// keep writes a run of visible text, after one space when white space
	// came before; it reports false when the run does not fit under the cap.
	keep := func(run string) bool {
		n := len(run)
		if space {
			n++
		}
		if b.Len()+n > MaxSearchBytes {
			return false
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(run)
		return true
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c == ' ' || '\t' <= c && c <= '\r' {
				space = b.Len() > 0
				i++
				continue
			}
			j := i + 1 // a run of ASCII that is not white space, kept whole or cut to fit
			for j < len(s) && s[j] < utf8.RuneSelf && s[j] != ' ' && (s[j] < '\t' || s[j] > '\r') {
				j++
			}
			if !keep(s[i:j]) {
				room := MaxSearchBytes - b.Len()
				if space {
					room--
				}
				if room > 0 {
					keep(s[i : i+room])
				}
				break
			}
			i = j
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = b.Len() > 0
		} else if !keep(s[i : i+w]) {
			break
		}
		i += w
	}
	return b.String()
}

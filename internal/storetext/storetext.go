// Package storetext prepares what Herald's stores keep. It drops what a
// database cannot hold (NUL bytes, invalid UTF-8), derives the plain text that
// full-text search indexes from a story's sanitised HTML, and normalises a
// story's topic links. Both store dialects use it, so a story reads back the
// same from SQLite and PostgreSQL.
package storetext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
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

// Plain returns the visible text of an HTML fragment: tags removed, entities
// decoded, script and style contents skipped, block boundaries turned into
// spaces and runs of white space collapsed to one space. The result is Clean
// and at most MaxSearchBytes long, cut at a rune boundary, so it stays valid
// UTF-8. Text that holds no markup comes back with its white space collapsed.
func Plain(fragment string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0 // depth inside elements whose text is not shown
	for {
		switch z.Next() {
		case html.ErrorToken: // io.EOF: the tokenizer reads from memory
			return collapse(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			if hidden(tagAtom(z)) {
				skip++
			}
			b.WriteByte(' ')
		case html.EndTagToken:
			if hidden(tagAtom(z)) && skip > 0 {
				skip--
			}
			b.WriteByte(' ')
		case html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

// tagAtom returns the atom of the current tag token.
// SearchText is Plain for text that is already plain (a caller's own HTML to
// text conversion): white space collapsed, cleaned and cut to MaxSearchBytes
// at a rune boundary. Markup characters are kept as text.
func SearchText(text string) string { return collapse(text) }

func tagAtom(z *html.Tokenizer) atom.Atom {
	name, _ := z.TagName()
	return atom.Lookup(name)
}

// hidden reports whether an element's text is never shown to a reader.
func hidden(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title:
		return true
	}
	return false
}

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

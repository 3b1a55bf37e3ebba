package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// blockElements end a line in PlainText.
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"caption": true, "center": true, "dd": true, "details": true, "div": true, "dl": true,
	"dt": true, "fieldset": true, "figcaption": true, "figure": true, "footer": true,
	"form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "tbody": true, "td": true,
	"tfoot": true, "th": true, "thead": true, "tr": true, "ul": true, "body": true, "html": true,
}

// invisibleElements contribute no text.
var invisibleElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "head": true,
	"title": true, "iframe": true, "svg": true, "math": true, "select": true,
	"textarea": true, "button": true, "noembed": true, "noframes": true,
}

// PlainText returns the text of an HTML fragment for NLP and summaries: tags
// are dropped, entities decoded, block elements and <br> become line breaks,
// other white space (source newlines included, except inside <pre>) collapses
// to single spaces, lines are trimmed and empty lines removed. Script, style
// and other invisible content is dropped. Input beyond MaxHTMLBytes is cut.
// The result contains no control characters other than "\n".
func PlainText(htmlText string) string {
	htmlText = TruncateBytes(htmlText, MaxHTMLBytes)
	if !strings.ContainsAny(htmlText, "<&") {
		return collapseSpaces(htmlText)
	}
	var b strings.Builder
	b.Grow(len(htmlText))
	z := html.NewTokenizer(strings.NewReader(htmlText))
	var st textState
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return normaliseLines(b.String())
		case html.TextToken:
			st.writeText(&b, z.Text())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			st.tag(z, tt, &b)
		}
	}
}

// textState tracks PlainText's position: inside invisible content (skip) or
// preformatted text (pre).
type textState struct{ skip, pre int }

func (st *textState) writeText(b *strings.Builder, text []byte) {
	if st.skip > 0 {
		return
	}
	if st.pre > 0 {
		b.Write(text)
		return
	}
	for _, c := range text {
		if c == '\n' || c == '\r' {
			c = ' '
		}
		b.WriteByte(c)
	}
}

// tag handles one tag for PlainText: it tracks invisible and preformatted
// content and writes line breaks for block elements.
func (st *textState) tag(z *html.Tokenizer, tt html.TokenType, b *strings.Builder) {
	name, _ := z.TagName()
	tag := string(name)
	switch {
	case invisibleElements[tag]:
		st.skip = nest(st.skip, tt)
		return
	case tag == "pre":
		st.pre = nest(st.pre, tt)
	}
	if blockElements[tag] {
		b.WriteByte('\n')
	} else if tag == "img" {
		b.WriteByte(' ')
	}
}

// nest counts an element's start and end tags.
func nest(depth int, tt html.TokenType) int {
	switch {
	case tt == html.StartTagToken:
		return depth + 1
	case tt == html.EndTagToken && depth > 0:
		return depth - 1
	}
	return depth
}

// normaliseLines collapses horizontal whitespace, trims every line and drops
// empty lines and control characters.
func normaliseLines(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	for _, line := range strings.Split(s, "\n") {
		line = collapseSpaces(line)
		if line == "" {
			continue
		}
		if out.Len() > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(line)
	}
	return out.String()
}

// collapseSpaces turns every run of white space (including NBSP) into one
// space, drops other control and format characters, and trims the ends.
func collapseSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	// keep writes a visible run, after one space when white space came before.
	keep := func(run string) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(run)
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // ASCII: copy printable runs whole
			switch {
			case c == ' ' || '\t' <= c && c <= '\r':
				space = true
				i++
			case c < ' ' || c == 0x7f:
				i++
			default:
				j := i + 1
				for j < len(s) && s[j] > ' ' && s[j] < 0x7f {
					j++
				}
				keep(s[i:j])
				i = j
			}
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
		case unicode.IsControl(r) || r == '\uFEFF' || r == '\u200B':
		case r == utf8.RuneError && w == 1:
			keep(string(utf8.RuneError))
		default:
			keep(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

// InlineText is PlainText folded onto one line: for titles, names and other
// short text fields.
func InlineText(htmlText string) string {
	return collapseSpaces(PlainText(htmlText))
}

// FingerprintWords is how many words of the text Fingerprint uses besides the
// title.
const FingerprintWords = 64

// Fingerprint returns a stable content hash for spotting the same story
// published by several sources: the title and the first FingerprintWords
// words of text are lower-cased, punctuation and white space are folded,
// and the result is hashed with SHA-256 (hex, 32 characters). text is plain
// text (see PlainText). It returns "" when both are empty.
func Fingerprint(title, text string) string {
	words := foldWords(title, 0)
	words = append(words, "|")
	words = append(words, foldWords(text, FingerprintWords)...)
	if len(words) == 1 {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.Join(words, " ")))
	return hex.EncodeToString(sum[:16])
}

// foldWords splits s into lower-case words of letters and digits, at most
// limit of them (no limit when limit is 0). Apostrophes are dropped inside
// words so that "don't" and "dont" agree.
func foldWords(s string, limit int) []string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		if limit > 0 && len(words) >= limit {
			return words
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '\u2019' || unicode.Is(unicode.Mn, r):
		default:
			flush()
		}
	}
	flush()
	if limit > 0 && len(words) > limit {
		words = words[:limit]
	}
	return words
}

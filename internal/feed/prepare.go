package feed

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/extract"
)

// kind is the document family found by sniffing.
type kind int

const (
	kindRSS kind = iota + 1 // <rss> and <rdf:RDF>
	kindAtom
	kindJSON
)

func (k kind) String() string {
	switch k {
	case kindRSS:
		return "RSS"
	case kindAtom:
		return "Atom"
	case kindJSON:
		return "JSON"
	}
	return "unknown"
}

// document is a feed body made ready for gofeed: valid UTF-8, no illegal
// control characters, no misleading encoding declaration, sniffed.
type document struct {
	data []byte
	kind kind
}

var prologEncoding = regexp.MustCompile(`(?i)\bencoding\s*=\s*("[^"]*"|'[^']*')`)

// htmlRoots are root elements that mark an HTML page.
var htmlRoots = map[string]bool{
	"html": true, "head": true, "body": true, "div": true, "p": true, "script": true, "meta": true,
	"link": true, "title": true, "table": true, "span": true, "a": true, "br": true, "style": true,
	"form": true, "iframe": true, "img": true, "h1": true, "center": true,
}

// prepare decodes, cleans and sniffs a feed body.
func prepare(body []byte, contentType string) (*document, error) {
	if len(body) > MaxBodyBytes {
		return nil, herald.Errorf(herald.EINVALID, "document is larger than %d MiB", MaxBodyBytes>>20)
	}
	data := trimLeading(removeIllegalChars(decode(body, contentType)))
	if len(data) == 0 {
		return nil, herald.Errorf(herald.EINVALID, "empty document")
	}
	switch data[0] {
	case '{':
		return &document{data: escapeJSONControls(data), kind: kindJSON}, nil
	case '<':
		return prepareXML(data)
	case '[':
		return nil, herald.Errorf(herald.EINVALID, "not a feed: a JSON array, not a JSON Feed object")
	}
	return nil, herald.Errorf(herald.EINVALID, "not a feed: the document is neither XML nor JSON")
}

// decode converts body to UTF-8 using, in order, the XML prolog's encoding,
// the Content-Type charset and an HTML meta charset. The prolog comes first
// because the program that wrote the bytes also wrote the prolog, while
// servers often add a default charset blindly; bytes that are valid UTF-8 stay
// as they are whatever either says.
func decode(body []byte, contentType string) []byte {
	labels := []string{xmlPrologEncoding(body), extract.ContentTypeCharset(contentType)}
	if labels[0] == "" && labels[1] == "" && !utf8.Valid(body) {
		labels = append(labels, extract.HTMLCharset(body))
	}
	return extract.ToUTF8(body, labels...)
}

// xmlPrologEncoding returns the encoding declared by an ASCII-compatible XML
// prolog, or "".
func xmlPrologEncoding(body []byte) string {
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	head = bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	m := prologEncoding.FindSubmatch(head[:end])
	if m == nil {
		return ""
	}
	return strings.ToLower(strings.Trim(string(m[1]), `"' `))
}

// removeIllegalChars drops the characters XML 1.0 forbids (C0 controls other
// than tab, LF and CR; U+FFFE; U+FFFF), which also covers NUL. data is valid
// UTF-8. It returns data itself when there is nothing to remove.
func removeIllegalChars(data []byte) []byte {
	if bytes.IndexFunc(data, illegalRune) < 0 {
		return data
	}
	out := make([]byte, 0, len(data))
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if !illegalRune(r) {
			out = append(out, data[:n]...)
		}
		data = data[n:]
	}
	return out
}

func illegalRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
}

// trimLeading removes white space and byte-order marks before the document.
func trimLeading(data []byte) []byte {
	return bytes.TrimLeftFunc(data, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\uFEFF' || r == '\u00A0'
	})
}

// prepareXML sniffs the root element, rewrites the prolog to say UTF-8 (the
// bytes are UTF-8 now, and encoding/xml must not convert them again) and
// checks nesting depth.
func prepareXML(data []byte) (*document, error) {
	root, htmlDoctype := rootElement(data)
	local := root
	if i := strings.LastIndexByte(local, ':'); i >= 0 {
		local = local[i+1:]
	}
	var k kind
	switch {
	case local == "rss" || local == "rdf":
		k = kindRSS
	case local == "feed":
		k = kindAtom
	case htmlDoctype || htmlRoots[local]:
		return nil, ErrHTMLPage
	case root == "":
		return nil, herald.Errorf(herald.EINVALID, "not a feed: no root element")
	default:
		return nil, herald.Errorf(herald.EINVALID, "not a feed: root element <%s> is not rss, rdf:RDF or feed", truncateRunes(root, 40))
	}
	data = rewriteProlog(data)
	if err := checkDepth(data, MaxDepth); err != nil {
		return nil, err
	}
	return &document{data: data, kind: k}, nil
}

// rewriteProlog replaces the encoding in an XML declaration with UTF-8.
func rewriteProlog(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("<?xml")) {
		return data
	}
	end := bytes.Index(data, []byte("?>"))
	if end < 0 {
		return data
	}
	decl := prologEncoding.ReplaceAll(data[:end], []byte(`encoding="UTF-8"`))
	out := make([]byte, 0, len(data)+len(decl)-end)
	out = append(out, decl...)
	return append(out, data[end:]...)
}

// rootElement returns the lower-cased name of the first element, skipping
// the XML declaration, processing instructions, comments and a DOCTYPE, and
// whether that DOCTYPE names html.
func rootElement(data []byte) (name string, htmlDoctype bool) {
	for {
		data = bytes.TrimLeft(data, " \t\r\n")
		switch {
		case len(data) < 2 || data[0] != '<':
			return "", htmlDoctype
		case bytes.HasPrefix(data, []byte("<?")):
			data = skipPast(data, "?>")
		case bytes.HasPrefix(data, []byte("<!--")):
			data = skipPast(data, "-->")
		case bytes.HasPrefix(data, []byte("<!")):
			htmlDoctype = htmlDoctype || isHTMLDoctype(data)
			data = skipDeclaration(data)
		default:
			return strings.ToLower(string(elementName(data[1:]))), htmlDoctype
		}
	}
}

func isHTMLDoctype(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 20)])
	return bytes.HasPrefix(bytes.Join(bytes.Fields(head), []byte(" ")), []byte("<!doctype html"))
}

func skipPast(data []byte, marker string) []byte {
	i := bytes.Index(data, []byte(marker))
	if i < 0 {
		return nil
	}
	return data[i+len(marker):]
}

// skipDeclaration skips a <!...> declaration, including a DOCTYPE's
// bracketed internal subset.
func skipDeclaration(data []byte) []byte {
	depth := 0
	for i, c := range data {
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				return data[i+1:]
			}
		}
	}
	return nil
}

// elementName returns the name at the start of data (just after '<').
func elementName(data []byte) []byte {
	end := bytes.IndexAny(data, " \t\r\n/>")
	if end < 0 {
		end = len(data)
	}
	return data[:end]
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

package extract

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit bounds how far into an HTML document HTMLCharset looks for a
// <meta charset>. Browsers stop at 1024 bytes, but real pages put the tag
// later (after long inline scripts), so we look further.
const metaScanLimit = 64 << 10

// ToUTF8 converts a fetched document to valid UTF-8. labels are charset
// declarations in order of authority (the Content-Type charset parameter, an
// XML prolog's encoding, an HTML meta charset); empty ones are skipped.
//
// The rules, in order: a byte-order mark wins; UTF-16 declared or recognisable
// from its NUL pattern is decoded as such; bytes that are already valid UTF-8
// are returned unchanged whatever the declarations say (so a prolog that lies
// cannot double-encode); otherwise the first label that names an encoding
// known to the WHATWG Encoding Standard is used, and windows-1252 when none
// does. UTF-7 is never interpreted (it is not a WHATWG encoding). Whatever
// remains invalid is replaced with U+FFFD, so the result is always valid UTF-8.
func ToUTF8(body []byte, labels ...string) []byte {
	if enc, n := bomEncoding(body); enc != nil {
		return decodeWith(enc, body[n:])
	}
	if enc := utf16Encoding(body, labels); enc != nil {
		return decodeWith(enc, body)
	}
	if utf8.Valid(body) {
		return body
	}
	return decodeWith(labelledEncoding(labels), body)
}

// ContentTypeCharset returns the charset parameter of a Content-Type header
// value, lower-cased, or "" when there is none.
func ContentTypeCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(params["charset"]))
}

func bomEncoding(b []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

// utf16Encoding recognises BOM-less UTF-16 from the "<" or "{" that starts
// every document we accept, or from an explicit utf-16 label.
func utf16Encoding(b []byte, labels []string) encoding.Encoding {
	if len(b) >= 2 {
		switch {
		case b[0] == 0 && b[1] != 0 && isDocStart(b[1]):
			return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
		case b[0] != 0 && b[1] == 0 && isDocStart(b[0]):
			return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
		}
	}
	for _, l := range labels {
		switch strings.ToLower(strings.TrimSpace(l)) {
		case "utf-16be", "unicodefffe":
			return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
		case "utf-16", "utf-16le", "unicode", "ucs-2":
			if bytes.IndexByte(b, 0) >= 0 {
				return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
			}
		}
	}
	return nil
}

func isDocStart(c byte) bool { return c == '<' || c == '{' || c == ' ' || c == '\n' }

// labelledEncoding picks the first usable declared encoding; windows-1252 (the
// WHATWG reading of latin-1) when none is usable.
func labelledEncoding(labels []string) encoding.Encoding {
	for _, l := range labels {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == "" || strings.Contains(l, "utf-7") || strings.HasPrefix(l, "utf-8") || strings.HasPrefix(l, "utf8") {
			continue
		}
		if enc, _ := charset.Lookup(l); enc != nil && enc != encoding.Replacement {
			return enc
		}
	}
	enc, _ := charset.Lookup("windows-1252")
	return enc
}

func decodeWith(enc encoding.Encoding, b []byte) []byte {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		out = b
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD"))
}

// HTMLCharset returns the charset an HTML document declares in a
// <meta charset> or <meta http-equiv="Content-Type"> tag within its first
// 64 KiB, or "" when it declares none. It stops at <body>.
func HTMLCharset(body []byte) string {
	if len(body) > metaScanLimit {
		body = body[:metaScanLimit]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				if cs := metaCharset(z, hasAttr); cs != "" {
					return cs
				}
			}
		}
	}
}

func metaCharset(z *html.Tokenizer, hasAttr bool) string {
	var httpEquiv, content string
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch strings.ToLower(string(k)) {
		case "charset":
			return strings.ToLower(strings.TrimSpace(string(v)))
		case "http-equiv":
			httpEquiv = strings.ToLower(string(v))
		case "content":
			content = string(v)
		}
	}
	if httpEquiv == "content-type" {
		return ContentTypeCharset(content)
	}
	return ""
}

package extract

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose value is a single URL.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "cite": true, "poster": true, "background": true,
	"longdesc": true, "action": true, "formaction": true, "data": true, "usemap": true,
	"lowsrc": true, "dynsrc": true, "xlink:href": true, "manifest": true, "icon": true,
	"codebase": true, "classid": true, "archive": true, "profile": true, "ping": true,
}

// ParseBase parses a base URL for link resolution. It returns nil unless raw is
// an absolute http or https URL.
func ParseBase(raw string) *url.URL {
	u, err := url.Parse(cleanURLString(raw))
	if err != nil || !isWebURL(u) {
		return nil
	}
	return u
}

// ResolveURL resolves ref against base (which may be nil) and returns the
// absolute URL, or "" unless the result is an http or https URL with a host.
// Leading and trailing spaces and control characters are trimmed and tabs and
// newlines inside the reference are dropped first, as browsers do, so
// "java\tscript:" and " javascript:" are recognised and refused.
func ResolveURL(base *url.URL, ref string) string {
	ref = cleanURLString(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !isWebURL(u) {
		return ""
	}
	return u.String()
}

func isWebURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Opaque == ""
}

// cleanURLString applies the WHATWG URL parser's input clean-up: strip leading
// and trailing C0 controls and spaces, remove ASCII tab and newline anywhere.
func cleanURLString(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\r\n") {
		s = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(s)
	}
	return s
}

// resolveSrcset resolves every candidate of a srcset value and drops those that
// are not http or https, carry a malformed descriptor, or end with a comma
// (which would read as a separator). It returns "" when no candidate
// survives.
func resolveSrcset(base *url.URL, v string) string {
	var out []string
	for _, c := range splitSrcset(v) {
		u := ResolveURL(base, c.url)
		if u == "" || strings.HasSuffix(u, ",") || (c.descriptor != "" && !isDescriptor(c.descriptor)) {
			continue
		}
		if c.descriptor != "" {
			u += " " + c.descriptor
		}
		out = append(out, u)
	}
	return strings.Join(out, ", ")
}

type srcsetCandidate struct{ url, descriptor string }

// splitSrcset splits a srcset value the way the HTML standard does: a URL is
// a run of non-space characters (so "data:a,b" stays one URL), trailing
// commas end it, and its descriptor runs to the next comma. Candidates with
// more than one descriptor are returned with descriptor "!" (invalid).
func splitSrcset(v string) []srcsetCandidate {
	var out []srcsetCandidate
	for {
		v = strings.TrimLeft(v, " \t\r\n\f,")
		if v == "" {
			return out
		}
		end := strings.IndexAny(v, " \t\r\n\f")
		if end < 0 {
			end = len(v)
		}
		c := srcsetCandidate{url: v[:end]}
		v = v[end:]
		if strings.HasSuffix(c.url, ",") {
			c.url = strings.TrimRight(c.url, ",")
		} else {
			desc := v
			if i := strings.IndexByte(v, ','); i >= 0 {
				desc, v = v[:i], v[i+1:]
			} else {
				v = ""
			}
			switch f := strings.Fields(desc); len(f) {
			case 0:
			case 1:
				c.descriptor = f[0]
			default:
				c.descriptor = "!"
			}
		}
		out = append(out, c)
	}
}

// isDescriptor reports whether s is a srcset width ("640w") or density ("2x",
// "1.5x") descriptor.
func isDescriptor(s string) bool {
	if len(s) < 2 {
		return false
	}
	last := s[len(s)-1]
	if last != 'w' && last != 'x' {
		return false
	}
	dot := false
	for _, c := range s[:len(s)-1] {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && last == 'x':
			dot = true
		default:
			return false
		}
	}
	return true
}

// ResolveLinks rewrites relative URLs in href, src, srcset, poster and cite
// attributes of an HTML fragment into absolute ones against base. Everything
// else, including unresolvable or non-web URLs, is left byte for byte as it
// was: the result is still raw HTML that must go through Sanitize before it is
// shown. It returns html unchanged when base is not an absolute http(s) URL.
func ResolveLinks(htmlText, base string) string {
	b := ParseBase(base)
	if b == nil || !strings.Contains(htmlText, "=") {
		return htmlText
	}
	return rewriteTags(htmlText, func(t *html.Token) bool { return resolveTagLinks(b, t) })
}

// resolveTagLinks resolves the relative URL attributes of t in place and
// reports whether it changed any.
func resolveTagLinks(base *url.URL, t *html.Token) bool {
	changed := false
	for i, a := range t.Attr {
		var v string
		switch a.Key {
		case "href", "src", "poster", "cite":
			if isAbsoluteRef(a.Val) {
				continue
			}
			v = ResolveURL(base, a.Val)
		case "srcset":
			v = resolveSrcset(base, a.Val)
		default:
			continue
		}
		if v != "" && v != a.Val {
			t.Attr[i].Val = v
			changed = true
		}
	}
	return changed
}

// isAbsoluteRef reports whether ref already carries a scheme.
func isAbsoluteRef(ref string) bool {
	u, err := url.Parse(cleanURLString(ref))
	return err == nil && u.Scheme != ""
}

// rewriteTags streams an HTML fragment through the tokenizer and lets edit
// change each start tag. Tags edit leaves alone, text, comments and end tags
// are copied byte for byte; an edited tag is re-serialised.
func rewriteTags(htmlText string, edit func(*html.Token) bool) string {
	var out bytes.Buffer
	out.Grow(len(htmlText))
	z := html.NewTokenizer(strings.NewReader(htmlText))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.String()
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(z.Raw())
			continue
		}
		raw := append([]byte(nil), z.Raw()...)
		tok := z.Token()
		if edit(&tok) {
			out.WriteString(tok.String())
		} else {
			out.Write(raw)
		}
	}
}

package web

import (
	"net/http"
	"net/url"
	"strings"
)

// safeNext returns next when it is a path on this site, else fallback. A safe next
// starts with a single "/" and has no scheme, host, backslash or control character,
// so "//evil.com", "/\evil.com", "https://evil.com" and "javascript:…" are refused:
// redirects built from it never leave the site.
func safeNext(next, fallback string) string {
	if next == "" || len(next) > 2048 || next[0] != '/' {
		return fallback
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return fallback
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return fallback
	}
	return next
}

// redirectBack answers a form POST with 303 See Other to the form's "next" field
// when it is safe, else to fallback.
func redirectBack(w http.ResponseWriter, r *http.Request, fallback string) {
	http.Redirect(w, r, safeNext(r.PostFormValue("next"), fallback), http.StatusSeeOther)
}

// queryOf is one query parameter, encoded.
func queryOf(key, value string) string { return url.Values{key: {value}}.Encode() }

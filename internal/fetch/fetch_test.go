package fetch

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

const feedXML = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>`

func TestConditionalGet(t *testing.T) {
	const etag = `"v1"`
	lastMod := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Format(http.TimeFormat)
	var full, notModified atomic.Int32
	o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("bare304") && (r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "") {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified) // validators not repeated
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, feedXML)
	}))
	c := testClient(t, Options{AllowNetworks: loopback})

	first, err := c.Get(t.Context(), Request{URL: o.URL})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || string(first.Body) != feedXML || first.ETag != etag || first.LastModified != lastMod {
		t.Fatalf("first fetch = %+v", first)
	}
	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"both validators", Request{URL: o.URL, ETag: first.ETag, LastModified: first.LastModified}},
		{"etag only", Request{URL: o.URL, ETag: first.ETag}},
		{"last-modified only", Request{URL: o.URL, LastModified: first.LastModified}},
		{"server does not repeat validators", Request{URL: o.URL + "/?bare304", ETag: etag, LastModified: lastMod}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := c.Get(t.Context(), tc.req)
			if err != nil {
				t.Fatalf("304 reported as error: %v", err)
			}
			if !resp.NotModified || resp.StatusCode != http.StatusNotModified || resp.Body != nil {
				t.Errorf("got NotModified=%v status=%d body=%q", resp.NotModified, resp.StatusCode, resp.Body)
			}
			if resp.ETag != etag || resp.LastModified != lastMod {
				t.Errorf("validators for the next fetch: ETag %q LastModified %q, want %q %q", resp.ETag, resp.LastModified, etag, lastMod)
			}
		})
	}
	if full.Load() != 1 || notModified.Load() != 4 {
		t.Errorf("server sent %d full and %d 304 responses, want 1 and 4", full.Load(), notModified.Load())
	}
}

func TestRequestHeaders(t *testing.T) {
	var got http.Header
	o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
	}))
	uaRE := regexp.MustCompile(`^Herald/\S+ \(\+https://github\.com/heraldnews/herald\)$`)

	c := testClient(t, Options{AllowNetworks: loopback})
	if _, err := c.Get(t.Context(), Request{URL: o.URL}); err != nil {
		t.Fatal(err)
	}
	if !uaRE.MatchString(got.Get("User-Agent")) {
		t.Errorf("default User-Agent = %q", got.Get("User-Agent"))
	}
	if got.Get("Accept") != "*/*" || got.Get("Accept-Encoding") != "gzip, deflate, br" {
		t.Errorf("Accept = %q, Accept-Encoding = %q", got.Get("Accept"), got.Get("Accept-Encoding"))
	}
	if got.Get("If-None-Match") != "" || got.Get("If-Modified-Since") != "" {
		t.Errorf("unconditional request sent validators: %v", got)
	}

	c = testClient(t, Options{AllowNetworks: loopback, UserAgent: UserAgent("1.2.3")})
	hdr := http.Header{"X-Hub-Signature": {"sha256=abc"}, "Accept-Encoding": {"identity"}}
	if _, err := c.Get(t.Context(), Request{URL: o.URL, Accept: "application/rss+xml", Header: hdr}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"User-Agent":      "Herald/1.2.3 (+https://github.com/heraldnews/herald)",
		"Accept":          "application/rss+xml",
		"Accept-Encoding": "gzip, deflate, br", // never the caller's: decoding is ours
		"X-Hub-Signature": "sha256=abc",
	}
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, got.Get(k), v)
		}
	}
	if hdr.Get("Accept-Encoding") != "identity" {
		t.Error("Get modified the caller's Header")
	}
}

func TestContentTypeAndCharset(t *testing.T) {
	tests := []struct{ header, typ, charset string }{
		{"application/rss+xml; charset=ISO-8859-1", "application/rss+xml", "iso-8859-1"},
		{`Text/HTML; Charset="Windows-1252"`, "text/html", "windows-1252"},
		{"application/feed+json", "application/feed+json", ""},
		{"text/xml; charset=", "text/xml", ""},
		{"text/xml;;; charset", "text/xml", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.header, func(t *testing.T) {
			o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tc.header}
				io.WriteString(w, "x")
			}))
			resp, err := testClient(t, Options{AllowNetworks: loopback}).Get(t.Context(), Request{URL: o.URL})
			if err != nil {
				t.Fatal(err)
			}
			if resp.ContentType != tc.typ || resp.Charset != tc.charset {
				t.Errorf("got %q, %q; want %q, %q", resp.ContentType, resp.Charset, tc.typ, tc.charset)
			}
		})
	}
}

func TestHTTPErrors(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		status     int
		retryAfter string
		want       time.Duration
	}{
		{"not found", http.StatusNotFound, "", 0},
		{"gone", http.StatusGone, "", 0},
		{"429 seconds", http.StatusTooManyRequests, "120", 2 * time.Minute},
		{"429 an hour", http.StatusTooManyRequests, "3600", time.Hour},
		{"503 http date", http.StatusServiceUnavailable, now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"503 date in the past", http.StatusServiceUnavailable, now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"503 garbage", http.StatusServiceUnavailable, "soon", 0},
		{"500", http.StatusInternalServerError, "", 0},
		{"redirect without location", http.StatusMultipleChoices, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, "error page")
			}))
			c := testClient(t, Options{AllowNetworks: loopback})
			c.now = func() time.Time { return now }
			u := o.URL + "/feed.xml"
			resp, err := c.Get(t.Context(), Request{URL: u})
			if resp != nil {
				t.Errorf("got a response for status %d", tc.status)
			}
			var he *HTTPError
			if !errors.As(err, &he) {
				t.Fatalf("err = %v, want an *HTTPError", err)
			}
			if diff := cmp.Diff(HTTPError{StatusCode: tc.status, RetryAfter: tc.want, URL: u}, *he); diff != "" {
				t.Errorf("HTTPError (-want +got):\n%s", diff)
			}
			wantMsg := fmt.Sprintf("fetch %s: HTTP %d %s", u, tc.status, http.StatusText(tc.status))
			if !strings.HasPrefix(err.Error(), wantMsg) {
				t.Errorf("err = %q, want prefix %q", err, wantMsg)
			}
			if herald.ErrorCode(err) != herald.EUNAVAILABLE {
				t.Errorf("code = %q, want %q", herald.ErrorCode(err), herald.EUNAVAILABLE)
			}
		})
	}
}

func TestDo(t *testing.T) {
	var gotMethod, gotBody, gotUA, gotType string
	hook := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/hook", http.StatusTemporaryRedirect)
			return
		}
		b, _ := io.ReadAll(r.Body)
		gotMethod, gotBody, gotUA, gotType = r.Method, string(b), r.UserAgent(), r.Header.Get("Content-Type")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "queued")
	}))
	c := testClient(t, Options{AllowNetworks: loopback, UserAgent: "Herald/test (+https://github.com/heraldnews/herald)"})
	for _, path := range []string{"/hook", "/moved"} {
		req, err := http.NewRequest(http.MethodPost, hook.URL+path, strings.NewReader(`{"story":1}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(t.Context(), req)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if resp.StatusCode != http.StatusAccepted || string(resp.Body) != "queued" || resp.URL != hook.URL+"/hook" {
			t.Errorf("%s: response %d %q at %s", path, resp.StatusCode, resp.Body, resp.URL)
		}
		if gotMethod != http.MethodPost || gotBody != `{"story":1}` || gotType != "application/json" || !strings.HasPrefix(gotUA, "Herald/test") {
			t.Errorf("%s: server saw %s %q type %q UA %q", path, gotMethod, gotBody, gotType, gotUA)
		}
		if req.Header.Get("User-Agent") != "" || req.Header.Get("Accept-Encoding") != "" {
			t.Errorf("Do modified the caller's request headers: %v", req.Header)
		}
	}

	// The guard applies to Do as to Get: the default client reaches nothing local.
	guarded := testClient(t, Options{})
	req, _ := http.NewRequest(http.MethodPost, hook.URL+"/hook", strings.NewReader("x"))
	_, err := guarded.Do(t.Context(), req)
	assertKind(t, err, ErrBlockedAddress)
	if n := hook.connsSoFar(t); n != 1 {
		t.Errorf("hook accepted %d connections, want 1 (the allowed client's)", n)
	}
}

func BenchmarkGet(b *testing.B) {
	body := strings.Repeat(feedXML, 200) // about 18 KB
	for _, bc := range []struct {
		name     string
		encoding string
	}{{"identity", ""}, {"gzip", "gzip"}, {"br", "br"}} {
		b.Run(bc.name, func(b *testing.B) {
			encoded := encode(b, bc.encoding, []byte(body))
			o := newOrigin(b, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if bc.encoding != "" {
					w.Header().Set("Content-Encoding", bc.encoding)
				}
				w.Write(encoded)
			}))
			c := testClient(b, Options{AllowNetworks: loopback})
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				resp, err := c.Get(b.Context(), Request{URL: o.URL})
				if err != nil || len(resp.Body) != len(body) {
					b.Fatal(resp, err)
				}
			}
		})
	}
}

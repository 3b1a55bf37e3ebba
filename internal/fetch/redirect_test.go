package fetch

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// redirector serves /hop/N?codes=301,302,... : hop N redirects with codes[N] to
// hop N+1; past the list it answers 200. /loop/N always redirects to /loop/N+1.
func redirector(hits *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		kind, nStr, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		n, _ := strconv.Atoi(nStr)
		codes := strings.Split(r.URL.Query().Get("codes"), ",")
		switch {
		case kind == "loop":
			http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusFound)
		case kind == "ab" && n == 0:
			http.Redirect(w, r, "/ab/1", http.StatusMovedPermanently)
		case kind == "ab":
			http.Redirect(w, r, "/ab/0", http.StatusMovedPermanently)
		case n < len(codes) && codes[n] != "":
			code, _ := strconv.Atoi(codes[n])
			http.Redirect(w, r, fmt.Sprintf("/hop/%d?%s", n+1, r.URL.RawQuery), code)
		default:
			io.WriteString(w, "arrived")
		}
	}
}

func TestRedirectLimit(t *testing.T) {
	tenHops := strings.Repeat("302,", 9) + "302"
	tests := []struct {
		name     string
		path     string
		max      int
		wantErr  bool
		wantHits int32
	}{
		{"endless chain stops at 10", "/loop/0", 0, true, 11},
		{"A to B to A loop", "/ab/0", 0, true, 11},
		{"exactly 10 redirects are followed", "/hop/0?codes=" + tenHops, 0, false, 11},
		{"custom limit 3", "/loop/0", 3, true, 4},
		{"negative follows none", "/loop/0", -1, true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			o := newOrigin(t, "127.0.0.1:0", redirector(&hits))
			c := testClient(t, Options{AllowNetworks: loopback, MaxRedirects: tc.max})
			resp, err := c.Get(t.Context(), Request{URL: o.URL + tc.path})
			if tc.wantErr {
				assertKind(t, err, ErrTooManyRedirects, "fetch "+o.URL+tc.path+" (redirected to ", "stopped after")
			} else if err != nil || string(resp.Body) != "arrived" {
				t.Fatalf("got %v, %v", resp, err)
			}
			if hits.Load() != tc.wantHits {
				t.Errorf("server saw %d requests, want %d", hits.Load(), tc.wantHits)
			}
		})
	}
}

func TestPermanentRedirect(t *testing.T) {
	tests := []struct {
		codes string
		want  bool
	}{
		{"", false},
		{"301", true},
		{"308", true},
		{"301,308,301", true},
		{"302", false},
		{"307", false},
		{"303", false},
		{"301,302", false},
		{"302,301", false},
		{"308,307,308", false},
	}
	var hits atomic.Int32
	o := newOrigin(t, "127.0.0.1:0", redirector(&hits))
	c := testClient(t, Options{AllowNetworks: loopback})
	for _, tc := range tests {
		t.Run("codes="+tc.codes, func(t *testing.T) {
			start := o.URL + "/hop/0?codes=" + tc.codes
			resp, err := c.Get(t.Context(), Request{URL: start})
			if err != nil {
				t.Fatal(err)
			}
			hops := 0
			if tc.codes != "" {
				hops = len(strings.Split(tc.codes, ","))
			}
			wantURL := fmt.Sprintf("%s/hop/%d?codes=%s", o.URL, hops, tc.codes)
			if hops == 0 {
				wantURL = start
			}
			if resp.PermanentRedirect != tc.want || resp.URL != wantURL {
				t.Errorf("PermanentRedirect = %v, URL = %s; want %v, %s", resp.PermanentRedirect, resp.URL, tc.want, wantURL)
			}
		})
	}
}

package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// compressor wraps w in the encoder for one coding ("deflate-raw" is deflate
// without the zlib wrapper, which some servers send).
func compressor(coding string, w io.Writer) io.WriteCloser {
	switch coding {
	case "gzip", "x-gzip":
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return zw
	case "deflate":
		zw, _ := zlib.NewWriterLevel(w, zlib.BestCompression)
		return zw
	case "deflate-raw":
		zw, _ := flate.NewWriter(w, flate.BestCompression)
		return zw
	case "br":
		return brotli.NewWriterLevel(w, brotli.DefaultCompression)
	}
	panic("no compressor for " + coding)
}

// encode applies a Content-Encoding list in order ("gzip, br" is br(gzip(data))).
func encode(tb testing.TB, codings string, data []byte) []byte {
	tb.Helper()
	for c := range strings.SplitSeq(codings, ",") {
		c = strings.TrimSpace(c)
		if c == "" || c == "identity" {
			continue
		}
		var buf bytes.Buffer
		zw := compressor(strings.ToLower(c), &buf)
		zw.Write(data)
		zw.Close()
		data = buf.Bytes()
	}
	return data
}

// encodedOrigin serves body encoded with wire under the header value header.
func encodedOrigin(t *testing.T, header string, body []byte) *origin {
	return newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if header != "" {
			w.Header().Set("Content-Encoding", header)
		}
		w.Write(body)
	}))
}

func TestDecoding(t *testing.T) {
	payload := []byte(strings.Repeat(feedXML+"\n", 300))
	tests := []struct {
		name   string
		header string // Content-Encoding sent
		wire   string // codings actually applied by the test
	}{
		{"none", "", ""},
		{"identity", "identity", ""},
		{"gzip", "gzip", "gzip"},
		{"x-gzip", "x-gzip", "gzip"},
		{"upper case", "GZIP", "gzip"},
		{"deflate zlib", "deflate", "deflate"},
		{"deflate raw", "deflate", "deflate-raw"},
		{"brotli", "br", "br"},
		{"gzip then brotli", "gzip, br", "gzip, br"},
		{"deflate then gzip", "deflate, gzip", "deflate, gzip"},
	}
	c := testClient(t, Options{AllowNetworks: loopback})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := encodedOrigin(t, tc.header, encode(t, tc.wire, payload))
			resp, err := c.Get(t.Context(), Request{URL: o.URL})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp.Body, payload) {
				t.Errorf("body: got %d bytes, want the %d-byte payload", len(resp.Body), len(payload))
			}
			if ce := resp.Header.Get("Content-Encoding"); ce != "" {
				t.Errorf("Header still says Content-Encoding %q for a decoded body", ce)
			}
		})
	}
}

func TestDecodingErrors(t *testing.T) {
	valid := encode(t, "gzip", []byte(feedXML))
	tests := []struct {
		name   string
		header string
		body   []byte
		want   string
	}{
		{"unsupported coding", "zstd", []byte("whatever"), `unsupported content encoding "zstd"`},
		{"not gzip", "gzip", []byte("plain text, not gzip"), "decode gzip body"},
		{"truncated gzip", "gzip", valid[:len(valid)/2], "decode gzip body"},
		{"corrupt brotli", "br", []byte{0xff, 0xff, 0xff, 0xff, 0xff}, "decode br body"},
		{"too many layers", "gzip, gzip, gzip, gzip", valid, "too many content encodings"},
	}
	c := testClient(t, Options{AllowNetworks: loopback})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := encodedOrigin(t, tc.header, tc.body)
			resp, err := c.Get(t.Context(), Request{URL: o.URL})
			if err == nil || !strings.Contains(err.Error(), tc.want) || resp != nil {
				t.Fatalf("got %v, %v; want an error containing %q", resp, err, tc.want)
			}
			if errors.Is(err, ErrTooLarge) {
				t.Errorf("a broken body reported as too large: %v", err)
			}
		})
	}
}

func TestEmptyEncodedBody(t *testing.T) {
	o := encodedOrigin(t, "gzip", nil)
	resp, err := testClient(t, Options{AllowNetworks: loopback}).Get(t.Context(), Request{URL: o.URL})
	if err != nil || len(resp.Body) != 0 {
		t.Fatalf("got %v, %v; want an empty body", resp, err)
	}
}

// TestSizeCap: the cap is on decoded bytes; a body at the cap passes whole, one
// byte more fails with ErrTooLarge, never a truncated body (A10).
func TestSizeCap(t *testing.T) {
	const limit = 64 << 10
	random := make([]byte, limit)
	rand.Read(random)
	tests := []struct {
		name    string
		coding  string
		body    []byte
		chunked bool // no Content-Length
		wantErr bool
	}{
		{"identity at the cap", "", bytes.Repeat([]byte("a"), limit), false, false},
		{"identity one byte over", "", bytes.Repeat([]byte("a"), limit+1), false, true},
		{"identity far over by Content-Length", "", bytes.Repeat([]byte("a"), 8*limit), false, true},
		{"chunked over", "", bytes.Repeat([]byte("a"), 4*limit), true, true},
		{"gzip at the cap", "gzip", bytes.Repeat([]byte("a"), limit), false, false},
		{"gzip one byte over", "gzip", bytes.Repeat([]byte("a"), limit+1), true, true},
		{"incompressible gzip at the cap", "gzip", random, false, false},
		{"br over", "br", bytes.Repeat([]byte("b"), 2*limit), false, true},
		{"deflate over", "deflate", bytes.Repeat([]byte("d"), 2*limit), true, true},
	}
	c := testClient(t, Options{AllowNetworks: loopback, MaxBytes: limit})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wire := encode(t, tc.coding, tc.body)
			o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.coding != "" {
					w.Header().Set("Content-Encoding", tc.coding)
				}
				if !tc.chunked {
					w.Header().Set("Content-Length", strconv.Itoa(len(wire)))
				}
				for b := range slices.Chunk(wire, 4096) {
					if _, err := w.Write(b); err != nil {
						return
					}
					if tc.chunked {
						w.(http.Flusher).Flush()
					}
				}
			}))
			resp, err := c.Get(t.Context(), Request{URL: o.URL})
			if tc.wantErr {
				if resp != nil {
					t.Errorf("got a %d-byte body, want none", len(resp.Body))
				}
				assertKind(t, err, ErrTooLarge, "fetch "+o.URL+": response too large: more than 64 KiB")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp.Body, tc.body) {
				t.Errorf("got %d bytes, want %d", len(resp.Body), len(tc.body))
			}
		})
	}
}

// TestCompressionBomb streams ~10 GiB of zeros, compressed on the fly and
// flushed every 256 KiB like a streaming server, with the default cap: the client stops at 15 MiB of decoded bytes with ErrTooLarge,
// allocates memory near the cap, and the server stops soon after (A11).
func TestCompressionBomb(t *testing.T) {
	const bomb = 10 << 30
	for _, coding := range []string{"gzip", "deflate", "br"} {
		t.Run(coding, func(t *testing.T) {
			var fed atomic.Int64
			stopped := make(chan struct{})
			o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				defer close(stopped)
				w.Header().Set("Content-Encoding", coding)
				w.(http.Flusher).Flush()
				var zw io.WriteCloser
				if coding == "br" { // the pure-Go encoder is slow at higher levels under -race
					zw = brotli.NewWriterLevel(w, brotli.BestSpeed)
				} else {
					zw = compressor(coding, w)
				}
				zeros := make([]byte, 256<<10)
				for fed.Load() < bomb && r.Context().Err() == nil {
					if _, err := zw.Write(zeros); err != nil {
						return
					}
					fed.Add(int64(len(zeros)))
					if err := zw.(interface{ Flush() error }).Flush(); err != nil {
						return
					}
				}
				zw.Close()
			}))
			c := testClient(t, Options{AllowNetworks: loopback})

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			resp, err := c.Get(t.Context(), Request{URL: o.URL})
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)

			if resp != nil {
				t.Fatalf("got a %d-byte body from a bomb", len(resp.Body))
			}
			assertKind(t, err, ErrTooLarge, "more than 15 MiB after "+coding+" decoding")
			select {
			case <-stopped:
			case <-time.After(20 * time.Second):
				t.Fatal("bomb handler still streaming after the client gave up")
			}
			if fed.Load() >= bomb {
				t.Errorf("the server streamed the whole bomb")
			}
			// Allocation covers both sides (the test's compressor too); 10 GiB
			// decoded into memory would dwarf this bound.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
				t.Errorf("allocated %d MiB for a 15 MiB cap", alloc>>20)
			}
			t.Logf("%s: stopped after %s; server compressed %d MiB before the client hung up", coding, elapsed, fed.Load()>>20)
		})
	}
}

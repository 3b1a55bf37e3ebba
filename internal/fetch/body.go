package fetch

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
)

// acceptEncoding is what we ask for; decoding is ours so the size cap sees the
// decoded bytes (the transport's transparent gzip is disabled).
const acceptEncoding = "gzip, deflate, br"

// maxEncodings bounds stacked Content-Encoding layers ("gzip, br").
const maxEncodings = 3

// errWireTooLarge marks the raw (still encoded) body outgrowing its cap.
var errWireTooLarge = errors.New("encoded body too large")

// readBody reads resp's body, decoding its Content-Encoding, and fails with
// ErrTooLarge as soon as the decoded bytes exceed limit; it never returns a
// truncated body. Memory stays near limit however large the stream claims to be.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	codings, err := contentCodings(resp.Header)
	if err != nil {
		return nil, err
	}
	wireMax := limit
	if len(codings) > 0 {
		wireMax = limit + limit/16 + 4096 // incompressible data grows a little when encoded
	}
	if resp.ContentLength > wireMax {
		return nil, tooLarge(limit, codings)
	}
	dec, err := decoder(&cappedReader{r: resp.Body, left: wireMax}, codings)
	if err != nil {
		return nil, wireErr(err, limit, codings)
	}
	var buf bytes.Buffer
	if len(codings) == 0 && resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(dec, limit+1))
	if err != nil {
		return nil, wireErr(err, limit, codings)
	}
	if n > limit {
		return nil, tooLarge(limit, codings)
	}
	return buf.Bytes(), nil
}

func wireErr(err error, limit int64, codings []string) error {
	if errors.Is(err, errWireTooLarge) {
		return tooLarge(limit, codings)
	}
	if len(codings) > 0 {
		return fmt.Errorf("decode %s body: %w", strings.Join(codings, ", "), err)
	}
	return fmt.Errorf("read body: %w", err)
}

func tooLarge(limit int64, codings []string) error {
	if len(codings) > 0 {
		return reasonf(ErrTooLarge, "response too large: more than %s after %s decoding", sizeString(limit), strings.Join(codings, ", "))
	}
	return reasonf(ErrTooLarge, "response too large: more than %s", sizeString(limit))
}

// contentCodings lists the Content-Encoding codings in the order they were
// applied, without identity, normalised to lower case.
func contentCodings(h http.Header) ([]string, error) {
	var out []string
	for _, v := range h.Values("Content-Encoding") {
		for c := range strings.SplitSeq(v, ",") {
			c = strings.ToLower(strings.TrimSpace(c))
			switch c {
			case "", "identity":
				continue
			case "gzip", "x-gzip", "deflate", "br":
				out = append(out, c)
			default:
				return nil, fmt.Errorf("unsupported content encoding %q", c)
			}
		}
	}
	if len(out) > maxEncodings {
		return nil, fmt.Errorf("too many content encodings (%d)", len(out))
	}
	return out, nil
}

// decoder stacks one decompressor per coding, undoing the last applied first.
// An empty body decodes to an empty body.
func decoder(r io.Reader, codings []string) (io.Reader, error) {
	for i := len(codings) - 1; i >= 0; i-- {
		br := bufio.NewReader(r)
		if _, err := br.Peek(1); err == io.EOF {
			return br, nil
		}
		var err error
		if r, err = decodeOne(br, codings[i]); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func decodeOne(br *bufio.Reader, coding string) (io.Reader, error) {
	switch coding {
	case "gzip", "x-gzip":
		return gzip.NewReader(br)
	case "br":
		return brotli.NewReader(br), nil
	default: // deflate: zlib-wrapped per RFC 9110, but some servers send it raw
		if hdr, err := br.Peek(2); err == nil && isZlibHeader(hdr) {
			return zlib.NewReader(br)
		}
		return flate.NewReader(br), nil
	}
}

// isZlibHeader checks the RFC 1950 header: method 8, window ≤ 32 KiB, checksum.
func isZlibHeader(h []byte) bool {
	return h[0]&0x0f == 8 && h[0]>>4 <= 7 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0
}

// cappedReader reads at most left bytes and then fails with errWireTooLarge
// instead of reporting a clean EOF, so a cap is never mistaken for the end.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, errWireTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

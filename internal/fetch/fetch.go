package fetch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Request is a GET. ETag and LastModified are the validators from the previous
// fetch (sent as If-None-Match and If-Modified-Since). Accept defaults to */*.
// Header adds headers; Accept-Encoding is always the client's own.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	Accept       string
	Header       http.Header
}

// Response is a successful fetch: 2xx with the decoded body, or 304.
type Response struct {
	URL               string // final URL, after redirects
	StatusCode        int
	NotModified       bool // 304: Body is nil, keep what you have
	PermanentRedirect bool // redirected, and every hop was 301 or 308: the caller may store URL
	Body              []byte
	ContentType       string        // media type, lower case, without parameters
	Charset           string        // charset parameter of Content-Type, lower case; "" if none
	ETag              string        // validators for the next fetch; on 304 the request's
	LastModified      string        //   when the server did not repeat them
	RetryAfter        time.Duration // Retry-After, if a 2xx or 304 carried one; see HTTPError for 429/503
	Header            http.Header   // response headers; Content-Encoding and Content-Length dropped once decoded
}

// Get fetches req.URL. It returns a *Response for 2xx (Body decoded and within
// MaxBytes) and for 304 (NotModified, no Body). Every failure is an *Error that
// names the URL: refused URLs (ErrScheme, ErrInvalidURL, ErrBlockedAddress,
// before any I/O when the URL itself is at fault), ErrTooManyRedirects,
// ErrTooLarge, ErrTimeout, an *HTTPError for any other status (with RetryAfter
// for 429 and 503), a network error, or ctx's error.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		if cerr := CheckURL(req.URL, c.opts.AllowNetworks); cerr != nil {
			return nil, cerr
		}
		return nil, &Error{URL: strconv.Quote(req.URL), Err: err}
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	switch {
	case req.Accept != "":
		hreq.Header.Set("Accept", req.Accept)
	case hreq.Header.Get("Accept") == "":
		hreq.Header.Set("Accept", "*/*")
	}
	setIf(hreq.Header, "If-None-Match", req.ETag)
	setIf(hreq.Header, "If-Modified-Since", req.LastModified)
	resp, err := c.do(ctx, hreq)
	if resp != nil && resp.NotModified {
		resp.ETag = cmp.Or(resp.ETag, req.ETag)
		resp.LastModified = cmp.Or(resp.LastModified, req.LastModified)
	}
	return resp, err
}

// Do sends req (a POST for a WebSub subscription or a webhook, say) under the
// same guard, limits and result rules as Get. The request is cloned (its
// headers are not modified; its context is replaced by ctx) and, as with
// http.Client.Do, its body is closed even on error. Redirects follow net/http's
// rules (307 and 308 resend the body when req.GetBody is set; 301, 302 and 303
// turn a POST into a GET).
func (c *Client) Do(ctx context.Context, req *http.Request) (*Response, error) {
	if req.URL == nil {
		return nil, &Error{URL: `""`, Err: reasonf(ErrInvalidURL, "request has no URL")}
	}
	return c.do(ctx, req.Clone(ctx))
}

func setIf(h http.Header, key, value string) {
	if value != "" {
		h.Set(key, value)
	}
}

// do runs one guarded exchange: pre-flight check, a slot for the host, the
// deadline, redirects, and the body.
func (c *Client) do(ctx context.Context, hreq *http.Request) (*Response, error) {
	chain := &redirects{max: c.opts.MaxRedirects, allow: c.opts.AllowNetworks, first: hreq.URL.Redacted()}
	if err := checkTarget(hreq.URL, c.opts.AllowNetworks); err != nil {
		closeBody(hreq)
		return nil, chain.fail(err)
	}
	if hreq.Header.Get("User-Agent") == "" {
		hreq.Header.Set("User-Agent", c.opts.UserAgent)
	}
	hreq.Header.Set("Accept-Encoding", acceptEncoding)

	host := hostKey(hreq.URL)
	release, err := c.limit.acquire(ctx, host)
	if err != nil {
		closeBody(hreq)
		return nil, chain.fail(fmt.Errorf("waiting for a free slot for %s: %w", host, err))
	}
	defer release()
	dctx, cancel := context.WithTimeoutCause(context.WithValue(ctx, heldHostKey{}, host), c.opts.Timeout, errDeadline)
	defer cancel()

	hc := &http.Client{Transport: c.rt, CheckRedirect: chain.check}
	resp, err := hc.Do(hreq.WithContext(dctx))
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, chain.fail(c.cause(ctx, dctx, err))
	}
	defer resp.Body.Close()
	out, err := c.response(resp, chain)
	if err != nil {
		return nil, chain.fail(c.cause(ctx, dctx, err))
	}
	return out, nil
}

// closeBody closes a request body that will not be sent, as http.Client.Do would.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// errDeadline is the cause of the per-request deadline context.
var errDeadline = errors.New("fetch deadline")

// cause turns a transport or body error into the clearest cause: our own
// refusal reasons without the dial/url wrapping, the caller's context error,
// ErrTimeout for our deadline and for dial, TLS and header timeouts, else the
// error net/http gave.
func (c *Client) cause(parent, dctx context.Context, err error) error {
	var r *reasonError
	var h *HTTPError
	var ue *url.Error
	switch {
	case errors.As(err, &r):
		return r
	case errors.As(err, &h):
		return h
	case parent.Err() != nil:
		return parent.Err()
	case errors.Is(context.Cause(dctx), errDeadline):
		return reasonf(ErrTimeout, "no complete response within %s", c.opts.Timeout)
	case errors.As(err, &ue):
		err = ue.Err
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return &reasonError{kind: ErrTimeout, msg: err.Error()} // dial, TLS or header timeout
	}
	return err
}

// response turns an *http.Response into a *Response, reading the body for 2xx.
func (c *Client) response(resp *http.Response, chain *redirects) (*Response, error) {
	out := &Response{
		URL:               resp.Request.URL.String(),
		StatusCode:        resp.StatusCode,
		PermanentRedirect: chain.permanent(),
		ETag:              resp.Header.Get("ETag"),
		LastModified:      resp.Header.Get("Last-Modified"),
		RetryAfter:        parseRetryAfter(resp.Header.Get("Retry-After"), c.now()),
		Header:            resp.Header,
	}
	out.ContentType, out.Charset = mediaType(resp.Header.Get("Content-Type"))
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		io.CopyN(io.Discard, resp.Body, 4<<10) // let a small error page free the connection
		return nil, &HTTPError{StatusCode: resp.StatusCode, RetryAfter: out.RetryAfter, URL: resp.Request.URL.Redacted()}
	}
	body, err := readBody(resp, c.opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	out.Body = body
	if out.Header.Get("Content-Encoding") != "" { // as net/http does: the body is no longer encoded
		out.Header.Del("Content-Encoding")
		out.Header.Del("Content-Length")
	}
	return out, nil
}

// mediaType splits a Content-Type into its lower-case media type and charset,
// tolerating malformed parameters.
func mediaType(ct string) (typ, charset string) {
	if ct == "" {
		return "", ""
	}
	typ, params, err := mime.ParseMediaType(ct)
	if err != nil {
		typ, _, _ = strings.Cut(ct, ";")
		return strings.ToLower(strings.TrimSpace(typ)), ""
	}
	return typ, strings.ToLower(strings.Trim(params["charset"], `"' `))
}

package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/heraldnews/herald"
)

// Sentinel errors. Every error Get, Do and CheckURL return is an *Error; test its
// kind with errors.Is, for example errors.Is(err, ErrBlockedAddress).
var (
	// ErrBlockedAddress: the URL names, resolves to, or redirects to an address in a
	// private or reserved network that the allow-list does not open.
	ErrBlockedAddress = errors.New("address is in a private or reserved network")
	// ErrScheme: the URL (or a redirect target) is not http or https.
	ErrScheme = errors.New("unsupported URL scheme")
	// ErrInvalidURL: the URL cannot be parsed, has no host, or its host looks like a
	// malformed IP address.
	ErrInvalidURL = errors.New("invalid URL")
	// ErrTooLarge: the body, after decoding, exceeds Options.MaxBytes.
	ErrTooLarge = errors.New("response too large")
	// ErrTooManyRedirects: the redirect chain is longer than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTimeout: the whole request, body included, took longer than Options.Timeout.
	ErrTimeout = errors.New("fetch timed out")
)

// Error is the error every fetch operation returns. Its text names the URL:
//
//	fetch http://127.0.0.1:9/: address 127.0.0.1 is in a private or reserved network (allow it with --allow-networks)
//
// It unwraps to its cause (a sentinel above, an *HTTPError, a network error or the
// caller's context error) and to a *herald.Error carrying the same text, so
// herald.ErrorCode gives EINVALID for URLs Herald refuses to fetch (ErrScheme,
// ErrInvalidURL, ErrBlockedAddress) and EUNAVAILABLE for everything the remote
// side caused; herald.ErrorMessage gives the text above.
type Error struct {
	URL string // the URL asked for, password redacted
	Via string // the redirect target being fetched when it failed; "" when not redirected
	Err error  // the cause
}

func (e *Error) Error() string {
	if e.Via != "" && e.Via != e.URL {
		return fmt.Sprintf("fetch %s (redirected to %s): %v", e.URL, e.Via, e.Err)
	}
	return fmt.Sprintf("fetch %s: %v", e.URL, e.Err)
}

// Unwrap returns the cause and the equivalent *herald.Error.
func (e *Error) Unwrap() []error {
	return []error{e.Err, herald.Errorf(e.code(), "%s", e.Error())}
}

func (e *Error) code() string {
	for _, refused := range []error{ErrScheme, ErrInvalidURL, ErrBlockedAddress} {
		if errors.Is(e.Err, refused) {
			return herald.EINVALID
		}
	}
	return herald.EUNAVAILABLE
}

// HTTPError is the cause of an *Error when the server answered with a status
// other than 2xx or 304. RetryAfter is the server's Retry-After (seconds or an
// HTTP date, capped at MaxRetryAfter), zero when absent or unparseable; a
// scheduler should wait at least that long before the next attempt.
type HTTPError struct {
	StatusCode int
	RetryAfter time.Duration
	URL        string // the URL that answered (after redirects), password redacted
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// reasonError is a cause with a precise message that unwraps to a sentinel.
type reasonError struct {
	kind error
	msg  string
}

func (e *reasonError) Error() string { return e.msg }
func (e *reasonError) Unwrap() error { return e.kind }

func reasonf(kind error, format string, args ...any) error {
	return &reasonError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// sizeString renders a byte count the way limits are configured.
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// Package httperr is the one place that turns an error into an HTTP answer's
// status for both the JSON API and the web pages: the status of each herald
// error code, whether the client has gone (then nothing is answered and
// nothing is logged above debug), and how loudly to log the rest. Each
// surface renders the answer its own way (a JSON body, an error page).
package httperr

import (
	"errors"
	"log/slog"
	"net/http"
	"syscall"

	"github.com/heraldnews/herald"
)

// Status maps a herald error code to an HTTP status: EINVALID 400,
// EUNAUTHORIZED 401, EFORBIDDEN 403, ENOTFOUND 404, ECONFLICT 409, ETOOMANY
// 429, EUNAVAILABLE 503, anything else 500.
func Status(code string) int {
	switch code {
	case herald.EINVALID:
		return http.StatusBadRequest
	case herald.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case herald.EFORBIDDEN:
		return http.StatusForbidden
	case herald.ENOTFOUND:
		return http.StatusNotFound
	case herald.ECONFLICT:
		return http.StatusConflict
	case herald.ETOOMANY:
		return http.StatusTooManyRequests
	case herald.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Gone reports whether err, met while serving r, only says that the client
// went away: r's context is done (the client disconnected or reset the
// stream: a canceled query, an interrupted statement) or writing to it
// failed with a broken pipe or a reset connection. Nobody is left to answer,
// and it is not a failure of Herald's.
func Gone(r *http.Request, err error) bool {
	return r.Context().Err() != nil || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

// Log records err, met while serving r, once, as loudly as its status
// deserves: a client that went away at debug level, a 500 at error level
// with the whole chain, a 503 at warn, a 429 at info; other 4xx are the
// client's mistakes and are not logged.
func Log(log *slog.Logger, r *http.Request, status int, err error) {
	level := slog.LevelError
	switch {
	case Gone(r, err):
		level = slog.LevelDebug
	case status == http.StatusServiceUnavailable:
		level = slog.LevelWarn
	case status == http.StatusTooManyRequests:
		level = slog.LevelInfo
	case status < http.StatusInternalServerError:
		return
	}
	msg := "request failed"
	if level == slog.LevelDebug {
		msg = "client went away"
	}
	log.LogAttrs(r.Context(), level, msg, slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.Int("status", status), slog.Any("error", err))
}

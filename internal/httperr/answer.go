package httperr

import (
	"log/slog"
	"net/http"

	"github.com/heraldnews/herald"
)

// Prepare is what every surface does before it writes an error: it maps
// err's code to a status, logs it (Log), and says whether to answer at all
// (not when the client went away, see Gone). For 503 it sets Retry-After.
func Prepare(log *slog.Logger, w http.ResponseWriter, r *http.Request, err error) (status int, answer bool) {
	status = Status(herald.ErrorCode(err))
	Log(log, r, status, err)
	if Gone(r, err) {
		return status, false
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	return status, true
}

package httperr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/heraldnews/herald"
)

func TestStatus(t *testing.T) {
	for code, want := range map[string]int{
		herald.EINVALID: 400, herald.EUNAUTHORIZED: 401, herald.EFORBIDDEN: 403, herald.ENOTFOUND: 404,
		herald.ECONFLICT: 409, herald.ETOOMANY: 429, herald.EUNAVAILABLE: 503, herald.EINTERNAL: 500, "": 500,
	} {
		if got := Status(code); got != want {
			t.Errorf("Status(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestGoneAndLog(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	pipe := &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.EPIPE)}
	for _, tc := range []struct {
		name      string
		ctx       context.Context
		err       error
		status    int
		gone      bool
		wantLevel string // "" for no log line
	}{
		{"client canceled", canceled, fmt.Errorf("feed: %w", context.Canceled), 500, true, "DEBUG"},
		{"interrupted query after cancel", canceled, errors.New("interrupted (9)"), 500, true, "DEBUG"},
		{"broken pipe", context.Background(), fmt.Errorf("render: %w", pipe), 500, true, "DEBUG"},
		{"connection reset", context.Background(), fmt.Errorf("render: %w", syscall.ECONNRESET), 500, true, "DEBUG"},
		{"server's own deadline", context.Background(), fmt.Errorf("query: %w", context.DeadlineExceeded), 500, false, "ERROR"},
		{"store down", context.Background(), errors.New("database is locked"), 503, false, "WARN"},
		{"throttled", context.Background(), errors.New("slow down"), 429, false, "INFO"},
		{"bad input", context.Background(), errors.New("bad"), 400, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequestWithContext(tc.ctx, "GET", "/api/v1/feed", nil)
			if got := Gone(r, tc.err); got != tc.gone {
				t.Errorf("Gone = %v, want %v", got, tc.gone)
			}
			var buf bytes.Buffer
			Log(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), r, tc.status, tc.err)
			switch {
			case tc.wantLevel == "" && buf.Len() > 0:
				t.Errorf("logged %q, want nothing", buf.String())
			case tc.wantLevel != "" && !strings.Contains(buf.String(), "level="+tc.wantLevel):
				t.Errorf("logged %q, want level %s", buf.String(), tc.wantLevel)
			}
		})
	}
}

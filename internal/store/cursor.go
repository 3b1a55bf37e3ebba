package store

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// Page sizes.
const (
	defaultPage = 50
	maxPage     = 200
)

// cursor is a keyset position: the (published_at, id) of the last story shown.
type cursor struct {
	at int64 // published_at, unix milliseconds
	id int64
}

// cursorAt returns the cursor of a story.
func cursorAt(s *herald.Story) cursor { return cursor{at: s.PublishedAt.UnixMilli(), id: s.ID} }

// time returns the cursor's published_at.
func (c cursor) time() time.Time { return time.UnixMilli(c.at).UTC() }

// String encodes c as the opaque cursor handed to clients.
func (c cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d:%d", c.at, c.id)))
}

// parseCursor decodes a cursor made by cursor.String; ok is false for "".
// It returns EINVALID for anything else that is not a cursor.
func parseCursor(s string) (c cursor, ok bool, err error) {
	if s == "" {
		return cursor{}, false, nil
	}
	bad := herald.Errorf(herald.EINVALID, "cursor: malformed")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false, bad
	}
	at, id, found := strings.Cut(string(raw), ":")
	if !found {
		return cursor{}, false, bad
	}
	if c.at, err = strconv.ParseInt(at, 10, 64); err != nil {
		return cursor{}, false, bad
	}
	if c.id, err = strconv.ParseInt(id, 10, 64); err != nil || c.id <= 0 {
		return cursor{}, false, bad
	}
	return c, true, nil
}

// pageLimit applies the default page size; EINVALID outside 0..maxPage.
func pageLimit(n int) (int, error) {
	switch {
	case n == 0:
		return defaultPage, nil
	case n < 0 || n > maxPage:
		return 0, herald.Errorf(herald.EINVALID, "limit: must be between 1 and %d", maxPage)
	}
	return n, nil
}

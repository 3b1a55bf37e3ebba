package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/opml"
)

// maxUploadBytes caps an OPML upload: the largest document opml.Parse reads,
// plus room for the multipart envelope.
const maxUploadBytes = opml.MaxSize + 64<<10

// importForm is the OPML import form: why a file was refused, or what became
// of each feed in it.
type importForm struct {
	Error  string
	Status int // the response status when Error is set
	Result *importResult
}

// importResult is what an import did, feed by feed.
type importResult struct {
	Added, Existing, Failed int
	Items                   []importRow
}

// importRow is one feed of an imported file.
type importRow struct {
	Title    string // the feed's title, or its URL
	URL      string
	Category string
	Href     string // the source page; "" when the feed failed
	Status   string // added, exists or failed
	Error    string // why it failed
}

// Summary is the one-line account of an import.
func (r *importResult) Summary() string {
	n := len(r.Items)
	if n == 0 {
		return "That file lists no feeds."
	}
	return fmt.Sprintf("Imported %s: %d added, %d already here, %d failed.", count(n, "feed", "feeds"), r.Added, r.Existing, r.Failed)
}

// exportOPML sends every source with a feed as an OPML 2.0 download, its
// category as a folder.
func (s *server) exportOPML(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.user(r); err != nil {
		return err
	}
	srcs, err := s.Store.Sources(r.Context())
	if err != nil {
		return fmt.Errorf("export sources: %w", err)
	}
	if err := opml.ServeDownload(w, opml.FromSources(srcs), s.now()); err != nil {
		return fmt.Errorf("export sources: %w", err)
	}
	return nil
}

// importOPML adds every feed of the uploaded OPML file through Deps.ImportSource,
// makes the reader follow each one that was added or was already here (see
// opml.Import), and shows the sources page with what became of each feed. A
// file that cannot be read shows the form again with the reason (400, or 413
// over the limits). Only those auth.MayAddSources admits may import (403).
func (s *server) importOPML(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	if s.ImportSource == nil {
		return herald.Errorf(herald.ENOTFOUND, "importing sources is turned off on this server")
	}
	if err := auth.MayAddSources(u, s.ReadersAddSources); err != nil {
		return err
	}
	var form importForm
	feeds, err := readUpload(w, r)
	if err != nil {
		form.Error, form.Status = uploadError(err)
	} else if form.Result, err = s.importFeeds(r.Context(), u.ID, feeds); err != nil {
		return err
	}
	p, err := s.sourcesPage(r.Context(), u, "/sources")
	if err != nil {
		return err
	}
	p.Import = form
	return s.render(w, r, cmp.Or(form.Status, http.StatusOK), p)
}

// importFeeds imports feeds in order for the reader (see opml.Import).
func (s *server) importFeeds(ctx context.Context, userID int64, feeds []opml.Feed) (*importResult, error) {
	follow := func(ctx context.Context, id int64) error { return s.Store.FollowSource(ctx, userID, id) }
	done, err := opml.Import(ctx, feeds, s.ImportSource, s.Store.SourceByURL, follow)
	if err != nil {
		return nil, err
	}
	res := &importResult{Added: done.Count(opml.StatusAdded), Existing: done.Count(opml.StatusExists),
		Failed: done.Count(opml.StatusFailed), Items: make([]importRow, 0, len(done))}
	for _, oc := range done {
		row := importRow{Title: cmp.Or(oc.Feed.Title, oc.Feed.URL), URL: oc.Feed.URL, Category: oc.Feed.Category, Status: oc.Status}
		if oc.Err != nil {
			row.Error = herald.ErrorMessage(oc.Err)
		}
		if oc.Source != nil {
			row.Href = sourceHref(oc.Source.ID)
		}
		res.Items = append(res.Items, row)
	}
	return res, nil
}

// upload adapts a handler that reads a file: like page, but the body may be as
// large as maxUploadBytes and is left unparsed, for the handler to stream.
func (s *server) upload(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
		// toLogin takes the page to return to from the form; set it here, so
		// that sending a signed-out reader to sign in never parses the upload.
		r.PostForm = url.Values{"next": {"/sources"}}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// errNoFile is a form sent without a file chosen.
var errNoFile = errors.New("no file")

// readUpload parses the OPML file in the "file" field of r's multipart form.
func readUpload(w http.ResponseWriter, r *http.Request) ([]opml.Feed, error) {
	if r.ContentLength > maxUploadBytes {
		return nil, &http.MaxBytesError{Limit: maxUploadBytes}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errNoFile
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, errNoFile
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() != "file" {
			continue
		}
		if part.FileName() == "" {
			return nil, errNoFile
		}
		return opml.Parse(part)
	}
}

// uploadError is the message and status that explain a refused upload.
func uploadError(err error) (string, int) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || errors.Is(err, opml.ErrTooLarge):
		return fmt.Sprintf("That file is too large to import: Herald reads OPML files of up to %d MB and %d feeds and folders.",
			opml.MaxSize>>20, opml.MaxOutlines), http.StatusRequestEntityTooLarge
	case errors.Is(err, errNoFile):
		return "Choose an OPML file to import.", http.StatusBadRequest
	}
	msg := strings.TrimPrefix(err.Error(), "parse OPML: ")
	return "That file is not an OPML subscription list Herald can read: " + msg + ".", http.StatusBadRequest
}

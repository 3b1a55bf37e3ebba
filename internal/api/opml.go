package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/opml"
)

// maxOPMLBody caps an OPML upload: the largest document opml.Parse reads, plus
// room for a multipart envelope.
const maxOPMLBody = opml.MaxSize + 64<<10

// importResult is the answer to POST /api/v1/sources/opml.
type importResult struct {
	Added    int          `json:"added"`
	Existing int          `json:"existing"`
	Failed   int          `json:"failed"`
	Items    []importItem `json:"items"`
}

// importItem is one feed of the document and what became of it.
type importItem struct {
	URL      string         `json:"url"`
	Title    string         `json:"title"`
	Category string         `json:"category"`
	Status   string         `json:"status"`
	Error    string         `json:"error,omitempty"`  // why it failed
	Source   *herald.Source `json:"source,omitempty"` // the source added, or the one that exists
}

// exportOPML answers every source with a feed URL as an OPML 2.0 attachment,
// one folder per category.
func (s *server) exportOPML(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.Store.Sources(r.Context())
	if err != nil {
		return wrap("export sources", err)
	}
	if err := opml.ServeDownload(w, opml.FromSources(srcs), time.Now()); err != nil {
		return wrap("export sources", err)
	}
	return nil
}

// importOPML adds every feed of an OPML document through Deps.ImportSource,
// makes the caller follow each one added or found (see opml.Import), and
// answers 200 with what became of each: added, exists (importing a file twice
// is harmless) or failed with the reason (a URL Herald will not fetch). A
// document that cannot be read is 400, one over the limits 413, a body of
// another type 415. Feeds added before a store failure stay added. Only those
// auth.MayAddSources admits may import (403).
func (s *server) importOPML(w http.ResponseWriter, r *http.Request) error {
	if s.ImportSource == nil {
		return herald.Errorf(herald.EUNAVAILABLE, "importing sources is not enabled on this server")
	}
	if err := auth.MayAddSources(auth.UserFrom(r.Context()), s.ReadersAddSources); err != nil {
		return err
	}
	feeds, err := readOPML(w, r)
	if msg, ok := tooLarge(err); ok {
		writeProblem(w, http.StatusRequestEntityTooLarge, "too_large", msg)
		return nil
	}
	if err != nil {
		return err
	}
	res, err := s.importFeeds(r.Context(), userID(r), feeds)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// importFeeds imports feeds in order for reader userID; see opml.Import.
func (s *server) importFeeds(ctx context.Context, userID int64, feeds []opml.Feed) (*importResult, error) {
	follow := func(ctx context.Context, id int64) error { return s.Store.FollowSource(ctx, userID, id) }
	done, err := opml.Import(ctx, feeds, s.ImportSource, s.Store.SourceByURL, follow)
	if err != nil {
		return nil, err
	}
	res := &importResult{Added: done.Count(opml.StatusAdded), Existing: done.Count(opml.StatusExists),
		Failed: done.Count(opml.StatusFailed), Items: make([]importItem, 0, len(done))}
	for _, oc := range done {
		it := importItem{URL: oc.Feed.URL, Title: oc.Feed.Title, Category: oc.Feed.Category, Status: oc.Status, Source: oc.Source}
		if oc.Err != nil {
			it.Error = herald.ErrorMessage(oc.Err)
		}
		res.Items = append(res.Items, it)
	}
	return res, nil
}

// readOPML parses the request body: an OPML document sent as is, or the "file"
// field of a multipart form.
func readOPML(w http.ResponseWriter, r *http.Request) ([]opml.Feed, error) {
	if r.ContentLength > maxOPMLBody {
		return nil, &http.MaxBytesError{Limit: maxOPMLBody}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxOPMLBody)
	body, err := opmlBody(r)
	if err != nil {
		return nil, err
	}
	feeds, err := opml.Parse(body)
	if _, big := tooLarge(err); err != nil && !big {
		return nil, herald.Errorf(herald.EINVALID, "%v", err)
	}
	return feeds, err
}

// opmlBody returns the reader of the OPML document in r's body.
func opmlBody(r *http.Request) (io.Reader, error) {
	ct := r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	switch mt {
	case "text/x-opml", "application/xml", "text/xml":
		return r.Body, nil
	case "multipart/form-data":
		return formFile(r, "file")
	}
	return nil, &mediaTypeError{got: ct, want: `the OPML document as text/x-opml, application/xml or text/xml, or as the "file" field of multipart/form-data`}
}

// formFile returns the first part of r's multipart body named field, reading
// past the parts before it without keeping them.
func formFile(r *http.Request, field string) (io.Reader, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "request body: %v", err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, herald.Errorf(herald.EINVALID, "request body: the form has no %q field with an OPML file", field)
		}
		if _, big := tooLarge(err); big {
			return nil, err
		}
		if err != nil {
			return nil, herald.Errorf(herald.EINVALID, "request body: %v", err)
		}
		if part.FormName() == field {
			return part, nil
		}
	}
}

// tooLarge reports whether err is an upload over the size or outline limits,
// with the message to answer.
func tooLarge(err error) (string, bool) {
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return "", false
	case errors.As(err, &mbe):
		return fmt.Sprintf("the upload is larger than %d bytes; an OPML document may have at most %d bytes and %d outlines",
			mbe.Limit, opml.MaxSize, opml.MaxOutlines), true
	case errors.Is(err, opml.ErrTooLarge):
		return err.Error(), true
	}
	return "", false
}

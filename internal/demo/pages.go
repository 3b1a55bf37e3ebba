package demo

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// formatLabels describe each feed format on the index and source pages.
var formatLabels = map[Format]string{
	FormatRSS:        "RSS 2.0 with full text",
	FormatRSSSummary: "RSS 2.0 with summaries; full text on the article pages",
	FormatAtom:       "Atom 1.0",
	FormatJSON:       "JSON Feed 1.1",
	FormatRDF:        "RSS 1.0 (RDF)",
}

var errNotFound = errors.New("not found")

func parseTemplates() (*template.Template, error) {
	funcs := template.FuncMap{
		"rfc3339": func(t time.Time) string { return t.Format(time.RFC3339) },
		"fmtTime": func(t time.Time) string { return t.Format("2 January 2006, 15:04 MST") },
	}
	t, err := template.New("pages").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	return t, nil
}

// response is one rendered document, ready to serve.
type response struct {
	body        []byte
	contentType string
	modTime     time.Time
}

// routes builds the handler. Each feed gets its own literal pattern, which
// takes precedence over the article pattern for the same source.
func (p *Publisher) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", p.handle(p.index))
	for _, s := range p.sources {
		mux.Handle("GET "+s.FeedPath(), p.handle(func(r *http.Request) (response, error) { return p.feed(r, s) }))
	}
	mux.Handle("GET /{source}/{$}", p.handle(p.sourcePage))
	mux.Handle("GET /{source}/{slug}", p.handle(p.article))
	mux.Handle("GET /{source}/{slug}/image.jpg", p.handle(p.image))
	return mux
}

// handle adapts a function that renders a document into a handler that serves
// it with an ETag and Last-Modified, answering conditional and HEAD requests.
func (p *Publisher) handle(render func(*http.Request) (response, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, err := render(r)
		switch {
		case errors.Is(err, errNotFound):
			http.NotFound(w, r)
			return
		case err != nil:
			http.Error(w, "demo publisher: "+err.Error(), http.StatusInternalServerError)
			return
		}
		sum := sha256.Sum256(d.body)
		h := w.Header()
		h.Set("Content-Type", d.contentType)
		h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
		h.Set("Cache-Control", "public, max-age=300")
		http.ServeContent(w, r, "", d.modTime, bytes.NewReader(d.body))
	})
}

// requestBase is the scheme and host the request reached the publisher at, so
// that absolute links work through whatever address the client used.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
		if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			host = reachable(addr)
		}
	}
	return scheme + "://" + host
}

func (p *Publisher) source(slug string) (Source, error) {
	for _, s := range p.sources {
		if s.Slug == slug {
			return s, nil
		}
	}
	return Source{}, errNotFound
}

func (p *Publisher) feed(r *http.Request, s Source) (response, error) {
	v := feedView{src: s, stories: p.bySource[s.Slug], base: requestBase(r)}
	body, err := renderFeed(v)
	if err != nil {
		return response{}, err
	}
	return response{body: body, contentType: feedTypes[s.Format] + "; charset=utf-8", modTime: v.updated()}, nil
}

func (p *Publisher) execute(name string, data any, modTime time.Time) (response, error) {
	var buf bytes.Buffer
	if err := p.pages.ExecuteTemplate(&buf, name, data); err != nil {
		return response{}, fmt.Errorf("render %s: %w", name, err)
	}
	return response{body: buf.Bytes(), contentType: "text/html; charset=utf-8", modTime: modTime}, nil
}

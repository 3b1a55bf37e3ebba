package web

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"time"

	"github.com/heraldnews/herald"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// templates holds one parsed template set per page file, keyed by file name.
type templates struct {
	pages map[string]*template.Template
}

// mustParseTemplates parses every page in templates/pages with the shared layout
// and partials. The files are embedded, so a failure is a build defect: it panics.
func mustParseTemplates() *templates {
	t, err := parseTemplates(templateFS)
	if err != nil {
		panic(err)
	}
	return t
}

func parseTemplates(fsys fs.FS) (*templates, error) {
	names, err := fs.Glob(fsys, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range names {
		base := path.Base(name)
		pt, err := template.New(base).Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/partials.html", name)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", base, err)
		}
		t.pages[base] = pt
	}
	return t, nil
}

// funcs are the few helpers templates need; view structs carry everything else.
var funcs = template.FuncMap{
	"plural":     count, // {{plural .N "story" "stories"}}
	"toggle":     newToggle,
	"cursorHref": cursorHref, // {{cursorHref .Path .NextCursor}}: this page, one further
	"searchHref": searchHref,
	"pageSizes":  func() []int { return []int{10, 20, 30, 50, 100} },
	"muteHref":   muteHref, // {{muteHref "source" "12"}}: the form that mutes it
	"whyHref":    whyHref,
}

// toggleButton is a button that switches a story's state (save/unsave,
// read/unread), for the "toggle" template.
type toggleButton struct {
	Href              string // the story
	OnVerb, OffVerb   string // the actions that switch it on and off
	OnLabel, OffLabel string // the button's text when on and when off
	On                bool
	Title             string // the story's title, for screen readers
	Next              string
}

func newToggle(href, onVerb, offVerb, offLabel, onLabel string, on bool, title, next string) toggleButton {
	return toggleButton{Href: href, OnVerb: onVerb, OffVerb: offVerb, OnLabel: onLabel, OffLabel: offLabel, On: on, Title: title, Next: next}
}

// cursorHref is the request URI path with its cursor parameter set to cursor.
func cursorHref(path, cursor string) string {
	return withQuery(path, url.Values{"cursor": {cursor}, "marked": nil, "undo": nil})
}

// page is a typed page struct: it names its template and carries the layout.
type page interface {
	templateName() string
	base() *layout
}

// render executes p's template with the layout filled in and writes it with status.
// Execution goes to a buffer first, so a template error never leaves half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, p page) error {
	t, ok := s.tmpl.pages[p.templateName()]
	if !ok {
		return fmt.Errorf("render: no template %s", p.templateName())
	}
	l := p.base()
	l.Path = r.URL.RequestURI()
	l.Version = s.Version
	l.CSS, l.JS = stylesheet, script
	if l.User != nil && l.Theme == "" {
		prefs, err := s.prefs(r.Context(), l.User)
		if err != nil {
			return err
		}
		l.Theme = prefs.Theme
	}
	if l.User != nil {
		l.Undo, l.Keys = undoFrom(r), shortcuts
	}
	l.Headlines = s.Ranking != nil
	l.Theme = cmp.Or(l.Theme, herald.ThemeSystem)
	if status == http.StatusOK {
		l.Feeds = s.feedLinks(r, l.User)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", p.templateName(), err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// staticVersions holds a short content hash of each static file, for cache busting.
var staticVersions = hashStatic()

// stylesheet is the stylesheet's URL; it changes whenever the file does.
var stylesheet = "/static/style.css?v=" + staticVersions["style.css"]

// script is the page script's URL, versioned like the stylesheet.
var script = "/static/app.js?v=" + staticVersions["app.js"]

func hashStatic() map[string]string {
	v := map[string]string{}
	entries, _ := fs.ReadDir(staticFS, "static")
	for _, e := range entries {
		b, _ := fs.ReadFile(staticFS, "static/"+e.Name())
		sum := sha256.Sum256(b)
		v[e.Name()] = hex.EncodeToString(sum[:6])
	}
	return v
}

// serveStatic serves an embedded static file. A request carrying the file's
// current version may cache it for a year.
func serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	version, ok := staticVersions[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, _ := fs.ReadFile(staticFS, "static/"+name)
	h := w.Header()
	switch path.Ext(name) {
	case ".css":
		h.Set("Content-Type", "text/css; charset=utf-8")
	case ".svg":
		h.Set("Content-Type", "image/svg+xml")
	case ".js":
		h.Set("Content-Type", "text/javascript; charset=utf-8")
	}
	h.Set("ETag", `"`+version+`"`)
	if r.URL.Query().Get("v") == version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"time"
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
	"plural": count, // {{plural .N "story" "stories"}}
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
	l.CSS = stylesheet
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
	}
	h.Set("ETag", `"`+version+`"`)
	if r.URL.Query().Get("v") == version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

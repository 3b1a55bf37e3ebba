package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/ingest"
)

func TestStoriesCarryTheReadersState(t *testing.T) {
	e := newRouteEnv(t)
	ctx := context.Background()
	read, saved := e.ids[0], e.ids[1]
	if err := e.store.SetRead(ctx, e.userA.ID, []int64{read}, true); err != nil {
		t.Fatal(err)
	}
	if err := e.store.SetSaved(ctx, e.userA.ID, saved, true); err != nil {
		t.Fatal(err)
	}
	type state struct {
		ID    int64 `json:"id"`
		Read  bool  `json:"read"`
		Saved bool  `json:"saved"`
	}
	tests := []struct {
		name        string
		tok         string
		read, saved bool
	}{{"alice", e.tokA, true, true}, {"bob sees his own state", e.tokB, false, false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var page struct{ Items []state }
			e.do(t, "GET", "/api/v1/stories?limit=5", tt.tok, nil).decodeInto(t, http.StatusOK, &page)
			got := map[int64]state{}
			for _, it := range page.Items {
				got[it.ID] = it
			}
			if got[read].Read != tt.read || got[saved].Saved != tt.saved || got[saved].Read {
				t.Errorf("listing states = %+v", got)
			}
			var one state
			e.do(t, "GET", fmt.Sprintf("/api/v1/stories/%d", saved), tt.tok, nil).decodeInto(t, http.StatusOK, &one)
			if one.Saved != tt.saved || one.Read {
				t.Errorf("single story = %+v, want saved %v", one, tt.saved)
			}
		})
	}
}

func TestDeleteSourceIsForAdmins(t *testing.T) {
	e := newRouteEnv(t)
	path := fmt.Sprintf("/api/v1/sources/%d", e.alpha.ID)
	e.do(t, "DELETE", path, e.tokA, nil).wantError(t, http.StatusForbidden, herald.EFORBIDDEN, "administrator")
	_, adminTok := addUserAs(t, e.store, e.auth, "root", true)
	if resp := e.do(t, "DELETE", path, adminTok, nil); resp.status != http.StatusNoContent {
		t.Fatalf("admin delete: %d %s", resp.status, resp.body)
	}
	e.do(t, "GET", path, e.tokA, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	e.do(t, "DELETE", path, adminTok, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
}

func TestAddSourceDiscoversTheFeedOfAPage(t *testing.T) {
	const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Site News</title><link>%s/</link>
<item><title>First</title><link>%s/first</link><guid>1</guid></item></channel></rss>`
	var base string
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><link rel="alternate" type="application/rss+xml" href="/news/feed.xml"></head><body>Home</body></html>`)
		case "/news/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, rss, base, base)
		case "/bare":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body>No feed here</body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	base = site.URL
	allow, _ := fetch.ParseNetworks("127.0.0.0/8")
	var pipe *ingest.Pipeline
	e := newRouteEnv(t, func(d *api.Deps) {
		d.AddSource = func(ctx context.Context, raw string) (*herald.Source, error) { return pipe.AddDiscovered(ctx, raw) }
	})
	pipe = ingest.New(e.store, fetch.New(fetch.Options{AllowNetworks: allow}), nil, slog.New(slog.NewTextHandler(io.Discard, nil)),
		ingest.Options{AllowNetworks: allow})
	_, adminTok := addUserAs(t, e.store, e.auth, "root", true)
	var src herald.Source
	e.do(t, "POST", "/api/v1/sources", adminTok, map[string]string{"url": site.URL + "/"}).decodeInto(t, http.StatusCreated, &src)
	if src.URL != site.URL+"/news/feed.xml" || src.Title != "Site News" {
		t.Errorf("added source = %+v; want the advertised feed's URL and title", src)
	}
	e.do(t, "POST", "/api/v1/sources", adminTok, map[string]string{"url": site.URL + "/bare"}).
		wantError(t, http.StatusBadRequest, herald.EINVALID, "found no feed")
}

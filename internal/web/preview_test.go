package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/store"
)

// TestPreviewServer serves the pages over sample data until it is killed, for
// design work and screenshots. It runs only when HERALD_WEB_PREVIEW names an
// address (for example 127.0.0.1:8099). GET /preview-login?user=ada&next=/topics
// signs a sample reader in ("ada" follows topics, "newbie" follows nothing).
func TestPreviewServer(t *testing.T) {
	addr := os.Getenv("HERALD_WEB_PREVIEW")
	if addr == "" {
		t.Skip("set HERALD_WEB_PREVIEW=127.0.0.1:8099 to serve sample pages")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	au := auth.New(db, auth.Options{})
	users := seedPreview(t, ctx, db, au, "http://"+addr)
	mux := http.NewServeMux()
	Register(mux, Deps{Store: db, Feed: &rank.Service{Store: db}, Auth: au, Version: "preview", Log: slog.Default(),
		AddSource: func(ctx context.Context, raw string) (*herald.Source, error) { return addSourceForTest(ctx, db, raw) }})
	mux.HandleFunc("GET /preview-login", func(w http.ResponseWriter, r *http.Request) {
		u, ok := users[r.URL.Query().Get("user")]
		if !ok {
			u = users["ada"]
		}
		if err := au.StartSession(r.Context(), w, u.ID); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
	})
	mux.HandleFunc("GET /preview-img/{hue}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450"><defs><linearGradient id="g" x2="1" y2="1">`+
			`<stop offset="0" stop-color="hsl(%[1]s,45%%,55%%)"/><stop offset="1" stop-color="hsl(%[1]s,40%%,30%%)"/></linearGradient></defs>`+
			`<rect width="800" height="450" fill="url(#g)"/><circle cx="560" cy="180" r="90" fill="hsla(0,0%%,100%%,.25)"/></svg>`, r.PathValue("hue"))
	})
	t.Logf("serving sample pages on http://%s", addr)
	t.Fatal(http.ListenAndServe(addr, mux))
}

func seedPreview(t *testing.T, ctx context.Context, db herald.Store, au *auth.Service, base string) map[string]*herald.User {
	users := map[string]*herald.User{}
	for _, name := range []string{"ada", "newbie"} {
		u, err := au.CreateUser(ctx, name, "preview password", false)
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	srcs := map[string]*herald.Source{}
	for _, s := range []struct{ title, url string }{
		{"Asia Desk", "https://asiadesk.example/rss"},
		{"The Morning Ledger", "https://ledger.example/feed.xml"},
		{"Harbour City Post", "https://hcpost.example/atom"},
	} {
		src := &herald.Source{Title: s.title, URL: s.url, SiteURL: s.url[:len(s.url)-len(filepath.Base(s.url))], FullText: herald.FullTextAuto}
		if err := db.CreateSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		srcs[s.title] = src
		now := time.Now()
		r := herald.FetchResult{SourceID: src.ID, FetchedAt: now.Add(-25 * time.Minute), NextFetchAt: now.Add(35 * time.Minute), Interval: time.Hour}
		if s.title == "Harbour City Post" {
			r.Err = "fetch https://hcpost.example/atom: 503 Service Unavailable"
		}
		if err := db.RecordFetch(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	nk := topic("north-korea", "North Korea", herald.KindPlace, 0.92)
	kim := topic("kim-jong-un", "Kim Jong-un", herald.KindPerson, 0.81)
	seoul := topic("seoul", "Seoul", herald.KindPlace, 0.55)
	fed := topic("federal-reserve", "Federal Reserve", herald.KindOrganisation, 0.9)
	hk := topic("hong-kong", "Hong Kong", herald.KindPlace, 0.85)
	clim := topic("climate-change", "Climate change", herald.KindOther, 0.7)
	samsung := topic("samsung", "Samsung Electronics", herald.KindOrganisation, 0.8)
	for i, s := range []struct {
		src, title, summary string
		ago                 time.Duration
		img                 int
		topics              []herald.StoryTopic
	}{
		{"Asia Desk", "North Korea fires ballistic missile into sea off east coast, Seoul says",
			"The launch came hours after Washington and Seoul wrapped up joint drills, and is the third this month.", 2 * time.Hour, 210, []herald.StoryTopic{nk, kim, seoul}},
		{"The Morning Ledger", "Fed holds rates steady but signals two cuts before year end",
			"Policymakers said inflation had eased enough to start loosening, while warning the labour market remained tight.", 4 * time.Hour, 30, []herald.StoryTopic{fed}},
		{"Harbour City Post", "Hong Kong unveils plan to turn former airport site into science park",
			"The government expects the first tenants in 2029; critics question the cost.", 7 * time.Hour, 160, []herald.StoryTopic{hk}},
		{"Asia Desk", "Kim Jong-un inspects new destroyer as shipyard steps up output",
			"State media showed the leader touring a vessel it described as the navy's most advanced.", 26 * time.Hour, 0, []herald.StoryTopic{kim, nk}},
		{"The Morning Ledger", "Samsung profit beats forecasts on demand for AI memory chips",
			"Operating profit rose 40 per cent on the year as data-centre orders offset weak phone sales.", 30 * time.Hour, 260, []herald.StoryTopic{samsung, seoul}},
		{"Harbour City Post", "Record heat pushes Hong Kong power use to all-time high",
			"Authorities urged residents to conserve energy during the afternoon peak.", 3 * 24 * time.Hour, 10, []herald.StoryTopic{hk, clim}},
	} {
		content := fmt.Sprintf(`<p>%s</p><p>Officials said the details would be confirmed later in the day. `+
			`Analysts cautioned against reading too much into a single event, noting that similar moves in the past had been followed by long pauses.</p>`+
			`<blockquote><p>“We are watching the situation closely and are in contact with our partners,” a spokesperson said.</p></blockquote>`+
			`<h2>What happens next</h2><p>Further announcements are expected over the coming week, with a <a href="https://example.com/">briefing</a> scheduled for Thursday.</p>`, s.summary)
		st := &herald.Story{SourceID: srcs[s.src].ID, ExternalID: fmt.Sprint("preview-", i), URL: fmt.Sprintf("https://news.example/%d", i),
			Title: s.title, Summary: "<p>" + s.summary + "</p>", ContentHTML: content, Authors: []string{"Sue Ng", "Lee Min-jun"},
			PublishedAt: time.Now().Add(-s.ago), Section: "World", Topics: s.topics}
		if s.img > 0 {
			st.ImageURL, st.ImageCaption = fmt.Sprintf("%s/preview-img/%d", base, s.img), "A file photo released by the agency."
		}
		if _, err := db.UpsertStory(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	for _, slug := range []string{"north-korea", "federal-reserve", "hong-kong"} {
		if err := db.FollowTopic(ctx, users["ada"].ID, slug); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.FollowSource(ctx, users["ada"].ID, srcs["The Morning Ledger"].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.MuteTopic(ctx, users["ada"].ID, "climate-change", time.Now().Add(7*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return users
}

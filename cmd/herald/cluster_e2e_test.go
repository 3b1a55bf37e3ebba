package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetest"
)

// outletServer serves an RSS feed of one outlet's stories (title, body).
func outletServer(t *testing.T, name string, stories [][2]string) *httptest.Server {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/story/%d", &i); err == nil && i < len(stories) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p></article></body></html>`,
				stories[i][0], stories[i][0], stories[i][1])
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s</link>`, name, srv.URL)
		for i, s := range stories {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s/story/%d</link><guid>%d</guid><pubDate>%s</pubDate><description>%s</description></item>`,
				s[0], srv.URL, i, i, time.Now().Add(-time.Duration(i+1)*time.Hour).UTC().Format(time.RFC1123Z), s[1])
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// clusterAfterRefresh: stories that `herald refresh` stores leave it
// clustered, the same event from two outlets in one cluster.
func clusterAfterRefresh(t *testing.T, dbArgs ...string) {
	one := outletServer(t, "Coast Times", [][2]string{
		{"Strong earthquake hits Chile's coast near Valparaiso", "A magnitude 7.1 earthquake struck the coast of Chile near Valparaiso on Tuesday night, damaging the harbour and cutting power to thousands of homes. The national emergency office said rescuers were searching collapsed buildings in Valparaiso."},
		{"Brazil's central bank raises interest rates", "The Central Bank of Brazil raised its benchmark interest rate by half a point on Wednesday, as economists in Sao Paulo had expected, citing stubborn inflation."},
	})
	two := outletServer(t, "Daily Wire", [][2]string{
		{"Valparaiso harbour damaged as earthquake shakes Chile", "An earthquake of magnitude 7.1 shook Chile on Tuesday night. In Valparaiso the harbour was damaged, thousands of homes lost power and rescuers searched collapsed buildings, the emergency office said."},
		{"Arsenal beat Chelsea in the London derby", "Arsenal beat Chelsea two goals to one at the Emirates Stadium on Sunday, with a late header deciding the London derby in the Premier League."},
	})
	allow := []string{"--allow-networks", "127.0.0.0/8"}
	for _, srv := range []*httptest.Server{one, two} {
		cli(t, "", append(append([]string{"source", "add", srv.URL + "/feed"}, dbArgs...), allow...)...)
	}
	cli(t, "", append(append([]string{"refresh"}, dbArgs...), allow...)...)
	a := openTestApp(t, dbArgs...)
	page, err := a.store.Stories(t.Context(), herald.StoryFilter{})
	if err != nil || len(page.Items) != 4 {
		t.Fatalf("Stories = %v, %v; want the four stories", page, err)
	}
	byTitle := map[string]int64{}
	for _, s := range page.Items {
		if s.ClusterID == 0 {
			t.Errorf("story %q has no cluster after refresh", s.Title)
		}
		byTitle[s.Title] = s.ClusterID
	}
	quake := byTitle["Strong earthquake hits Chile's coast near Valparaiso"]
	if quake != byTitle["Valparaiso harbour damaged as earthquake shakes Chile"] {
		t.Errorf("the two earthquake stories are in clusters %v; want one", byTitle)
	}
	if quake == byTitle["Arsenal beat Chelsea in the London derby"] || quake == byTitle["Brazil's central bank raises interest rates"] {
		t.Errorf("unrelated stories joined the earthquake's cluster: %v", byTitle)
	}
	c, err := a.store.Cluster(t.Context(), 0, quake)
	if err != nil || c.Size != 2 || len(c.Outlets) != 2 {
		t.Errorf("Cluster(%d) = %+v, %v; want two stories from two outlets", quake, c, err)
	}
}

func TestClusterAfterRefreshSQLite(t *testing.T) {
	clusterAfterRefresh(t, "--data", t.TempDir())
}

func TestClusterAfterRefreshPostgres(t *testing.T) {
	clusterAfterRefresh(t, "--db", storetest.PostgresURL(t))
}

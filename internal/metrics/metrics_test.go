package metrics_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/metrics"
)

// fakeSource stands for the store at scrape time.
type fakeSource struct{ now time.Time }

func (fakeSource) PoolStats() map[string]sql.DBStats {
	return map[string]sql.DBStats{"write": {InUse: 1, Idle: 0, WaitCount: 3}, "read": {InUse: 0, Idle: 4}}
}

func (f fakeSource) QueueState(context.Context, time.Time) (*herald.QueueState, error) {
	return &herald.QueueState{Sources: 12, Due: 3, Claimed: 1,
		Leases:     []herald.LeaseState{{Name: "webhooks", Holder: "web-1", Until: time.Now().Add(time.Minute)}, {Name: "section-training", Holder: "web-2", Until: time.Now().Add(time.Minute)}},
		Deliveries: map[string]int{"pending": 2, "delivered": 40}}, nil
}

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// scrape reads /metrics through m's handler with access and headers.
func scrape(t *testing.T, h http.Handler, headers ...string) (int, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsContent(t *testing.T) {
	m := metrics.New("web-1", fakeSource{}, nil)
	m.Fetched("ok")
	m.Fetched("ok")
	m.Fetched("error")
	m.Stored(5, 2, 1)
	m.Stage("fetch", 120*time.Millisecond)
	m.Query("read", 2*time.Millisecond)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stories/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) })
	mux.Handle("GET /metrics", m.Handler(metrics.Access{Networks: loopback}))
	h := m.Middleware(mux)
	srv := httptest.NewServer(h)
	for _, p := range []string{"/stories/1", "/stories/2", "/nowhere"} {
		resp, err := srv.Client().Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	srv.Close()
	status, body := scrape(t, h)
	if status != http.StatusOK {
		t.Fatalf("scrape = %d", status)
	}
	for _, want := range []string{
		`herald_ingest_fetches_total{result="ok"} 2`,
		`herald_ingest_fetches_total{result="error"} 1`,
		`herald_ingest_stories_total{outcome="created"} 5`,
		`herald_ingest_stories_total{outcome="duplicate"} 1`,
		`herald_ingest_stage_seconds_count{stage="fetch"} 1`,
		`herald_http_requests_total{method="GET",route="/stories/{id}",status="404"} 2`,
		`herald_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`herald_http_request_duration_seconds_bucket{method="GET",route="/stories/{id}",le="+Inf"} 2`,
		`herald_store_query_seconds_count{kind="read"} 1`,
		`herald_store_pool_connections{pool="write",state="in_use"} 1`,
		`herald_store_pool_waits_total{pool="write"} 3`,
		`herald_sources{state="due"} 3`,
		`herald_sources{state="claimed"} 1`,
		`herald_job_lease_held{job="webhooks"} 1`,
		`herald_job_lease_held{job="section-training"} 0`,
		`herald_webhook_deliveries{state="pending"} 2`,
		`herald_webhook_deliveries{state="failed"} 0`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestMetricsAccess(t *testing.T) {
	m := metrics.New("web-1", nil, nil)
	for _, tc := range []struct {
		name    string
		access  metrics.Access
		headers []string
		status  int
	}{
		{"loopback allowed", metrics.Access{Networks: loopback}, nil, http.StatusOK},
		{"no network, no token", metrics.Access{}, nil, http.StatusForbidden},
		{"token required", metrics.Access{Token: "s3cret"}, nil, http.StatusUnauthorized},
		{"token sent", metrics.Access{Token: "s3cret"}, []string{"Authorization", "Bearer s3cret"}, http.StatusOK},
		{"wrong token", metrics.Access{Token: "s3cret"}, []string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
		{"other network", metrics.Access{Networks: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, nil, http.StatusForbidden},
		{"forwarding header ignored", metrics.Access{Networks: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}},
			[]string{"X-Forwarded-For", "10.1.1.1"}, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, _ := scrape(t, m.Handler(tc.access), tc.headers...); status != tc.status {
				t.Errorf("status = %d, want %d", status, tc.status)
			}
		})
	}
}

package fetch

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestLoopbackClientReachesOnlyLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := LoopbackClient(2)
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatalf("GET loopback server: %v", err)
	}
	resp.Body.Close()
	for _, u := range []string{"http://192.0.2.1/", "http://example.com/"} {
		if resp, err := c.Get(u); err == nil {
			resp.Body.Close()
			t.Errorf("GET %s succeeded; want it refused before dialling", u)
		}
	}
}

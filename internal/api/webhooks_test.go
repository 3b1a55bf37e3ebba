package api_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
)

type createdWebhook struct {
	Webhook herald.Webhook `json:"webhook"`
	Secret  string         `json:"secret"`
}

func TestWebhooks(t *testing.T) {
	e := newRouteEnv(t)
	var made createdWebhook
	e.do(t, "POST", "/api/v1/webhooks", e.tokA, map[string]any{"url": "https://hooks.example/in", "topic": "climate"}).
		decodeInto(t, http.StatusCreated, &made)
	if made.Webhook.ID == 0 || made.Webhook.TopicSlug != "climate" || !strings.HasPrefix(made.Secret, "whsec_") {
		t.Fatalf("created %+v", made)
	}
	var srcHook createdWebhook
	e.do(t, "POST", "/api/v1/webhooks", e.tokB, map[string]any{"url": "https://hooks.example/b", "source_id": e.alpha.ID}).
		decodeInto(t, http.StatusCreated, &srcHook)

	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		code   string
	}{
		{"no target", map[string]any{"url": "https://hooks.example/x"}, http.StatusBadRequest, herald.EINVALID},
		{"two targets", map[string]any{"url": "https://hooks.example/x", "topic": "climate", "cluster_id": 3}, http.StatusBadRequest, herald.EINVALID},
		{"unknown topic", map[string]any{"url": "https://hooks.example/x", "topic": "nowhere"}, http.StatusNotFound, herald.ENOTFOUND},
		{"not http", map[string]any{"url": "ftp://hooks.example/x", "topic": "climate"}, http.StatusBadRequest, herald.EINVALID},
		{"loopback", map[string]any{"url": "http://127.0.0.1:9/x", "topic": "climate"}, http.StatusBadRequest, herald.EINVALID},
		{"private network", map[string]any{"url": "http://10.1.2.3/x", "topic": "climate"}, http.StatusBadRequest, herald.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do(t, "POST", "/api/v1/webhooks", e.tokA, tc.body).wantError(t, tc.status, tc.code)
		})
	}

	var list struct{ Items []herald.Webhook }
	e.do(t, "GET", "/api/v1/webhooks", e.tokA, nil).decodeInto(t, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].ID != made.Webhook.ID {
		t.Errorf("alice's webhooks = %+v", list.Items)
	}
	e.do(t, "GET", "/api/v1/webhooks?all=true", e.tokA, nil).wantError(t, http.StatusForbidden, herald.EFORBIDDEN)
	path := fmt.Sprintf("/api/v1/webhooks/%d", made.Webhook.ID)
	var one struct {
		Webhook    herald.Webhook    `json:"webhook"`
		Deliveries []herald.Delivery `json:"deliveries"`
	}
	e.do(t, "GET", path, e.tokA, nil).decodeInto(t, http.StatusOK, &one)
	if one.Webhook.URL != "https://hooks.example/in" || one.Deliveries == nil {
		t.Errorf("GET %s = %+v", path, one)
	}
	e.do(t, "GET", path, e.tokB, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	e.do(t, "DELETE", path, e.tokB, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	if r := e.do(t, "DELETE", path, e.tokA, nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE %s = %d %s", path, r.status, r.body)
	}
	e.do(t, "GET", path, e.tokA, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
}

// With the loopback network allowed (as tests and the demo do), a webhook
// may post there.
func TestWebhookAllowedNetwork(t *testing.T) {
	e := newRouteEnv(t, func(d *api.Deps) { d.AllowNetworks = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	var made createdWebhook
	e.do(t, "POST", "/api/v1/webhooks", e.tokA, map[string]any{"url": "http://127.0.0.1:9/x", "cluster_id": 5}).
		decodeInto(t, http.StatusCreated, &made)
	if made.Webhook.ClusterID != 5 {
		t.Errorf("created %+v", made.Webhook)
	}
}

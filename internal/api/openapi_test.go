package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/heraldnews/herald/internal/api"
)

// docURL is where the test keeps the OpenAPI document for the compiler.
const docURL = "https://herald.test/openapi.json"

// openAPIDoc fetches the served document, without credentials.
func openAPIDoc(t *testing.T, e *routeEnv) map[string]any {
	t.Helper()
	r := e.do(t, "GET", "/api/v1/openapi.json", "", nil)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json = %d %s", r.status, r.header.Get("Content-Type"))
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	doc, ok := v.(map[string]any)
	if !ok || doc["openapi"] != "3.1.0" {
		t.Fatalf("document %.200s: want an OpenAPI 3.1.0 object", r.body)
	}
	return doc
}

// pointer escapes a JSON pointer token.
func pointer(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

// compiler compiles schemas of doc, asserting formats (date-time).
func compiler(t *testing.T, doc map[string]any) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, doc); err != nil {
		t.Fatal(err)
	}
	return c
}

// operations walks doc's operations: "METHOD /path" → operation object.
func operations(doc map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			out[strings.ToUpper(method)+" "+path] = o.(map[string]any)
		}
	}
	return out
}

// TestOpenAPIDocumentsEveryRoute: every route is documented and every
// documented route exists.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	e := newRouteEnv(t)
	doc := openAPIDoc(t, e)
	var documented []string
	for route := range operations(doc) {
		documented = append(documented, route)
	}
	slices.Sort(documented)
	routes := api.Routes()
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not documented in the OpenAPI description: add it to operations() in internal/api/openapi_ops.go", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("the OpenAPI description documents %s, which is no route", d)
		}
		// The route answers something other than "no such route".
		method, path, _ := strings.Cut(d, " ")
		path = strings.NewReplacer("{id}", "1", "{slug}", "climate").Replace(path)
		if r := e.do(t, method, path, e.tokA, nil); r.status == http.StatusNotFound && strings.Contains(string(r.body), "no such API route") {
			t.Errorf("%s %s answers no such route", method, path)
		}
	}
}

// TestOpenAPIExamplesValidate: every example in the description is valid
// under its schema, and every schema compiles.
func TestOpenAPIExamplesValidate(t *testing.T) {
	e := newRouteEnv(t)
	doc := openAPIDoc(t, e)
	c := compiler(t, doc)
	for name := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if _, err := c.Compile(docURL + "#/components/schemas/" + pointer(name)); err != nil {
			t.Errorf("schema %s: %v", name, err)
		}
	}
	examples := 0
	for route, o := range operations(doc) {
		method, path, _ := strings.Cut(route, " ")
		base := "#/paths/" + pointer(path) + "/" + strings.ToLower(method)
		for status, resp := range o["responses"].(map[string]any) {
			content, _ := resp.(map[string]any)["content"].(map[string]any)
			for media, m := range content {
				mo := m.(map[string]any)
				loc := fmt.Sprintf("%s%s/responses/%s/content/%s/schema", docURL, base, status, pointer(media))
				sch, err := c.Compile(loc)
				if err != nil {
					t.Errorf("%s %s response schema: %v", route, status, err)
					continue
				}
				if ex, ok := mo["example"]; ok {
					examples++
					if err := sch.Validate(ex); err != nil {
						t.Errorf("%s %s example does not validate: %v", route, status, err)
					}
				}
			}
		}
	}
	errEx := doc["components"].(map[string]any)["responses"].(map[string]any)["Error"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["example"]
	if err := c.MustCompile(docURL + "#/components/schemas/Error").Validate(errEx); err != nil {
		t.Errorf("the error example does not validate: %v", err)
	}
	if examples < 8 {
		t.Errorf("only %d response examples: document more", examples)
	}
}

// TestOpenAPIMatchesAnswers: what the API answers is what the description
// says, for a call of every route (errors included).
func TestOpenAPIMatchesAnswers(t *testing.T) {
	e := newRouteEnv(t)
	doc := openAPIDoc(t, e)
	c := compiler(t, doc)
	_, admin := addUserAs(t, e.store, e.auth, "root", true)
	story := e.ids[0]
	var hook createdWebhook
	e.do(t, "POST", "/api/v1/webhooks", e.tokA, map[string]any{"url": "https://hooks.example/x", "source_id": e.alpha.ID}).
		decodeInto(t, http.StatusCreated, &hook)
	calls := []struct {
		route, path, tok string
		body             any
	}{
		{"GET /api/v1/stories", "/api/v1/stories?limit=3&unread=true", e.tokA, nil},
		{"GET /api/v1/stories/{id}", fmt.Sprintf("/api/v1/stories/%d", story), e.tokA, nil},
		{"GET /api/v1/stories/{id}/revisions", fmt.Sprintf("/api/v1/stories/%d/revisions", story), e.tokA, nil},
		{"GET /api/v1/topics", "/api/v1/topics", e.tokA, nil},
		{"GET /api/v1/topics/{slug}", "/api/v1/topics/climate", e.tokA, nil},
		{"PATCH /api/v1/topics/{slug}", "/api/v1/topics/climate", admin, map[string]any{"name": "Climate change"}},
		{"PUT /api/v1/follows/topics/{slug}", "/api/v1/follows/topics/climate", e.tokA, nil},
		{"PUT /api/v1/follows/sources/{id}", fmt.Sprintf("/api/v1/follows/sources/%d", e.alpha.ID), e.tokA, nil},
		{"GET /api/v1/follows", "/api/v1/follows", e.tokA, nil},
		{"PUT /api/v1/mutes/topics/{slug}", "/api/v1/mutes/topics/elections", e.tokA, nil},
		{"GET /api/v1/mutes", "/api/v1/mutes", e.tokA, nil},
		{"GET /api/v1/feed", "/api/v1/feed?limit=5", e.tokA, nil},
		{"POST /api/v1/events", "/api/v1/events", e.tokA, []map[string]any{{"story_id": story, "kind": "open"}}},
		{"GET /api/v1/sources", "/api/v1/sources", e.tokA, nil},
		{"GET /api/v1/sources/{id}", fmt.Sprintf("/api/v1/sources/%d", e.alpha.ID), e.tokA, nil},
		{"POST /api/v1/sources", "/api/v1/sources", e.tokA, map[string]any{"url": "https://gamma.example/feed"}}, // 403: not an admin
		{"GET /api/v1/tokens", "/api/v1/tokens", e.tokA, nil},
		{"POST /api/v1/tokens", "/api/v1/tokens", e.tokA, map[string]any{"name": "Reeder", "kind": "app_password"}},
		{"GET /api/v1/me", "/api/v1/me", e.tokA, nil},
		{"POST /api/v1/me/feed-key", "/api/v1/me/feed-key", e.tokA, nil},
		{"PUT /api/v1/labels/{name}/stories/{id}", fmt.Sprintf("/api/v1/labels/Later/stories/%d", story), e.tokA, nil},
		{"GET /api/v1/labels", "/api/v1/labels", e.tokA, nil},
		{"GET /api/v1/labels/{name}/stories", "/api/v1/labels/Later/stories", e.tokA, nil},
		{"GET /api/v1/webhooks", "/api/v1/webhooks", e.tokA, nil},
		{"GET /api/v1/webhooks/{id}", fmt.Sprintf("/api/v1/webhooks/%d", hook.Webhook.ID), e.tokA, nil},
		{"GET /api/v1/stories/{id}", "/api/v1/stories/999999", e.tokA, nil},                                               // 404
		{"GET /api/v1/topics/{slug}", "/api/v1/topics/nowhere", "", nil},                                                  // 401
		{"POST /api/v1/topics/{slug}/merge", "/api/v1/topics/climate/merge", e.tokA, map[string]any{"into": "elections"}}, // 403
	}
	for _, call := range calls {
		t.Run(call.route+" "+call.path, func(t *testing.T) {
			method, path, _ := strings.Cut(call.route, " ")
			r := e.do(t, method, call.path, call.tok, call.body)
			resp := operations(doc)[call.route]["responses"].(map[string]any)
			loc := fmt.Sprintf("%s#/paths/%s/%s/responses/%d/content/application~1json/schema", docURL, pointer(path),
				strings.ToLower(method), r.status)
			if r.status == http.StatusNoContent {
				if _, documented := resp["204"]; !documented || len(r.body) > 0 {
					t.Errorf("answered 204 with %q; documented: %t", r.body, documented)
				}
				return
			}
			if _, documented := resp[fmt.Sprint(r.status)]; !documented {
				if r.status < 400 {
					t.Fatalf("answered %d, which the description does not name: %s", r.status, r.body)
				}
				loc = docURL + "#/components/schemas/Error"
			}
			sch, err := c.Compile(loc)
			if err != nil {
				t.Fatal(err)
			}
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
			if err != nil {
				t.Fatalf("answer %d is not JSON: %s", r.status, r.body)
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("answer %d does not match the description: %v\n%s", r.status, err, r.body)
			}
		})
	}
}

package api

import (
	"cmp"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// OpenAPIRoute is where the OpenAPI description of the API is served.
const OpenAPIRoute = "GET /api/v1/openapi.json"

// Routes lists every route of the API, as ServeMux patterns: what the
// OpenAPI description must document.
func Routes() []string {
	out := []string{OpenAPIRoute}
	for pattern := range (&server{}).routes() {
		out = append(out, pattern)
	}
	slices.Sort(out)
	return out
}

// op is one documented operation.
type op struct {
	summary string
	params  []map[string]any // query parameters; path parameters come from the route
	body    any              // the JSON request body's schema, or nil
	status  int              // the success status
	resp    any              // the success body's schema; nil for no body
	example any              // an example of the success body, or nil
	media   string           // the success body's media type; "" for JSON
	content map[string]any   // a request body that is not JSON: media type → media object
}

// openAPIDoc is the document, built once.
var openAPIDoc = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(openAPI(), "", "  ")
	if err != nil {
		panic("api: encode the OpenAPI document: " + err.Error()) // plain maps and slices always encode
	}
	return b
})

// serveOpenAPI answers the OpenAPI 3.1 description of /api/v1. It needs no
// credentials.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(openAPIDoc())
}

// openAPI is the description of the API.
func openAPI() map[string]any {
	paths := map[string]any{}
	for route, o := range operations() {
		method, path, _ := strings.Cut(route, " ")
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(method)] = o.operation(route)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "Herald JSON API",
			"version": "1",
			"description": "Herald's JSON API v1. Send Authorization: Bearer TOKEN (herald token create NAME) or use the browser " +
				"session. Errors are {\"error\":{\"code\",\"message\"}} with the status their code maps to. JSON bodies must be " +
				"sent as application/json.",
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "herald_session"},
			},
			"schemas":   schemas(),
			"responses": map[string]any{"Error": errorResponse()},
		},
	}
}

// pathParam matches a {name} in a route.
var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// operation is o's Operation Object.
func (o op) operation(route string) map[string]any {
	params := slices.Clone(o.params)
	for _, m := range pathParam.FindAllStringSubmatch(route, -1) {
		schema := map[string]any{"type": "string"}
		if m[1] == "id" {
			schema = map[string]any{"type": "integer", "minimum": 1}
		}
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
	}
	out := map[string]any{"summary": o.summary, "operationId": operationID(route)}
	if len(params) > 0 {
		out["parameters"] = params
	}
	if o.body != nil {
		out["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": o.body}}}
	}
	if o.content != nil {
		out["requestBody"] = map[string]any{"required": true, "content": o.content}
	}
	ok := map[string]any{"description": http.StatusText(o.status)}
	if o.resp != nil {
		media := map[string]any{"schema": o.resp}
		if o.example != nil {
			media["example"] = o.example
		}
		ok["content"] = map[string]any{cmp.Or(o.media, "application/json"): media}
	}
	out["responses"] = map[string]any{strconv.Itoa(o.status): ok, "default": ref("#/components/responses/Error")}
	if route == OpenAPIRoute {
		out["security"] = []any{}
	}
	return out
}

// operationID names a route: "GET /api/v1/stories/{id}" → "get_stories_id".
func operationID(route string) string {
	method, path, _ := strings.Cut(route, " ")
	path = strings.NewReplacer("/api/v1/", "", "{", "", "}", "", "/", "_", "-", "_", ".", "_").Replace(path)
	return strings.ToLower(method) + "_" + path
}

// Schema helpers.

func ref(to string) map[string]any { return map[string]any{"$ref": to} }

func schema(name string) map[string]any { return ref("#/components/schemas/" + name) }

func str() map[string]any { return map[string]any{"type": "string"} }

func integer() map[string]any { return map[string]any{"type": "integer"} }

func number() map[string]any { return map[string]any{"type": "number"} }

func boolean() map[string]any { return map[string]any{"type": "boolean"} }

func dateTime() map[string]any { return map[string]any{"type": "string", "format": "date-time"} }

func enum(values ...string) map[string]any { return map[string]any{"type": "string", "enum": values} }

func array(items any) map[string]any { return map[string]any{"type": "array", "items": items} }

// object is an object schema with props, of which required must be there.
func object(props map[string]any, required ...string) map[string]any {
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		slices.Sort(required)
		out["required"] = required
	}
	return out
}

// items is a list answer: {"items":[…]}.
func items(of any) map[string]any { return object(map[string]any{"items": array(of)}, "items") }

// query is a query parameter.
func query(name, desc string, s map[string]any) map[string]any {
	return map[string]any{"name": name, "in": "query", "description": desc, "schema": s}
}

func errorResponse() map[string]any {
	return map[string]any{
		"description": "An error: its code says what kind (not_found, invalid, unauthorized, forbidden, conflict, unavailable, too_many, internal), its message what to do.",
		"content": map[string]any{"application/json": map[string]any{"schema": schema("Error"),
			"example": map[string]any{"error": map[string]any{"code": "not_found", "message": "story 42 not found"}}}},
	}
}

package api

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// mediaTypeError is a request body of a type the route does not read; the
// answer is 415 with the error's text as its message.
type mediaTypeError struct{ got, want string }

func (e *mediaTypeError) Error() string {
	return fmt.Sprintf("Content-Type %q: send %s", e.got, e.want)
}

// requireJSON refuses a body whose Content-Type is not JSON: application/json
// or an application/*+json type, with any parameters. A missing Content-Type
// is refused too: an HTML form can send no JSON type across origins, so this
// keeps a form post from another site from ever reaching a JSON route.
func requireJSON(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return &mediaTypeError{got: ct, want: "a JSON body with Content-Type: application/json"}
}

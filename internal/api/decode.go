package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/heraldnews/herald"
)

// decode reads the request's JSON body into v: 415 unless the body is
// declared JSON (requireJSON), at most maxBody bytes, one JSON value with no
// unknown fields and valid UTF-8 throughout. Errors are EINVALID and name the
// offending field ("title: want a string", "summary: holds invalid UTF-8").
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return err // *http.MaxBytesError: writeError turns it into a 400
	}
	if !utf8.Valid(body) {
		return herald.Errorf(herald.EINVALID, "%s: holds invalid UTF-8; send text as UTF-8", badUTF8Field(body, ""))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	var typ *json.UnmarshalTypeError
	var syn *json.SyntaxError
	switch {
	case err == nil:
		if dec.More() {
			return herald.Errorf(herald.EINVALID, "request body: want one JSON value, found more after it")
		}
		return nil
	case errors.As(err, &typ) && typ.Field != "":
		return herald.Errorf(herald.EINVALID, "%s: want %s, got JSON %s", typ.Field, jsonType(typ.Type.Kind().String()), typ.Value)
	case errors.As(err, &typ):
		noun := strings.TrimPrefix(strings.TrimPrefix(jsonType(typ.Type.Kind().String()), "an "), "a ")
		return herald.Errorf(herald.EINVALID, "request body: want a JSON %s, got JSON %s", noun, typ.Value)
	case errors.As(err, &syn):
		return herald.Errorf(herald.EINVALID, "request body: malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.Is(err, io.EOF):
		return herald.Errorf(herald.EINVALID, "request body: empty; want JSON")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return herald.Errorf(herald.EINVALID, "%s: unknown field", strings.Trim(name, `"`))
	}
	return herald.Errorf(herald.EINVALID, "request body: %v", err)
}

// badUTF8Field names the field of a JSON document (path, "" at the top)
// whose text holds invalid UTF-8: "summary", "authors[2]", "image.caption";
// "request body" when it is not inside a field, or the document is not
// JSON. The JSON decoder would quietly turn such bytes into U+FFFD.
func badUTF8Field(raw []byte, path string) string {
	name := path
	if name == "" {
		name = "request body"
	}
	if utf8.Valid(raw) {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return name
	}
	for i := 0; dec.More(); i++ {
		field := fmt.Sprintf("%s[%d]", path, i)
		if tok == json.Delim('{') {
			key, err := dec.Token()
			if err != nil {
				return name
			}
			field = strings.TrimPrefix(path+"."+fmt.Sprint(key), ".")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return name
		}
		if f := badUTF8Field(v, field); f != "" {
			return f
		}
	}
	return name
}

// jsonType names a Go kind the way a JSON client thinks of it.
func jsonType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}

package section

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/heraldnews/herald"
)

// Example is one labelled story. Title may be empty.
type Example struct {
	Label string `json:"label"`
	Title string `json:"title,omitempty"`
	Text  string `json:"text"`
}

// maxLine bounds one JSON line; a longer line is an error, not a silent truncation.
const maxLine = 64 << 20

// ReadJSONL reads JSON lines of the form {"label","text"[,"title"],...}; other
// fields are ignored and blank lines skipped. A line that is not a JSON object, or
// lacks a non-empty "label" or a "text", gives a herald.EINVALID error naming the
// 1-based line number. Read errors are returned wrapped.
func ReadJSONL(r io.Reader) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var out []Example
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		ex, err := parseExample(line)
		if err != nil {
			return nil, fmt.Errorf("read examples: %w", herald.Errorf(herald.EINVALID, "line %d: %v", n, err))
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read examples: after line %d: %w", n, err)
	}
	return out, nil
}

// parseExample decodes one JSON line and checks the required fields.
func parseExample(line []byte) (Example, error) {
	var raw struct {
		Label *string `json:"label"`
		Title string  `json:"title"`
		Text  *string `json:"text"`
	}
	if err := json.Unmarshal(line, &raw); err != nil {
		return Example{}, fmt.Errorf("bad JSON: %v", err)
	}
	switch {
	case raw.Label == nil || *raw.Label == "":
		return Example{}, fmt.Errorf(`missing "label"`)
	case raw.Text == nil:
		return Example{}, fmt.Errorf(`missing "text"`)
	}
	return Example{Label: *raw.Label, Title: raw.Title, Text: *raw.Text}, nil
}

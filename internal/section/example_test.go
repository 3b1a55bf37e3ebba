package section

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

func TestReadJSONL(t *testing.T) {
	in := `{"id":"a","label":"sport","title":"Cup final","text":"A late goal."}

{"label":"tech","text":"New chip","extra":[1,2]}
`
	got, err := ReadJSONL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Example{
		{Label: "sport", Title: "Cup final", Text: "A late goal."},
		{Label: "tech", Text: "New chip"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadJSONL (-want +got):\n%s", diff)
	}
}

func TestReadJSONLErrors(t *testing.T) {
	good := `{"label":"a","text":"x"}` + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"bad json", good + "{not json}\n", "line 2: bad JSON"},
		{"not an object", good + good + "[1]\n", "line 3: bad JSON"},
		{"missing label", `{"text":"x"}`, `line 1: missing "label"`},
		{"empty label", good + "\n" + `{"label":"","text":"x"}`, `line 3: missing "label"`},
		{"missing text", `{"label":"a"}`, `line 1: missing "text"`},
		{"wrong type", `{"label":1,"text":"x"}`, "line 1: bad JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadJSONL(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ReadJSONL error = %v, want one containing %q", err, tc.want)
			}
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Errorf("error code = %q, want %q", herald.ErrorCode(err), herald.EINVALID)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadJSONLReadError(t *testing.T) {
	_, err := ReadJSONL(failingReader{})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("ReadJSONL error = %v, want the read error", err)
	}
	if herald.ErrorCode(err) != herald.EINTERNAL {
		t.Errorf("error code = %q, want %q", herald.ErrorCode(err), herald.EINTERNAL)
	}
}

func TestReadJSONLEmpty(t *testing.T) {
	got, err := ReadJSONL(strings.NewReader("\n\n"))
	if err != nil || len(got) != 0 {
		t.Fatalf("ReadJSONL(blank) = %v, %v; want no examples, no error", got, err)
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add(`{"label":"a","text":"x","title":"t"}` + "\n" + `{"label":"b","text":""}`)
	f.Add("{\n")
	f.Add(`{"label":null,"text":"x"}`)
	f.Fuzz(func(t *testing.T, in string) {
		exs, err := ReadJSONL(strings.NewReader(in))
		if err != nil {
			if herald.ErrorCode(err) != herald.EINVALID || !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error %v does not name a line", err)
			}
			return
		}
		for _, ex := range exs {
			if ex.Label == "" {
				t.Fatalf("example with empty label from %q", in)
			}
		}
	})
}

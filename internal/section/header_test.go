package section

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitHeader(t *testing.T) {
	post := "From: ann@cs.example.edu (Ann Lee)\nSubject: Re: clutch\n  advice\nLines: 12\n" +
		"Organization: Example University\nMessage-ID: <1@x>\n\nBody text.\n\nMore: not a header.\n"
	tests := []struct {
		name       string
		in         string
		wantOK     bool
		wantFields []headerField
		wantBody   string
	}{
		{
			name: "news post", in: post, wantOK: true,
			wantFields: []headerField{
				{"from", "ann@cs.example.edu (Ann Lee)"},
				{"subject", "Re: clutch\n  advice"},
				{"organization", "Example University"},
			},
			wantBody: "Body text.\n\nMore: not a header.\n",
		},
		{name: "crlf", in: "Subject: hi\r\n\tthere\r\nDate: today\r\n\r\nbody", wantOK: true,
			wantFields: []headerField{{"subject", "hi\r\n\tthere"}}, wantBody: "body"},
		{name: "folded dropped field", in: "Path: a!b\n c!d\nSubject: hi\n\nbody", wantOK: true,
			wantFields: []headerField{{"subject", "hi"}}, wantBody: "body"},
		{name: "case-insensitive names", in: "FROM: Ann\nsUbJeCt: hi\n\nbody", wantOK: true,
			wantFields: []headerField{{"from", "Ann"}, {"subject", "hi"}}, wantBody: "body"},
		{name: "story starting with a label", in: "Update: the match is off.\nMore later.\n\nText", wantBody: "Update: the match is off.\nMore later.\n\nText"},
		{name: "fields but no envelope field", in: "Location: Paris\nTime: noon\n\nText", wantBody: "Location: Paris\nTime: noon\n\nText"},
		{name: "one field only", in: "Subject: hi\n\nText", wantBody: "Subject: hi\n\nText"},
		{name: "no blank line", in: "From: a\nSubject: b", wantBody: "From: a\nSubject: b"},
		{name: "continuation first", in: " From: a\nSubject: b\n\nx", wantBody: " From: a\nSubject: b\n\nx"},
		{name: "bad field name", in: "From: a\n2Subject: b\n\nx", wantBody: "From: a\n2Subject: b\n\nx"},
		{name: "plain text", in: "The Prime Minister said", wantBody: "The Prime Minister said"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fields, body, ok := splitHeader(tc.in, nil)
			if ok != tc.wantOK || body != tc.wantBody {
				t.Errorf("splitHeader ok=%v body=%q; want ok=%v body=%q", ok, body, tc.wantOK, tc.wantBody)
			}
			if diff := cmp.Diff(tc.wantFields, fields, cmp.AllowUnexported(headerField{})); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzSplitHeader(f *testing.F) {
	f.Add("From: a\nSubject: b\n\nbody")
	f.Add("Subject: x\r\n y\r\nDate: z\r\n\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		fields, body, ok := splitHeader(s, nil)
		if !ok && (body != s || fields != nil) {
			t.Fatalf("no header, but body or fields changed")
		}
		if ok && !strings.HasSuffix(s, body) {
			t.Fatalf("body %q is not a suffix of the input", body)
		}
		for _, fl := range fields {
			if lookupField(contentFields, fl.name) != fl.name {
				t.Fatalf("kept non-content field %q", fl.name)
			}
		}
	})
}

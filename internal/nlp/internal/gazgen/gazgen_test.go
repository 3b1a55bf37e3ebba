package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSynset(t *testing.T) {
	tests := []struct {
		name string
		line string
		want synset
		ok   bool
	}{
		{
			name: "instance noun",
			line: "00060817 04 n 02 Underground_Railroad 0 Underground_Railway 0 001 @i 00058743 n 0000 | secret aid",
			want: synset{offset: "00060817", lexFile: 4, words: []string{"Underground Railroad", "Underground Railway"}, instance: true},
			ok:   true,
		},
		{
			name: "pertainym adjective with marker",
			line: "02958392 01 a 01 German(a) 0 001 \\ 08766988 n 0101 | of or relating to Germany",
			want: synset{offset: "02958392", lexFile: 1, words: []string{"German"}, pertains: []string{"08766988"}},
			ok:   true,
		},
		{name: "licence header", line: "  1 This software", ok: false},
		{name: "short count", line: "00001 03 n 05 a 0", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseSynset(tt.line)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(synset{})); ok && diff != "" {
				t.Errorf("parseSynset mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// appendVarint and appendString build protobuf fields for the tests.
func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendString(b []byte, field int, s string) []byte {
	b = appendVarint(b, uint64(field<<3|2))
	b = appendVarint(b, uint64(len(s)))
	return append(b, s...)
}

func TestParseCity(t *testing.T) {
	var msg []byte
	msg = appendVarint(msg, 1<<3|0)
	msg = appendVarint(msg, 24) // zigzag city id
	msg = appendString(msg, 2, "Zürich")
	msg = appendString(msg, 3, "CH")
	msg = appendVarint(msg, 9<<3|0)
	msg = appendVarint(msg, 341730)
	name, pop, err := parseCity(msg)
	if err != nil || name != "Zürich" || pop != 341730 {
		t.Errorf("parseCity = %q, %d, %v; want Zürich, 341730, nil", name, pop, err)
	}
	if _, _, err := parseCity([]byte{2<<3 | 2, 10, 'a'}); err == nil {
		t.Error("parseCity of a truncated string: want an error")
	}
}

func TestGazetteerAdd(t *testing.T) {
	g := gazetteer{}
	for _, e := range []string{"New  York", "x", "lowercase", "Łódź", ""} {
		g.add("LOC", e)
	}
	want := map[string]bool{"New York": true, "Łódź": true}
	if diff := cmp.Diff(want, g["LOC"]); diff != "" {
		t.Errorf("entries mismatch (-want +got):\n%s", diff)
	}
}

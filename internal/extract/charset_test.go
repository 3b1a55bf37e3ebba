package extract

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func TestToUTF8(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE, '<', 0, 'a', 0, 0xE9, 0, '>', 0}
	utf16beNoBOM := []byte{0, '<', 0, 'a', 0x20, 0xAC, 0, '>'}
	tests := []struct {
		name   string
		in     []byte
		labels []string
		want   string
	}{
		{"utf8 unchanged", []byte("café"), nil, "café"},
		{"utf8 bom stripped", []byte("\xEF\xBB\xBFcafé"), nil, "café"},
		{"lying latin1 label over utf8", []byte("café"), []string{"iso-8859-1"}, "café"},
		{"windows-1252 without label", []byte("it\x92s \x93q\x94 \x80"), nil, "it’s “q” €"},
		{"latin1 label means windows-1252", []byte("caf\xE9 \x92"), []string{"ISO-8859-1"}, "café ’"},
		{"koi8-r", []byte{0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4}, []string{"koi8-r"}, "Привет"},
		{"first usable label wins", []byte{0xF0, 0xD2}, []string{"", "bogus", "koi8-r", "windows-1252"}, "Пр"},
		{"utf-7 refused", []byte("+ADw-script+AD4- \xE9"), []string{"utf-7"}, "+ADw-script+AD4- é"},
		{"utf-8 label with invalid bytes", []byte("a\xE9b"), []string{"utf-8"}, "aéb"},
		{"utf16le bom", utf16le, nil, "<aé>"},
		{"utf16be sniffed", utf16beNoBOM, nil, "<a€>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ToUTF8(tc.in, tc.labels...)
			if string(got) != tc.want {
				t.Errorf("ToUTF8 = %q, want %q", got, tc.want)
			}
			if !utf8.Valid(got) {
				t.Error("invalid UTF-8")
			}
		})
	}
}

func TestToUTF8AlwaysValid(t *testing.T) {
	for _, label := range []string{"", "utf-8", "shift_jis", "euc-kr", "gb2312", "big5", "iso-2022-jp", "utf-16", "x-user-defined", "replacement"} {
		in := []byte{0xFF, 0x00, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x90, 0x28, 0xBC}
		if out := ToUTF8(in, label); !utf8.Valid(out) {
			t.Errorf("label %q: invalid UTF-8 %q", label, out)
		}
	}
}

func TestHTMLCharset(t *testing.T) {
	pad := bytes.Repeat([]byte("<!-- padding -->"), 100)
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"meta charset", []byte(`<html><head><meta charset="ISO-8859-1">`), "iso-8859-1"},
		{"http-equiv", []byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`), "windows-1251"},
		{"after 1024 bytes", append(append([]byte("<html><head>"), pad...), []byte(`<meta charset="koi8-r">`)...), "koi8-r"},
		{"none", []byte(`<html><head><title>x</title></head><body><meta charset="big5">`), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := HTMLCharset(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestContentTypeCharset(t *testing.T) {
	for in, want := range map[string]string{
		"text/xml; charset=ISO-8859-1": "iso-8859-1", `application/rss+xml;charset="utf-8"`: "utf-8",
		"text/html": "", "": "", "garbage;;": "",
	} {
		if got := ContentTypeCharset(in); got != want {
			t.Errorf("ContentTypeCharset(%q) = %q, want %q", in, got, want)
		}
	}
}

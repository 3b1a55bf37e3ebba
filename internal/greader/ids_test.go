package greader

import (
	"testing"
	"time"
)

func TestParseItemID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"tag:google.com,2005:reader/item/000000000000002a", 42, true},
		{"tag:google.com,2005:reader/item/2a", 42, true},
		{"000000000000002a", 42, true}, // ReadYou's bare hex
		{"42", 42, true},               // short form
		{" 42 ", 42, true},
		{"tag:google.com,2005:reader/item/xyz", 0, false},
		{"tag:google.com,2005:reader/item/ffffffffffffffff", 0, false}, // beyond int64
		{"0", 0, false},
		{"-3", 0, false},
		{"", 0, false},
	} {
		got, err := parseItemID(tc.in)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("parseItemID(%q) = %d, %v; want %d, ok %t", tc.in, got, err, tc.want, tc.ok)
		}
	}
	if got := longID(42); got != "tag:google.com,2005:reader/item/000000000000002a" {
		t.Errorf("longID(42) = %q", got)
	}
}

func FuzzParseItemID(f *testing.F) {
	for _, s := range []string{"tag:google.com,2005:reader/item/000000000000002a", "42", "000000000000002a", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseItemID(s)
		if err != nil {
			return
		}
		if id <= 0 {
			t.Fatalf("parseItemID(%q) = %d without error", s, id)
		}
		if back, err := parseItemID(longID(id)); err != nil || back != id {
			t.Fatalf("long id of %d reads back as %d, %v", id, back, err)
		}
	})
}

func TestParseTS(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 123_000_000, time.UTC)
	want := at.Add(time.Millisecond)
	for _, in := range []string{"1772366400123000", "1772366400123", "1772366400123000000"} {
		got, err := parseTS(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseTS(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
	if got, err := parseTS("1772366400"); err != nil || !got.Equal(at.Truncate(time.Second).Add(time.Millisecond)) {
		t.Errorf("parseTS(seconds) = %v, %v", got, err)
	}
	if got, err := parseTS(""); err != nil || !got.IsZero() {
		t.Errorf("parseTS(\"\") = %v, %v; want no bound", got, err)
	}
	if _, err := parseTS("soon"); err == nil {
		t.Error("parseTS(soon) succeeded")
	}
}

func TestAuthKey(t *testing.T) {
	for in, want := range map[string]string{
		"GoogleLogin auth=ada/abc": "abc",
		"googlelogin auth=abc":     "abc",
		"GoogleLogin  auth=abc":    "abc",
		"Bearer abc":               "",
		"GoogleLogin abc":          "",
		"":                         "",
	} {
		if got := authKey(in); got != want {
			t.Errorf("authKey(%q) = %q, want %q", in, got, want)
		}
	}
}

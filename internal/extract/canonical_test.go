package extract

import (
	"testing"

	"github.com/heraldnews/herald"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"lowercase scheme and host", "HTTPS://News.Example.COM/Path/To", "https://news.example.com/Path/To"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"other port kept", "https://example.com:8443/a", "https://example.com:8443/a"},
		{"port leading zeros", "http://example.com:0080/a", "http://example.com/a"},
		{"fragment removed", "https://example.com/a#section-2", "https://example.com/a"},
		{"utm removed", "https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x", "https://example.com/a"},
		{"click ids removed", "https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4&yclid=5&igshid=6", "https://example.com/a"},
		{"mailchimp and ga removed", "https://example.com/a?mc_cid=1&mc_eid=2&_ga=3&ref_src=twsrc", "https://example.com/a"},
		{"params sorted", "https://example.com/a?z=1&b=2&a=3", "https://example.com/a?a=3&b=2&z=1"},
		{"equal names keep order", "https://example.com/a?b=2&a=9&a=1", "https://example.com/a?a=9&a=1&b=2"},
		{"tracking mixed with real", "https://example.com/a?id=7&utm_source=x&page=2", "https://example.com/a?id=7&page=2"},
		{"encoding kept", "https://example.com/a?q=a%20b&r=c+d", "https://example.com/a?q=a%20b&r=c+d"},
		{"dangling question mark", "https://example.com/a?", "https://example.com/a"},
		{"only tracking leaves no question mark", "https://example.com/a?utm_source=x", "https://example.com/a"},
		{"empty pairs dropped", "https://example.com/a?&&b=1&", "https://example.com/a?b=1"},
		{"path case kept", "https://example.com/Some/CamelCase.html", "https://example.com/Some/CamelCase.html"},
		{"empty path", "https://example.com", "https://example.com/"},
		{"user info dropped", "https://user:pass@example.com/a", "https://example.com/a"},
		{"trailing dot host", "https://example.com./a", "https://example.com/a"},
		{"ipv6", "http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
		{"ipv6 port", "http://[2001:db8::1]:8080/a", "http://[2001:db8::1]:8080/a"},
		{"surrounding space", "  https://example.com/a \n", "https://example.com/a"},
		{"escaped path kept", "https://example.com/a%2Fb/c%20d", "https://example.com/a%2Fb/c%20d"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CanonicalURL(tc.in)
			if err != nil {
				t.Fatalf("CanonicalURL(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again, _ := CanonicalURL(got); again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestCanonicalURLRejects(t *testing.T) {
	for _, in := range []string{
		"", "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "ftp://example.com/a",
		"file:///etc/passwd", "/relative/path", "example.com/a", "mailto:a@example.com", "http://",
		"http:opaque", "https://example.com:99999/", "https://example.com:abc/", "http://exa mple.com/",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := CanonicalURL(in)
			if err == nil {
				t.Fatalf("CanonicalURL(%q) = %q, want an error", in, got)
			}
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Errorf("code %q, want %q", herald.ErrorCode(err), herald.EINVALID)
			}
		})
	}
}

func TestTrackingParam(t *testing.T) {
	for name, want := range map[string]bool{
		"utm_source": true, "UTM_MEDIUM": true, "utm_whatever": true, "fbclid": true, "gclid": true,
		"_ga": true, "mc_eid": true, "id": false, "page": false, "q": false, "ref": false, "source": false,
	} {
		if got := TrackingParam(name); got != want {
			t.Errorf("TrackingParam(%q) = %v, want %v", name, got, want)
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://Example.com:443/a?b=1&utm_source=x#f", "http://[::1]:80/", "http://a.example/%zz?%zz=1",
		"https://例え.jp/パス?キー=値", "http://a.example/?a=1&&a=0&=", "http://u@a.example:0/", "HTTP://A.EXAMPLE./",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		once, err := CanonicalURL(raw)
		if err != nil {
			return
		}
		twice, err := CanonicalURL(once)
		if err != nil {
			t.Fatalf("CanonicalURL(%q) = %q, which it then rejects: %v", raw, once, err)
		}
		if twice != once {
			t.Fatalf("not idempotent: %q -> %q -> %q", raw, once, twice)
		}
	})
}

func BenchmarkCanonicalURL(b *testing.B) {
	const u = "HTTPS://www.News.Example:443/world/2024/03/12/some-long-story-slug.html?utm_source=rss&utm_medium=feed&id=42&fbclid=abc&page=2#comments"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CanonicalURL(u); err != nil {
			b.Fatal(err)
		}
	}
}

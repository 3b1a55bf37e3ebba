package extract

import "testing"

func TestResolveURL(t *testing.T) {
	base := ParseBase("https://site.example/news/today/index.html")
	tests := []struct{ ref, want string }{
		{"story.html", "https://site.example/news/today/story.html"},
		{"../a?x=1&copy=2", "https://site.example/news/a?x=1&copy=2"},
		{"/root", "https://site.example/root"},
		{"//cdn.example/i.jpg", "https://cdn.example/i.jpg"},
		{"HTTP://Other.example/", "http://Other.example/"},
		{"  https://trim.example/  ", "https://trim.example/"},
		{"javascript:alert(1)", ""},
		{" JavaScript:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"data:image/png;base64,AA", ""},
		{"mailto:a@b.example", ""},
		{"ftp://files.example/x", ""},
		{"", ""},
		{"http://", ""},
	}
	for _, tc := range tests {
		if got := ResolveURL(base, tc.ref); got != tc.want {
			t.Errorf("ResolveURL(%q) = %q, want %q", tc.ref, got, tc.want)
		}
	}
	if got := ResolveURL(nil, "/relative"); got != "" {
		t.Errorf("relative without base = %q", got)
	}
}

func TestResolveLinks(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"relative href and src", `<p>a <a href="/x">x</a><img src="i.jpg" alt="A"></p>`,
			`<p>a <a href="https://site.example/x">x</a><img src="https://site.example/news/i.jpg" alt="A"></p>`},
		{"srcset and poster", `<img srcset="a.jpg 1x, /b.jpg 2x"><video poster="p.jpg"></video>`,
			`<img srcset="https://site.example/news/a.jpg 1x, https://site.example/b.jpg 2x"><video poster="https://site.example/news/p.jpg"></video>`},
		{"absolute and unsafe untouched byte for byte", `<a HREF='https://o.example/' onclick=x>o</a><a href="javascript:x()">j</a>`,
			`<a HREF='https://o.example/' onclick=x>o</a><a href="javascript:x()">j</a>`},
		{"text and comments untouched", `a &amp; b <!-- c --> <b>d</b>`, `a &amp; b <!-- c --> <b>d</b>`},
		{"ampersand query kept", `<a href="p?a=1&amp;copy=2">p</a>`, `<a href="https://site.example/news/p?a=1&amp;copy=2">p</a>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ResolveLinks(tc.in, "https://site.example/news/page"); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	if got := ResolveLinks(`<a href="/x">x</a>`, "not a url"); got != `<a href="/x">x</a>` {
		t.Errorf("without base: %q", got)
	}
}

func TestLeadImage(t *testing.T) {
	tests := []struct{ name, in, src, caption string }{
		{"plain img", `<p>x</p><img src="/a.jpg"><img src="/b.jpg">`, "https://site.example/a.jpg", ""},
		{"figure caption", `<figure><img src="a.jpg"><figcaption>The <b>caption</b></figcaption></figure>`, "https://site.example/news/a.jpg", "The caption"},
		{"tracking pixel skipped", `<img src="/pixel.gif" width="1" height="1"><img src="/real.jpg">`, "https://site.example/real.jpg", ""},
		{"lazy src", `<img src="data:image/gif;base64,R0l" data-src="/lazy.jpg">`, "https://site.example/lazy.jpg", ""},
		{"javascript src", `<img src="javascript:alert(1)">`, "", ""},
		{"none", `<p>no image</p>`, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, caption := LeadImage(tc.in, "https://site.example/news/page")
			if src != tc.src || caption != tc.caption {
				t.Errorf("LeadImage = %q, %q; want %q, %q", src, caption, tc.src, tc.caption)
			}
		})
	}
}

package extract

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

const testBase = "https://news.example/world/story.html"

// xssVectors are bluemonday/OWASP-style attacks; none may leave script,
// event handlers, styles, forms, frames or non-http(s) URLs behind.
var xssVectors = []struct{ name, in string }{
	{"script tag", `<script>alert(1)</script>`},
	{"script upper", `<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>`},
	{"script split", `<scr<script>ipt>alert(1)</scr</script>ipt>`},
	{"img onerror", `<img src=x onerror=alert(1)>`},
	{"img onerror quoted", `<img src="x" onerror="alert(1)">`},
	{"svg onload", `<svg onload=alert(1)>`},
	{"svg script", `<svg><script>alert(1)</script></svg>`},
	{"body onload", `<body onload=alert(1)>`},
	{"a onmouseover", `<a onmouseover="alert(1)" href="https://ok.example/">x</a>`},
	{"javascript href", `<a href="javascript:alert(1)">x</a>`},
	{"javascript upper", `<a href="JAVASCRIPT:alert(1)">x</a>`},
	{"javascript mixed", `<a href="JaVaScRiPt:alert(1)">x</a>`},
	{"javascript decimal entity", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`},
	{"javascript padded entity", `<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>`},
	{"javascript hex entity", `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>`},
	{"javascript tab", "<a href=\"jav\tascript:alert(1)\">x</a>"},
	{"javascript newline", "<a href=\"jav\nascript:alert(1)\">x</a>"},
	{"javascript encoded tab", `<a href="jav&#x09;ascript:alert(1)">x</a>`},
	{"javascript leading space", `<a href=" &#14;  javascript:alert(1)">x</a>`},
	{"javascript img src", `<img src="javascript:alert(1)">`},
	{"javascript srcset", `<img src="https://ok.example/a.jpg" srcset="javascript:alert(1) 2x">`},
	{"vbscript", `<a href="vbscript:msgbox(1)">x</a>`},
	{"data html", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`},
	{"data image", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`},
	{"style attribute expression", `<div style="width: expression(alert(1));">x</div>`},
	{"style url", `<p style="background:url(javascript:alert(1))">x</p>`},
	{"style element", `<style>@import 'http://xss.example/xss.css';</style>`},
	{"link stylesheet", `<link rel="stylesheet" href="javascript:alert(1)">`},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1);">`},
	{"iframe", `<iframe src="https://evil.example/"></iframe>`},
	{"iframe javascript", `<iframe src="javascript://youtube.com/%0Aalert(document.domain)"></iframe>`},
	{"object", `<object data="javascript:alert(1)"></object>`},
	{"embed", `<embed src="https://evil.example/x.swf">`},
	{"form", `<form action="https://evil.example/"><input name="p" type="password"><button>Go</button></form>`},
	{"formaction", `<button formaction="javascript:alert(1)">x</button>`},
	{"base href", `<base href="javascript:alert(1)//">`},
	{"table background", `<table background="javascript:alert(1)"><tr><td>x</td></tr></table>`},
	{"select style script", `<select><option><style><script>alert(1)</script></style></option></select>`},
	{"math table", `<math><mi><table><mglyph><style><img src=x onerror=alert(1)>`},
	{"noscript", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`},
	{"comment", `<!--<img src=x onerror=alert(1)>-->`},
	{"cdata", `<![CDATA[<script>alert(1)</script>]]>`},
	{"utf7", `+ADw-script+AD4-alert(1)+ADw-/script+AD4-`},
	{"unclosed attr", `<img src="x" alt="a onerror=alert(1)//`},
	{"srcset error page", `<img srcset="http:a<script>alert(1)</script>">`},
	{"svg use", `<svg><use href="data:image/svg+xml;base64,PHN2Zz4="/></svg>`},
	{"xlink", `<a xlink:href="javascript:alert(1)">x</a>`},
	{"template", `<template><script>alert(1)</script></template>`},
	{"event without quotes", `<div onclick=alert(1)//>x</div>`},
	{"slash separated", `<img/src="x"/onerror=alert(1)>`},
	{"textarea breakout", `<textarea></textarea><script>alert(1)</script>`},
	{"title breakout", `<title></title><img src=x onerror=alert(1)>`},
}

func TestSanitizeXSS(t *testing.T) {
	for _, tc := range xssVectors {
		t.Run(tc.name, func(t *testing.T) {
			out := Sanitize(tc.in, testBase)
			if msg := unsafeMarkup(out); msg != "" {
				t.Errorf("Sanitize(%q) = %q: %s", tc.in, out, msg)
			}
			if again := Sanitize(out, testBase); again != out {
				t.Errorf("not idempotent:\n once %q\ntwice %q", out, again)
			}
		})
	}
}

// allowedTags is what the policy may emit; unsafeMarkup flags anything else.
var allowedTags = map[string]bool{}

func init() {
	for _, tag := range strings.Fields(`p br hr h1 h2 h3 h4 h5 h6 b i em strong u s strike sub sup small
		big mark cite dfn abbr code pre kbd samp var tt wbr bdi bdo ul ol li dl dt dd div span section
		article header footer aside address main figure figcaption picture details summary center table
		caption thead tbody tfoot tr th td colgroup col a blockquote q del ins time img source`) {
		allowedTags[tag] = true
	}
}

// unsafeMarkup re-parses sanitised output and describes the first thing in
// it that must not be there, or returns "".
func unsafeMarkup(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "contains <script"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ""
		}
		if tt == html.CommentToken || tt == html.DoctypeToken {
			return "contains a comment or doctype"
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if !allowedTags[tok.Data] {
			return fmt.Sprintf("element <%s> is not allowed", tok.Data)
		}
		if msg := unsafeAttrs(tok); msg != "" {
			return msg
		}
	}
}

func unsafeAttrs(tok html.Token) string {
	if tok.Data == "a" {
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			attrs[a.Key] = a.Val
		}
		if _, link := attrs["href"]; link && (attrs["rel"] != "noopener noreferrer" || attrs["target"] != "_blank") {
			return fmt.Sprintf("link without rel=noopener noreferrer and target=_blank: %v", tok.Attr)
		}
	}
	for _, a := range tok.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"):
			return fmt.Sprintf("event handler %s on <%s>", a.Key, tok.Data)
		case key == "style" || key == "class" || key == "id":
			return fmt.Sprintf("attribute %s on <%s>", a.Key, tok.Data)
		case key == "href" || key == "src" || key == "cite":
			if !strings.HasPrefix(a.Val, "http://") && !strings.HasPrefix(a.Val, "https://") {
				return fmt.Sprintf("%s=%q is not http(s)", a.Key, a.Val)
			}
		case key == "srcset":
			for _, c := range splitSrcset(a.Val) {
				if !strings.HasPrefix(c.url, "http://") && !strings.HasPrefix(c.url, "https://") {
					return fmt.Sprintf("srcset candidate %q is not http(s)", c.url)
				}
			}
		}
	}
	return ""
}

func TestSanitizeKeeps(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs and emphasis", `<p>One <em>two</em> <strong>three</strong></p>`, `<p>One <em>two</em> <strong>three</strong></p>`},
		{"relative link resolved, rel and target added",
			`<a href="../europe/x.html?a=1&amp;b=2">x</a>`,
			`<a href="https://news.example/europe/x.html?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">x</a>`},
		{"own rel and target replaced", `<a href="https://o.example/" rel="opener" target="_self">x</a>`,
			`<a href="https://o.example/" rel="noopener noreferrer" target="_blank">x</a>`},
		{"image with alt and srcset", `<img src="/a.jpg" alt="Photo: A &amp; B" srcset="/a-2x.jpg 2x, https://cdn.example/w_640,h_480/a.jpg 640w" width="640">`,
			`<img src="https://news.example/a.jpg" alt="Photo: A &amp; B" srcset="https://news.example/a-2x.jpg 2x, https://cdn.example/w_640,h_480/a.jpg 640w" width="640">`},
		{"data srcset candidate dropped", `<img src="https://e.example/a.jpg" srcset="data:image/png;base64,AAA, https://e.example/b.jpg 2x">`,
			`<img src="https://e.example/a.jpg" srcset="https://e.example/b.jpg 2x">`},
		{"figure", `<figure><img src="https://e.example/a.jpg"><figcaption>The <b>caption</b></figcaption></figure>`,
			`<figure><img src="https://e.example/a.jpg"><figcaption>The <b>caption</b></figcaption></figure>`},
		{"table", `<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>`,
			`<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>`},
		{"blockquote cite", `<blockquote cite="/src">q</blockquote>`, `<blockquote cite="https://news.example/src">q</blockquote>`},
		{"pre code", "<pre><code>if a &lt; b {\n\treturn\n}</code></pre>", "<pre><code>if a &lt; b {\n\treturn\n}</code></pre>"},
		{"lists", `<ol start="3"><li>a</li></ol><ul><li>b</li></ul>`, `<ol start="3"><li>a</li></ol><ul><li>b</li></ul>`},
		{"class id style dropped", `<p class="x" id="y" style="color:red">t</p>`, `<p>t</p>`},
		{"script content dropped", `<p>a</p><script>var x = "<p>b</p>";</script><p>c</p>`, `<p>a</p><p>c</p>`},
		{"iframe content dropped", `<p>a</p><iframe src="https://www.youtube.com/embed/x">fallback</iframe>`, `<p>a</p>`},
		{"mailto link unwrapped", `<a href="mailto:a@b.example">mail</a>`, `mail`},
		{"fragment link unwrapped", `<a href="#top">top</a>`, `<a href="https://news.example/world/story.html#top" rel="noopener noreferrer" target="_blank">top</a>`},
		{"text escaped once", `a &lt;b&gt; &amp;amp;`, `a &lt;b&gt; &amp;amp;`},
		{"utf7 stays text", `+ADw-script+AD4-`, `+ADw-script+AD4-`},
		{"anchor without href keeps title only", `<a title="t" name="n">x</a>`, `<a title="t">x</a>`},
		{"empty", "  ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sanitize(tc.in, testBase); got != tc.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSanitizeWithoutBaseDropsRelativeURLs(t *testing.T) {
	got := Sanitize(`<a href="/x">x</a><img src="a.jpg"><img src="https://e.example/b.jpg">`, "")
	want := `x<img src="https://e.example/b.jpg">`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSanitizeDeepNesting(t *testing.T) {
	const n = 100_000
	in := strings.Repeat("<div>", n) + "deep" + strings.Repeat("</div>", n)
	start := time.Now()
	out := Sanitize(in, testBase)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if len(out) > len(in) {
		t.Errorf("output %d bytes for %d bytes of input", len(out), len(in))
	}
	if !strings.Contains(out, "deep") {
		t.Error("text lost")
	}
}

func TestSanitizeCapsInput(t *testing.T) {
	in := strings.Repeat("<p>é</p>", MaxHTMLBytes/len("<p>é</p>")+10)
	out := Sanitize(in, testBase)
	if len(out) > MaxHTMLBytes {
		t.Errorf("output %d bytes, cap %d", len(out), MaxHTMLBytes)
	}
}

func TestSanitizeConcurrent(t *testing.T) {
	done := make(chan string)
	for i := 0; i < 16; i++ {
		go func() { done <- Sanitize(xssVectors[i%len(xssVectors)].in+`<a href="/x">x</a>`, testBase) }()
	}
	for i := 0; i < 16; i++ {
		if out := <-done; unsafeMarkup(out) != "" {
			t.Errorf("unsafe output %q", out)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, tc := range xssVectors {
		f.Add(tc.in, testBase)
	}
	f.Add(`<p>a<a href="x">b</a><img srcset="a 1x, b 2x"></p>`, "http://e.example/")
	f.Add(`<table><tr><td><p>x</table>`, "")
	f.Fuzz(func(t *testing.T, in, base string) {
		out := Sanitize(in, base)
		if msg := unsafeMarkup(out); msg != "" {
			t.Fatalf("Sanitize(%q, %q) = %q: %s", in, base, out, msg)
		}
		if again := Sanitize(out, base); again != out {
			t.Fatalf("not idempotent for %q, %q:\n once %q\ntwice %q", in, base, out, again)
		}
	})
}

func BenchmarkSanitize(b *testing.B) {
	article := benchArticle(600)
	b.SetBytes(int64(len(article)))
	b.ReportAllocs()
	for b.Loop() {
		Sanitize(article, testBase)
	}
}

// benchArticle builds an HTML article of about n words with the markup
// publishers use: paragraphs, links, a figure, emphasis, a script to drop.
func benchArticle(n int) string {
	words := strings.Fields(`the minister said on tuesday that talks with neighbouring states
		would resume next month after a pause caused by the election and a dispute over fishing rights`)
	var b strings.Builder
	b.WriteString(`<figure><img src="/img/lead.jpg" srcset="/img/lead-2x.jpg 2x" alt="Lead"><figcaption>Caption</figcaption></figure>`)
	for i := 0; i < n; i++ {
		if i%60 == 0 {
			if i > 0 {
				b.WriteString("</p>")
			}
			b.WriteString(`<p class="body" style="margin:0">`)
		}
		if i%45 == 7 {
			fmt.Fprintf(&b, `<a href="/related/%d?utm_source=x" onclick="track()">%s</a> `, i, words[i%len(words)])
			continue
		}
		if i%30 == 3 {
			fmt.Fprintf(&b, "<em>%s</em> ", words[i%len(words)])
			continue
		}
		b.WriteString(words[i%len(words)])
		b.WriteByte(' ')
	}
	b.WriteString(`</p><script>window.ads.push({})</script>`)
	return b.String()
}

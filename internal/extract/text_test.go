package extract

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "hello  world", "hello world"},
		{"entities", "AT&amp;T &lt;b&gt; caf&eacute; &#8220;q&#x201D; &nbsp;x", "AT&T <b> café “q” x"},
		{"blocks become lines", "<p>One</p><p>Two</p><div>Three</div><h2>Four</h2>", "One\nTwo\nThree\nFour"},
		{"br", "a<br>b<br/>c", "a\nb\nc"},
		{"inline stays inline", "a <b>bold</b> and <a href='x'>link</a>.", "a bold and link."},
		{"list items", "<ul><li>x</li><li>y</li></ul>", "x\ny"},
		{"script and style dropped", "<p>a</p><script>var x='<p>no</p>'</script><style>p{}</style><p>b</p>", "a\nb"},
		{"whitespace collapsed", "<p>  a \n\t b  </p>\n\n\n<p>c</p>", "a b\nc"},
		{"control chars dropped", "a\x00b\x01c\u200bd", "abcd"},
		{"pre keeps lines", "<pre>a\n  b</pre>c", "a\nb\nc"},
		{"plain text newlines are spaces", "a\nb", "a b"},
		{"table cells", "<table><tr><td>1</td><td>2</td></tr></table>", "1\n2"},
		{"unclosed", "<p>a<p>b", "a\nb"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := PlainText(tc.in); got != tc.want {
				t.Errorf("PlainText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	body := strings.Repeat("Officials confirmed the bridge will reopen on Friday after repairs. ", 20)
	base := Fingerprint("Bridge to reopen Friday", body)
	if len(base) != 32 {
		t.Fatalf("fingerprint %q is not 32 hex chars", base)
	}
	same := []struct{ name, title, text string }{
		{"case", "BRIDGE TO REOPEN FRIDAY", strings.ToUpper(body)},
		{"punctuation", "Bridge to reopen, Friday!", strings.ReplaceAll(body, ".", " —")},
		{"whitespace", "  Bridge\tto  reopen\nFriday ", strings.ReplaceAll(body, " ", "   ")},
		{"curly apostrophes", "Bridge to reopen Friday", body},
		{"text beyond the first words", "Bridge to reopen Friday", body + " A later correction was appended."},
	}
	for _, tc := range same {
		if got := Fingerprint(tc.title, tc.text); got != base {
			t.Errorf("%s: fingerprint %q differs from %q", tc.name, got, base)
		}
	}
	if Fingerprint("Bridge to stay closed", body) == base {
		t.Error("different title, same fingerprint")
	}
	if Fingerprint("Bridge to reopen Friday", "Completely different reporting. "+body) == base {
		t.Error("different opening text, same fingerprint")
	}
	if Fingerprint("don't", "") != Fingerprint("don’t", "") {
		t.Error("apostrophe styles differ")
	}
	if Fingerprint("", "") != "" {
		t.Error("empty input should give an empty fingerprint")
	}
	if Fingerprint("ab", "c") == Fingerprint("a", "bc") {
		t.Error("title and text boundary is not part of the hash")
	}
}

// TestInlineText covers what the web pages show of a summary: one line, the
// words of inline markup joined, blocks and line breaks separating words.
func TestInlineText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"text", "plain  words\n here", "plain words here"},
		{"blocks separate words", "<p>one</p><p>two</p>", "one two"},
		{"inline tags do not", "un<em>believ</em>able <a href=x>link</a>", "unbelievable link"},
		{"entities decoded", "Fish &amp; chips &lt;3", "Fish & chips <3"},
		{"hidden elements skipped", "a <script>alert(1)</script><style>p{}</style>b", "a b"},
		{"hidden elements separate nothing", "a<script>alert(1)</script>b", "ab"},
		{"line breaks", "one<br>two<br/>three", "one two three"},
		{"unclosed", "<p>open <b>bold", "open bold"},
		{"heading and paragraph", "<h1>A</h1>\n<p>B &amp; C</p>", "A B & C"},
	} {
		if got := InlineText(tc.in); got != tc.want {
			t.Errorf("%s: InlineText(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

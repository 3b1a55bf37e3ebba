package feed

import (
	"html"
	"strings"

	"github.com/heraldnews/herald/internal/extract"
)

// maxRawTextBytes bounds the raw text a text field looks at, before any
// tag stripping, so hostile fields cost linear time in a small input.
const maxRawTextBytes = 64 << 10

// textField turns a feed text field into plain text: tags stripped (titles
// often carry markup or escaped markup), entities decoded, white space
// collapsed, at most maxRunes runes. A '<' that opens no tag before the end
// ("x<y") is kept as text rather than read as a tag that swallows the rest.
func textField(s string, maxRunes int) string {
	s = strings.TrimSpace(extract.TruncateBytes(s, maxRawTextBytes))
	if s == "" {
		return ""
	}
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.IndexByte(s[i:], '>') < 0 {
		s = s[:i] + "&lt;" + s[i+1:]
	}
	return truncateRunes(extract.InlineText(s), maxRunes)
}

// textToHTML escapes plain text for use as HTML, turning blank lines into
// paragraphs and single newlines into <br>.
func textToHTML(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return ""
	}
	var b strings.Builder
	for _, para := range strings.Split(s, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}

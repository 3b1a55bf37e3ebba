package feed

import (
	"bytes"
	"strings"

	"github.com/heraldnews/herald"
)

// checkDepth reports an error when XML elements nest deeper than limit. It is
// a single linear pass that mirrors how encoding/xml in non-strict mode (the
// mode gofeed uses) treats sloppy markup: an end tag closes every element
// opened after the matching start tag, and an end tag that matches nothing is
// ignored, so unclosed <br> and <p> inside naked HTML content do not
// accumulate, and HTML void elements (<br>, <img>) never open one. Comments, CDATA sections, processing instructions and
// declarations are skipped; quoted attribute values may contain '>'.
//
// gofeed parses extension elements recursively; Go grows stacks up to 1 GB,
// so a million nested elements do not crash it, but they cost seconds and
// hundreds of MB. This check refuses them in milliseconds.
func checkDepth(data []byte, limit int) error {
	_, err := openElements(data, limit)
	return err
}

// openElements runs checkDepth's scan and returns the elements still open at
// the end of data, outermost first.
func openElements(data []byte, limit int) ([]string, error) {
	var st nameStack
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j
		next, err := st.step(data, i, limit)
		if err != nil {
			return nil, err
		}
		i = next
	}
	return st.names, nil
}

// repairTruncated completes a document that ends early, as a feed cut off in
// transfer or missing its final '>' does: a trailing partial tag is dropped,
// an open CDATA section or comment is closed, then every element still open
// is closed. It returns nil when there is nothing to repair.
func repairTruncated(data []byte) []byte {
	data = bytes.TrimRight(data, " \t\r\n")
	if lt := bytes.LastIndexByte(data, '<'); lt > bytes.LastIndexByte(data, '>') {
		data = data[:lt]
	}
	fixed := append([]byte(nil), data...)
	if bytes.LastIndex(data, []byte("<![CDATA[")) > bytes.LastIndex(data, []byte("]]>")) {
		fixed = append(fixed, "]]>"...)
	} else if bytes.LastIndex(data, []byte("<!--")) > bytes.LastIndex(data, []byte("-->")) {
		fixed = append(fixed, "-->"...)
	}
	open, err := openElements(fixed, MaxDepth)
	if err != nil || len(open) == 0 {
		return nil
	}
	for i := len(open) - 1; i >= 0; i-- {
		fixed = append(fixed, "</"+open[i]+">"...)
	}
	return fixed
}

// voidElements are HTML elements that never contain anything; naked HTML in
// feeds writes them unclosed (<br>), so they do not count as nesting.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// nameStack is the open-element stack of checkDepth, with a count per name so
// that unmatched end tags are recognised in constant time.
type nameStack struct {
	names  []string
	counts map[string]int
}

// step handles the markup starting at data[i] == '<' and returns the offset
// just past it.
func (st *nameStack) step(data []byte, i, limit int) (int, error) {
	rest := data[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		return skipTo(data, i, "-->"), nil
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		return skipTo(data, i, "]]>"), nil
	case bytes.HasPrefix(rest, []byte("<?")):
		return skipTo(data, i, "?>"), nil
	case bytes.HasPrefix(rest, []byte("<!")):
		return len(data) - len(skipDeclaration(rest)), nil
	case bytes.HasPrefix(rest, []byte("</")):
		st.pop(string(elementName(rest[2:])))
		return skipTo(data, i, ">"), nil
	case len(rest) > 1 && isNameStart(rest[1]):
		end, selfClosing := tagEnd(data, i)
		name := elementName(rest[1:])
		if !selfClosing && !voidElements[strings.ToLower(string(name))] {
			if err := st.push(string(name), limit); err != nil {
				return 0, err
			}
		}
		return end, nil
	}
	return i + 1, nil
}

func (st *nameStack) push(name string, limit int) error {
	if st.counts == nil {
		st.counts = map[string]int{}
	}
	st.names = append(st.names, name)
	st.counts[name]++
	if len(st.names) > limit {
		return herald.Errorf(herald.EINVALID, "document nests elements deeper than %d levels", limit)
	}
	return nil
}

func (st *nameStack) pop(name string) {
	if st.counts[name] == 0 {
		return
	}
	for len(st.names) > 0 {
		top := st.names[len(st.names)-1]
		st.names = st.names[:len(st.names)-1]
		st.counts[top]--
		if top == name {
			return
		}
	}
}

// tagEnd returns the offset just past the start tag at data[i] and whether it
// is self-closing ("/>"). Quoted attribute values are skipped.
func tagEnd(data []byte, i int) (int, bool) {
	var quote byte
	for k := i + 1; k < len(data); k++ {
		c := data[k]
		switch {
		case c == '<':
			// '<' is illegal in a tag, even in a quoted value: the tag was
			// never closed.
			return k, false
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k + 1, data[k-1] == '/'
		}
	}
	return len(data), false
}

func skipTo(data []byte, i int, marker string) int {
	j := bytes.Index(data[i:], []byte(marker))
	if j < 0 {
		return len(data)
	}
	return i + j + len(marker)
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// escapeJSONControls escapes raw tab, LF and CR characters inside JSON
// strings, which encoding/json rejects but hand-written feeds contain. Other
// control characters were removed earlier. It returns data itself when there
// is nothing to escape.
func escapeJSONControls(data []byte) []byte {
	if bytes.IndexAny(data, "\t\r\n") < 0 {
		return data
	}
	out := make([]byte, 0, len(data)+64)
	inString, escaped := false, false
	for _, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString && c == '\t':
			out = append(out, '\\', 't')
			continue
		case inString && c == '\n':
			out = append(out, '\\', 'n')
			continue
		case inString && c == '\r':
			out = append(out, '\\', 'r')
			continue
		}
		out = append(out, c)
	}
	return out
}

package section

import (
	"strings"
)

// Mail and news posts (and stories forwarded by e-mail) start with an RFC 5322
// header block: "Name: value" lines, folded continuation lines that start with
// white space, then a blank line. Most fields are transport metadata (Message-ID,
// Path, Lines, Date, X-Mailer) whose tokens are noise to a topic classifier; a few
// are written by the author or name them. splitHeader keeps those and drops the rest.

// headerSubject is the field whose value plays the part of a title.
const headerSubject = "subject"

// contentFields are the header fields kept as features, lower-cased: what the
// message is about, and who wrote it from where.
var contentFields = []string{
	headerSubject, "summary", "keywords",
	"from", "reply-to", "sender", "organization", "organisation",
}

// envelopeFields are fields of which at least one must be present before a block of
// "Name: value" lines is taken for a header rather than for the story itself.
var envelopeFields = []string{"from", "subject", "date", "to", "newsgroups", "message-id", "path"}

// minHeaderFields is the fewest fields a header block may have.
const minHeaderFields = 2

// headerField is one header field: its lower-cased name and its value, which for
// a folded field still holds the line breaks.
type headerField struct {
	name, value string
}

// splitHeader reports whether text starts with a mail/news header block and, if
// so, appends the content fields (see contentFields) to dst in order and returns
// them with the body after the blank line. Text that merely starts with a
// "Word: ..." line is not a header: the block must have minHeaderFields
// well-formed fields, one of them an envelope field, and end with a blank line.
// It allocates nothing beyond growing dst.
func splitHeader(text string, dst []headerField) (fields []headerField, body string, ok bool) {
	fields = dst
	count, envelope := 0, false
	valueStart := -1 // offset in text of the last kept field's value; -1 if not kept
	for pos := 0; ; {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			return dst, text, false // no blank line ends the block
		}
		end += pos
		line := strings.TrimSuffix(text[pos:end], "\r")
		switch {
		case line == "":
			if count < minHeaderFields || !envelope {
				return dst, text, false
			}
			return fields, text[end+1:], true
		case line[0] == ' ' || line[0] == '\t':
			if count == 0 {
				return dst, text, false
			}
			if valueStart >= 0 { // a folded line continues the kept field
				fields[len(fields)-1].value = strings.TrimSpace(text[valueStart:end])
			}
		default:
			name, offset, isField := parseFieldLine(line)
			if !isField {
				return dst, text, false
			}
			count++
			envelope = envelope || lookupField(envelopeFields, name) != ""
			valueStart = -1
			if canon := lookupField(contentFields, name); canon != "" {
				valueStart = pos + offset
				fields = append(fields, headerField{name: canon, value: strings.TrimSpace(line[offset:])})
			}
		}
		pos = end + 1
	}
}

// lookupField returns the entry of names equal to name ignoring case, or "".
func lookupField(names []string, name string) string {
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	return ""
}

// parseFieldLine parses "Name: value" where Name is an RFC 5322 field name made of
// letters, digits, '-', '_' and '.', starting with a letter. It returns the name
// and the offset of the value in line.
func parseFieldLine(line string) (name string, valueOffset int, ok bool) {
	colon := strings.IndexByte(line, ':')
	if colon < 1 || colon > 64 {
		return "", 0, false
	}
	for i := 0; i < colon; i++ {
		c := line[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '-' || c == '_' || c == '.')) {
			return "", 0, false
		}
	}
	return line[:colon], colon + 1, true
}

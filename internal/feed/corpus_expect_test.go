package feed

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// testHeader is the comment at the top of a feedparser test file.
type testHeader struct {
	expect  string
	headers map[string]string // lower-cased names
}

var (
	expectLine = regexp.MustCompile(`Expect:\s*(.*?)\s*(?:-->|"\s*,?\s*$|$)`)
	headerLine = regexp.MustCompile(`(?m)^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$`)
)

func parseTestHeader(body []byte) testHeader {
	head := string(body[:min(len(body), 4096)])
	h := testHeader{headers: map[string]string{}}
	for _, line := range strings.Split(head, "\n") {
		if m := expectLine.FindStringSubmatch(line); m != nil && h.expect == "" {
			h.expect = m[1]
		}
	}
	for _, m := range headerLine.FindAllStringSubmatch(head, -1) {
		h.headers[strings.ToLower(m[1])] = m[2]
	}
	return h
}

// An Expect line is a Python expression over feedparser's result. evalExpect
// understands the comparisons of feed and entry titles and links with string
// literals, alone or chained ("a == b == 'x'"), joined by "and" (all must
// hold) or "or" (one must). Other comparisons are ignored; a file with none
// is unsupported. Herald's titles are plain text, so expected titles go
// through the same plain-text conversion before comparing; links compare
// exactly.

type exprToken struct {
	kind string // "path", "lit", "op", "word"
	text string
}

var (
	pathToken = regexp.MustCompile(`^(feed|entries\[\d+\])((\['[a-z_]+'\]|\[\d+\]|\.[a-z_]+)*)`)
	wordToken = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)
	supported = regexp.MustCompile(`^(feed|entries\[(\d+)\])(\['(title|link)'\]|\.(title|link))$`)
)

func tokenizeExpect(s string) ([]exprToken, bool) {
	var toks []exprToken
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		switch {
		case strings.HasPrefix(s, "=="):
			toks, s = append(toks, exprToken{"op", "=="}), s[2:]
		case s[0] == '+':
			toks, s = append(toks, exprToken{"op", "+"}), s[1:]
		case isLiteralStart(s):
			lit, rest, ok := pyString(s)
			if !ok {
				return nil, false
			}
			toks, s = append(toks, exprToken{"lit", lit}), rest
		default:
			if m := pathToken.FindString(s); m != "" {
				toks, s = append(toks, exprToken{"path", m}), s[len(m):]
			} else if m := wordToken.FindString(s); m != "" {
				toks, s = append(toks, exprToken{"word", m}), s[len(m):]
			} else {
				_, n := utf8.DecodeRuneInString(s)
				toks, s = append(toks, exprToken{"word", s[:n]}), s[n:]
			}
		}
	}
	return toks, true
}

func isLiteralStart(s string) bool {
	s = strings.TrimLeft(s, "ub")
	return s != "" && (s[0] == '\'' || s[0] == '"') && len(s) < 1<<20
}

// pyString reads a Python string literal with an optional u or b prefix.
func pyString(s string) (string, string, bool) {
	s = strings.TrimLeft(s, "ub")
	quote := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == quote:
			return b.String(), s[i+1:], true
		case c != '\\' || i+1 >= len(s):
			b.WriteByte(c)
		default:
			n, ok := pyEscape(&b, s[i+1:])
			if !ok {
				return "", "", false
			}
			i += n
		}
	}
	return "", "", false
}

// pyEscape writes the escape sequence at the start of s and returns its length.
func pyEscape(b *strings.Builder, s string) (int, bool) {
	simple := map[byte]string{'n': "\n", 't': "\t", 'r': "\r", '\\': "\\", '\'': "'", '"': "\"", '0': "\x00"}
	if v, ok := simple[s[0]]; ok {
		b.WriteString(v)
		return 1, true
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[0]]
	if width == 0 || len(s) < 1+width {
		b.WriteByte('\\')
		return 0, true
	}
	n, err := strconv.ParseUint(s[1:1+width], 16, 32)
	if err != nil {
		return 0, false
	}
	b.WriteRune(rune(n))
	return 1 + width, true
}

// chain is a run of operands joined by "==".
type chain struct {
	paths []string
	lits  []string
	other bool // an operand we do not understand
	neg   bool // preceded by "not"
}

func splitChains(toks []exprToken) []chain {
	var chains []chain
	for i := 0; i < len(toks); {
		if toks[i].kind != "path" && toks[i].kind != "lit" {
			i++
			continue
		}
		c := chain{neg: i > 0 && toks[i-1].text == "not"}
		i = readOperand(toks, i, &c)
		for i < len(toks) && toks[i].text == "==" {
			i = readOperand(toks, i+1, &c)
		}
		if len(c.paths)+len(c.lits) > 1 {
			chains = append(chains, c)
		}
	}
	return chains
}

// readOperand reads one path, or literals joined by "+".
func readOperand(toks []exprToken, i int, c *chain) int {
	if i >= len(toks) {
		c.other = true
		return i
	}
	switch toks[i].kind {
	case "path":
		c.paths = append(c.paths, toks[i].text)
		if i+1 < len(toks) && (toks[i+1].text == "(" || toks[i+1].text == "[") {
			c.other = true
		}
		return i + 1
	case "lit":
		lit := toks[i].text
		i++
		for i+1 < len(toks) && toks[i].text == "+" && toks[i+1].kind == "lit" {
			lit += toks[i+1].text
			i += 2
		}
		c.lits = append(c.lits, lit)
		return i
	}
	c.other = true
	return i + 1
}

func evalExpect(expr string, f *Feed) (ok, isSupported bool) {
	toks, good := tokenizeExpect(expr)
	if !good {
		return false, false
	}
	anyOr := false
	for _, t := range toks {
		anyOr = anyOr || t.text == "or"
	}
	var results []bool
	for _, c := range splitChains(toks) {
		if r, usable := evalChain(c, f); usable {
			results = append(results, r)
		}
	}
	if len(results) == 0 {
		return false, false
	}
	for _, r := range results {
		if r && anyOr {
			return true, true
		}
		if !r && !anyOr {
			return false, true
		}
	}
	return !anyOr, true
}

// evalChain reports whether every path equals the (single) literal, and
// whether the chain is one we understand.
func evalChain(c chain, f *Feed) (ok, usable bool) {
	if c.other || c.neg || len(c.lits) != 1 || len(c.paths) == 0 {
		return false, false
	}
	for _, p := range c.paths {
		if !supported.MatchString(p) {
			return false, false
		}
	}
	for _, p := range c.paths {
		got, field, present := lookup(p, f)
		want := c.lits[0]
		if field == "title" {
			want = textField(want, MaxTitleRunes)
		}
		if !present || got != want {
			return false, true
		}
	}
	return true, true
}

// lookup returns Herald's value for a feedparser path such as
// entries[0]['link'].
func lookup(path string, f *Feed) (value, field string, present bool) {
	m := supported.FindStringSubmatch(path)
	field = m[4] + m[5]
	if f == nil {
		return "", field, false
	}
	if m[1] == "feed" {
		if field == "title" {
			return f.Title, field, true
		}
		return f.SiteURL, field, true
	}
	i, _ := strconv.Atoi(m[2])
	if i >= len(f.Items) {
		return "", field, false
	}
	if field == "title" {
		return f.Items[i].Title, field, true
	}
	return f.Items[i].URL, field, true
}

// gofeedExpected pairs a gofeed test input with its expected JSON:
// X.xml with X.json, and JSON inputs X.json with X_expected.json. It reports
// whether path is an input at all, and "" when it has no expectation.
func gofeedExpected(path string) (string, bool) {
	switch ext := filepath.Ext(path); {
	case ext == ".xml":
		exp := strings.TrimSuffix(path, ext) + ".json"
		if _, err := os.Stat(exp); err == nil {
			return exp, true
		}
		return "", true
	case ext == ".json" && strings.HasSuffix(path, "_expected.json"):
		return "", false
	case ext == ".json":
		if _, err := os.Stat(strings.TrimSuffix(path, ".xml") + ".xml"); err == nil {
			return "", false // the expectation of an XML input
		}
		exp := strings.TrimSuffix(path, ext) + "_expected.json"
		if _, err := os.Stat(exp); err == nil {
			return exp, true
		}
		return "", true
	}
	return "", false
}

// gofeedWant is what an expected JSON file says, in whichever of gofeed's
// shapes (universal Feed, rss.Feed, atom.Feed, json.Feed) it uses.
type gofeedWant struct {
	title, link string
	items       []gofeedWantItem
}

type gofeedWantItem struct {
	title, link, image, author string
	published                  time.Time
}

func (w gofeedWant) hasAny() bool {
	if w.title != "" || isWeb(w.link) {
		return true
	}
	for _, it := range w.items {
		if it.title != "" || isWeb(it.link) || isWeb(it.image) || it.author != "" || !it.published.IsZero() {
			return true
		}
	}
	return false
}

type rawLink struct{ Href, Rel string }

type rawExpected struct {
	Title   json.RawMessage `json:"title"`
	Link    string          `json:"link"`
	HomeURL string          `json:"home_page_url"`
	Links   json.RawMessage `json:"links"`
	Items   []rawItem       `json:"items"`
	Entries []rawItem       `json:"entries"`
}

type rawItem struct {
	Title     json.RawMessage `json:"title"`
	Link      string          `json:"link"`
	URL       string          `json:"url"`
	Links     json.RawMessage `json:"links"`
	Image     json.RawMessage `json:"image"`
	Published *time.Time      `json:"publishedParsed"`
	PubDate   *time.Time      `json:"pubDateParsed"`
	Authors   []struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	} `json:"authors"`
}

func loadGofeedExpected(path string) (gofeedWant, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return gofeedWant{}, err
	}
	var raw rawExpected
	if err := json.Unmarshal(b, &raw); err != nil {
		return gofeedWant{}, err
	}
	w := gofeedWant{title: jsonString(raw.Title), link: firstNonEmpty(raw.Link, raw.HomeURL, alternateLink(raw.Links))}
	universal := strings.Contains(string(b), `"feedType"`)
	for _, it := range append(raw.Items, raw.Entries...) {
		want := gofeedWantItem{
			title: jsonString(it.Title),
			link:  firstNonEmpty(it.Link, it.URL, alternateLink(it.Links)),
			image: imageURL(it.Image),
		}
		for _, d := range []*time.Time{it.Published, it.PubDate} {
			if d != nil && d.Year() >= EarliestPlausibleYear && !d.After(fetched) {
				want.published = d.UTC()
				break
			}
		}
		if universal && len(it.Authors) > 0 {
			want.author = firstNonEmpty(it.Authors[0].Name, it.Authors[0].Email)
		}
		w.items = append(w.items, want)
	}
	return w, nil
}

// jsonString reads a JSON string; other shapes (objects) give "".
func jsonString(m json.RawMessage) string {
	var s string
	_ = json.Unmarshal(m, &s)
	return s
}

// alternateLink returns the first alternate href of an atom.Feed links
// array ("" for the universal format's list of strings).
func alternateLink(m json.RawMessage) string {
	var links []rawLink
	if json.Unmarshal(m, &links) != nil {
		return ""
	}
	for _, l := range links {
		if l.Rel == "" || l.Rel == "alternate" {
			return l.Href
		}
	}
	return ""
}

func imageURL(m json.RawMessage) string {
	var img struct{ URL string }
	if json.Unmarshal(m, &img) == nil && img.URL != "" {
		return img.URL
	}
	return jsonString(m)
}

func isWeb(u string) bool { return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") }

// compareGofeed counts the comparisons of one file and reports whether all
// of them matched. Titles and authors compare after the plain-text
// conversion; links and images compare only when the expectation is an
// absolute http(s) URL, since Herald resolves relative ones against the feed
// URL and refuses others; publication dates compare when they are plausible
// (Herald replaces the others with the fetch time). Authors and dates count
// in others.
func compareGofeed(w gofeedWant, f *Feed, titles, links, images, others *tally) bool {
	all := true
	check := func(c *tally, ok bool) {
		c.add(ok)
		all = all && ok
	}
	if w.title != "" {
		check(titles, f != nil && f.Title == textField(w.title, MaxTitleRunes))
	}
	if isWeb(w.link) {
		check(links, f != nil && f.SiteURL == w.link)
	}
	for i, it := range w.items {
		var got Item
		present := f != nil && i < len(f.Items)
		if present {
			got = f.Items[i]
		}
		if it.title != "" {
			check(titles, present && got.Title == textField(it.title, MaxTitleRunes))
		}
		if isWeb(it.link) {
			check(links, present && got.URL == it.link)
		}
		if isWeb(it.image) {
			check(images, present && got.ImageURL == it.image)
		}
		if it.author != "" {
			check(others, present && len(got.Authors) > 0 && got.Authors[0] == textField(it.author, MaxNameRunes))
		}
		if !it.published.IsZero() {
			check(others, present && got.PublishedAt.Equal(it.published))
		}
	}
	return all
}

package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"
)

// MaxAge is the oldest a demo story may be: every story is published between
// a minute and MaxAge before the publisher's start-up time.
const MaxAge = 72 * time.Hour

// Format is the syndication format a demo source publishes its feed in.
type Format string

// The feed formats the demo publisher serves, one per source.
const (
	FormatRSS        Format = "rss"         // RSS 2.0, summary in description and full text in content:encoded
	FormatRSSSummary Format = "rss-summary" // RSS 2.0 with summaries only; full text on the article pages
	FormatAtom       Format = "atom"        // Atom 1.0, text summary and HTML content
	FormatJSON       Format = "json"        // JSON Feed 1.1, summary and content_html
	FormatRDF        Format = "rdf"         // RSS 1.0 (RDF) with Dublin Core and content:encoded
)

// feedFiles maps each format to the file name its feed is served under.
var feedFiles = map[Format]string{
	FormatRSS:        "rss.xml",
	FormatRSSSummary: "rss.xml",
	FormatAtom:       "atom.xml",
	FormatJSON:       "feed.json",
	FormatRDF:        "index.rdf",
}

// Source is one invented outlet of the demo publisher.
type Source struct {
	Slug        string `json:"slug"` // path segment: the feed is at /<slug>/<file>, articles at /<slug>/<story>
	Title       string `json:"title"`
	Description string `json:"description"`
	Category    string `json:"category"` // the outlet's broad beat, e.g. "Business"
	Format      Format `json:"format"`
}

// HomePath is the path of the source's front page, "/<slug>/".
func (s Source) HomePath() string { return "/" + s.Slug + "/" }

// FeedPath is the path the source's feed is served at, e.g. "/circuit/feed.json".
func (s Source) FeedPath() string { return "/" + s.Slug + "/" + feedFiles[s.Format] }

// Story is one invented news story. Published is fixed when the Publisher is
// created: its start-up time minus Age, in UTC and whole seconds.
type Story struct {
	Source    string // the Slug of the Source that published it
	Slug      string
	Title     string
	Summary   string // one plain-text sentence
	Author    string
	Category  string // the section the outlet files it under, e.g. "Weather"
	Age       time.Duration
	Published time.Time
	Text      string // plain-text body: paragraphs separated by blank lines
	HTML      string // the body as HTML: <p> paragraphs and <h2> subheadings
}

// Path is the path of the story's article page, "/<source>/<slug>".
func (s Story) Path() string { return "/" + s.Source + "/" + s.Slug }

// Words counts the words of the body.
func (s Story) Words() int { return len(strings.Fields(s.Text)) }

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseSources reads sources.json and checks every source in it.
func parseSources(data []byte) ([]Source, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var sources []Source
	if err := dec.Decode(&sources); err != nil {
		return nil, fmt.Errorf("parse sources: %w", err)
	}
	seen := make(map[string]bool)
	for i, s := range sources {
		if err := checkSource(s); err != nil {
			return nil, fmt.Errorf("parse sources: source %d: %w", i, err)
		}
		if seen[s.Slug] {
			return nil, fmt.Errorf("parse sources: duplicate slug %q", s.Slug)
		}
		seen[s.Slug] = true
	}
	if len(sources) == 0 {
		return nil, fmt.Errorf("parse sources: no sources")
	}
	return sources, nil
}

func checkSource(s Source) error {
	switch {
	case !slugPattern.MatchString(s.Slug):
		return fmt.Errorf("malformed slug %q", s.Slug)
	case s.Title == "" || s.Description == "" || s.Category == "":
		return fmt.Errorf("%s: title, description and category are required", s.Slug)
	case feedFiles[s.Format] == "":
		return fmt.Errorf("%s: unknown format %q", s.Slug, s.Format)
	}
	return nil
}

// parseStory reads one story file: a front matter of "key: value" lines
// between two "---" lines, then the body. The front matter must hold exactly
// the keys title, summary, author, category and age (a Go duration such as
// "26h30m", at most MaxAge). The body is paragraphs separated by blank lines;
// a paragraph starting with "## " is a subheading. Published is left zero.
func parseStory(source, slug string, data []byte) (Story, error) {
	if !slugPattern.MatchString(slug) {
		return Story{}, fmt.Errorf("malformed slug %q", slug)
	}
	front, body, err := splitFrontMatter(string(data))
	if err != nil {
		return Story{}, err
	}
	st := Story{Source: source, Slug: slug}
	if err := st.setFields(front); err != nil {
		return Story{}, err
	}
	blocks := splitBlocks(body)
	if len(blocks) == 0 {
		return Story{}, fmt.Errorf("empty body")
	}
	st.Text = strings.Join(stripHeadings(blocks), "\n\n")
	st.HTML = blocksHTML(blocks)
	return st, nil
}

// splitFrontMatter returns the front-matter lines and the body after them.
func splitFrontMatter(doc string) (front []string, body string, err error) {
	doc = strings.ReplaceAll(doc, "\r\n", "\n")
	rest, ok := strings.CutPrefix(doc, "---\n")
	if !ok {
		return nil, "", fmt.Errorf("missing front matter: want a first line of ---")
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return nil, "", fmt.Errorf("unterminated front matter: want a closing line of ---")
	}
	return strings.Split(head, "\n"), body, nil
}

// setFields fills the story from the front-matter lines.
func (st *Story) setFields(lines []string) error {
	seen := make(map[string]bool)
	for i, line := range lines {
		key, value, ok := strings.Cut(line, ":")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok || key == "" || value == "" {
			return fmt.Errorf("front matter line %d: want key: value, got %q", i+1, line)
		}
		if seen[key] {
			return fmt.Errorf("front matter: duplicate key %q", key)
		}
		seen[key] = true
		if err := st.setField(key, value); err != nil {
			return fmt.Errorf("front matter: %w", err)
		}
	}
	for _, key := range []string{"title", "summary", "author", "category", "age"} {
		if !seen[key] {
			return fmt.Errorf("front matter: missing key %q", key)
		}
	}
	return nil
}

func (st *Story) setField(key, value string) error {
	switch key {
	case "title":
		st.Title = value
	case "summary":
		st.Summary = value
	case "author":
		st.Author = value
	case "category":
		st.Category = value
	case "age":
		age, err := time.ParseDuration(value)
		if err != nil {
			return fmt.Errorf("age: %w", err)
		}
		if age < time.Minute || age > MaxAge {
			return fmt.Errorf("age %s outside [1m, %s]", age, MaxAge)
		}
		st.Age = age
	default:
		return fmt.Errorf("unknown key %q", key)
	}
	return nil
}

// splitBlocks splits a body into blocks separated by blank lines, joining the
// lines inside a block with spaces.
func splitBlocks(body string) []string {
	var blocks, cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, " "))
			cur = nil
		}
	}
	for line := range strings.SplitSeq(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return blocks
}

func stripHeadings(blocks []string) []string {
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = strings.TrimPrefix(b, "## ")
	}
	return out
}

// textEscaper escapes text for an HTML text node. Quotes need no escaping
// there, and leaving them alone keeps the feeds readable.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// blocksHTML renders body blocks as HTML paragraphs and subheadings.
func blocksHTML(blocks []string) string {
	var b strings.Builder
	for _, block := range blocks {
		if heading, ok := strings.CutPrefix(block, "## "); ok {
			fmt.Fprintf(&b, "<h2>%s</h2>\n", textEscaper.Replace(heading))
			continue
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", textEscaper.Replace(block))
	}
	return b.String()
}

// loadContent reads sources.json and every story under stories/<source>/ from
// fsys. Every story directory must name a source and every source must have at
// least one story.
func loadContent(fsys fs.FS) ([]Source, []Story, error) {
	data, err := fs.ReadFile(fsys, "sources.json")
	if err != nil {
		return nil, nil, fmt.Errorf("load content: %w", err)
	}
	sources, err := parseSources(data)
	if err != nil {
		return nil, nil, fmt.Errorf("load content: %w", err)
	}
	known := make(map[string]bool, len(sources))
	for _, s := range sources {
		known[s.Slug] = true
	}
	stories, err := loadStories(fsys, known)
	if err != nil {
		return nil, nil, fmt.Errorf("load content: %w", err)
	}
	return sources, stories, checkCoverage(sources, stories)
}

func loadStories(fsys fs.FS, known map[string]bool) ([]Story, error) {
	files, err := fs.Glob(fsys, "stories/*/*")
	if err != nil {
		return nil, err
	}
	stories := make([]Story, 0, len(files))
	for _, name := range files {
		source := path.Base(path.Dir(name))
		slug, ok := strings.CutSuffix(path.Base(name), ".md")
		if !ok || !known[source] {
			return nil, fmt.Errorf("%s: want stories/<known source>/<slug>.md", name)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		st, err := parseStory(source, slug, data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		stories = append(stories, st)
	}
	return stories, nil
}

func checkCoverage(sources []Source, stories []Story) error {
	count := make(map[string]int)
	for _, st := range stories {
		count[st.Source]++
	}
	for _, s := range sources {
		if count[s.Slug] == 0 {
			return fmt.Errorf("load content: source %q has no stories", s.Slug)
		}
	}
	return nil
}

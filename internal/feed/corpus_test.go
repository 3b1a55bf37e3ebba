package feed

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald/internal/extract"
)

// The corpus tests run every file of the public evaluation corpora (see
// /work/shared/eval/README.md; never copied into this repository) through
// Parse and Sanitize, and compare titles and links with what each corpus
// states. Run them with
//
//	go test -run TestCorpus -v ./internal/feed/
//
// HERALD_EVAL_DIR overrides the location of the eval folder.

// perFileBudget bounds the time one corpus file may take.
const perFileBudget = 2 * time.Second

func corpusRoot(t *testing.T) string {
	dir := os.Getenv("HERALD_EVAL_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "eval")
	}
	dir = filepath.Join(dir, "feeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("feed corpora not found at %s (set HERALD_EVAL_DIR to the eval folder): %v", dir, err)
	}
	return dir
}

// corpusFiles lists the regular files under dir, sorted, except licences and
// READMEs.
func corpusFiles(t *testing.T, dir string) []string {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		base := strings.ToUpper(d.Name())
		if strings.HasPrefix(base, "LICENSE") || strings.HasPrefix(base, "README") {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// corpusRun parses one corpus file, sanitises every item, and fails the test
// when that takes longer than perFileBudget.
func corpusRun(t *testing.T, name string, body []byte, contentType, feedURL string) (*Feed, error) {
	start := time.Now()
	f, err := Parse(context.Background(), body, contentType, feedURL, fetched)
	if err == nil {
		for _, it := range f.Items {
			extract.Sanitize(it.SummaryHTML, f.SiteURL)
			extract.Sanitize(it.ContentHTML, f.SiteURL)
		}
		checkFeedInvariants(t, f)
	}
	if d := time.Since(start); d > perFileBudget && !raceEnabled {
		t.Errorf("%s took %v", name, d)
	}
	return f, err
}

// tally counts comparisons with expected values.
type tally struct{ checked, matched int }

func (c *tally) add(ok bool) {
	c.checked++
	if ok {
		c.matched++
	}
}

func (c tally) rate() float64 {
	if c.checked == 0 {
		return 0
	}
	return float64(c.matched) / float64(c.checked)
}

func TestCorpusFeedparser(t *testing.T) {
	dir := filepath.Join(corpusRoot(t), "feedparser_tests")
	var assertions, wellFormed tally
	empty := 0
	var misses []string
	files := corpusFiles(t, dir)
	for _, path := range files {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, path)
		h := parseTestHeader(body)
		feedURL := "http://127.0.0.1:8097/tests/" + filepath.ToSlash(rel)
		// A fetcher uses Content-Location as the document's URL when it is
		// a safe http(s) URL.
		if loc := extract.ResolveURL(extract.ParseBase(feedURL), h.headers["content-location"]); loc != "" {
			feedURL = loc
		}
		f, err := corpusRun(t, rel, body, h.headers["content-type"], feedURL)
		if strings.HasPrefix(strings.TrimSpace(h.expect), "not bozo") {
			// Refusing a well-formed but empty feed is policy, not a
			// parse failure.
			wellFormed.add(err == nil || errors.Is(err, ErrEmptyFeed))
			if errors.Is(err, ErrEmptyFeed) {
				empty++
			}
		}
		ok, supported := evalExpect(h.expect, f)
		if !supported {
			continue
		}
		assertions.add(ok)
		if !ok {
			misses = append(misses, rel)
		}
	}
	t.Logf("feedparser_tests: %d files parsed without panic", len(files))
	t.Logf("feedparser_tests: title/link expectations met in %d of %d files (%.1f%%)", assertions.matched, assertions.checked, 100*assertions.rate())
	t.Logf("feedparser_tests: files marked well-formed (not bozo) that parse: %d of %d (%.1f%%), of which %d refused as empty feeds",
		wellFormed.matched, wellFormed.checked, 100*wellFormed.rate(), empty)
	if testing.Verbose() {
		for _, m := range misses {
			t.Logf("  miss: %s", m)
		}
	}
	assertFloor(t, "feedparser_tests title/link", assertions, 0.88)
	assertFloor(t, "feedparser_tests well-formed parse", wellFormed, 0.97)
}

func TestCorpusGofeed(t *testing.T) {
	dir := filepath.Join(corpusRoot(t), "gofeed")
	var titles, links, images, others, parsedOK tally
	var misses []string
	files := corpusFiles(t, dir)
	inputs := 0
	for _, path := range files {
		expectPath, isInput := gofeedExpected(path)
		if !isInput {
			continue
		}
		inputs++
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, path)
		f, err := corpusRun(t, rel, body, "", "https://herald.test/feed")
		if expectPath == "" {
			continue
		}
		want, err2 := loadGofeedExpected(expectPath)
		if err2 != nil {
			t.Fatalf("%s: %v", expectPath, err2)
		}
		if !want.hasAny() {
			continue
		}
		parsedOK.add(err == nil)
		if !compareGofeed(want, f, &titles, &links, &images, &others) {
			misses = append(misses, rel)
		}
	}
	t.Logf("gofeed: %d inputs parsed without panic", inputs)
	t.Logf("gofeed: inputs with expectations that parse: %d of %d (%.1f%%)", parsedOK.matched, parsedOK.checked, 100*parsedOK.rate())
	t.Logf("gofeed: titles %d/%d (%.1f%%), links %d/%d (%.1f%%), item images %d/%d (%.1f%%), item authors and dates %d/%d (%.1f%%)",
		titles.matched, titles.checked, 100*titles.rate(), links.matched, links.checked, 100*links.rate(),
		images.matched, images.checked, 100*images.rate(), others.matched, others.checked, 100*others.rate())
	if testing.Verbose() {
		for _, m := range misses {
			t.Logf("  miss: %s", m)
		}
	}
	// gofeed is Herald's parser, so its own expectations should hold; the
	// floors leave room only for deliberate differences.
	assertFloor(t, "gofeed titles", titles, 0.95)
	assertFloor(t, "gofeed links", links, 0.95)
	assertFloor(t, "gofeed images", images, 0.9)
	assertFloor(t, "gofeed authors and dates", others, 0.9)
}

func TestCorpusMiniflux(t *testing.T) {
	dir := filepath.Join(corpusRoot(t), "miniflux")
	var clean, feeds, pages tally
	for _, path := range corpusFiles(t, dir) {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, path)
		f, err := corpusRun(t, rel, body, "", "https://herald.test/feed")
		if strings.HasSuffix(path, ".html") {
			// Pages: Parse must say "HTML page", and the page text must decode.
			pages.add(err != nil && strings.Contains(err.Error(), "HTML page"))
			text := extract.PlainText(string(extract.ToUTF8(body, extract.HTMLCharset(body))))
			clean.add(!hasMojibake(text))
			continue
		}
		feeds.add(err == nil)
		if err == nil {
			clean.add(!hasMojibake(strings.Join(allText(f), "\n")))
		}
	}
	t.Logf("miniflux: feeds parsed %d/%d, HTML pages recognised %d/%d, decoded without mojibake or U+FFFD %d/%d (%.1f%%)",
		feeds.matched, feeds.checked, pages.matched, pages.checked, clean.matched, clean.checked, 100*clean.rate())
	assertFloor(t, "miniflux feeds parsed", feeds, 1)
	assertFloor(t, "miniflux charset", clean, 0.95)
}

// mojibake matches UTF-8 read as latin-1 ("Ã©", "â€™") and replacement
// characters.
var mojibake = regexp.MustCompile(`\x{FFFD}|Ã[\x{0080}-\x{00BF}]|â€|Ã©|Ã¨`)

func hasMojibake(s string) bool { return mojibake.MatchString(s) }

func assertFloor(t *testing.T, what string, c tally, floor float64) {
	t.Helper()
	if c.checked == 0 {
		t.Errorf("%s: nothing was checked", what)
		return
	}
	if c.rate() < floor {
		t.Errorf("%s: %.1f%% is below the floor of %.0f%%", what, 100*c.rate(), 100*floor)
	}
}

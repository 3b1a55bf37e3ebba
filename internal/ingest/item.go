package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"html"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/feed"
	"github.com/heraldnews/herald/internal/fetch"
)

// summaryRunes is the length of a summary made from the story's text.
const summaryRunes = 320

// storeItems cleans, understands and stores a feed's items, skipping those
// the source already holds unchanged, and counts what happened in st.
func (p *Pipeline) storeItems(ctx context.Context, src *herald.Source, items []feed.Item, fetchedAt time.Time, st *Stats) {
	items = p.changedItems(ctx, src, items, st)
	p.storeStories(ctx, src, items, p.prepare(ctx, src, items, fetchedAt), st)
}

// changedItems returns the items that are new or changed since the source last
// stored them, counting the others as Unchanged. Most polls of a feed without
// ETag or Last-Modified bring only items Herald holds already; skipping them
// saves their cleaning, tagging, full-text fetches and writes. When the store
// cannot answer, every item is processed.
func (p *Pipeline) changedItems(ctx context.Context, src *herald.Source, items []feed.Item, st *Stats) []feed.Item {
	keys := make([]herald.ItemKey, len(items))
	for i := range items {
		keys[i] = herald.ItemKey{ExternalID: items[i].ExternalID, Hash: itemHash(src, &items[i])}
	}
	known, err := p.store.UnchangedItems(ctx, src.ID, keys)
	if err != nil {
		p.log.WarnContext(ctx, "look up stored items", "source_id", src.ID, "error", err)
		known = nil
	}
	out := items[:0:0]
	for i := range items {
		if known[keys[i].ExternalID] {
			st.Unchanged++
			continue
		}
		out = append(out, items[i])
	}
	return out
}

// itemHashVersion changes when what Story derives from an item changes enough
// that stored stories should be made again.
const itemHashVersion = "1"

// itemHash identifies an item as the feed gave it, with the source settings
// that shape its story (full-text mode, category). A guessed publication time
// is left out: it is the fetch time, new on every poll.
func itemHash(src *herald.Source, it *feed.Item) string {
	h := sha256.New()
	var buf [512]byte
	field := func(s string) { // length-prefixed, copied through buf: no allocation per field
		binary.LittleEndian.PutUint64(buf[:8], uint64(len(s)))
		h.Write(buf[:8])
		for len(s) > 0 {
			n := copy(buf[:], s)
			h.Write(buf[:n])
			s = s[n:]
		}
	}
	field(itemHashVersion)
	field(string(src.FullText))
	field(src.Category)
	field(it.ExternalID)
	field(it.URL)
	field(it.Title)
	field(it.SummaryHTML)
	field(it.ContentHTML)
	field(strings.Join(it.Authors, "\x00"))
	field(strings.Join(it.Categories, "\x00"))
	field(it.ImageURL)
	field(it.ImageCaption)
	if !it.PublishedGuessed {
		field(it.PublishedAt.UTC().Format(time.RFC3339Nano))
	}
	field(it.UpdatedAt.UTC().Format(time.RFC3339Nano))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// prepared holds stories being cleaned and understood in the background.
type prepared struct {
	stories []*herald.Story
	done    []chan struct{} // done[i] is closed once stories[i] is set
}

// prepare starts cleaning and understanding items on every core (the work is CPU
// bound), in feed order, and returns at once: the caller stores each story as soon
// as it is ready, so storing overlaps with the analysis of the stories after it.
func (p *Pipeline) prepare(ctx context.Context, src *herald.Source, items []feed.Item, fetchedAt time.Time) *prepared {
	pr := &prepared{stories: make([]*herald.Story, len(items)), done: make([]chan struct{}, len(items))}
	for i := range pr.done {
		pr.done[i] = make(chan struct{})
	}
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(items)) {
		go func() {
			for i := int(next.Add(1) - 1); i < len(items) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				pr.stories[i] = p.safeStory(ctx, src, &items[i], fetchedAt)
				close(pr.done[i])
			}
		}()
	}
	return pr
}

// safeStory is Story with a panic turned into a logged failure of that item
// alone: it returns nil, which storeStories skips. prepare runs Story on its
// own goroutines, beyond the recover of refreshOne, where a panic would end
// the process.
func (p *Pipeline) safeStory(ctx context.Context, src *herald.Source, it *feed.Item, fetchedAt time.Time) (s *herald.Story) {
	defer func() {
		if r := recover(); r != nil {
			p.log.ErrorContext(ctx, "story preparation panicked", "source_id", src.ID, "item", it.ExternalID,
				"panic", r, "stack", string(debug.Stack()))
			s = nil
		}
	}()
	start := time.Now()
	defer func() { p.opts.Observer.Stage("analyze", time.Since(start)) }()
	return p.Story(ctx, src, it, fetchedAt)
}

// wait returns story i once it is ready, or nil when ctx ends first.
func (pr *prepared) wait(ctx context.Context, i int) *herald.Story {
	select {
	case <-pr.done[i]:
		return pr.stories[i]
	case <-ctx.Done():
		return nil
	}
}

// storeBatch is how many prepared stories are stored in one transaction. A
// commit has a fixed cost (a WAL sync, and a flush and merge of the full-text
// index's pending terms) that outweighs the per-story writes until batches
// hold about a hundred stories: 32 to a batch ingested about 1,900 stories/s in
// BenchmarkIngest, 100 about 2,400. A batch of 100 holds the writer for some
// 30 ms, which a reader's click waiting on it does not notice.
const storeBatch = 100

// storeStories stores the prepared stories in feed order, in batches, each
// batch as soon as its stories are ready, and counts what happened.
func (p *Pipeline) storeStories(ctx context.Context, src *herald.Source, items []feed.Item, pr *prepared, st *Stats) {
	for start := 0; start < len(items) && ctx.Err() == nil; start += storeBatch {
		end := min(start+storeBatch, len(items))
		batch := make([]*herald.Story, 0, end-start)
		index := make([]int, 0, end-start)
		for i := start; i < end; i++ {
			s := pr.wait(ctx, i)
			if err := storable(ctx, s); err != nil {
				p.log.WarnContext(ctx, "story not stored", "source_id", src.ID, "item", items[i].URL, "error", err)
				continue
			}
			batch, index = append(batch, s), append(index, i)
		}
		storing := time.Now()
		results, errs := p.store.UpsertStories(ctx, batch)
		p.opts.Observer.Stage("store", time.Since(storing))
		before := *st
		for j, res := range results {
			switch err := errs[j]; {
			case err != nil:
				p.log.WarnContext(ctx, "story not stored", "source_id", src.ID, "item", items[index[j]].URL, "error", err)
			case res.Duplicate:
				st.Duplicates++
			case res.Created:
				st.New++
			default:
				st.Updated++
			}
			if errs[j] == nil {
				p.noteStored(batch[j], res)
			}
		}
		p.opts.Observer.Stored(st.New-before.New, st.Updated-before.Updated, st.Duplicates-before.Duplicates)
	}
}

// storable says why a prepared story cannot be stored, or nil.
func storable(ctx context.Context, s *herald.Story) error {
	if s == nil {
		return fmt.Errorf("story not prepared: %w", ctx.Err())
	}
	if s.Title == "" && s.ContentHTML == "" && s.Summary == "" {
		return fmt.Errorf("item %q has no title and no content", s.ExternalID)
	}
	return nil
}

// Story turns a parsed feed item into a clean, tagged story of src (see
// build). It fetches the article page for the full text when the source's
// mode asks for it.
func (p *Pipeline) Story(ctx context.Context, src *herald.Source, it *feed.Item, fetchedAt time.Time) *herald.Story {
	return p.build(ctx, src, draft{item: *it, fullText: true, itemHash: itemHash(src, it)}, fetchedAt)
}

// fullText replaces s's content with the article page's, when it can be fetched
// and extracted; on failure the feed's content stays.
func (p *Pipeline) fullText(ctx context.Context, s *herald.Story) {
	if p.unreachable.skip(s.URL, p.now()) {
		return
	}
	resp, err := p.fetcher.Get(ctx, fetch.Request{URL: s.URL, Accept: "text/html,application/xhtml+xml"})
	if err != nil {
		p.unreachable.note(s.URL, err, p.now())
		p.log.DebugContext(ctx, "full text fetch failed", "url", s.URL, "error", err)
		return
	}
	art, err := extract.ExtractArticle(resp.Body, resp.URL)
	if err != nil || len(art.TextContent) < len(extract.PlainText(s.ContentHTML)) {
		return
	}
	s.ContentHTML = art.ContentHTML
	if s.ImageURL == "" {
		s.ImageURL, s.ImageCaption = art.ImageURL, art.ImageCaption
	}
	if len(s.Authors) == 0 && art.Byline != "" {
		s.Authors = []string{art.Byline}
	}
	if art.CanonicalURL != "" {
		if canon, err := extract.CanonicalURL(art.CanonicalURL); err == nil {
			s.CanonicalURL = canon
		}
	}
}

// summarize cuts text to about summaryRunes at a word boundary and escapes it
// as HTML, so that Summary is always safe HTML.
func summarize(text string) string {
	// Collapse white space into single spaces only as far as the summary
	// reaches: the text may be a whole article.
	var b strings.Builder
	n, space, more := 0, false, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space && n < summaryRunes {
			b.WriteByte(' ')
			n++
		}
		space = false
		if n >= summaryRunes {
			more = true
			break
		}
		b.WriteRune(r)
		n++
	}
	out := b.String()
	if more {
		if i := strings.LastIndexByte(out, ' '); i > summaryRunes/2 {
			out = out[:i]
		}
		out += "…"
	}
	return html.EscapeString(out)
}

package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/heraldnews/herald/internal/extract"
	"github.com/mmcdole/gofeed"
)

// itemContext is what converting one item needs to know about its feed.
type itemContext struct {
	p           *parsed
	base        *url.URL // site URL, else feed URL; nil when neither is absolute
	baseStr     string
	fetchedAt   time.Time
	feedAuthors []string
}

// convert builds a Feed from gofeed's result.
func convert(p *parsed, feedURL string, fetchedAt time.Time) (*Feed, error) {
	gf := p.gf
	feedBase := extract.ParseBase(feedURL)
	f := &Feed{
		Title:       textField(gf.Title, MaxTitleRunes),
		SiteURL:     resolve(feedBase, gf.Link),
		SelfURL:     resolve(feedBase, gf.FeedLink),
		Description: textField(gf.Description, MaxTextRunes),
		HubURL:      resolve(feedBase, p.hubURL()),
		Format:      p.format(),
	}
	ic := &itemContext{p: p, base: feedBase, fetchedAt: fetchedAt, feedAuthors: people(gf.Authors)}
	if site := extract.ParseBase(f.SiteURL); site != nil {
		ic.base = site
	}
	if ic.base != nil {
		ic.baseStr = ic.base.String()
	}
	for _, i := range selectItems(gf.Items) {
		if gf.Items[i] != nil {
			f.Items = append(f.Items, ic.item(i, gf.Items[i]))
		}
	}
	if len(f.Items) == 0 && f.Title == "" && f.SiteURL == "" {
		return nil, ErrEmptyFeed
	}
	return f, nil
}

// selectItems returns the indexes of the items to keep, in document order:
// all of them, or the MaxItems most recent when there are more.
func selectItems(items []*gofeed.Item) []int {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	if len(items) <= MaxItems {
		return idx
	}
	dates := make([]time.Time, len(items))
	for i, it := range items {
		if it != nil {
			dates[i] = itemDate(it)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return dates[idx[a]].After(dates[idx[b]]) })
	idx = idx[:MaxItems]
	slices.Sort(idx)
	return idx
}

// item converts gofeed item i.
func (ic *itemContext) item(i int, it *gofeed.Item) Item {
	out := Item{
		Title:       textField(firstNonEmpty(it.Title, mediaTitle(it)), MaxTitleRunes),
		URL:         ic.itemURL(i, it),
		SummaryHTML: ic.html(ic.summary(i, it), MaxSummaryBytes),
		ContentHTML: ic.html(ic.content(i, it), MaxContentBytes),
		Authors:     people(it.Authors),
		Categories:  names(it.Categories, MaxCategories),
	}
	if len(out.Authors) == 0 && ic.p.kind != kindRSS {
		out.Authors = ic.feedAuthors
	}
	out.ImageURL, out.ImageCaption = ic.image(i, it, out.ContentHTML, out.SummaryHTML)
	out.PublishedAt, out.UpdatedAt, out.PublishedGuessed = ic.dates(it)
	out.ExternalID = externalID(it, out.URL, out.Title)
	return out
}

// itemURL returns the item's link, else its first other link, else an RSS
// GUID that is a permalink URL, resolved and restricted to http(s).
func (ic *itemContext) itemURL(i int, it *gofeed.Item) string {
	for _, l := range append([]string{it.Link}, it.Links...) {
		if u := resolve(ic.base, l); u != "" {
			return u
		}
	}
	if ri := ic.p.rssItem(i); ri != nil && ri.GUID != nil && !strings.EqualFold(strings.TrimSpace(ri.GUID.IsPermalink), "false") {
		if isAbsoluteWeb(ri.GUID.Value) {
			return resolve(nil, ri.GUID.Value)
		}
	}
	return ""
}

// summary returns the item summary as HTML. JSON Feed summaries are plain
// text by definition and are escaped.
func (ic *itemContext) summary(i int, it *gofeed.Item) string {
	if ji := ic.p.jsonItem(i); ji != nil {
		return textToHTML(ji.Summary)
	}
	return it.Description
}

// content returns the item content as HTML: JSON Feed content_text and Atom
// content of type "text" are escaped.
func (ic *itemContext) content(i int, it *gofeed.Item) string {
	if ji := ic.p.jsonItem(i); ji != nil && ji.ContentHTML == "" {
		return textToHTML(ji.ContentText)
	}
	if ae := ic.p.atomEntry(i); ae != nil && ae.Content != nil && strings.EqualFold(strings.TrimSpace(ae.Content.Type), "text") {
		return textToHTML(ae.Content.Value)
	}
	return it.Content
}

// html caps raw HTML and resolves its relative links.
func (ic *itemContext) html(s string, maxBytes int) string {
	s = strings.TrimSpace(extract.TruncateBytes(s, maxBytes))
	if ic.baseStr == "" {
		return s
	}
	return extract.ResolveLinks(s, ic.baseStr)
}

// dates returns the item's published and updated times, repaired, and
// whether the published time is the fetch time standing in for a date the
// feed did not give.
func (ic *itemContext) dates(it *gofeed.Item) (published, updated time.Time, guessed bool) {
	published = pickDate(it.Published, it.PublishedParsed)
	updated = pickDate(it.Updated, it.UpdatedParsed)
	if published.IsZero() {
		published = updated
	}
	published, guessed = clampPublished(published, ic.fetchedAt)
	return published, clampUpdated(updated, ic.fetchedAt), guessed
}

// itemDate is the date selectItems ranks by (zero when unknown).
func itemDate(it *gofeed.Item) time.Time {
	if t := pickDate(it.Published, it.PublishedParsed); !t.IsZero() {
		return t
	}
	return pickDate(it.Updated, it.UpdatedParsed)
}

// pickDate prefers our own parse of the raw string (it resolves named zones
// that gofeed reads as UTC) and falls back to gofeed's.
func pickDate(raw string, parsed *time.Time) time.Time {
	if t, ok := ParseDate(raw); ok {
		return t
	}
	if parsed != nil && parsed.UTC().Year() >= 0 && parsed.UTC().Year() <= 9999 {
		return parsed.UTC()
	}
	return time.Time{}
}

// clampPublished replaces a missing, implausibly old or future time with
// fetchedAt, and says whether it did.
func clampPublished(t, fetchedAt time.Time) (time.Time, bool) {
	if t.IsZero() || t.Year() < EarliestPlausibleYear || t.After(fetchedAt.Add(FutureTolerance)) {
		return fetchedAt, true
	}
	return t, false
}

func clampUpdated(t, fetchedAt time.Time) time.Time {
	switch {
	case t.IsZero() || t.Year() < EarliestPlausibleYear:
		return time.Time{}
	case t.After(fetchedAt.Add(FutureTolerance)):
		return fetchedAt
	}
	return t
}

// externalID returns the GUID (hashed when longer than MaxIDBytes), else the
// URL, else a hash of title and date (and content when both are empty).
func externalID(it *gofeed.Item, itemURL, title string) string {
	if id := strings.TrimSpace(it.GUID); id != "" {
		if len(id) > MaxIDBytes {
			return hashID(id)
		}
		return id
	}
	if itemURL != "" {
		return itemURL
	}
	key := title + "\x00" + strings.TrimSpace(it.Published)
	if title == "" && strings.TrimSpace(it.Published) == "" {
		key += "\x00" + it.Description + "\x00" + it.Content
	}
	return hashID(key)
}

func hashID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// people returns the plain-text names (or, lacking a name, e-mail addresses)
// of persons, de-duplicated, at most MaxAuthors.
func people(ps []*gofeed.Person) []string {
	var vals []string
	for _, p := range ps {
		if p == nil {
			continue
		}
		if p.Name != "" {
			vals = append(vals, p.Name)
		} else {
			vals = append(vals, p.Email)
		}
	}
	return names(vals, MaxAuthors)
}

// names returns vals as plain text, trimmed, de-duplicated case-insensitively,
// each at most MaxNameRunes, at most limit of them.
func names(vals []string, limit int) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		v = textField(v, MaxNameRunes)
		key := strings.ToLower(v)
		if v == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, v)
		if len(out) == limit {
			break
		}
	}
	return out
}

// mediaTitle returns the item's media:title, the title of items (video and
// photo feeds) that carry no other.
func mediaTitle(it *gofeed.Item) string {
	media := it.Extensions["media"]
	for _, e := range media["title"] {
		if v := strings.TrimSpace(e.Value); v != "" {
			return v
		}
	}
	for _, g := range append(media["group"], media["content"]...) {
		for _, e := range g.Children["title"] {
			if v := strings.TrimSpace(e.Value); v != "" {
				return v
			}
		}
	}
	return ""
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func resolve(base *url.URL, ref string) string {
	if len(ref) > MaxURLBytes {
		return ""
	}
	return extract.ResolveURL(base, ref)
}

func isAbsoluteWeb(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

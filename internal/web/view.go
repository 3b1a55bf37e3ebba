package web

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/extract"
)

// Page sizes and snippet length.
const (
	pageSize      = 30
	snippetRunes  = 280
	cardTopics    = 4  // topics shown on a story card
	cardFollows   = 2  // topics a card's menu offers to follow
	suggestTopics = 12 // topics offered on an empty feed
)

// when is a time as pages show it: relative, with the exact time for <time>.
type when struct {
	Rel  string // "3 hours ago"
	ISO  string // RFC 3339, for the datetime attribute; "" for the zero time
	Full string // "Mon 2 Mar 2026 14:05 UTC", for the title attribute
}

func (s *server) when(t time.Time) when {
	if t.IsZero() {
		return when{}
	}
	now := s.now()
	t = t.In(now.Location())
	return when{Rel: relTime(t, now), ISO: t.Format(time.RFC3339), Full: t.Format("Mon 2 Jan 2006 15:04 MST")}
}

// topicRow is a topic with the reader's relation to it and where its buttons return.
type topicRow struct {
	Slug       string
	Name       string
	Kind       string
	Href       string // the topic page; its follow/mute actions hang below it
	Count      int
	Followed   bool
	Muted      bool
	MutedUntil when // zero when muted for good
	Next       string
}

// Facts are the short facts shown under a topic's name: its kind (unless
// "other") and its story count (when known).
func (t topicRow) Facts() []string {
	var fs []string
	if t.Kind != "" && t.Kind != herald.KindOther {
		fs = append(fs, t.Kind)
	}
	if t.Count > 0 {
		fs = append(fs, count(t.Count, "story", "stories"))
	}
	return fs
}

// sourceRow is a source with its fetch status and the reader's relation to it.
type sourceRow struct {
	ID          int64
	Title       string
	Href        string // the source page; its follow actions hang below it
	URL         string // the feed
	SiteURL     string
	StoryCount  int
	ErrorCount  int
	LastFetched when
	FetchedBy   string // the instance that fetched it last, when several share the store
	NextFetch   when
	LastError   string
	Followed    bool
	Next        string
	Paused      bool
	Category    string
	FullText    string
	MinMinutes  int // the source's own polling bounds; 0 for the server's
	MaxMinutes  int
	Health      health
}

// storyCard is a story in a list.
type storyCard struct {
	ID         int64
	Href       string
	Title      string
	Source     string
	SourceHref string
	When       when
	Snippet    string
	Section    string
	Thumb      string // this server's thumbnail of the lead image; "" when none is kept
	Topics     []link
	Follow     []link     // topics of the story the reader may follow from its menu
	Reason     reasonLine // why the story is in the feed
	Why        string     // the ranked feed's "why am I seeing this?" page; "" elsewhere
	Read       bool
	Saved      bool
	Next       string // where the card's actions return: the list, at this card
	// Cluster is set when the card stands for its story's cluster in a
	// collapsed listing.
	Cluster *cardCluster
	// Highlight, on search results, is the title and snippet with the
	// query's words marked; Title and Snippet stay for everything else.
	Highlight *highlighted
}

// link is a labelled same-site link.
type link struct {
	Text string
	Href string
}

// reasonLine is a feed item's reasons as one line: "Because you follow" once,
// then the names, "North Korea, Seoul and Asia Desk". Reasons in another form
// are listed whole, separated by semicolons.
type reasonLine struct {
	Lead  string
	Parts []reasonPart
}

// reasonPart is one reason (or the name in it) with the separator before it.
type reasonPart struct {
	Before string
	Text   string
	Href   string // the followed topic, source or story cluster; "" when the reason names none
}

const followPrefix = "Because you follow "

func newReasonLine(rs []herald.Reason) reasonLine {
	var line reasonLine
	common := len(rs) > 0
	for _, r := range rs {
		common = common && strings.HasPrefix(r.Text, followPrefix)
	}
	if common {
		line.Lead = strings.TrimSpace(followPrefix)
	}
	for i, r := range rs {
		p := reasonPart{Text: r.Text}
		switch {
		case r.TopicSlug != "":
			p.Href = topicHref(r.TopicSlug)
		case r.SourceID != 0:
			p.Href = sourceHref(r.SourceID)
		case r.ClusterID != 0:
			p.Href = clusterHref(r.ClusterID)
		}
		switch {
		case !common && i > 0:
			p.Before = "; "
		case common && i > 0 && i == len(rs)-1:
			p.Before = " and "
		case common && i > 0:
			p.Before = ", "
		}
		if common {
			p.Text = strings.TrimPrefix(r.Text, followPrefix)
		}
		line.Parts = append(line.Parts, p)
	}
	return line
}

func topicHref(slug string) string { return "/topics/" + url.PathEscape(slug) }
func sourceHref(id int64) string   { return "/sources/" + strconv.FormatInt(id, 10) }
func storyHref(id int64) string    { return "/stories/" + strconv.FormatInt(id, 10) }
func imageHref(id int64, variant string) string {
	return "/images/" + strconv.FormatInt(id, 10) + "/" + variant + ".jpg"
}

// reader is what one reader follows and mutes, loaded once per request.
type reader struct {
	follows []herald.Follow
	mutes   []herald.Mute
	topics  map[string]bool
	sources map[int64]bool
	muted   map[string]time.Time
}

func (s *server) reader(ctx context.Context, userID int64) (*reader, error) {
	fs, err := s.Store.Follows(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("load follows: %w", err)
	}
	ms, err := s.Store.Mutes(ctx, userID, s.now())
	if err != nil {
		return nil, fmt.Errorf("load mutes: %w", err)
	}
	rd := &reader{follows: fs, mutes: ms, topics: map[string]bool{}, sources: map[int64]bool{}, muted: map[string]time.Time{}}
	for _, f := range fs {
		switch {
		case f.Topic != nil:
			rd.topics[f.Topic.Slug] = true
		case f.Source != nil:
			rd.sources[f.Source.ID] = true
		}
	}
	for _, m := range ms {
		rd.muted[m.Topic.Slug] = m.Until
	}
	return rd, nil
}

func (s *server) topicRow(t herald.Topic, rd *reader, next string) topicRow {
	until, muted := rd.muted[t.Slug]
	row := topicRow{
		Slug: t.Slug, Name: t.Name, Kind: t.Kind, Href: topicHref(t.Slug), Count: t.StoryCount,
		Followed: rd.topics[t.Slug], Muted: muted, MutedUntil: s.when(until), Next: next,
	}
	if next != "" {
		row.Next = withAnchor(next, "topic-"+t.Slug) // the button comes back to this row
	}
	return row
}

func (s *server) sourceRow(src *herald.Source, rd *reader, next string) sourceRow {
	row := sourceRow{
		ID: src.ID, Title: cmp.Or(src.Title, src.URL, "Untitled source"), Href: sourceHref(src.ID),
		URL: src.URL, SiteURL: src.SiteURL, StoryCount: src.StoryCount, ErrorCount: src.ErrorCount,
		LastFetched: s.when(src.LastFetchedAt), FetchedBy: src.LastFetchedBy, NextFetch: s.when(src.NextFetchAt),
		LastError: src.LastError, Followed: rd.sources[src.ID], Next: next,
		Paused: src.Paused, Category: src.Category, FullText: string(src.FullText),
		MinMinutes: int(src.MinInterval / time.Minute), MaxMinutes: int(src.MaxInterval / time.Minute),
	}
	row.Health = sourceHealth(row)
	return row
}

// card shows a story in a list, with the reasons it is in the feed, if any;
// its actions return to next, at the card.
func (s *server) card(st *herald.Story, reasons []herald.Reason, next string) storyCard {
	c := storyCard{
		ID: st.ID, Href: storyHref(st.ID), Title: cmp.Or(st.Title, "Untitled story"),
		Source: st.Source.Title, SourceHref: sourceHref(st.Source.ID), When: s.when(st.PublishedAt),
		Snippet: snippet(extract.InlineText(cmp.Or(st.Summary, st.ContentHTML)), snippetRunes),
		Section: st.Section, Read: st.Read, Saved: st.Saved, Next: withAnchor(next, "story-"+strconv.FormatInt(st.ID, 10)),
		Cluster: cardClusterOf(st),
	}
	for _, t := range bySalience(st.Topics, cardTopics) {
		c.Topics = append(c.Topics, link{Text: t.Name, Href: topicHref(t.Slug)})
	}
	c.Reason = newReasonLine(reasons)
	return c
}

// cards shows stories in a list (see card), decorated for the reader.
func (s *server) cards(ctx context.Context, userID int64, stories []*herald.Story, next string) ([]storyCard, error) {
	out := make([]storyCard, 0, len(stories))
	for _, st := range stories {
		out = append(out, s.card(st, nil, next))
	}
	return out, s.decorate(ctx, userID, out)
}

// decorate sets what a list's cards show beyond their story: the kept
// thumbnail, and the topics the reader may follow from the card's menu.
func (s *server) decorate(ctx context.Context, userID int64, cs []storyCard) error {
	if len(cs) == 0 {
		return nil
	}
	rd, err := s.reader(ctx, userID)
	if err != nil {
		return err
	}
	for i := range cs {
		for _, t := range cs[i].Topics {
			if len(cs[i].Follow) < cardFollows && !rd.topics[strings.TrimPrefix(t.Href, "/topics/")] {
				cs[i].Follow = append(cs[i].Follow, t)
			}
		}
	}
	return s.thumbs(ctx, cs)
}

// thumbs sets the Thumb of the cards whose story has a kept image.
func (s *server) thumbs(ctx context.Context, cs []storyCard) error {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	sizes, err := s.Store.ImageSizes(ctx, ids)
	if err != nil {
		return fmt.Errorf("thumbnails: %w", err)
	}
	for i := range cs {
		if _, ok := sizes[cs[i].ID]; ok {
			cs[i].Thumb = imageHref(cs[i].ID, herald.ImageThumb)
		}
	}
	return nil
}

// withAnchor returns u with its fragment replaced by anchor.
func withAnchor(u, anchor string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	return u + "#" + anchor
}

// bySalience returns at most n of ts, most salient first (stable for ties).
func bySalience(ts []herald.StoryTopic, n int) []herald.StoryTopic {
	ts = slices.Clone(ts)
	slices.SortStableFunc(ts, func(a, b herald.StoryTopic) int { return cmp.Compare(b.Salience, a.Salience) })
	return ts[:min(n, len(ts))]
}

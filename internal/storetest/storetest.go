// Package storetest is the conformance suite that every herald.Store passes.
// A store's own test calls Run with a function that opens a fresh, empty store
// for each subtest; the suite exercises every method through the root
// interfaces only, so both dialects are held to one set of contracts.
//
// Times in the suite sit on whole milliseconds, the coarsest precision a store
// keeps (SQLite stores unix milliseconds).
package storetest

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/heraldnews/herald"
)

// Run runs the conformance suite as subtests of t. open must return a new,
// empty store and arrange its cleanup with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) herald.Store) {
	groups := []struct {
		name  string
		tests []namedTest
	}{
		{"Source", sourceTests},
		{"Story", storyTests},
		{"Item", itemTests},
		{"Search", searchTests},
		{"Topic", topicTests},
		{"TopicAdmin", topicAdminTests},
		{"User", userTests},
		{"Token", tokenTests},
		{"Access", accessTests},
		{"Follow", followTests},
		{"Feed", feedTests},
		{"Event", eventTests},
		{"Push", pushTests},
		{"Section", sectionTests},
		{"StorySection", storySectionTests},
		{"WebSub", webSubTests},
		{"Instances", instanceTests},
		{"Reading", readingTests},
		{"Stream", streamTests},
		{"Webhook", webhookTests},
		{"Account", accountTests},
		{"SourceAdmin", sourceAdminTests},
		{"Image", imageTests},
		{"Store", storeTests},
		{"Cluster", clusterTests},
		{"Rank", rankTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tt := range g.tests {
				t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
			}
		})
	}
}

// namedTest is one subtest of the suite.
type namedTest struct {
	name string
	fn   func(t *testing.T, s herald.Store)
}

// t0 is the suite's reference time.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// ignoreTopicIDs ignores store-assigned topic ids and counts in comparisons.
var ignoreTopicIDs = cmpopts.IgnoreFields(herald.Topic{}, "ID", "StoryCount")

// wantCode fails t unless err carries the error code want ("" for nil).
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := herald.ErrorCode(err); got != want {
		t.Fatalf("error = %v (code %q), want code %q", err, got, want)
	}
}

// newSource creates a source with url and title.
func newSource(t *testing.T, s herald.Store, url, title string) *herald.Source {
	t.Helper()
	src := &herald.Source{URL: url, Title: title}
	if err := s.CreateSource(t.Context(), src); err != nil {
		t.Fatalf("CreateSource(%q): %v", url, err)
	}
	return src
}

// newUser creates a user called name.
func newUser(t *testing.T, s herald.Store, name string) *herald.User {
	t.Helper()
	u := &herald.User{Name: name, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA"}
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatalf("CreateUser(%q): %v", name, err)
	}
	return u
}

// topic returns a story topic link with a name derived from slug.
func topic(slug string, salience float64) herald.StoryTopic {
	return herald.StoryTopic{Topic: herald.Topic{Slug: slug, Name: "Topic " + slug, Kind: herald.KindOther}, Salience: salience}
}

// newStory returns an unsaved story of source src keyed by ext.
func newStory(src int64, ext string, at time.Time, topics ...herald.StoryTopic) *herald.Story {
	return &herald.Story{
		SourceID:    src,
		ExternalID:  ext,
		URL:         "https://news.example/" + ext,
		Title:       "Story " + ext,
		Summary:     "<p>Summary of " + ext + "</p>",
		PublishedAt: at,
		Topics:      topics,
	}
}

// upsert stores st and fails t on error.
func upsert(t *testing.T, s herald.Store, st *herald.Story) herald.UpsertResult {
	t.Helper()
	res, err := s.UpsertStory(t.Context(), st)
	if err != nil {
		t.Fatalf("UpsertStory(%q): %v", st.ExternalID, err)
	}
	return res
}

// storyIDs returns the ids of stories in order.
func storyIDs(stories []*herald.Story) []int64 {
	out := make([]int64, len(stories))
	for i, s := range stories {
		out[i] = s.ID
	}
	return out
}

// newestFirst sorts stories by published time, then id, both descending, and
// returns their ids: the order every listing must follow.
func newestFirst(stories []*herald.Story) []int64 {
	c := append([]*herald.Story(nil), stories...)
	sort.Slice(c, func(i, j int) bool {
		if !c[i].PublishedAt.Equal(c[j].PublishedAt) {
			return c[i].PublishedAt.After(c[j].PublishedAt)
		}
		return c[i].ID > c[j].ID
	})
	return storyIDs(c)
}

// allStories walks every page of a listing and returns the ids in order,
// failing t if the walk does not end.
func allStories(t *testing.T, s herald.Store, f herald.StoryFilter) []int64 {
	t.Helper()
	var ids []int64
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatal("Stories: pagination does not end")
		}
		p, err := s.Stories(t.Context(), f)
		if err != nil {
			t.Fatalf("Stories(%+v): %v", f, err)
		}
		if len(p.Items) > max(f.Limit, 1) && f.Limit != 0 {
			t.Fatalf("Stories: page of %d items exceeds limit %d", len(p.Items), f.Limit)
		}
		ids = append(ids, storyIDs(p.Items)...)
		if p.NextCursor == "" {
			return ids
		}
		f.Cursor = p.NextCursor
	}
}

// diff fails t with a (-want +got) diff when want and got differ.
func diff(t *testing.T, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, append(opts, cmpopts.EquateEmpty())...); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// within fails t unless got lies in [from, to] give or take the store's precision.
func within(t *testing.T, what string, got, from, to time.Time) {
	t.Helper()
	if got.Before(from.Add(-time.Millisecond)) || got.After(to.Add(time.Millisecond)) {
		t.Errorf("%s = %v, want between %v and %v", what, got, from, to)
	}
}

// sortStrings compares string slices as sets.
var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

// ext returns the external id of the i-th generated story.
func ext(i int) string { return fmt.Sprintf("guid-%03d", i) }

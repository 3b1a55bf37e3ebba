package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var searchTests = []namedTest{
	{"Matches", testSearchMatches},
	{"HostileInput", testSearchHostileInput},
	{"FollowsUpdates", testSearchFollowsUpdates},
	{"Pagination", testSearchPagination},
}

// searchFixture stores three stories and returns their ids by name.
func searchFixture(t *testing.T, s herald.Store) map[string]int64 {
	src := newSource(t, s, "https://example.org/feed", "Example")
	other := newSource(t, s, "https://other.example/feed", "Other")
	stories := []struct {
		name, title, content string
		src                  int64
		topic                string
	}{
		{"vote", "Elections called in Zürich", "<p>The <strong>canton</strong> votes in spring.</p>", src.ID, "politics"},
		{"quake", "Earthquake shakes Tokyo", `<p>Buildings swayed; <a href="https://x.example/seismograph">no damage</a>.</p>`, src.ID, "disasters"},
		{"rail", "New rail line opens", "<p>Trains run from the canton capital to the coast on election day.</p>", other.ID, "transport"},
	}
	ids := map[string]int64{}
	for i, st := range stories {
		story := newStory(st.src, st.name, t0.Add(time.Duration(i)*time.Minute), topic(st.topic, 0.5))
		story.Title, story.ContentHTML, story.Summary = st.title, st.content, ""
		upsert(t, s, story)
		ids[st.name] = story.ID
	}
	return ids
}

func testSearchMatches(t *testing.T, s herald.Store) {
	ids := searchFixture(t, s)
	tests := []struct {
		name   string
		filter herald.StoryFilter
		want   []string
	}{
		{"title word", herald.StoryFilter{Query: "earthquake"}, []string{"quake"}},
		{"case-insensitive", herald.StoryFilter{Query: "TOKYO"}, []string{"quake"}},
		{"text word", herald.StoryFilter{Query: "trains"}, []string{"rail"}},
		{"stemmed plural", herald.StoryFilter{Query: "election"}, []string{"rail", "vote"}},
		{"title and text", herald.StoryFilter{Query: "canton"}, []string{"rail", "vote"}},
		{"all words required", herald.StoryFilter{Query: "canton spring"}, []string{"vote"}},
		{"phrase", herald.StoryFilter{Query: `"canton capital"`}, []string{"rail"}},
		{"phrase order matters", herald.StoryFilter{Query: `"capital canton"`}, []string{}},
		{"or", herald.StoryFilter{Query: "tokyo or trains"}, []string{"rail", "quake"}},
		{"exclusion", herald.StoryFilter{Query: "canton -spring"}, []string{"rail"}},
		{"markup is not text", herald.StoryFilter{Query: "strong"}, []string{}},
		{"attribute values are not text", herald.StoryFilter{Query: "seismograph"}, []string{}},
		{"non-latin", herald.StoryFilter{Query: "zürich"}, []string{"vote"}},
		{"no match", herald.StoryFilter{Query: "volcano"}, []string{}},
		{"prefix", herald.StoryFilter{Query: "earth*"}, []string{"quake"}},
		{"prefix and word", herald.StoryFilter{Query: "cant* spring"}, []string{"vote"}},
		{"excluded prefix", herald.StoryFilter{Query: "canton -spr*"}, []string{"rail"}},
		{"since", herald.StoryFilter{Query: "canton", Since: t0.Add(time.Minute)}, []string{"rail"}},
		{"until", herald.StoryFilter{Query: "canton", Until: t0.Add(time.Minute)}, []string{"vote"}},
		{"blank query filters nothing", herald.StoryFilter{Query: " \t "}, []string{"rail", "quake", "vote"}},
		{"with topic", herald.StoryFilter{Query: "canton", TopicSlug: "transport"}, []string{"rail"}},
		{"with source", herald.StoryFilter{Query: "canton", SourceID: 1 << 40}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.Stories(t.Context(), tt.filter)
			if err != nil {
				t.Fatalf("Stories(%q): %v", tt.filter.Query, err)
			}
			want := make([]int64, len(tt.want))
			for i, n := range tt.want {
				want[i] = ids[n]
			}
			diff(t, "search "+tt.filter.Query, want, storyIDs(page.Items))
		})
	}
}

func testSearchHostileInput(t *testing.T, s herald.Store) {
	searchFixture(t, s)
	for _, q := range []string{
		`"`, `"unbalanced`, `'`, `a'b`, `AND`, `OR`, `NOT`, `a AND OR b`, `(`, `)`, `*`, `tokyo*`,
		`title:tokyo`, `NEAR(a b)`, `^x`, `-`, `--`, `- -tokyo`, `!!!`, `:`, `\`, `&|!<->`, `a:*`,
		"\x00", "tokyo\x00", "\xff\xfe", `{}[]`, `1 = 1; DROP TABLE stories; --`, "   ",
	} {
		page, err := s.Stories(t.Context(), herald.StoryFilter{Query: q})
		if err != nil {
			t.Errorf("Stories(Query %q): %v", q, err)
			continue
		}
		if len(page.Items) > 3 {
			t.Errorf("Stories(Query %q) = %d stories, want at most 3", q, len(page.Items))
		}
	}
	page, err := s.Stories(t.Context(), herald.StoryFilter{Query: "tokyo*"})
	if err != nil || len(page.Items) != 1 {
		t.Errorf("Stories(tokyo*) = %v, %v; want the Tokyo story (punctuation is not syntax)", page, err)
	}
	page, err = s.Stories(t.Context(), herald.StoryFilter{Limit: 50})
	if err != nil || len(page.Items) != 3 {
		t.Errorf("stories table damaged by hostile search: %v, %v", page, err)
	}
}

func testSearchFollowsUpdates(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	st := newStory(src.ID, "x", t0)
	st.Title = "Flooding in Valencia"
	upsert(t, s, st)
	st.Title = "Drought in Seville"
	upsert(t, s, st)
	for q, want := range map[string]int{"flooding": 0, "drought": 1, "seville": 1} {
		page, err := s.Stories(t.Context(), herald.StoryFilter{Query: q})
		if err != nil || len(page.Items) != want {
			t.Errorf("Stories(%q) = %v, %v; want %d stories", q, page, err, want)
		}
	}
}

func testSearchPagination(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	var matching []*herald.Story
	for i := range 9 {
		st := newStory(src.ID, ext(i), t0.Add(time.Duration(i%3)*time.Hour))
		if i%4 != 0 {
			st.Title = "Harvest report " + ext(i)
			matching = append(matching, st)
		}
		upsert(t, s, st)
	}
	diff(t, "search pages", newestFirst(matching), allStories(t, s, herald.StoryFilter{Query: "harvest", Limit: 2}))
}

package rank

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func story(id int64, age time.Duration, topics ...herald.StoryTopic) *herald.Story {
	return &herald.Story{ID: id, PublishedAt: now.Add(-age), Topics: topics}
}

func topic(slug, name string, sal float64) herald.StoryTopic {
	return herald.StoryTopic{Topic: herald.Topic{Slug: slug, Name: name}, Salience: sal}
}

func TestExplain(t *testing.T) {
	nk := topic("north-korea", "North Korea", 0.9)
	abe := topic("shinzo-abe", "Shinzo Abe", 0.7)
	tests := []struct {
		name string
		c    herald.Candidate
		want []herald.Reason
	}{
		{"one topic", herald.Candidate{Story: story(1, 0, nk), MatchedTopics: []herald.Topic{nk.Topic}},
			[]herald.Reason{{Kind: herald.ReasonTopic, Text: "Because you follow North Korea", TopicSlug: "north-korea"}}},
		{"topic and source", herald.Candidate{Story: story(1, 0, nk, abe), MatchedTopics: []herald.Topic{nk.Topic, abe.Topic},
			MatchedSource: &herald.SourceRef{ID: 7, Title: "The Gazette"}},
			[]herald.Reason{
				{Kind: herald.ReasonTopic, Text: "Because you follow North Korea", TopicSlug: "north-korea"},
				{Kind: herald.ReasonTopic, Text: "Because you follow Shinzo Abe", TopicSlug: "shinzo-abe"},
				{Kind: herald.ReasonSource, Text: "Because you follow The Gazette", SourceID: 7},
			}},
		{"followed cluster first", herald.Candidate{Story: story(1, 0, nk), MatchedTopics: []herald.Topic{nk.Topic}, MatchedCluster: 12},
			[]herald.Reason{
				{Kind: herald.ReasonCluster, Text: "Because you follow this story", ClusterID: 12},
				{Kind: herald.ReasonTopic, Text: "Because you follow North Korea", TopicSlug: "north-korea"},
			}},
		{"nothing matched", herald.Candidate{Story: story(1, 0)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Explain(tt.c)); diff != "" {
				t.Errorf("Explain (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExplainCapsTopicReasons(t *testing.T) {
	var ts []herald.Topic
	for _, s := range []string{"a", "b", "c", "d", "e"} {
		ts = append(ts, herald.Topic{Slug: s, Name: s})
	}
	if got := len(Explain(herald.Candidate{Story: story(1, 0), MatchedTopics: ts})); got != maxTopicReasons {
		t.Fatalf("reasons = %d, want %d", got, maxTopicReasons)
	}
}

func TestScoreFreshnessAndRelevance(t *testing.T) {
	nk := topic("north-korea", "North Korea", 0.8)
	fresh := Score(herald.Candidate{Story: story(1, 0, nk), MatchedTopics: []herald.Topic{nk.Topic}}, now)
	old := Score(herald.Candidate{Story: story(2, HalfLife, nk), MatchedTopics: []herald.Topic{nk.Topic}}, now)
	if fresh != 0.8 {
		t.Errorf("fresh score = %v, want the salience 0.8", fresh)
	}
	if diff := old - fresh/2; diff > 1e-9 || diff < -1e-9 {
		t.Errorf("score after one half-life = %v, want %v", old, fresh/2)
	}
	future := Score(herald.Candidate{Story: story(3, -time.Hour, nk), MatchedTopics: []herald.Topic{nk.Topic}}, now)
	if future != fresh {
		t.Errorf("future-dated score = %v, want it treated as fresh (%v)", future, fresh)
	}
	src := Score(herald.Candidate{Story: story(4, 0), MatchedSource: &herald.SourceRef{ID: 1}}, now)
	if src != 1 {
		t.Errorf("followed-source score = %v, want 1", src)
	}
}

func TestItemsKeepsOrderAndDropsUnexplained(t *testing.T) {
	nk := topic("north-korea", "North Korea", 0.5)
	cands := []herald.Candidate{
		{Story: story(3, time.Hour, nk), MatchedTopics: []herald.Topic{nk.Topic}},
		{Story: story(2, 2*time.Hour)},
		{Story: story(1, 3*time.Hour, nk), MatchedTopics: []herald.Topic{nk.Topic}},
	}
	items := Items(cands, now)
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.Story.ID)
	}
	if diff := cmp.Diff([]int64{3, 1}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
}

type fakeFollows struct {
	herald.FollowStore
	q     herald.FeedQuery
	cands []herald.Candidate
}

func (f *fakeFollows) FeedCandidates(_ context.Context, q herald.FeedQuery) ([]herald.Candidate, string, error) {
	f.q = q
	return f.cands, "next", nil
}

func TestServiceFeed(t *testing.T) {
	nk := topic("north-korea", "North Korea", 0.5)
	f := &fakeFollows{cands: []herald.Candidate{{Story: story(1, 0, nk), MatchedTopics: []herald.Topic{nk.Topic}}}}
	s := &Service{Store: f, Now: func() time.Time { return now }}
	items, next, err := s.Feed(context.Background(), herald.FeedQuery{UserID: 9, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if next != "next" || len(items) != 1 || f.q.UserID != 9 || !f.q.Now.Equal(now) {
		t.Errorf("Feed = %d items, next %q, query %+v", len(items), next, f.q)
	}
}

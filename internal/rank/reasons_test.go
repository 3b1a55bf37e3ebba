package rank

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

func TestReasons(t *testing.T) {
	opec := DocTopic{ID: 3, Slug: "opec", Name: "OPEC", Salience: 0.9}
	p := &Profile{Topics: map[string]*TopicStat{"opec": {Name: "OPEC", W: 2,
		Reads: []int64{now.Add(-10 * 24 * time.Hour).Unix(), now.Add(-2 * 24 * time.Hour).Unix(), now.Add(-time.Hour).Unix()}}}}
	doc := &Doc{ID: 1, SourceID: 4, Source: "Gazette", Topics: []DocTopic{opec}}
	part := func(f string, c float64) herald.Contribution { return herald.Contribution{Feature: f, Contribution: c} }
	tests := []struct {
		name string
		s    Scored
		want []string
	}{
		{"read topic, this week only", Scored{Cand: Cand{Doc: doc}, Parts: []herald.Contribution{part(FeatureTopics, 0.3)}},
			[]string{"Because you read 2 stories about OPEC this week"}},
		{"follows first, then trending", Scored{Cand: Cand{Doc: doc, FollowTopics: []DocTopic{opec}, FollowSource: true, Outlets: 14},
			Parts: []herald.Contribution{part(FeatureTrending, 0.2)}},
			[]string{"Because you follow OPEC", "New from a source you follow: Gazette", "Trending: 14 outlets"}},
		{"followed cluster", Scored{Cand: Cand{Doc: doc, FollowCluster: 9}},
			[]string{"Because you follow this story"}},
		{"likeness in words", Scored{Cand: Cand{Doc: doc}, Parts: []herald.Contribution{part(FeatureText, 0.8)}},
			[]string{"Like stories you read recently"}},
		{"nothing else: fresh", Scored{Cand: Cand{Doc: doc}}, []string{"One of the newest stories"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range Reasons(&tt.s, p, now) {
				got = append(got, r.Text)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("reasons (-want +got):\n%s", d)
			}
		})
	}
}

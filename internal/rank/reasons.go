package rank

import (
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// readReasonWindow is the span "this week" of a reading reason covers.
const readReasonWindow = 7 * 24 * time.Hour

// Reasons says why a ranked story is in the reader's feed, from what
// counted in its score: follows first (story, topics, source), then the
// reader's own reading ("Because you read 3 stories about OPEC this week",
// a section they often read, stories alike in words), then trending. Every
// reason is true of the story and the profile; there is at least one.
func Reasons(s *Scored, p *Profile, now time.Time) []herald.Reason {
	var rs []herald.Reason
	if s.FollowCluster != 0 {
		rs = append(rs, herald.Reason{Kind: herald.ReasonCluster, Text: "Because you follow this story", ClusterID: s.FollowCluster})
	}
	for i, t := range s.FollowTopics {
		if i == maxTopicReasons {
			break
		}
		rs = append(rs, herald.Reason{Kind: herald.ReasonTopic, Text: "Because you follow " + t.Name, TopicSlug: t.Slug})
	}
	if s.FollowSource {
		rs = append(rs, herald.Reason{Kind: herald.ReasonSource, Text: "New from a source you follow: " + s.Doc.Source,
			SourceID: s.Doc.SourceID})
	}
	rs = append(rs, readingReasons(s, p, now)...)
	if s.Outlets >= 3 && part(s, FeatureTrending) > 0 {
		rs = append(rs, herald.Reason{Kind: herald.ReasonTrending, Text: fmt.Sprintf("Trending: %d outlets", s.Outlets)})
	}
	if len(rs) == 0 {
		rs = append(rs, herald.Reason{Kind: herald.ReasonFresh, Text: "One of the newest stories"})
	}
	return rs
}

// readingReasons are the reasons from the reader's own reading.
func readingReasons(s *Scored, p *Profile, now time.Time) []herald.Reason {
	var rs []herald.Reason
	if part(s, FeatureTopics) > 0 {
		for _, t := range s.Doc.Topics {
			ts := p.Topics[t.Slug]
			if ts == nil || ts.W <= 0 {
				continue
			}
			if n := ts.ReadsSince(now.Add(-readReasonWindow)); n > 0 {
				rs = append(rs, herald.Reason{Kind: herald.ReasonRead, Text: readText(n, t.Name), TopicSlug: t.Slug})
				break
			}
		}
	}
	if len(rs) == 0 && part(s, FeatureSections) >= 0.1 {
		rs = append(rs, herald.Reason{Kind: herald.ReasonRead, Text: "Because you often read " + s.Doc.Section})
	}
	if len(rs) == 0 && part(s, FeatureText) >= 0.2 {
		rs = append(rs, herald.Reason{Kind: herald.ReasonSimilar, Text: "Like stories you read recently"})
	}
	return rs
}

func readText(n int, name string) string {
	switch {
	case n == 1:
		return fmt.Sprintf("Because you read a story about %s this week", name)
	case n >= maxTopicReads: // a profile keeps the last maxTopicReads reads
		return fmt.Sprintf("Because you read %d or more stories about %s this week", n, name)
	}
	return fmt.Sprintf("Because you read %d stories about %s this week", n, name)
}

// part returns the contribution of the named feature to s's score.
func part(s *Scored, feature string) float64 {
	for _, c := range s.Parts {
		if c.Feature == feature {
			return c.Contribution
		}
	}
	return 0
}

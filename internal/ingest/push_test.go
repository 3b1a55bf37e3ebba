package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

func TestMergeTopics(t *testing.T) {
	found := []herald.StoryTopic{
		{Topic: herald.Topic{Slug: "us-senate", Name: "US Senate", Kind: herald.KindOther}, Salience: 0.4},
		{Topic: herald.Topic{Slug: "budget", Name: "Budget", Kind: herald.KindOther}, Salience: 0.95},
	}
	given := []herald.Topic{
		{Name: "US Senate", Kind: herald.KindOrganisation}, // known: raised and re-kinded
		{Name: "Budget"}, // known and already more salient: kept
		{Name: "Lois Lane", Kind: herald.KindPerson}, // new
		{Name: "!!!"}, // no slug: dropped
	}
	want := []herald.StoryTopic{
		{Topic: herald.Topic{Slug: "us-senate", Name: "US Senate", Kind: herald.KindOrganisation}, Salience: publisherSalience},
		{Topic: herald.Topic{Slug: "budget", Name: "Budget", Kind: herald.KindOther}, Salience: 0.95},
		{Topic: herald.Topic{Slug: "lois-lane", Name: "Lois Lane", Kind: herald.KindPerson}, Salience: publisherSalience},
	}
	if d := cmp.Diff(want, mergeTopics(found, given)); d != "" {
		t.Errorf("mergeTopics (-want +got):\n%s", d)
	}
	if found[0].Salience != 0.4 {
		t.Error("mergeTopics changed its input")
	}
}

package topic

import (
	"os"
	"testing"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"", "A", "U.S.", "Abe's", "’s", "-", "&", "Mr.", "The", "Prime Minister", "Photo:", "(c)", "©",
		"Japan-US", "US-South Korea", "al-", "al-A", "von der", "Bank of", "of the", "North and",
		"Donald J. Trump said", "ZÜRICH straße ǅemal", "\xff\xfe invalid \xc3", "a\u0308b", "İstanbul KELVİN K",
		"Home | World\nSign up\n\nPhoto: AFP/Getty Images (Reuters) - x",
		"TRUMP AND ABE AGREE\nTrump And Abe Agree To Keep\nDonald Trump met Shinzo Abe.",
		earningsStory, footballStory, euStory,
	} {
		f.Add(s)
	}
	if b, err := os.ReadFile(seedPath); err == nil {
		f.Add(string(b))
	}
}

// FuzzProperNouns checks that any text yields well-formed mentions: inside
// the text, non-empty, matching their offsets, in order and not overlapping.
func FuzzProperNouns(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, m := range ProperNouns(text) {
			if m.Start < last || m.Start >= m.End || m.End > len(text) || text[m.Start:m.End] != m.Text {
				t.Fatalf("bad mention %+v (previous ended at %d) in %q", m, last, text)
			}
			switch m.Type {
			case "", "PER", "LOC", "ORG", "MISC":
			default:
				t.Fatalf("bad type %+v", m)
			}
			last = m.End
		}
	})
}

// FuzzResolve checks Resolve's contract on any text, used as both title and
// text, with a category cut from it.
func FuzzResolve(f *testing.F) {
	fuzzSeeds(f)
	r := NewResolver(Options{})
	f.Fuzz(func(t *testing.T, text string) {
		cat := text
		if len(cat) > 20 {
			cat = cat[:20]
		}
		res := r.Resolve(Input{Title: text, Text: text, Categories: []string{cat}})
		checkEntities(t, text, res.Entities)
		checkEntities(t, text, res.TitleEntities)
		if len(res.Topics) > DefaultMaxTopics {
			t.Fatalf("%d topics", len(res.Topics))
		}
		kept := map[string]bool{}
		for i, tp := range res.Topics {
			if tp.Salience < DefaultThreshold || tp.Salience > 1 || (i > 0 && tp.Salience > res.Topics[i-1].Salience) {
				t.Fatalf("bad salience %+v", res.Topics)
			}
			if tp.Slug == "" || tp.Slug != Slug(tp.Name) || kept[tp.Slug] || Kind(nerType(tp.Kind)) == "" {
				t.Fatalf("bad topic %+v in %+v", tp, res.Topics)
			}
			kept[tp.Slug] = true
		}
		for _, e := range append(res.Entities, res.TitleEntities...) {
			if e.Topic != "" && !kept[e.Topic] {
				t.Fatalf("entity %+v points at a missing topic", e)
			}
		}
	})
}

package topic

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heraldnews/herald"
)

// seedPath is the scraped news page shared by the team; it is not part of
// the repository.
var seedPath = filepath.Join("..", "..", "..", "shared", "seed", "article.txt")

func readSeed(t testing.TB) string {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed article not available (%v); it lives outside the repository", err)
	}
	return string(b)
}

// TestSeedArticle tags the real scraped page, navigation, photo credits,
// promotion and all, with ProperNouns as the extractor: as `herald tag` sees
// it (no title), and as ingest sees it (the headline as title).
func TestSeedArticle(t *testing.T) {
	text := readSeed(t)
	for name, in := range map[string]Input{
		"whole page":     {Text: text},
		"with its title": {Title: "Donald Trump and Shinzo Abe agree to keep pressure up on North Korea", Text: text},
	} {
		t.Run(name, func(t *testing.T) {
			res := NewResolver(Options{}).Resolve(in)
			for _, tp := range res.Topics {
				t.Logf("%.3f %-12s %s", tp.Salience, tp.Kind, tp.Name)
			}
			got := slugs(res)
			for _, want := range []string{"north-korea", "shinzo-abe", "donald-trump", "moon-jae-in", "mike-pence",
				"kim-jong-un", "japan", "south-korea", "united-states", "pyeongchang-winter-olympics"} {
				if !contains(got, want) {
					t.Errorf("topics %v lack %s", got, want)
				}
			}
			var people []string
			for _, tp := range res.Topics {
				if tp.Kind == herald.KindPerson {
					people = append(people, tp.Slug)
				}
			}
			if len(people) < 2 || sortedCopy(people[:2])[0] != "donald-trump" || sortedCopy(people[:2])[1] != "shinzo-abe" {
				t.Errorf("most salient people = %v, want Abe and Trump first", people)
			}
			checkSeedBoilerplate(t, text, res)
		})
	}
}

// checkSeedBoilerplate checks that the promotion block and the photo credits
// yield no topics.
func checkSeedBoilerplate(t *testing.T, text string, res Result) {
	t.Helper()
	promoStart := strings.Index(text, "Get more with myNEWS")
	promoEnd := strings.Index(text, "Learn more") + len("Learn more")
	if promoStart < 0 || promoEnd < promoStart {
		t.Fatal("the seed article changed: no myNEWS promotion")
	}
	for _, e := range res.Entities {
		inPromo := e.Start >= promoStart && e.End <= promoEnd
		credit := strings.HasSuffix(strings.TrimSpace(text[max(0, e.Start-8):e.Start]), "Photo:")
		if (inPromo || credit) && e.Topic != "" {
			t.Errorf("boilerplate entity %+v has topic %q", e, e.Topic)
		}
	}
	for _, tp := range res.Topics {
		for _, junk := range []string{"mynews", "kyodo", "learn", "photo", "personalised"} {
			if strings.Contains(tp.Slug, junk) {
				t.Errorf("boilerplate topic %+v", tp)
			}
		}
	}
	found := false
	for _, e := range res.Entities {
		if e.Text == "myNEWS" {
			found = true
		}
	}
	if !found {
		t.Error("the promotion's brand name should be extracted (and then dropped by layout), not missed")
	}
}

func TestSeedEntitiesAreSound(t *testing.T) {
	text := readSeed(t)
	res := NewResolver(Options{}).Resolve(Input{Text: text})
	checkEntities(t, text, res.Entities)
	kept := map[string]bool{}
	for _, tp := range res.Topics {
		kept[tp.Slug] = true
	}
	for _, e := range res.Entities {
		if e.Topic != "" && !kept[e.Topic] {
			t.Errorf("entity %+v points at a topic not in the result", e)
		}
	}
}

// checkEntities checks the offsets contract of entities.
func checkEntities(t testing.TB, text string, es []Entity) {
	t.Helper()
	for _, e := range es {
		if e.Start < 0 || e.End > len(text) || e.Start >= e.End || text[e.Start:e.End] != e.Text {
			t.Errorf("bad entity %+v", e)
		}
	}
}

package topic

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

// mark returns mentions of the given texts, each found after the previous one.
func mark(t *testing.T, text string, items ...tm) []Mention {
	t.Helper()
	var ms []Mention
	at := 0
	for _, it := range items {
		i := strings.Index(text[at:], it.Text)
		if i < 0 {
			t.Fatalf("%q not found after offset %d", it.Text, at)
		}
		ms = append(ms, Mention{Text: it.Text, Type: it.Type, Start: at + i, End: at + i + len(it.Text)})
		at += i + len(it.Text)
	}
	return ms
}

// slugs returns the topic slugs of a result, in order.
func slugs(res Result) []string {
	out := make([]string, 0, len(res.Topics))
	for _, tp := range res.Topics {
		out = append(out, tp.Slug)
	}
	return out
}

// entityTopics maps entity text (first occurrence wins) to its topic.
func entityTopics(res Result) map[string]string {
	m := make(map[string]string)
	for _, e := range res.Entities {
		if _, ok := m[e.Text]; !ok {
			m[e.Text] = e.Topic
		}
	}
	return m
}

func allTopics() *Resolver {
	return NewResolver(Options{Threshold: 0.001, MinEvidence: -1, MaxTopics: 100})
}

func TestShortNamesLinkToFullNames(t *testing.T) {
	text := "Shinzo Abe spoke to Donald Trump. Later Abe said Trump agreed. " +
		"President Moon Jae-in wrote to Kim Jong-un, and Moon waited for Kim to answer."
	res := allTopics().Resolve(Input{Text: text})
	got := entityTopics(res)
	want := map[string]string{
		"Shinzo Abe": "shinzo-abe", "Abe": "shinzo-abe",
		"Donald Trump": "donald-trump", "Trump": "donald-trump",
		"Moon Jae-in": "moon-jae-in", "Moon": "moon-jae-in",
		"Kim Jong-un": "kim-jong-un", "Kim": "kim-jong-un",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entity topics (-want +got):\n%s", diff)
	}
	for _, tp := range res.Topics {
		if tp.Slug == "abe" || tp.Slug == "trump" || tp.Slug == "moon" || tp.Slug == "kim" {
			t.Errorf("short form became a topic of its own: %+v", tp)
		}
	}
}

func TestShortNameLinksBackwards(t *testing.T) {
	text := "Abe arrived first. The talks were hosted by Prime Minister Shinzo Abe in Tokyo."
	ms := mark(t, text, tm{"Abe", "PER"}, tm{"Shinzo Abe", "PER"}, tm{"Tokyo", "LOC"})
	res := allTopics().Resolve(Input{Text: text, Mentions: ms})
	if got := entityTopics(res)["Abe"]; got != "shinzo-abe" {
		t.Errorf("Abe → %q, want shinzo-abe (a later full name counts)", got)
	}
}

func TestAmbiguousShortNameIsNotLinked(t *testing.T) {
	text := "Kim Jong-un and his sister Kim Yo-jong attended. Kim spoke briefly."
	ms := mark(t, text, tm{"Kim Jong-un", "PER"}, tm{"Kim Yo-jong", "PER"}, tm{"Kim", "PER"})
	res := allTopics().Resolve(Input{Text: text, Mentions: ms})
	if e := res.Entities[2]; e.Text != "Kim" || e.Topic != "" {
		t.Errorf("ambiguous Kim = %+v, want no topic", e)
	}
	for _, s := range slugs(res) {
		if s == "kim" {
			t.Error(`"Kim" became a topic`)
		}
	}
	if got := slugs(res); !contains(got, "kim-jong-un") || !contains(got, "kim-yo-jong") {
		t.Errorf("topics = %v, want both Kims", got)
	}
}

func TestShortNameOfEvent(t *testing.T) {
	text := "Athletes arrived for the Pyeongchang Winter Olympics. The Olympics open on Friday."
	res := allTopics().Resolve(Input{Text: text})
	if got := entityTopics(res)["Olympics"]; got != "pyeongchang-winter-olympics" {
		t.Errorf("Olympics → %q", got)
	}
}

func TestFullPersonalNameIsNotAShortForm(t *testing.T) {
	text := "Michelle Obama Welcomes Military Families. First Lady Michelle Obama hosted families, and Obama spoke."
	ms := mark(t, text, tm{"Michelle Obama Welcomes Military Families", "MISC"}, tm{"Michelle Obama", "PER"}, tm{"Obama", "PER"})
	res := allTopics().Resolve(Input{Text: text, Mentions: ms})
	if got := entityTopics(res); got["Michelle Obama"] != "michelle-obama" || got["Obama"] != "michelle-obama" {
		t.Errorf("entity topics = %v", got)
	}
}

func TestCompanyNamedInFull(t *testing.T) {
	text := "Apple Inc. reported results. Apple Music grew, and Apple said margins held."
	res := allTopics().Resolve(Input{Text: text})
	got := entityTopics(res)
	if got["Apple Inc."] != "apple" || got["Apple"] != "apple" || got["Apple Music"] != "apple-music" {
		t.Errorf("entity topics = %v", got)
	}
}

func TestTitlesAndHonorificsStripped(t *testing.T) {
	text := "President Trump met Mr Abe. Mrs. May and Sen. Elizabeth Warren were there, as was DONALD TRUMP's aide."
	ms := mark(t, text, tm{"President Trump", "PER"}, tm{"Mr Abe", "PER"}, tm{"Mrs. May", "PER"},
		tm{"Sen. Elizabeth Warren", "PER"}, tm{"DONALD TRUMP's", "PER"})
	res := allTopics().Resolve(Input{Text: text, Mentions: ms})
	want := []string{"donald-trump", "abe", "may", "elizabeth-warren", "donald-trump"}
	for i, e := range res.Entities {
		if e.Topic != want[i] {
			t.Errorf("entity %q → %q, want %q", e.Text, e.Topic, want[i])
		}
	}
	for _, tp := range res.Topics {
		if tp.Slug == "donald-trump" && tp.Name != "Trump" && tp.Name != "Donald Trump" {
			t.Errorf("name = %q", tp.Name)
		}
		if tp.Slug == "donald-trump" && tp.Kind != herald.KindPerson {
			t.Errorf("kind = %q", tp.Kind)
		}
	}
}

func TestAliasesFoldAcrossSpellings(t *testing.T) {
	text := "The U.S. and the United States of America, or simply America, and US officials. " +
		"PyeongChang and Pyeongchang. The DPRK, N. Korea and North Korea."
	res := allTopics().Resolve(Input{Text: text})
	got := slugs(res)
	want := []string{"north-korea", "united-states", "pyeongchang"}
	if diff := cmp.Diff(want, sortedCopy(got), cmpSorted()); diff != "" {
		t.Errorf("topics (-want +got):\n%s", diff)
	}
}

func TestDemonymsCountLess(t *testing.T) {
	text := "South Korea and Japanese officials met. South Korea and Japanese voters agreed."
	res := allTopics().Resolve(Input{Text: text})
	if got := slugs(res); len(got) != 2 || got[0] != "south-korea" || got[1] != "japan" {
		t.Errorf("topics = %v, want south-korea (named) above japan (demonyms only)", got)
	}
}

func TestPlaceAsModifierCountsLess(t *testing.T) {
	salienceOfUS := func(text string) float64 {
		for _, tp := range allTopics().Resolve(Input{Text: text}).Topics {
			if tp.Slug == "united-states" {
				return tp.Salience
			}
		}
		t.Fatalf("no united-states topic in %q", text)
		return 0
	}
	modifier := salienceOfUS("Acme Corp hired Jane Roe. Jane Roe met US President Donald Trump.")
	named := salienceOfUS("Acme Corp hired Jane Roe. Jane Roe met the US and Donald Trump.")
	if modifier >= named {
		t.Errorf("US as a modifier (%v) should count less than US named (%v)", modifier, named)
	}
}

func TestSalienceOrder(t *testing.T) {
	text := "Tokyo talks began on Monday. Officials from Acme Corp attended. " +
		"Jane Roe of Acme Corp said Acme Corp would invest. Acme Corp has offices in Osaka, Roe added. " +
		"A spokesman for Globex Corp declined to comment."
	tests := []struct {
		name  string
		in    Input
		first string
	}{
		{"frequency wins", Input{Text: text}, "acme"},
		{"the title wins", Input{Title: "Globex Corp declines to comment", Text: text}, "globex"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := allTopics().Resolve(tt.in)
			if len(res.Topics) == 0 || res.Topics[0].Slug != tt.first {
				t.Fatalf("topics = %v, want %s first", slugs(res), tt.first)
			}
			if res.Topics[0].Salience != 1 {
				t.Errorf("top salience = %v, want 1", res.Topics[0].Salience)
			}
			for i := 1; i < len(res.Topics); i++ {
				if res.Topics[i].Salience > res.Topics[i-1].Salience || res.Topics[i].Salience <= 0 {
					t.Errorf("salience out of order or range: %+v", res.Topics)
				}
			}
		})
	}
}

func TestEarlierIsMoreSalient(t *testing.T) {
	filler := strings.Repeat("The weather stayed mild and the talks went on. ", 20)
	text := "Officials from Acme Corp arrived. " + filler + "Officials from Globex Corp arrived."
	res := allTopics().Resolve(Input{Text: text})
	if got := slugs(res); len(got) != 2 || got[0] != "acme" {
		t.Errorf("topics = %v, want acme (first) above globex (last)", got)
	}
}

func TestThresholdAndCap(t *testing.T) {
	text := "Acme Corp leads. Acme Corp grew. Acme Corp hired. Acme Corp won. Rivals Globex Corp, Initech Corp, " +
		"Umbrella Corp and Hooli Corp trailed far behind Acme Corp."
	all := NewResolver(Options{Threshold: 0.001, MinEvidence: -1}).Resolve(Input{Text: text})
	if len(all.Topics) != 5 {
		t.Fatalf("topics = %v, want 5", slugs(all))
	}
	strict := NewResolver(Options{Threshold: 0.5}).Resolve(Input{Text: text})
	if got := slugs(strict); len(got) != 1 || got[0] != "acme" {
		t.Errorf("threshold 0.5: topics = %v, want [acme]", got)
	}
	for _, tp := range strict.Topics {
		if tp.Salience < 0.5 {
			t.Errorf("topic below threshold: %+v", tp)
		}
	}
	for _, e := range strict.Entities {
		if e.Topic != "" && e.Topic != "acme" {
			t.Errorf("entity of a dropped topic keeps a topic: %+v", e)
		}
	}
	capped := NewResolver(Options{Threshold: 0.001, MinEvidence: -1, MaxTopics: 2}).Resolve(Input{Text: text})
	if got := slugs(capped); len(got) != 2 || got[0] != "acme" {
		t.Errorf("cap 2: topics = %v", got)
	}
}

func TestMinEvidenceDropsPassingWords(t *testing.T) {
	text := "Prime Minister Shinzo Abe met President Donald Trump. Abe and Trump talked for an hour, " +
		"and Abe thanked Trump. Members of the Cabinet waited outside."
	res := NewResolver(Options{}).Resolve(Input{Text: text})
	got := slugs(res)
	if !contains(got, "shinzo-abe") || !contains(got, "donald-trump") {
		t.Errorf("topics = %v", got)
	}
	if contains(got, "cabinet") || len(got) != 2 {
		t.Errorf("topics = %v, want only the two leaders", got)
	}
}

func TestCategories(t *testing.T) {
	text := "Officials in Seoul said talks would resume."
	res := NewResolver(Options{}).Resolve(Input{
		Text:       text,
		Categories: []string{"World", "Top Stories", "North Korea", "News > Asia", "Uncategorized", "Sport", "donald trump"},
	})
	got := slugs(res)
	for _, want := range []string{"north-korea", "asia", "donald-trump", "seoul"} {
		if !contains(got, want) {
			t.Errorf("topics = %v, missing %s", got, want)
		}
	}
	for _, not := range []string{"world", "top-stories", "news", "uncategorized", "sport"} {
		if contains(got, not) {
			t.Errorf("section %q became a topic: %v", not, got)
		}
	}
	if diff := cmp.Diff([]string{"World", "Top Stories", "News", "Uncategorized", "Sport"}, res.Sections); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	for _, tp := range res.Topics {
		if tp.Slug == "donald-trump" && tp.Name != "Donald Trump" {
			t.Errorf("category name = %q, want Donald Trump", tp.Name)
		}
	}
}

func TestCategoryBoostsAMentionedTopic(t *testing.T) {
	text := "Acme Corp and Globex Corp both reported. Acme Corp and Globex Corp both grew."
	plain := allTopics().Resolve(Input{Text: text})
	boosted := allTopics().Resolve(Input{Text: text, Categories: []string{"Globex Corp"}})
	if plain.Topics[0].Slug != "acme" || boosted.Topics[0].Slug != "globex" {
		t.Errorf("without category: %v; with: %v", slugs(plain), slugs(boosted))
	}
}

func TestTitleCaseTitleIsVetted(t *testing.T) {
	text := "Donald Trump and Shinzo Abe spoke by phone about North Korea."
	res := allTopics().Resolve(Input{Title: "Trump And Abe Agree To Keep Pressure Up On North Korea", Text: text})
	got := slugs(res)
	for _, junk := range []string{"agree", "keep-pressure-up", "abe-agree", "trump-and-abe"} {
		if contains(got, junk) {
			t.Errorf("title junk %q in %v", junk, got)
		}
	}
	titleTopics := map[string]bool{}
	for _, e := range res.TitleEntities {
		titleTopics[e.Topic] = true
	}
	for _, want := range []string{"donald-trump", "shinzo-abe", "north-korea"} {
		if !titleTopics[want] {
			t.Errorf("title entities %+v lack %s", res.TitleEntities, want)
		}
	}
}

func TestTitleMentionsSuppliedByTagger(t *testing.T) {
	title := "Kim Says No"
	text := "North Korean leader Kim Jong-un rejected the offer."
	res := allTopics().Resolve(Input{
		Title:         title,
		TitleMentions: []Mention{{Text: "Kim Says No", Type: "PER", Start: 0, End: 11}, {Text: "Kim", Type: "PER", Start: 0, End: 3}},
		Text:          text,
	})
	if e := res.TitleEntities; len(e) != 2 || e[0].Topic != "" || e[1].Topic != "kim-jong-un" {
		t.Errorf("title entities = %+v", e)
	}
}

func TestBadMentionsAreIgnored(t *testing.T) {
	text := "Shinzo Abe spoke."
	res := allTopics().Resolve(Input{Text: text, Mentions: []Mention{
		{Text: "x", Start: -1, End: 3}, {Text: "x", Start: 5, End: 5}, {Text: "x", Start: 2, End: 99},
		{Text: "Shinzo Abe", Type: "PER", Start: 0, End: 10},
	}})
	if len(res.Entities) != 1 || res.Entities[0].Topic != "shinzo-abe" {
		t.Errorf("entities = %+v", res.Entities)
	}
}

func TestEmptyMentionsMeansNone(t *testing.T) {
	res := allTopics().Resolve(Input{Text: "Shinzo Abe spoke.", Mentions: []Mention{}, TitleMentions: []Mention{}})
	if len(res.Topics) != 0 || len(res.Entities) != 0 {
		t.Errorf("result = %+v", res)
	}
	if res.Topics == nil || res.Entities == nil {
		t.Error("empty results should be empty slices, not nil (they are JSON arrays)")
	}
}

func TestEntityJSON(t *testing.T) {
	b, err := json.Marshal(Entity{Text: "Abe", Type: "PER", Start: 1, End: 4, Topic: "shinzo-abe"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"text":"Abe","type":"PER","start":1,"end":4,"topic":"shinzo-abe"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
}

func TestEntityTypeFilledFromTopic(t *testing.T) {
	res := allTopics().Resolve(Input{Text: "Prime Minister Shinzo Abe met officials. Abe left."})
	for _, e := range res.Entities {
		if e.Text == "Abe" && e.Type != "PER" {
			t.Errorf("Abe type = %q, want PER from its topic", e.Type)
		}
	}
}

func TestCatalogueAdditionsApply(t *testing.T) {
	cat := NewCatalogue()
	cat.Add("Trump", "Donald Trump", herald.KindPerson)
	r := NewResolver(Options{Catalogue: cat, Threshold: 0.001, MinEvidence: -1})
	res := r.Resolve(Input{Text: "Trump spoke in Ohio. Trump left."})
	if got := slugs(res); !contains(got, "donald-trump") || contains(got, "trump") {
		t.Errorf("topics = %v", got)
	}
	// The story's own fuller person name still wins for the same surname.
	res = r.Resolve(Input{Text: "Melania Trump spoke. Trump left."})
	if got := entityTopics(res)["Trump"]; got != "melania-trump" {
		t.Errorf("Trump → %q, want melania-trump", got)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func sortedCopy(ss []string) []string {
	out := append([]string(nil), ss...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func cmpSorted() cmp.Option {
	return cmp.Transformer("sort", sortedCopy)
}

// TestTaggerStyleMentions feeds mentions the way a trained tagger gives them:
// compounds whole, and the same entity with different types.
func TestTaggerStyleMentions(t *testing.T) {
	text := "The Japan-US alliance and US-South Korea drills came before the Pyeongchang Winter Olympics. " +
		"The Olympics opened on Friday in Washington's absence, George Washington's heirs said."
	ms := mark(t, text, tm{"Japan-US", "MISC"}, tm{"US-South Korea", "LOC"}, tm{"Pyeongchang Winter Olympics", "ORG"},
		tm{"Olympics", "MISC"}, tm{"Washington", "LOC"}, tm{"George Washington", "PER"})
	res := allTopics().Resolve(Input{Text: text, Mentions: ms})
	want := []string{"japan", "united-states", "pyeongchang-winter-olympics", "pyeongchang-winter-olympics", "washington", "george-washington"}
	for i, e := range res.Entities {
		if e.Topic != want[i] {
			t.Errorf("entity %q → %q, want %q", e.Text, e.Topic, want[i])
		}
	}
	for _, s := range []string{"japan", "united-states", "south-korea"} {
		if !contains(slugs(res), s) {
			t.Errorf("topics %v lack %s (a part of a compound)", slugs(res), s)
		}
	}
}

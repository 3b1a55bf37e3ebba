package topic

import (
	"strings"
	"testing"
)

// Hand-written stories about other subjects, each wrapped in page furniture
// of a different shape, to show the rules generalise beyond the seed page.

const earningsStory = `Home | Markets | Tech | Companies | Opinion
Sign up for our daily markets newsletter

Apple's quarterly profit beats forecasts as iPhone sales rebound in China

By Jane Holloway

Apple Inc. reported record revenue for the December quarter on Thursday, as strong demand for the iPhone 15 in China offset weaker sales of Mac computers.

Chief Executive Tim Cook said the company had seen "tremendous enthusiasm" for its newest phones, particularly in Greater China, where revenue rose 11 per cent to $20.8bn.

Shares in the Cupertino, California-based company rose 3 per cent in after-hours trading on the Nasdaq.

Tim Cook, Apple's chief executive, speaks at the company's headquarters in Cupertino. Photo: Reuters

Apple's finance chief Luca Maestri told analysts that services revenue, which includes the App Store and Apple Music, grew 14 per cent. Maestri said margins would hold steady in the March quarter.

However, analysts at Morgan Stanley warned that competition from Huawei in China remained a risk. "The Chinese market is where the story will be decided," one analyst said.

Cook also said Apple would keep investing in artificial intelligence, without giving details.

Advertisement

Read more: Microsoft overtakes Apple as the world's most valuable company
© 2024 Example Media Ltd. All rights reserved.`

const footballStory = `Football
Premier League
Champions League
Transfers

Rashford double sinks Liverpool as United close the gap

Manchester United beat Liverpool 2-1 at Old Trafford on Sunday, with Marcus Rashford scoring twice to lift Erik ten Hag's side into fourth place in the Premier League.

Rashford opened the scoring after 12 minutes, curling a shot past Alisson from the edge of the box. Mohamed Salah equalised for Liverpool before half-time, but Rashford restored United's lead with a header in the 71st minute.

Marcus Rashford celebrates his second goal at Old Trafford. (Photo: Getty Images)

"We showed character today," ten Hag said. "Marcus was outstanding, and the whole team defended together."

Liverpool manager Jurgen Klopp said his side had been "not good enough in the big moments". The defeat leaves Liverpool six points behind leaders Arsenal.

United travel to Newcastle next weekend, while Liverpool host Brighton.

Share this article
Follow us on Twitter
Watch the highlights`

const euStory = `TOP STORIES
WORLD NEWS TODAY

Macron and Scholz call for EU to speed up defence spending

German Chancellor Olaf Scholz and French President Emmanuel Macron on Tuesday urged the European Union to move faster on joint defence spending, after talks in Berlin.

Scholz said Germany and France shared "a common responsibility for the security of Europe". Macron, who travelled to Berlin a day after meeting Italy's Prime Minister Giorgia Meloni in Rome, called for a new joint borrowing programme.

The proposal is likely to meet resistance from the Netherlands and other northern member states, diplomats in Brussels said.

European Commission President Ursula von der Leyen welcomed the initiative. Von der Leyen is expected to present her own plan to EU leaders at a summit in March.

French President Emmanuel Macron and German Chancellor Olaf Scholz at the Chancellery in Berlin. AP Photo/Markus Schreiber

Meloni has said Italy supports common borrowing but wants the money spent on European companies. Polish officials said Warsaw would back any plan that strengthened NATO's eastern flank.

Reporting by Anna Keller; Editing by Tom Brown`

// TestOtherStories checks that the rules that tag the seed page also tag
// stories about other subjects, wrapped in page furniture of other shapes.
func TestOtherStories(t *testing.T) {
	tests := []struct {
		name      string
		in        Input
		want      []string // topics that must be there
		top       string   // the most salient topic
		junk      []string // topics that must not be there
		junkParts []string // no topic slug may contain these
	}{
		{
			name: "company earnings",
			in:   Input{Title: "Apple's quarterly profit beats forecasts as iPhone sales rebound in China", Text: earningsStory, Categories: []string{"Technology"}},
			want: []string{"apple", "tim-cook", "china", "luca-maestri", "iphone"},
			top:  "apple",
			junk: []string{"markets", "tech", "companies", "opinion", "home", "thursday", "march", "december", "however",
				"jane-holloway", "reuters", "microsoft", "example-media", "advertisement", "technology", "sign", "cook", "maestri"},
		},
		{
			name: "football match",
			in:   Input{Title: "Rashford double sinks Liverpool as United close the gap", Text: footballStory, Categories: []string{"Sport"}},
			want: []string{"marcus-rashford", "liverpool", "manchester-united", "premier-league", "erik-ten-hag", "jurgen-klopp", "mohamed-salah"},
			top:  "marcus-rashford",
			junk: []string{"football", "transfers", "champions-league", "getty-images", "twitter", "sunday", "share", "watch",
				"rashford", "united", "marcus", "ten-hag", "sport"},
		},
		{
			name: "european politics",
			in:   Input{Title: "Macron and Scholz call for EU to speed up defence spending", Text: euStory, Categories: []string{"World"}},
			want: []string{"emmanuel-macron", "olaf-scholz", "european-union", "giorgia-meloni", "ursula-von-der-leyen",
				"european-commission", "germany", "france", "italy"},
			junk: []string{"top-stories", "world-news", "world", "tuesday", "march", "markus-schreiber", "anna-keller", "tom-brown",
				"macron", "scholz", "meloni", "von-der-leyen", "leyen", "ursula"},
			junkParts: []string{"photo", "editing", "reporting"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := NewResolver(Options{}).Resolve(tt.in)
			got := slugs(res)
			for _, w := range tt.want {
				if !contains(got, w) {
					t.Errorf("topics %v lack %s", got, w)
				}
			}
			for _, j := range tt.junk {
				if contains(got, j) {
					t.Errorf("junk topic %s in %v", j, got)
				}
			}
			for _, s := range got {
				for _, p := range tt.junkParts {
					if strings.Contains(s, p) {
						t.Errorf("junk topic %s", s)
					}
				}
			}
			if tt.top != "" && (len(got) == 0 || got[0] != tt.top) {
				t.Errorf("topics %v, want %s first", got, tt.top)
			}
			checkEntities(t, tt.in.Text, res.Entities)
		})
	}
}

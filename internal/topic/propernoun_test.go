package topic

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tm is a mention's text and type, for compact expectations.
type tm struct{ Text, Type string }

func textsAndTypes(ms []Mention) []tm {
	out := make([]tm, 0, len(ms))
	for _, m := range ms {
		out = append(out, tm{m.Text, m.Type})
	}
	return out
}

func TestProperNouns(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []tm
	}{
		{"multi-word place", "Talks on North Korea resumed.", []tm{{"North Korea", "LOC"}}},
		{"title makes a person and is cut off", "Prime Minister Shinzo Abe spoke.", []tm{{"Shinzo Abe", "PER"}}},
		{"place before title", "He met US President Donald Trump.", []tm{{"US", "LOC"}, {"Donald Trump", "PER"}}},
		{"demonym before compound title", "Japanese Prime Minister Shinzo Abe spoke.", []tm{{"Japanese", "MISC"}, {"Shinzo Abe", "PER"}}},
		{"vice president", "US Vice President Mike Pence said so.", []tm{{"US", "LOC"}, {"Mike Pence", "PER"}}},
		{"hyphenated Korean names", "South Korean President Moon Jae-in met Kim Jong-un.",
			[]tm{{"South Korean", "MISC"}, {"Moon Jae-in", "PER"}, {"Kim Jong-un", ""}}},
		{"lower-case role word", "North Korean leader Kim Jong-un wrote.", []tm{{"North Korean", "MISC"}, {"Kim Jong-un", "PER"}}},
		{"event", "They met at the Pyeongchang Winter Olympics on Friday.", []tm{{"Pyeongchang Winter Olympics", "MISC"}}},
		{"dotted initialism", "Officials in the U.S. and the U.K. agreed.", []tm{{"U.S.", "LOC"}, {"U.K.", "LOC"}}},
		{"of after an institution head", "The Bank of Japan held rates.", []tm{{"Bank of Japan", "ORG"}}},
		{"of after a title is not a join", "He is the Governor of Texas.", []tm{{"Texas", "LOC"}}},
		{"sentence-initial function words", "However, The talks failed. But In the end nothing changed.", nil},
		{"days and months", "On Wednesday, November 5, they met Abe.", []tm{{"Abe", ""}}},
		{"month kept when part of a name", "Theresa May spoke. May said she would stay.", []tm{{"Theresa May", "PER"}, {"May", ""}}},
		{"sentence-initial common word", "Dialogue for the sake of dialogue would be meaningless.", nil},
		{"sentence-initial name seen elsewhere", "Abe said no. Later Abe left.", []tm{{"Abe", ""}, {"Abe", ""}}},
		{"sentence-initial known place", "Japan said no.", []tm{{"Japan", "LOC"}}},
		{"possessive left out", "They heard Abe’s talk with Trump's aide and the Joneses' reply.", []tm{{"Abe", ""}, {"Trump", ""}, {"Joneses", ""}}},
		{"compound of known places splits", "The Japan-US alliance and US-South Korea drills.",
			[]tm{{"Japan", "LOC"}, {"US", "LOC"}, {"US", "LOC"}, {"South Korea", "LOC"}}},
		{"compound name stays whole", "Shares of Hewlett-Packard rose.", []tm{{"Hewlett-Packard", ""}}},
		{"adjective suffix dropped", "The California-based company grew.", []tm{{"California", "LOC"}}},
		{"company suffix", "Apple Inc. and Toyota Motor Corp reported.", []tm{{"Apple Inc.", "ORG"}, {"Toyota Motor Corp", "ORG"}}},
		{"party and ministry", "The Liberal Democratic Party and the Defence Ministry agreed.",
			[]tm{{"Liberal Democratic Party", "ORG"}, {"Defence Ministry", "ORG"}}},
		{"university", "She studied at Seoul National University.", []tm{{"Seoul National University", "ORG"}}},
		{"weak head is not a title", "General Motors and the Justice Department settled.",
			[]tm{{"General Motors", "ORG"}, {"Justice Department", "ORG"}}},
		{"institution before a title", "Bank of Japan Governor Haruhiko Kuroda spoke.", []tm{{"Bank of Japan", "ORG"}, {"Haruhiko Kuroda", "PER"}}},
		{"name particles", "Ursula von der Leyen met Mohammed bin Salman and Charles de Gaulle's heirs.",
			[]tm{{"Ursula von der Leyen", "PER"}, {"Mohammed bin Salman", "PER"}, {"Charles de Gaulle", "PER"}}},
		{"arabic article", "Bashar al-Assad spoke.", []tm{{"Bashar al-Assad", ""}}},
		{"ampersand", "Procter & Gamble and AT&T fell.", []tm{{"Procter & Gamble", ""}, {"AT&T", ""}}},
		{"and inside a known place", "He flew to Trinidad and Tobago.", []tm{{"Trinidad and Tobago", "LOC"}}},
		{"compass word alone dropped", "Unity between North and South Korea grew.", []tm{{"South Korea", "LOC"}}},
		{"title alone dropped", "The President said the Prime Minister agreed.", nil},
		{"title of a place", "He met the Prime Minister of Japan.", []tm{{"Japan", "LOC"}}},
		{"personal title of a place", "The Prince of Wales visited.", []tm{{"Prince of Wales", "PER"}}},
		{"shouting line ignored", "BREAKING NEWS FROM TOKYO TODAY\nIn Tokyo, Abe spoke.", []tm{{"Tokyo", "LOC"}, {"Abe", ""}}},
		{"title case line vouched by the text", "Trump And Abe Agree On North Korea\nDonald Trump met Shinzo Abe to discuss Trump's plan.",
			[]tm{{"Trump", ""}, {"Abe", ""}, {"North Korea", "LOC"}, {"Donald Trump", "PER"}, {"Shinzo Abe", "PER"}, {"Trump", ""}}},
		{"surname reuse makes a person", "Marcus Rashford scored. The crowd cheered as Rashford ran.",
			[]tm{{"Marcus Rashford", "PER"}, {"Rashford", ""}}},
		{"capitalised particle is no particle", "They watched The Dick Van Dyke Show.", []tm{{"Dick Van Dyke Show", ""}}},
		{"place-based name is not a person", "Manchester United won. United were better.", []tm{{"Manchester United", ""}, {"United", ""}}},
		{"brand", "Sales of the iPhone rose.", []tm{{"iPhone", ""}}},
		{"of the inside a name", "He presented Match of the Day for years.", []tm{{"Match of the Day", ""}}},
		{"The before a known place", "Judges in The Hague ruled.", []tm{{"Hague", "LOC"}}},
		{"contraction is not a name", "I'm sure, Moto said. I'm told.", []tm{{"Moto", ""}}},
		{"empty", "", nil},
		{"no capitals", "nothing to see here.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := textsAndTypes(ProperNouns(tt.text))
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ProperNouns(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestProperNounsOffsets(t *testing.T) {
	text := "Ahead of the Olympics, Abe’s team met\r\nU.S. officials in Zürich — and Moon Jae-in's aides."
	ms := ProperNouns(text)
	if len(ms) == 0 {
		t.Fatal("no mentions")
	}
	last := 0
	for _, m := range ms {
		if m.Start < last || m.Start >= m.End || m.End > len(text) || text[m.Start:m.End] != m.Text {
			t.Errorf("bad mention %+v", m)
		}
		last = m.End
	}
}
